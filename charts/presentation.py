"""The indicator chart in large type, for the meeting view on a projector and for PDF/PowerPoint reports."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.indicator import indicator_figure
from indicators.catalog import Indicator
from indicators.progress import Assessment, required_path, trend_path


def presentation_figure(ind: Indicator, series: pd.DataFrame, assessment: Assessment, lang: str = "nb",
                        example: bool = False, height: int = 480, font_size: int = 18) -> go.Figure:
    """Observed series, 2030 target, required path and trend (as on the goal page), with bigger fonts and
    whole numbers written out (250 000, not 250k) so they read from the back of a room and in print."""
    fig = indicator_figure(ind, series, assessment, required_path(ind, assessment), trend_path(assessment),
                           lang=lang, example=example, height=height)
    fig.update_layout(font=dict(size=font_size), margin=dict(l=20, r=20, t=60, b=80),
                      legend=dict(font=dict(size=font_size - 3)), hoverlabel=dict(font_size=font_size))
    fig.update_yaxes(exponentformat="none", separatethousands=True)
    for ann in fig.layout.annotations:  # the source line under the plot
        ann.font.size = max(font_size - 5, 11)
    for trace in fig.data:  # the target's value label
        if getattr(trace, "mode", None) and "text" in trace.mode:
            trace.textfont = dict(size=font_size)
            trace.cliponaxis = False  # the label above the 2030 star may stick out over the plot's top
    return fig
