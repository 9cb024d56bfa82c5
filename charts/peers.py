"""Asker beside its comparison group: one dot per area for the ranking period, best first (data in, figure out)."""

from __future__ import annotations

import plotly.graph_objects as go

from charts.indicator import AXIS_TEXT, TARGET, base_layout, source_line
from indicators.catalog import Indicator
from indicators.format import fmt_value
from indicators.peers import PeerComparison, display_order

# Okabe–Ito blue for Asker, neutral grey for the other municipalities, dark grey for the references (county,
# country). Shapes differ too (diamond, circle, open square), Asker is marked in its label (bold, ▶) and the
# references say what they are, so nothing relies on colour alone.
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


def peers_figure(
    ind: Indicator, comparison: PeerComparison, lang: str = "nb", example: bool = False, height: int | None = None
) -> go.Figure:
    """A dot plot of every area's value in the ranking period, best at the top (by the indicator's direction):
    Asker a large blue diamond, the other municipalities grey circles, county and country open squares as
    references, Asker's 2030 target as a dashed line. Dots rather than bars: the values of comparable
    municipalities lie close together, and a bar axis cut above zero would exaggerate their differences."""
    order = [r for r in display_order(ind, comparison) if r.ranked_value is not None]  # best first
    fig = go.Figure()
    fmt = lambda v: fmt_value(v, ind.unit, ind.decimals, lang)  # noqa: E731
    names, values, colours, symbols, sizes = [], [], [], [], []
    for r in order:
        label = r.area.label(lang)
        if r.area.kind == "home":
            label = f"<b>▶ {label}</b>"
        elif not r.area.is_municipality:
            label = f"{label} ({_label(r.area.kind, lang)})"
        if r.rank is not None:
            label = f"{r.rank}. {label}"
        names.append(label)
        values.append(r.ranked_value)
        home, reference = r.area.kind == "home", not r.area.is_municipality
        colours.append(HOME if home else REFERENCE_LINE if reference else PEER)
        symbols.append("diamond" if home else "square-open" if reference else "circle")
        sizes.append(18 if home else 12)
    fig.add_trace(
        go.Scatter(
            y=names,
            x=values,
            mode="markers+text",
            showlegend=False,
            marker=dict(color=colours, symbol=symbols, size=sizes, line=dict(width=2, color=colours)),
            text=[("\u2002" if sym == "diamond" else "") + fmt(v) for v, sym in zip(values, symbols)],
            textposition="middle right",
            cliponaxis=False,
            textfont=dict(color="#333333"),
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    t = ind.target
    if t.kind == "band" and t.low is not None and t.high is not None:
        # the light fill alone is far below 3:1 against the page (WCAG 1.4.11): its edges are drawn
        fig.add_vrect(
            x0=t.low, x1=t.high, fillcolor="rgba(0,158,115,0.12)", line=dict(color=TARGET, width=1.5, dash="dot")
        )
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=_label("band", lang),
                marker=dict(symbol="square", size=12, color="rgba(0,158,115,0.3)", line=dict(color=TARGET, width=2)),
            )
        )
    elif comparison.target_value is not None:
        name = f"{_label('target', lang, year=t.year)}: {fmt(comparison.target_value)}"
        fig.add_vline(x=comparison.target_value, line=dict(color=TARGET, dash="dash", width=2.5))
        fig.add_trace(
            go.Scatter(x=[None], y=[None], mode="lines", name=name, line=dict(color=TARGET, dash="dash", width=2.5))
        )
    note = source_line(ind, lang, example)
    if comparison.period:
        note = f"{_label('values', lang, period=comparison.period)} · {note}"
    base_layout(fig, "", lang, note, height or max(280, 90 + 30 * len(order)))
    xs = [v for v in [*values, comparison.target_value, t.low, t.high] if v is not None] if values else []
    span = ((max(xs) - min(xs)) or abs(max(xs)) or 1.0) if xs else 0.0
    fig.update_layout(
        hovermode="closest",
        margin=dict(l=10, r=20, t=30, b=60),
        xaxis=dict(
            title=ind.unit_label(lang),
            dtick=None,
            tickformat=None,
            rangemode="normal",
            range=[min(xs) - 0.08 * span, max(xs) + 0.18 * span] if xs else None,
        ),
        yaxis=dict(title="", autorange="reversed", rangemode=None, showgrid=True, gridcolor="#EEEEEE"),
    )
    fig.update_xaxes(**AXIS_TEXT)  # a new axis title takes the theme's faint colour again
    return fig
