"""A chart as text (WCAG 1.1.1): a one-sentence summary and the chart's data as a table, read from the figure itself.

Read from the figure, not from the frames that built it, so the text says exactly what the chart draws, for every
chart (indicator, comparison, meeting, upload preview) without each page describing its own."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import pandas as pd
import plotly.graph_objects as go

from indicators.format import fmt_number, norm_lang

Formatter = Callable[[float], str]

WORDS = {
    "nb": {
        "chart": "Diagram",
        "period": "Periode",
        "low": "lav",
        "high": "høy",
        "from_to": "fra {a} i {x0} til {b} i {x1}",
        "single": "{a} i {x0}",
        "empty": "Diagrammet har ingen verdier.",
        "lowest": "lavest {v} i {x}",
        "highest": "høyest {v} i {x}",
    },
    "en": {
        "chart": "Chart",
        "period": "Period",
        "low": "low",
        "high": "high",
        "from_to": "from {a} in {x0} to {b} in {x1}",
        "single": "{a} in {x0}",
        "empty": "The chart has no values.",
        "lowest": "lowest {v} in {x}",
        "highest": "highest {v} in {x}",
    },
}


def _finite(v) -> bool:
    return v is not None and isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _x_label(x, periods: Mapping | None) -> str:
    if periods and x in periods:
        return str(periods[x])
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x)


def _points(trace) -> list[tuple]:
    xs = list(trace.x) if trace.x is not None else []
    ys = list(trace.y) if trace.y is not None else []
    return [(x, y) for x, y in zip(xs, ys) if x is not None and _finite(y)]


def _is_band(trace) -> bool:
    return getattr(trace, "fill", None) == "toself"


def _default_fmt(lang: str) -> Formatter:
    return lambda v: fmt_number(v, 0 if abs(v) >= 1000 else (1 if abs(v) >= 1 else 3), lang)


def chart_table(
    fig: go.Figure, lang: str = "nb", fmt: Formatter | None = None, periods: Mapping | None = None
) -> pd.DataFrame:
    """One row per x value (period), one column per drawn series; a filled band (the trend's uncertainty) gives a
    low and a high column. Legend-only entries (no points) are left out. Values are formatted text."""
    words = WORDS[norm_lang(lang)]
    fmt = fmt or _default_fmt(lang)
    columns: dict[str, dict] = {}
    for trace in fig.data:
        pts = _points(trace)
        if not pts:
            continue
        name = trace.name or words["chart"]
        if _is_band(trace):  # x goes out and back: the first half is the upper edge, the second the lower
            half = len(pts) // 2
            columns[f"{name} ({words['high']})"] = dict(pts[:half])
            columns[f"{name} ({words['low']})"] = dict(pts[half:])
        else:
            while name in columns:  # two series of the same name (e.g. an area in two breakdowns)
                name += " "
            columns[name] = dict(pts)
    xs = sorted({x for col in columns.values() for x in col}, key=lambda x: (isinstance(x, str), x))
    rows = {words["period"]: [_x_label(x, periods) for x in xs]}
    for name, col in columns.items():
        rows[name.rstrip()] = [fmt(col[x]) if x in col else "" for x in xs]
    return pd.DataFrame(rows)


def chart_summary(
    fig: go.Figure, lang: str = "nb", fmt: Formatter | None = None, periods: Mapping | None = None
) -> str:
    """One sentence: what each drawn series does, e.g. 'Diagram (tonn CO₂-ekvivalenter): Målt fra 190 000 i 2009
    til 150 000 i 2023 (lavest 140 000 i 2020); Mål 2030: 62 700 i 2030.'"""
    words = WORDS[norm_lang(lang)]
    fmt = fmt or _default_fmt(lang)
    parts = []
    for trace in fig.data:
        pts = _points(trace)
        if not pts or _is_band(trace):
            continue
        pts.sort(key=lambda p: (isinstance(p[0], str), p[0]))
        (x0, y0), (x1, y1) = pts[0], pts[-1]
        if len(pts) == 1:  # e.g. the 2030 target: "Mål 2030: 62 700 t", its year already in its name
            x_text = _x_label(x0, periods)
            text = fmt(y0) if x_text in (trace.name or "") else words["single"].format(a=fmt(y0), x0=x_text)
        else:
            text = words["from_to"].format(a=fmt(y0), x0=_x_label(x0, periods), b=fmt(y1), x1=_x_label(x1, periods))
            inner = pts[1:-1]
            extremes = []
            if inner:
                lo = min(inner, key=lambda p: p[1])
                hi = max(inner, key=lambda p: p[1])
                if lo[1] < min(y0, y1):
                    extremes.append(words["lowest"].format(v=fmt(lo[1]), x=_x_label(lo[0], periods)))
                if hi[1] > max(y0, y1):
                    extremes.append(words["highest"].format(v=fmt(hi[1]), x=_x_label(hi[0], periods)))
            if extremes:
                text += " (" + ", ".join(extremes) + ")"
        parts.append(f"{trace.name}: {text}" if trace.name else text)
    if not parts:
        return words["empty"]
    unit = fig.layout.yaxis.title.text if fig.layout.yaxis and fig.layout.yaxis.title else None
    head = words["chart"] + (f" ({unit})" if unit else "")
    return f"{head}: " + "; ".join(parts) + "."
