"""Chart of one series before and after an upload (data in, plotly figure out), for the upload page's preview."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts import plain
from charts.indicator import AXIS_TEXT, TEXT
from indicators.format import fmt_value

# Colour-blind safe (Okabe–Ito): stored values grey, the result after the upload blue, changed points vermilion.
BEFORE, AFTER, CHANGED = "#8c8c8c", "#0072B2", "#D55E00"

LABELS = {
    "nb": {
        "before": "Før opplasting",
        "after": "Etter opplasting",
        "new": "Ny verdi",
        "changed": "Endret verdi",
        "period": "Periode",
    },
    "en": {
        "before": "Before upload",
        "after": "After upload",
        "new": "New value",
        "changed": "Changed value",
        "period": "Period",
    },
}


def _points(frame: pd.DataFrame) -> pd.DataFrame:
    if frame is None or frame.empty:
        return pd.DataFrame(columns=["period", "time", "value"])
    out = frame[["period", "time", "value"]].copy()
    out["value"] = pd.to_numeric(out["value"], errors="coerce")
    return out.sort_values("time")


def before_after_figure(
    before: pd.DataFrame,
    after: pd.DataFrame,
    *,
    title: str = "",
    unit: str | None = None,
    decimals: int = 1,
    lang: str = "nb",
    height: int = 260,
) -> go.Figure:
    """`before` and `after`: one series each (columns period, time, value; value may be missing).

    The stored series is drawn dashed grey, the series after the upload solid blue; points the upload adds or
    changes get a larger marker with a different shape (so the difference does not rely on colour alone).
    """
    lab = LABELS["en" if lang == "en" else "nb"]
    b, a = _points(before), _points(after)
    fig = go.Figure()

    def hover(frame: pd.DataFrame) -> list[str]:
        return [f"{p}: {fmt_value(v, unit, decimals, lang)}" for p, v in zip(frame["period"], frame["value"])]

    if not b.empty:
        fig.add_trace(
            go.Scatter(
                x=b["time"],
                y=b["value"],
                name=lab["before"],
                mode="lines+markers",
                line=dict(color=BEFORE, dash="dash", width=2),
                marker=dict(size=6),
                text=hover(b),
                hoverinfo="text",
            )
        )
    if not a.empty:
        fig.add_trace(
            go.Scatter(
                x=a["time"],
                y=a["value"],
                name=lab["after"],
                mode="lines+markers",
                line=dict(color=AFTER, width=2.5),
                marker=dict(size=6),
                text=hover(a),
                hoverinfo="text",
            )
        )
        old = dict(zip(b["period"], b["value"]))
        is_new = ~a["period"].isin(old.keys())
        is_changed = a["period"].isin(old.keys()) & pd.Series(
            [not (pd.isna(v) and pd.isna(old.get(p))) and v != old.get(p) for p, v in zip(a["period"], a["value"])],
            index=a.index,
            dtype=bool,
        )
        for mask, name, symbol in ((is_new, lab["new"], "diamond"), (is_changed, lab["changed"], "star")):
            pts = a[mask & a["value"].notna()]
            if not pts.empty:
                fig.add_trace(
                    go.Scatter(
                        x=pts["time"],
                        y=pts["value"],
                        name=name,
                        mode="markers",
                        marker=dict(color=CHANGED, size=11, symbol=symbol, line=dict(color="white", width=1)),
                        text=hover(pts),
                        hoverinfo="text",
                    )
                )
    # Tick labels are the periods themselves (2023, 2023-24, 2023K1), placed at their trend time.
    ticks = pd.concat([b, a]).drop_duplicates("period").sort_values("time")
    if len(ticks) > 12:
        ticks = ticks.iloc[:: -(-len(ticks) // 12)]
    fig.update_layout(
        title=dict(text=plain(title), font=dict(size=14)) if title else None,
        height=height,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        template="plotly_white",
        legend=dict(orientation="h", yanchor="bottom", y=-0.35, x=0),
        separators=", " if lang != "en" else ".,",
        font=dict(color=TEXT),
        legend_font=dict(color=TEXT),
        xaxis=dict(tickmode="array", tickvals=list(ticks["time"]), ticktext=list(ticks["period"]), title=None),
        yaxis=dict(title=None, rangemode="tozero" if (a["value"].dropna() >= 0).all() else "normal"),
    )
    fig.update_xaxes(**AXIS_TEXT)
    fig.update_yaxes(**AXIS_TEXT)
    return fig
