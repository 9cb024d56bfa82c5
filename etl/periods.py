"""Period labels (2023, 2023K1, 2023-24, 2009-2023) parsed to a canonical label, reference year and trend time."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

PERIOD_KINDS = ("year", "quarter", "school_year", "multi_year")
MIN_YEAR, MAX_YEAR = 1900, 2100


@dataclass(frozen=True)
class Period:
    label: str  # canonical: "2023", "2023K1", "2023-24", "2009-2023"
    year: int  # reference year: calendar year; a school year's start year; a multi-year period's end year
    # Where the period sits on the time axis (charts, trend fitting, the required rate's horizon): quarter q ->
    # year + (q - 2.5) / 4; otherwise the year the period is reported by (the reference year above), so a
    # moving average 2009-2023 is drawn and assessed at 2023, as FHI and the catalog name it, and the 2030 target
    # means the figure reported for 2030. (Its midpoint, 2016, put the last point seven years before the
    # "latest year" the status sentence names, and measured the required rate over the wrong horizon.)
    time: float
    kind: str


@dataclass(frozen=True)
class PeriodError:
    code: str  # "bad_period" or "impossible_year"


BAD = PeriodError("bad_period")
IMPOSSIBLE = PeriodError("impossible_year")

_PREFIX = re.compile(r"^(?:skole(?:år(?:et)?|aar)|år|aar|year|periode)\s*[:.]?\s*", re.I)
_YEAR = re.compile(r"^(\d{1,6})(?:\.0+)?$")
_QUARTER = re.compile(r"^(\d{4})\s*[-_ ]?\s*(?:[KQ]|kv\.?|kvartal)\s*([1-4])$", re.I)
_QUARTER_FIRST = re.compile(r"^(?:[KQ]|kv\.?)\s*([1-4])\s*[-_ /]?\s*(\d{4})$|^([1-4])\.\s*kvartal\s*(\d{4})$", re.I)
_RANGE = re.compile(r"^(\d{4})\s*([-/_–—]|\s+)\s*(\d{2}|\d{4})$")


def _year_ok(y: int) -> bool:
    return MIN_YEAR <= y <= MAX_YEAR


def parse_period(raw, prefer_multi_year: bool = False) -> Period | PeriodError:
    """Parse one period label. `prefer_multi_year` reads "2020-2021" as a two-year average (FHI) rather than
    a school year. Underscore ranges ("2019_2021") are always multi-year averages (FHI's own label)."""
    if raw is None or (isinstance(raw, float) and np.isnan(raw)):
        return BAD
    if isinstance(raw, (int, np.integer)) or (isinstance(raw, float) and float(raw).is_integer()):
        y = int(raw)
        return Period(str(y), y, float(y), "year") if _year_ok(y) else IMPOSSIBLE
    s = _PREFIX.sub("", str(raw).strip().strip('"').strip())
    m = _YEAR.match(s)
    if m:
        y = int(m.group(1))
        return Period(str(y), y, float(y), "year") if _year_ok(y) else IMPOSSIBLE
    m = _QUARTER.match(s)
    if m or (m := _QUARTER_FIRST.match(s)):
        g = [x for x in m.groups() if x is not None]
        y, q = (int(g[0]), int(g[1])) if len(g[0]) == 4 else (int(g[1]), int(g[0]))
        if not _year_ok(y):
            return IMPOSSIBLE
        return Period(f"{y}K{q}", y, y + (q - 2.5) / 4, "quarter")
    m = _RANGE.match(s)
    if m:
        a, sep, b_raw = int(m.group(1)), m.group(2), m.group(3)
        if len(b_raw) == 2:
            b = a // 100 * 100 + int(b_raw)
            if b < a:
                b += 100
            if b != a + 1:  # "2019-21" is not a form any of our sources uses
                return BAD
        else:
            b = int(b_raw)
        if not (_year_ok(a) and _year_ok(b)):
            return IMPOSSIBLE
        if b <= a:
            return BAD
        if b == a + 1 and sep != "_" and not (prefer_multi_year and len(b_raw) == 4):
            return Period(f"{a}-{b % 100:02d}", a, float(a), "school_year")
        return Period(f"{a}-{b}", b, float(b), "multi_year")
    return BAD


def parse_periods(values: pd.Series, prefer_multi_year: bool = False) -> pd.DataFrame:
    """Vectorised parse (each distinct label parsed once). Returns columns period, year, time, period_kind
    and error ("" when fine, else "bad_period"/"impossible_year"), aligned with `values`."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    parsed = [parse_period(u, prefer_multi_year) for u in uniques]
    parsed.append(BAD)  # the NA sentinel (-1) indexes the last entry
    label = np.array([p.label if isinstance(p, Period) else "" for p in parsed], dtype=object)
    year = np.array([p.year if isinstance(p, Period) else 0 for p in parsed], dtype="int64")
    time = np.array([p.time if isinstance(p, Period) else np.nan for p in parsed], dtype="float64")
    kind = np.array([p.kind if isinstance(p, Period) else "" for p in parsed], dtype=object)
    err = np.array(["" if isinstance(p, Period) else p.code for p in parsed], dtype=object)
    idx = np.where(codes < 0, len(parsed) - 1, codes)
    return pd.DataFrame(
        {"period": label[idx], "year": year[idx], "time": time[idx], "period_kind": kind[idx], "error": err[idx]},
        index=values.index,
    )
