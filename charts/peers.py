"""Asker beside its comparison group: one bar per area for the ranking period, best first (data in, figure out)."""
from __future__ import annotations

import plotly.graph_objects as go

from charts.indicator import TARGET, base_layout, source_line
from indicators.catalog import Indicator
from indicators.format import fmt_value
from indicators.peers import PeerComparison, display_order

# Okabe–Ito blue for Asker, neutral grey for the other municipalities, white with a hatch for the references
# (county, country). Asker is also marked in its label (bold, ▶) and references say what they are, so
# nothing relies on colour alone.
HOME = "#0072B2"
PEER = "#8C8C8C"
REFERENCE_LINE = "#555555"

LABELS = {
    "county": ("fylket", "county"),
    "country": ("landet", "country"),
    "target": ("Askers mål {year}", "Asker's target {year}"),
    "band": ("Ønsket område", "Desired range"),
    "values": ("Verdier for {period}", "Values for {period}"),
}


def _label(key: str, lang: str, **params) -> str:
    nb, en = LABELS[key]
    return (en if lang == "en" else nb).format(**params)


def peers_figure(ind: Indicator, comparison: PeerComparison, lang: str = "nb", example: bool = False,
                 height: int | None = None) -> go.Figure:
    """Horizontal bars of every area's value in the ranking period, best at the top (by the indicator's
    direction), Asker highlighted, county and country hatched as references, Asker's 2030 target as a line."""
    order = [r for r in display_order(ind, comparison) if r.ranked_value is not None]  # best first
    fig = go.Figure()
    fmt = lambda v: fmt_value(v, ind.unit, ind.decimals, lang)  # noqa: E731
    names, values, colours, patterns, lines = [], [], [], [], []
    for r in order:
        label = r.area.label(lang)
        if r.area.kind == "home":
            label = f"<b>▶ {label}</b>"
        elif not r.area.is_municipality:
            label = f"{label} ({_label(r.area.kind, lang)})"
        if r.rank is not None:
            label = f"{label} · {r.rank}"
        names.append(label)
        values.append(r.ranked_value)
        colours.append(HOME if r.area.kind == "home" else "#FFFFFF" if not r.area.is_municipality else PEER)
        patterns.append("/" if not r.area.is_municipality else "")
        lines.append(REFERENCE_LINE if not r.area.is_municipality else colours[-1])
    fig.add_trace(go.Bar(
        y=names, x=values, orientation="h", showlegend=False,
        marker=dict(color=colours, line=dict(color=lines, width=1.5),
                    pattern=dict(shape=patterns, fgcolor=REFERENCE_LINE, size=6)),
        text=[fmt(v) for v in values], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{text}<extra></extra>"))
    t = ind.target
    if t.kind == "band" and t.low is not None and t.high is not None:
        fig.add_vrect(x0=t.low, x1=t.high, fillcolor=TARGET, opacity=0.12, line_width=0)
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=_label("band", lang),
                                 marker=dict(symbol="square", size=12, color=TARGET, opacity=0.3)))
    elif comparison.target_value is not None:
        name = f"{_label('target', lang, year=t.year)}: {fmt(comparison.target_value)}"
        fig.add_vline(x=comparison.target_value, line=dict(color=TARGET, dash="dash", width=2.5))
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=name,
                                 line=dict(color=TARGET, dash="dash", width=2.5)))
    note = source_line(ind, lang, example)
    if comparison.period:
        note = f"{_label('values', lang, period=comparison.period)} · {note}"
    base_layout(fig, "", lang, note, height or max(260, 60 + 34 * len(order)))
    fig.update_layout(hovermode="closest", bargap=0.25, margin=dict(l=10, r=40, t=30, b=60),
                      xaxis=dict(title=ind.unit_label(lang), dtick=None, tickformat=None, rangemode="tozero"),
                      yaxis=dict(title="", autorange="reversed", rangemode=None))
    return fig
