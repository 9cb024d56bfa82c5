"""Indicator charts: observed series, 2030 target, required path and projected trend (data in, figure out)."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from charts import plain
from indicators.catalog import Indicator
from indicators.format import fmt_value

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies. Lines also differ by
# dash style and marker, so nothing relies on colour alone. Every line and marker colour has at least 3:1 against
# the white plot (WCAG 1.4.11; tests/test_contrast.py), so Okabe–Ito's orange, sky blue and yellow (2.3:1, 2.3:1,
# 1.3:1) are replaced in COMPARE by wine, brown and dark blue, picked so that every pair stays as far apart under
# simulated protanopia, deuteranopia and tritanopia as Okabe–Ito's own closest pair (CIELAB ΔE ≥ 16).
OBSERVED = "#0072B2"
REQUIRED = "#D55E00"
TARGET = "#009E73"
TREND = "#6E6E6E"
# Text in the charts (ticks, axis titles, legend): Streamlit's chart theme draws ticks in #808495, 3.8:1 on white,
# below the 4.5:1 text needs; set explicitly, the figure's own colour wins over the theme's.
TEXT = "#31333F"
AXIS_TEXT = dict(tickfont=dict(color=TEXT), title=dict(font=dict(color=TEXT)))
COMPARE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#5D4037", "#AA3377", "#004488"]

LABELS = {
    "observed": ("Målt", "Observed"),
    "provisional": ("Foreløpig tall", "Provisional figure"),
    "target": ("Mål {year}", "Target {year}"),
    "band": ("Ønsket område", "Desired range"),
    "lowest": ("Laveste akseptable verdi", "Lowest accepted value"),
    "required": ("Nødvendig utvikling", "Required path"),
    # Words a citizen understands; the method (a Theil–Sen line) is named in Om and docs/methodology.md.
    "trend": ("Utviklingen så langt, videreført til {year}", "Change so far, continued to {year}"),
    "interval": ("Usikkerhet i videreføringen", "Uncertainty of the continuation"),
    "beyond": ("videreført: {value} i {year}", "continued: {value} in {year}"),
    "source": ("Kilde: {source}", "Source: {source}"),
    "table": ("tabell {table}", "table {table}"),
    "example": ("Eksempeldata", "Example data"),
}


def label(key: str, lang: str, **params) -> str:
    nb, en = LABELS[key]
    return (en if lang == "en" else nb).format(**params)


def separators(lang: str) -> str:
    """Plotly's decimal and thousands marks: '1 234,5' in bokmål, '1,234.5' in English."""
    return ", " if lang != "en" else ".,"


def source_line(ind: Indicator, lang: str, example: bool = False) -> str:
    src = ind.source.agency
    if ind.source.table:
        src += ", " + label("table", lang, table=ind.source.table)
    text = label("source", lang, source=src)
    if example:
        text += f" · {label('example', lang)}"
    return text


def target_label_px(text: str, font_size: int = 14, star: int = 18) -> int:
    """Right margin for the target's value beside its star: half the star, the gap plotly leaves, and the text at
    ~0.55 of the font size a character (digits and units measured 0.45), with some to spare."""
    return round(star / 2 + 6 + 0.55 * font_size * len(text) + 8)


def _finite(x) -> bool:
    return x is not None and isinstance(x, (int, float)) and math.isfinite(x)


def source_shift(font_size: int) -> int:
    """Pixels from the plot's bottom edge down to the source line: below the x tick labels, whatever the font."""
    return -round(font_size * 1.5 + 14)


# The source line starts at the plot's left edge, which on a phone's picture (340 px) lies up to ~90 px in (wide tick
# labels); at 11 px a character is ~5 px wide, so 44 characters a line stay inside the picture (tested in
# tests/browser/test_chart_text_fits.py by laying the drawn SVG out in Chromium).
NOTE_CHARS = 44
NOTE_LINE_PX = 16


def note_lines(note: str, width: int = NOTE_CHARS) -> list[str]:
    """A source line as lines of at most `width` characters, broken between words; a " · " that would start a
    line ends the one before instead."""
    import textwrap

    lines = textwrap.wrap(note, width, break_long_words=False, break_on_hyphens=False) or [note]
    for k in range(1, len(lines)):
        if lines[k].startswith("· "):
            lines[k - 1], lines[k] = lines[k - 1] + " ·", lines[k][2:]
    return lines


def base_layout(fig: go.Figure, y_title: str, lang: str, note: str = "", height: int = 360) -> go.Figure:
    fig.update_layout(
        separators=separators(lang),
        height=height,
        margin=dict(l=10, r=10, t=30, b=60),
        template="plotly_white",
        hovermode="x unified",
        font=dict(size=14, color=TEXT),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0, font=dict(color=TEXT)),
        yaxis=dict(title=y_title, rangemode="tozero", exponentformat="none", separatethousands=True),
        xaxis=dict(dtick=5, tickformat="d"),
    )
    fig.update_xaxes(**AXIS_TEXT)
    fig.update_yaxes(**AXIS_TEXT)
    if note:
        lines = note_lines(note)
        note = "<br>".join(lines)
        if len(lines) > 1:
            fig.update_layout(margin=dict(b=60 + NOTE_LINE_PX * (len(lines) - 1)))
        # Anchored at the plot's bottom edge and shifted down in pixels (not a share of the plot's height, which
        # put it on the tick labels in a low chart), so it stays under the axis at every height and font size.
        fig.add_annotation(
            text=note,
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            yanchor="top",
            showarrow=False,
            yshift=source_shift(14),
            xanchor="left",
            align="left",
            font=dict(size=11, color="#555"),
            name="source",
        )
    return fig


def y_axis_range(ind: Indicator, values: list[float]) -> dict:
    """How the value axis starts: shares that spread over a good part of 0–100 % keep the whole scale, levels
    far from zero (life expectancy, school points) get an axis around their values (a zero-based axis flattens
    them into a line), and everything else starts at zero."""
    values = [v for v in values if _finite(v)]
    if not values:
        return dict(rangemode="tozero")
    lo, hi = min(values), max(values)
    if ind.unit == "percent" and 0 <= lo and hi <= 100 and hi - lo >= 20:
        return dict(range=[0, 100], rangemode="normal")
    if lo > 0 and hi - lo < 0.5 * hi:  # the values vary by less than half their level
        pad = max((hi - lo) * 0.15, abs(hi) * 0.005)
        return dict(range=[lo - pad, hi + pad], rangemode="normal")
    return dict(rangemode="tozero")


def plausible_range(values: list[float], low: float | None = None, high: float | None = None) -> tuple[float, float]:
    """The values a continued trend may be drawn through: the data and the target, widened by their spread and a
    quarter of their level (and never past what the quantity allows, such as 0 and 100 %)."""
    lo, hi = min(values), max(values)
    pad = (hi - lo) + 0.25 * max(abs(lo), abs(hi))
    lo, hi = lo - pad, hi + pad
    if low is not None:
        lo = max(lo, low)
    if high is not None:
        hi = min(hi, high)
    return lo, hi


def cut_trend(trend: pd.DataFrame, lo: float, hi: float) -> tuple[pd.DataFrame, bool]:
    """The trend's years up to the last one whose value lies in [lo, hi], its band clipped to that range; and
    whether it was cut. Whole years only, so the chart's data table keeps one row per year."""
    values = trend["value"].to_numpy(dtype=float)
    outside = (values < lo) | (values > hi)
    if not outside.any():
        return trend, False
    keep = trend.iloc[: int(outside.argmax())].copy()
    keep["low"], keep["high"] = keep["low"].clip(lo, hi), keep["high"].clip(lo, hi)
    return keep, True


def indicator_figure(
    ind: Indicator,
    series: pd.DataFrame,
    assessment=None,
    path: pd.DataFrame | None = None,
    trend: pd.DataFrame | None = None,
    lang: str = "nb",
    example: bool = False,
    height: int = 360,
) -> go.Figure:
    """series: time, period, value, flag (one area/breakdown). assessment: indicators.progress.Assessment.
    path: year, value of the required path (indicators.progress.required_path); trend: year, value, low, high
    of the robust trend and its interval (indicators.progress.trend_path)."""
    fig = go.Figure()
    data = series[series["value"].notna()] if not series.empty else series
    unit = ind.unit
    fmt = lambda v: fmt_value(v, unit, ind.decimals, lang)  # noqa: E731
    if not data.empty:
        flags = data["flag"] if "flag" in data else pd.Series("", index=data.index)
        fig.add_trace(
            go.Scatter(
                x=data["time"],
                y=data["value"],
                name=label("observed", lang),
                mode="lines+markers",
                line=dict(color=OBSERVED, width=3),
                marker=dict(size=8, symbol="circle"),
                customdata=[[p, fmt(v)] for p, v in zip(data["period"], data["value"])],
                hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>",
            )
        )
        prov = data[flags == "provisional"]
        if not prov.empty:
            fig.add_trace(
                go.Scatter(
                    x=prov["time"],
                    y=prov["value"],
                    name=label("provisional", lang),
                    mode="markers",
                    marker=dict(size=12, symbol="circle-open", color=OBSERVED, line=dict(width=2)),
                    hoverinfo="skip",
                )
            )
    target = ind.target
    target_year = target.year
    if target.kind == "band":
        # The light fill alone is far below 3:1 against the page: its edges are drawn in the target colour.
        fig.add_hrect(
            y0=target.low,
            y1=target.high,
            fillcolor="rgba(0,158,115,0.12)",
            line=dict(color=TARGET, width=1.5, dash="dot"),
        )
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                name=label("band", lang),
                mode="markers",
                marker=dict(symbol="square", size=12, color="rgba(0,158,115,0.3)", line=dict(color=TARGET, width=2)),
            )
        )
        if target.lowest_accepted is not None:
            fig.add_hline(y=target.lowest_accepted, line=dict(color=REQUIRED, dash="dot", width=2))
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    name=label("lowest", lang),
                    mode="lines",
                    line=dict(color=REQUIRED, dash="dot", width=2),
                )
            )
    target_value = getattr(assessment, "target_value", None) if assessment is not None else None
    if target_value is None and target.kind in ("absolute", "keep"):
        target_value = target.value
    if _finite(target_value) and target.kind != "band":
        # The value to the right of the star, where nothing else is drawn (the lines end at the target year), not
        # above it, where the required path or the trend can run.
        fig.add_trace(
            go.Scatter(
                x=[target_year],
                y=[target_value],
                name=label("target", lang, year=target_year),
                mode="markers+text",
                marker=dict(symbol="star", size=18, color=TARGET, line=dict(color="#004d38", width=1)),
                text=[fmt(target_value)],
                textposition="middle right",
                cliponaxis=False,
                hovertemplate=f"{label('target', lang, year=target_year)}: {fmt(target_value)}<extra></extra>",
            )
        )
    if path is not None and not path.empty:
        fig.add_trace(
            go.Scatter(
                x=path["year"],
                y=path["value"],
                name=label("required", lang),
                mode="lines",
                line=dict(color=REQUIRED, dash="dash", width=2),
                customdata=[fmt(v) for v in path["value"]],
                hovertemplate="%{x}: %{customdata}<extra>" + label("required", lang) + "</extra>",
            )
        )
    # Values the axis is fitted to: the data, the target (and a band's edges) and the required path.
    shown = list(data["value"]) if not data.empty else []
    shown += [v for v in (target_value, target.low, target.high, target.lowest_accepted) if _finite(v)]
    if path is not None and not path.empty:
        shown += list(path["value"])
    if trend is not None and not trend.empty:
        # A continuation that leaves what the data and the target make plausible is cut where it leaves, and its
        # end value is written there, instead of running to the axis's edge (3.6 % continued to 72 % in 2030).
        end = int(trend["year"].iloc[-1])
        end_value = float(trend["value"].iloc[-1])
        bounds = (getattr(assessment, "bound_low", None), getattr(assessment, "bound_high", None))
        cut = False
        if shown:
            trend, cut = cut_trend(trend, *plausible_range(shown, *bounds))
    if trend is not None and not trend.empty:
        fig.add_trace(
            go.Scatter(
                x=list(trend["year"]) + list(trend["year"])[::-1],
                y=list(trend["high"]) + list(trend["low"])[::-1],
                fill="toself",
                mode="lines",
                line=dict(width=0),
                fillcolor="rgba(110,110,110,0.15)",
                name=label("interval", lang),
                hoverinfo="skip",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=trend["year"],
                y=trend["value"],
                mode="lines",
                name=label("trend", lang, year=end),
                line=dict(color=TREND, dash="dot", width=2),
                customdata=[fmt(v) for v in trend["value"]],
                hovertemplate="%{x}: %{customdata}<extra>" + label("trend", lang, year=end) + "</extra>",
            )
        )
        shown += list(trend["value"])
        if cut and not trend.empty:
            x, y = float(trend["year"].iloc[-1]), float(trend["value"].iloc[-1])
            up = end_value > y
            fig.add_trace(
                go.Scatter(
                    x=[x],
                    y=[y],
                    mode="markers+text",
                    showlegend=False,
                    name=label("beyond", lang, value=fmt(end_value), year=end),
                    marker=dict(symbol="triangle-up" if up else "triangle-down", size=13, color=TREND),
                    text=[label("beyond", lang, value=fmt(end_value), year=end)],
                    textposition="top left" if up else "bottom left",
                    textfont=dict(color=TEXT),
                    cliponaxis=False,
                    hovertemplate=label("beyond", lang, value=fmt(end_value), year=end) + "<extra></extra>",
                )
            )
    base_layout(fig, ind.unit_label(lang), lang, source_line(ind, lang, example), height)
    fig.update_yaxes(**y_axis_range(ind, shown))
    if _finite(target_value) and target.kind != "band":
        # The star's value is written to its right, in a right margin as wide as the text: room counted in pixels,
        # so the narrow (phone) picture of the same figure has it too (room in years shrank with the width).
        xs = list(data["time"]) if not data.empty else []
        first, last = min(xs + [target_year]), max(xs + [target_year])
        fig.update_xaxes(range=[first - 0.6, last + 0.6])
        fig.update_layout(margin=dict(r=target_label_px(fmt(target_value))))
    return fig


def compare_figure(
    frame: pd.DataFrame,
    names: dict[str, str],
    units: dict[str, str],
    lang: str = "nb",
    indexed_to: int | None = None,
    note: str = "",
) -> go.Figure:
    """Several series together. frame: indicator_id, area, breakdown, time, value (already indexed if wanted)."""
    fig = go.Figure()
    dashes = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
    symbols = ["circle", "square", "diamond", "triangle-up", "x", "cross", "star", "hexagon"]
    one_indicator = frame["indicator_id"].nunique() == 1
    frame = frame.sort_values("area", key=lambda a: a != "Asker", kind="stable")  # Asker first in the legend
    for n, ((iid, area, bd), grp) in enumerate(frame.groupby(["indicator_id", "area", "breakdown"], sort=False)):
        if one_indicator:  # the chart's subject is the indicator: name the areas only (a whole comparison group)
            name = plain(area + (f" ({bd})" if bd else ""))  # areas and breakdowns come from files: text
        else:
            name = plain(names.get(iid, iid) + (f" – {area}" if area != "Asker" else "") + (f" ({bd})" if bd else ""))
        home = area == "Asker"  # Asker stands out by width and marker size too, not by colour alone
        fig.add_trace(
            go.Scatter(
                x=grp["time"],
                y=grp["value"],
                name=name,
                mode="lines+markers",
                line=dict(color=COMPARE[n % len(COMPARE)], dash=dashes[n % len(dashes)], width=4 if home else 2),
                marker=dict(symbol=symbols[n % len(symbols)], size=10 if home else 6),
            )
        )
    if indexed_to is not None:
        y_title = f"{'Indeks' if lang != 'en' else 'Index'}, {indexed_to} = 100"
        fig.add_hline(y=100, line=dict(color="#767676", width=1))  # 4.5:1 on white
    else:
        distinct = sorted(set(units.values()))
        y_title = distinct[0] if len(distinct) == 1 else ""
    base_layout(fig, y_title, lang, note, height=480)
    fig.update_layout(showlegend=True)  # name the series even when there is only one
    if indexed_to is not None:
        fig.update_yaxes(rangemode="normal")
    return fig
