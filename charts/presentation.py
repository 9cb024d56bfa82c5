"""The indicator chart in large type, for the meeting view on a projector and for PDF/PowerPoint reports."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.indicator import indicator_figure, source_shift, target_label_px
from indicators.catalog import Indicator
from indicators.progress import Assessment, required_path, trend_path


def presentation_figure(
    ind: Indicator,
    series: pd.DataFrame,
    assessment: Assessment,
    lang: str = "nb",
    example: bool = False,
    height: int = 480,
    font_size: int = 18,
    legend: bool = True,
) -> go.Figure:
    """Observed series, 2030 target, required path and trend (as on the goal page), with bigger fonts, thicker
    lines and fewer legend entries, and whole numbers written out (250 000, not 250k) so they read from the back
    of a room and in print. legend=False: no legend in the figure (the meeting view shows one for all its charts,
    legend_entries below)."""
    fig = indicator_figure(
        ind,
        series,
        assessment,
        required_path(ind, assessment),
        trend_path(assessment),
        lang=lang,
        example=example,
        height=height,
    )
    lines = max([1] + [1 + (a.text or "").count("<br>") for a in fig.layout.annotations])  # the source's lines
    fig.update_layout(
        font=dict(size=font_size),
        margin=dict(l=20, r=20, t=50, b=round(-source_shift(font_size) + lines * font_size + 8)),
        legend=dict(font=dict(size=font_size - 3)),
        hoverlabel=dict(font_size=font_size),
    )
    fig.update_yaxes(exponentformat="none", separatethousands=True)
    if not legend:
        fig.update_layout(showlegend=False, margin=dict(t=24))
    for ann in fig.layout.annotations:  # the source line under the plot
        ann.font.size = max(font_size - 5, 11)
        ann.yshift = source_shift(font_size)
    for trace in fig.data:
        if getattr(trace, "fill", None) == "toself":  # the trend's uncertainty: shown, but not one more label
            trace.showlegend = False
            continue
        if trace.line is not None and trace.line.width:
            trace.line.width = trace.line.width * 2
        if trace.marker is not None and trace.marker.size:
            trace.marker.size = round(trace.marker.size * 1.4)
        if getattr(trace, "mode", None) and "text" in trace.mode:  # the target's value, the cut trend's end
            trace.textfont = dict(size=font_size, color=(trace.textfont.color if trace.textfont else None))
            trace.cliponaxis = False
            if trace.textposition == "middle right":  # the target's value lives in the right margin
                fig.update_layout(margin=dict(r=target_label_px(trace.text[0], font_size, trace.marker.size)))
    return fig


def legend_entries(lang: str = "nb") -> list[dict]:
    """One legend for several presentation charts: label, colour, line style (solid, dash, dot) or marker."""
    from charts.indicator import OBSERVED, REQUIRED, TARGET, TREND, label

    return [
        dict(label=label("observed", lang), colour=OBSERVED, line="solid", marker="●"),
        dict(label=label("required", lang), colour=REQUIRED, line="dashed", marker=""),
        dict(label=label("trend", lang, year=2030), colour=TREND, line="dotted", marker=""),
        dict(label=label("target", lang, year=2030), colour=TARGET, line="", marker="★"),
    ]
