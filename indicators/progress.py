"""Progress toward 2030, the engine: the statuses and thresholds, the assessment of one series (status, rates,
projection, notes) and the required and trend paths for charts. Counting statuses over a list of indicators is
in indicators/summary.py; the sentences and note texts that explain an assessment are in indicators/explain.py.

Plain Python (pandas, numpy, scipy); never imports streamlit. The method, its thresholds and what we changed
from the published methods are explained in docs/methodology.md. In short:

- Starting point: the Statistics Canada / Open SDG progress measure (open-sdg/sdg-build ``sdg/ProgressMeasure.py``):
  R = d * CAGR_observed / |CAGR_required| with thresholds 0.95 / 0.60 / 0 when there is a target, and
  v = d * CAGR with thresholds 1.5 % / 0.5 % / 0 without one.
- Observed rate: a Theil–Sen line through *all* points since the base year (on log values when every value
  and the target are > 0, otherwise on the values themselves = a linear rate in units per year), so one odd year
  cannot flip a status. The endpoint CAGR of the published method is kept as ``endpoint_rate`` for reference.
- Ratios are taken on log rates (ln(1 + CAGR)); rates are *shown* as CAGR (% per year). For rates of a few
  percent the two are practically equal; the log form makes "higher is better" and "lower is better" exact
  mirror images (see docs/methodology.md).
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import theilslopes

from indicators.catalog import FREQUENCIES, Indicator, Target
from indicators.format import (
    norm_lang,
)

# --- statuses -------------------------------------------------------------------------------------------
# One dict, in the documented order: target-based statuses best → worst (ending with `not_reached`, a target
# whose year has passed), then `insufficient` and `old_data` (a summary marker: the latest value is older than
# the update frequency allows), then the trend-only statuses (no target) best → worst. Colours: Okabe–Ito
# (colour-blind safe) plus two greys; every fill is read with black text (contrast ≥ 5.4:1). A status is
# never shown by colour alone: always icon + label.
STATUSES: dict[str, dict[str, str]] = {
    "achieved": {
        "nb": "Målet er nådd",
        "en": "Target reached",
        "icon": "✔",
        "colour": "#009E73",
        "text_colour": "#000000",
        "kind": "target",
    },
    "on_track": {
        "nb": "I rute",
        "en": "On track",
        "icon": "↗",
        "colour": "#56B4E9",
        "text_colour": "#000000",
        "kind": "target",
    },
    "too_slow": {
        "nb": "For langsom framgang",
        "en": "Progress too slow",
        "icon": "→",
        "colour": "#F0E442",
        "text_colour": "#000000",
        "kind": "target",
    },
    "limited": {
        "nb": "Begrenset framgang",
        "en": "Limited progress",
        "icon": "↘",
        "colour": "#E69F00",
        "text_colour": "#000000",
        "kind": "target",
    },
    "moving_away": {
        "nb": "Beveger seg bort fra målet",
        "en": "Moving away from the target",
        "icon": "✖",
        "colour": "#D55E00",
        "text_colour": "#000000",
        "kind": "target",
    },
    "not_reached": {
        "nb": "Ikke nådd",
        "en": "Not reached",
        "icon": "⊘",
        "colour": "#CC79A7",
        "text_colour": "#000000",
        "kind": "target",
    },
    "insufficient": {
        "nb": "For lite data",
        "en": "Insufficient data",
        "icon": "?",
        "colour": "#BBBBBB",
        "text_colour": "#000000",
        "kind": "none",
    },
    "old_data": {
        "nb": "Gamle data",
        "en": "Old data",
        "icon": "◷",
        "colour": "#DDDDDD",
        "text_colour": "#000000",
        "kind": "none",
    },
    "substantial": {
        "nb": "Betydelig framgang",
        "en": "Substantial progress",
        "icon": "⇈",
        "colour": "#009E73",
        "text_colour": "#000000",
        "kind": "trend",
    },
    "moderate": {
        "nb": "Moderat framgang",
        "en": "Moderate progress",
        "icon": "↗",
        "colour": "#56B4E9",
        "text_colour": "#000000",
        "kind": "trend",
    },
    "limited_trend": {
        "nb": "Lite framgang",
        "en": "Little progress",
        "icon": "→",
        "colour": "#E69F00",
        "text_colour": "#000000",
        "kind": "trend",
    },
    "deterioration": {
        "nb": "Forverring",
        "en": "Deterioration",
        "icon": "↘",
        "colour": "#D55E00",
        "text_colour": "#000000",
        "kind": "trend",
    },
}
STATUS_ORDER: tuple[str, ...] = tuple(STATUSES)
TARGET_STATUSES = ("achieved", "on_track", "too_slow", "limited", "moving_away")  # progress toward a target
RATE_STATUSES = ("too_slow", "limited", "moving_away")  # statuses that say the achieved pace is not the needed one
NOT_REACHED = "not_reached"  # the target year has passed and the target is not met
TREND_STATUSES = ("substantial", "moderate", "limited_trend", "deterioration")
INSUFFICIENT = "insufficient"
OLD_DATA = "old_data"  # never an assessment's status: summaries count stale indicators under it
# How much attention a status calls for, worst (0) first; orders `Summary.worst` before the size of the miss.
SEVERITY = {
    "not_reached": 0,
    "moving_away": 1,
    "deterioration": 1,
    "limited": 2,
    "limited_trend": 2,
    "too_slow": 3,
    "moderate": 3,
    "on_track": 4,
    "substantial": 4,
    "achieved": 5,
    "old_data": 6,
    "insufficient": 7,
}

# --- thresholds (named, so docs and tests can refer to them) --------------------------------------------
ON_TRACK = 0.95  # R ≥ 0.95: on track (Open SDG "high")
TOO_SLOW = 0.60  # 0.60 ≤ R < 0.95: progress but too slow (Open SDG "med")
LIMITED = 0.0  # 0 ≤ R < 0.60: limited progress; R < 0: moving away (Open SDG "low")
TREND_SUBSTANTIAL = 0.015  # trend only: CAGR in the desired direction ≥ 1.5 % per year
TREND_MODERATE = 0.005  # 0.5 %–1.5 %: moderate; 0–0.5 %: little; < 0: deterioration
TREND_LIMITED = 0.0
LIMIT_EXPONENT = 4.44  # Open SDG's exponent in the natural-limit coefficient C
MIN_POINTS = 3  # fewer observations since the base year → insufficient data (never guess)
DEFAULT_BASE_YEAR = 2015
DEFAULT_TARGET_YEAR = 2030
SHORT_WINDOW_YEARS = 5  # Eurostat's short-term window: the trend over the last five years, beside the long one
SENSITIVITY_OFFSETS = (-2, -1, 1, 2)  # alternative base years tried to report base-year sensitivity
SENSITIVITY_MIN_RATIO_CHANGE = 0.10  # …and how far R (or v, below) must move for a new status to count
SENSITIVITY_MIN_TREND_CHANGE = 0.001  # trend only: 0.1 % per year
PROJECTION_CONFIDENCE = 0.95  # confidence of the Theil–Sen slope interval used for the projection band
PUBLICATION_LAG_YEARS = 1  # a figure for year Y is normally published during Y + 1
EPS = 1e-9  # tolerance at thresholds, so an exact hand-computed 0.95 is not lost to rounding

NOTE_CODES = (
    "break_in_series",
    "break_after_target_base",
    "provisional_latest",
    "provisional_values",
    "linear_rate_used",
    "base_year_moved",
    "required_from_latest",
    "required_from_latest_crossed",
    "below_lowest_accepted",
    "target_base_from_catalog",
    "missing_values_ignored",
    "old_data",
    "base_year_sensitive",
    "latest_meets_target",
    "target_year_passed",
    "projection_reaches_target",
    "recent_trend_opposite",
    "natural_limit",
)

_INDICATOR_TARGET = object()  # sentinel: "use the indicator's own target" (target=None means trend only)


def status_label(code: str, lang: str | None = None) -> str:
    """The word for a status in bokmål or English."""
    return STATUSES[code][norm_lang(lang)]


def status_icon(code: str) -> str:
    return STATUSES[code]["icon"]


def status_colour(code: str) -> str:
    return STATUSES[code]["colour"]


# --- result ---------------------------------------------------------------------------------------------
@dataclass
class Assessment:
    """The status of one series, with every number needed to explain it.

    Rates: with ``rate_kind == "cagr"`` rates are fractions per year (−0.041 = −4.1 % per year); with
    ``"linear"`` they are in the indicator's units per year. ``observed_rate`` is the Theil–Sen fitted rate
    (what the status uses); ``endpoint_rate`` is the published method's two-point rate (kept for reference).
    """

    status: str
    trend_status: str | None = None
    indicator_id: str | None = None
    direction: str | None = None  # as given: up, down or band
    effective_direction: str | None = None  # up/down; for a band: towards the nearest edge
    target_kind: str | None = None  # absolute, relative, keep, band, or None (trend only)
    unit: str | None = None
    decimals: int = 1
    base_year: int | None = None
    base_time: float | None = None
    base_value: float | None = None
    latest_year: int | None = None
    latest_time: float | None = None
    latest_value: float | None = None
    target_value: float | None = None  # resolved number (relative → base value × (1 + change); band → nearest edge)
    target_year: int | None = None
    target_year_passed: bool = False  # now_year is after the target year, or the data have reached it
    target_base_year: int | None = None  # relative targets: the year the change is measured from
    target_change: float | None = None
    target_low: float | None = None
    target_high: float | None = None
    lowest_accepted: float | None = None
    observed_rate: float | None = None
    endpoint_rate: float | None = None
    required_rate: float | None = None
    required_from_year: int | None = None  # base year, or the latest year when the target was already met at base
    required_from_time: float | None = None
    required_from_value: float | None = None
    required_rate_from_latest: float | None = None  # what is needed from the latest value on (information)
    ratio: float | None = None
    ratio_status: str | None = None  # the status R alone gives (before the projection guard)
    trend_value: float | None = None  # v in the trend-only classification (log rate or relative linear rate)
    rate_kind: str | None = None  # "cagr" or "linear"
    natural_limit: float | None = None  # trend only: the limit the thresholds are scaled to (Open SDG)
    limit_coefficient: float | None = None  # Open SDG's C (1 = far from the limit, 0 = at it)
    n_held: int | None = None  # keep targets: observations since the base year that held the level
    # The short-term window (Eurostat): the trend over the last SHORT_WINDOW_YEARS years.
    short_from_year: int | None = None
    short_rate: float | None = None  # same units as observed_rate
    short_n_points: int = 0
    short_status: str | None = None  # the status the short window alone would give
    projection_year: int | None = None
    projected_value: float | None = None
    projected_low: float | None = None
    projected_high: float | None = None
    # Values the series cannot leave (a share stays within 0–100 %); projections are clipped to them.
    bound_low: float | None = None
    bound_high: float | None = None
    gap_to_target: float | None = None  # target − latest value (units; sign = direction still to go)
    projected_gap: float | None = None  # target − projected value
    n_points: int = 0
    stale: bool = False  # the latest value is older than the update frequency allows
    base_year_sensitive: bool = False
    alternative_statuses: dict[int, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    insufficient_reason: str | None = None
    requested_base_year: int | None = None
    # The fitted Theil–Sen line (in log space for cagr), for trend_path() and charts.
    fit_slope: float | None = None
    fit_slope_low: float | None = None
    fit_slope_high: float | None = None
    fit_center_time: float | None = None
    fit_center_value: float | None = None

    # -- presentation helpers --
    def label(self, lang: str | None = None) -> str:
        return status_label(self.status, lang)

    @property
    def icon(self) -> str:
        return status_icon(self.status)

    @property
    def colour(self) -> str:
        return status_colour(self.status)

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        d = asdict(self)
        d["alternative_statuses"] = {str(k): v for k, v in self.alternative_statuses.items()}
        return d


# --- input cleaning -------------------------------------------------------------------------------------
@dataclass
class _Obs:
    """Observations with a value, sorted by time, as plain arrays (fast to slice for the sensitivity runs)."""

    time: np.ndarray
    year: np.ndarray
    value: np.ndarray
    flag: np.ndarray

    def __len__(self) -> int:
        return len(self.time)

    def subset(self, mask: np.ndarray) -> _Obs:
        return _Obs(self.time[mask], self.year[mask], self.value[mask], self.flag[mask])


def _numbers(series: pd.DataFrame, name: str) -> np.ndarray:
    if name not in series.columns:
        return np.full(len(series), np.nan)
    try:
        col = pd.to_numeric(series[name], errors="raise")
    except (ValueError, TypeError) as exc:
        what = "numbers (missing as NaN)" if name == "value" else "numbers"
        raise ValueError(f"series '{name}' must be {what}: {exc}") from None
    return col.to_numpy(dtype=float, na_value=np.nan)


def _clean(series: pd.DataFrame) -> tuple[_Obs, list[float], int]:
    """Rows with a value, sorted by time; the times of breaks; the number of rows dropped as missing."""
    if not isinstance(series, pd.DataFrame):
        raise ValueError(
            f"series must be a pandas DataFrame with columns time/year, value; got {type(series).__name__}"
        )
    if "value" not in series.columns or not ({"time", "year"} & set(series.columns)):
        raise ValueError("series needs a 'value' column and a 'time' or 'year' column")
    value = _numbers(series, "value")
    time, year = _numbers(series, "time"), _numbers(series, "year")
    time = np.where(np.isnan(time), year, time)
    year = np.where(np.isnan(year), np.floor(time), year)
    bad = ~np.isfinite(time) | ~np.isfinite(year)
    if bad.any():
        raise ValueError(f"series rows {np.flatnonzero(bad)[:5].tolist()} have no usable year/time")
    if np.isinf(value).any():
        raise ValueError("series has infinite values; use NaN for missing values")
    if "flag" in series.columns:
        flag = np.array(
            [f.strip().lower() if isinstance(f, str) else "" for f in series["flag"].tolist()], dtype=object
        )
    else:
        flag = np.full(len(series), "", dtype=object)
    breaks = sorted(float(t) for t in time[flag == "break"])
    has_value = ~np.isnan(value)
    n_missing = int((~has_value).sum())
    obs = _Obs(time, year.astype(int), value, flag).subset(has_value)
    order = np.argsort(obs.time, kind="stable")
    obs = obs.subset(order)
    dup = obs.time[1:][np.diff(obs.time) == 0]
    if len(dup):
        years = sorted({_fmt_time(t) for t in dup})
        raise ValueError(
            f"series has more than one value for {', '.join(years)}: filter to one area and breakdown "
            "before assessing (duplicates are not averaged or dropped silently)"
        )
    return obs, breaks, n_missing


def _fmt_time(t: float) -> str:
    return f"{t:g}"  # 2016.0 → "2016", 2016.25 → "2016.25"


# --- target resolution ----------------------------------------------------------------------------------
@dataclass
class _Goal:
    kind: str
    year: int
    value: float | None = None  # absolute/keep/relative (resolved)
    low: float | None = None
    high: float | None = None
    floor: float | None = None
    base_year: int | None = None
    change: float | None = None
    from_catalog: bool = False
    missing_base: bool = False


def _resolve_target(target: Any, indicator: Indicator | None, clean: _Obs, direction: str) -> _Goal | None:
    if target is None:
        return None
    if isinstance(target, (int, float)) and not isinstance(target, bool):
        if not math.isfinite(float(target)):
            raise ValueError(f"target must be a finite number, got {target!r}")
        if direction == "band":
            raise ValueError("a plain number target needs direction up or down; use a band Target for direction band")
        return _Goal("absolute", DEFAULT_TARGET_YEAR, value=float(target))
    if not isinstance(target, Target):
        raise ValueError(f"target must be an indicators.catalog.Target, a number or None; got {type(target).__name__}")
    year = int(target.year or DEFAULT_TARGET_YEAR)
    if target.kind in ("absolute", "keep"):
        if target.value is None or not math.isfinite(float(target.value)):
            raise ValueError(f"a {target.kind} target needs a finite value")
        return _Goal(target.kind, year, value=float(target.value))
    if target.kind == "relative":
        if target.change is None:
            raise ValueError("a relative target needs 'change'")
        by = int(
            target.base_year
            if target.base_year is not None
            else (indicator.baseline_year if indicator else DEFAULT_BASE_YEAR)
        )
        rows = clean.value[clean.year == by]
        goal = _Goal("relative", year, base_year=by, change=float(target.change))
        if len(rows):
            base = float(rows.mean())  # annual data: the one value; quarterly: the year's mean
        elif indicator is not None and indicator.baseline_value is not None and indicator.baseline_year == by:
            base, goal.from_catalog = float(indicator.baseline_value), True
        else:
            goal.missing_base = True
            return goal
        goal.value = base * (1.0 + goal.change)
        return goal
    if target.kind == "band":
        if target.low is None or target.high is None or not target.low < target.high:
            raise ValueError("a band target needs low < high")
        return _Goal(
            "band",
            year,
            low=float(target.low),
            high=float(target.high),
            floor=None if target.lowest_accepted is None else float(target.lowest_accepted),
        )
    raise ValueError(f"unknown target kind {target.kind!r}")


def _meets(value: float, target: float, d: int) -> bool:
    return d * (value - target) >= 0


# --- the method -----------------------------------------------------------------------------------------
def _classify_ratio(r: float) -> str:
    if r >= ON_TRACK - EPS:
        return "on_track"
    if r >= TOO_SLOW - EPS:
        return "too_slow"
    if r >= LIMITED - EPS:
        return "limited"
    return "moving_away"


def limit_coefficient(base: float, limit: float | None, d: int) -> float:
    """Open SDG's natural-limit coefficient C (sdg-build ``get_progress_thresholds``): 1 far from the limit,
    0 at it. The limit is the one in the desired direction (a maximum for up, a minimum for down); a base at
    or beyond it gives 0."""
    if limit is None:
        return 1.0
    if d * (base - limit) >= 0:
        return 0.0
    b, lim = abs(base), abs(limit)
    if b >= 2 * lim:  # checked first, as in sdg-build, so that a limit of 0 leaves the thresholds alone
        return 1.0
    if b <= lim:
        return 1.0 - (b / lim) ** LIMIT_EXPONENT
    return 1.0 - ((2 * lim - b) / lim) ** LIMIT_EXPONENT


def _classify_trend(v: float, rate_kind: str, coeff: float = 1.0) -> str:
    # For cagr, v is a log rate: compare with ln(1 + threshold) so that "up" matches CAGR ≥ 1.5 % exactly
    # and "down" is its mirror image (a fall that exactly undoes a 1.5 % rise). Near a natural limit the
    # progress thresholds are scaled by C (Open SDG), and a decline smaller than the moderate rate scaled by
    # 1 − C counts as little progress, not deterioration (our addition, docs/methodology.md § 3.8).
    conv = math.log1p if rate_kind == "cagr" else (lambda x: x)
    if v >= conv(TREND_SUBSTANTIAL * coeff) - EPS:
        return "substantial"
    if v >= conv(TREND_MODERATE * coeff) - EPS:
        return "moderate"
    if v >= TREND_LIMITED - conv(TREND_MODERATE * (1.0 - coeff)) - EPS:
        return "limited_trend"
    return "deterioration"


def _trend_value(d: int, b: float, positive: bool, base: float, values: np.ndarray) -> float:
    """v = d·b for log rates; for linear rates d·b relative to the base level (or the largest earlier level
    when the base is 0), so that thresholds in % per year apply."""
    if positive:
        return d * b
    ref = abs(base)
    if ref == 0:
        earlier = np.abs(values[:-1])
        ref = float(earlier.max()) if earlier.max() > 0 else float(np.abs(values).max())
    return d * b / ref if ref > 0 else 0.0


def _growth(log_rate: float) -> float:
    """The yearly growth rate of a log-scale slope; math.inf where it is too large for a float (a value a
    millionth of its target a month before the target year: math.expm1 raises OverflowError there)."""
    return math.expm1(log_rate) if log_rate < 709.0 else math.inf


def _fit(t: np.ndarray, z: np.ndarray) -> tuple[float, float, float]:
    fit = theilslopes(z, t, alpha=PROJECTION_CONFIDENCE)
    b = float(fit.slope)
    lo, hi = float(fit.low_slope), float(fit.high_slope)
    return b, min(lo, hi, b), max(lo, hi, b)


def _core(
    clean: _Obs,
    breaks: list[float],
    goal: _Goal | None,
    direction: str,
    base_year: int,
    now_year: int,
    limit: float | None = None,
) -> Assessment:
    a = Assessment(status=INSUFFICIENT, direction=direction, requested_base_year=base_year)
    if goal is not None:
        a.target_kind, a.target_year = goal.kind, goal.year
        a.target_low, a.target_high, a.lowest_accepted = goal.low, goal.high, goal.floor
        a.target_base_year, a.target_change = goal.base_year, goal.change
        if goal.kind != "band":
            a.target_value = goal.value
    if len(clean) == 0:
        a.insufficient_reason = "no_data"
        return a
    a.latest_year, a.latest_time, a.latest_value = int(clean.year[-1]), float(clean.time[-1]), float(clean.value[-1])
    # The target is taken at time T = its year (as the required rate's horizon T − t0 does): the year has
    # passed when the calendar is past it or the data have reached it.
    passed = goal is not None and (now_year > goal.year or a.latest_time >= goal.year - EPS)
    a.target_year_passed = passed

    pts = clean.subset(clean.year >= base_year)
    if breaks and len(pts):
        tb = breaks[-1]
        if tb > float(pts.time[0]):
            pts = pts.subset(pts.time >= tb)
            a.notes.append("break_in_series")
        if goal is not None and goal.kind == "relative" and goal.base_year is not None and tb > goal.base_year:
            a.notes.append("break_after_target_base")
    if goal is not None and goal.from_catalog:
        a.notes.append("target_base_from_catalog")
    if len(pts) == 0:
        a.insufficient_reason = "no_data_since_base"
        a.base_year = base_year
        return a
    a.base_year, a.base_time, a.base_value = int(pts.year[0]), float(pts.time[0]), float(pts.value[0])
    if a.base_year > base_year and "break_in_series" not in a.notes:
        a.notes.append("base_year_moved")
    a.n_points = n = len(pts)
    if pts.flag[-1] == "provisional":
        a.notes.append("provisional_latest")
    elif (pts.flag == "provisional").any():
        a.notes.append("provisional_values")
    if goal is not None and goal.missing_base:
        a.insufficient_reason = "no_target_base_value"
        return a

    # Direction and target value this assessment is measured against.
    d: int | None
    tval: float | None = None
    inside_band = False
    if direction == "band":
        if goal is None or goal.kind != "band":
            d = None
        elif a.latest_value < goal.low:
            d, tval = 1, goal.low
        elif a.latest_value > goal.high:
            d, tval = -1, goal.high
        else:
            d, inside_band = None, True
        if goal is not None and goal.floor is not None and a.latest_value < goal.floor:
            a.notes.append("below_lowest_accepted")
    else:
        d = 1 if direction == "up" else -1
        tval = goal.value if goal is not None else None
    a.effective_direction = None if d is None else ("up" if d > 0 else "down")
    if tval is not None:
        a.target_value = tval
        a.gap_to_target = tval - a.latest_value
    met = inside_band or (tval is not None and _meets(a.latest_value, tval, d))
    if goal is not None and goal.kind == "keep" and tval is not None:
        a.n_held = int(sum(_meets(float(v), tval, d) for v in pts.value))

    if n < MIN_POINTS:
        a.insufficient_reason = "too_few_points"
        if met:
            a.notes.append("latest_meets_target")
        if passed:
            a.notes.append("target_year_passed")
        return a

    t, y = pts.time, pts.value
    positive = bool((y > 0).all()) and (tval is None or tval > 0)
    a.rate_kind = "cagr" if positive else "linear"
    if not positive:
        a.notes.append("linear_rate_used")
    z = np.log(y) if positive else y
    b, lo, hi = _fit(t, z)
    a.fit_slope, a.fit_slope_low, a.fit_slope_high = b, lo, hi
    a.fit_center_time, a.fit_center_value = float(np.median(t)), float(np.median(z))
    span = a.latest_time - a.base_time
    if positive:
        a.observed_rate = _growth(b)
        a.endpoint_rate = (a.latest_value / a.base_value) ** (1.0 / span) - 1.0
    else:
        a.observed_rate = b
        a.endpoint_rate = (a.latest_value - a.base_value) / span

    # Projection to the target year (or 2030) along the robust line, with the slope's confidence band; never
    # backwards (a target year already passed has nothing left to project).
    horizon_year = goal.year if goal is not None else DEFAULT_TARGET_YEAR
    if not passed and horizon_year > a.latest_time + EPS:
        a.projection_year = horizon_year
        zs = [a.fit_center_value + s * (horizon_year - a.fit_center_time) for s in (b, lo, hi)]
        vals = [math.exp(min(v, _MAX_LOG)) for v in zs] if positive else zs
        a.projected_value, a.projected_low, a.projected_high = vals[0], min(vals), max(vals)
        if tval is not None:
            a.projected_gap = tval - a.projected_value

    # Trend-only classification: always computed when a desired direction is known.
    coeff = 1.0
    if d is not None:
        v = _trend_value(d, b, positive, a.base_value, y)
        if limit is not None and goal is None:  # as in Open SDG, a target makes the limit irrelevant
            coeff = limit_coefficient(a.base_value, limit, d)
            a.natural_limit, a.limit_coefficient = float(limit), coeff
            if coeff < 1.0:
                a.notes.append("natural_limit")
        a.trend_value = v
        a.trend_status = _classify_trend(v, a.rate_kind, coeff)

    # The short-term window (Eurostat): the last SHORT_WINDOW_YEARS years, when that is a real part of the
    # series with at least MIN_POINTS points. The status follows the long window; the short one is reported.
    short = pts.time >= a.latest_time - SHORT_WINDOW_YEARS - EPS
    b_short = None
    if short.sum() >= MIN_POINTS and not short.all():
        b_short = _fit(t[short], z[short])[0]
        a.short_from_year, a.short_n_points = int(pts.year[short][0]), int(short.sum())
        a.short_rate = _growth(b_short) if positive else b_short
        if d is not None:
            v_short = _trend_value(d, b_short, positive, float(y[short][0]), y[short])
            a.short_status = _classify_trend(v_short, a.rate_kind, coeff)
            if (d * b > 0) != (d * b_short > 0) and b != 0 and b_short != 0:
                a.notes.append("recent_trend_opposite")

    if direction == "band" and goal is None:
        a.insufficient_reason = "band_needs_target"
        return a
    if tval is None and not inside_band:  # trend only (no target)
        a.status = a.trend_status
        return a

    if met and not (goal.kind == "keep" and a.n_held < n):
        a.status = "achieved"
        return a
    if met and not passed:  # a keep level that holds now but was lost in some year since the base year
        a.status = "on_track"
        return a
    if passed:  # the target year is over and the target is not met (for keep: not every year): no progress status
        a.status = NOT_REACHED
        a.notes.append("target_year_passed")
        return a

    # Required rate: from the base year; if the target was already met then, from the latest observation
    # instead, so the requirement always points the desired way.
    zt = math.log(tval) if positive else tval
    z0, zl = (math.log(a.base_value), math.log(a.latest_value)) if positive else (a.base_value, a.latest_value)
    horizon_l = a.target_year - a.latest_time  # > 0: the target year has not passed
    if d * (zt - z0) > 0:
        req = (zt - z0) / (a.target_year - a.base_time)
        a.required_from_year, a.required_from_time, a.required_from_value = a.base_year, a.base_time, a.base_value
    else:
        req = (zt - zl) / horizon_l
        a.required_from_year, a.required_from_time = a.latest_year, a.latest_time
        a.required_from_value = a.latest_value
        # "The target was met in <base year>" only when it was: a band's base can lie beyond the other edge.
        base_met = (goal.low <= a.base_value <= goal.high) if goal.kind == "band" else _meets(a.base_value, tval, d)
        a.notes.append("required_from_latest" if base_met else "required_from_latest_crossed")
    a.required_rate = _growth(req) if positive else req
    a.required_rate_from_latest = _growth((zt - zl) / horizon_l) if positive else (zt - zl) / horizon_l
    # |req| can underflow to 0 for a target a hair from the base value: then any progress is enough
    a.ratio = d * b / abs(req) if req != 0 else (math.copysign(math.inf, d * b) if b != 0 else 0.0)
    a.ratio_status = a.status = _classify_ratio(a.ratio)
    if b_short is not None:
        r_short = d * b_short / abs(req) if req != 0 else (math.copysign(math.inf, d * b_short) if b_short else 0.0)
        a.short_status = _classify_ratio(r_short)

    # UN ESCAP's anticipated progress: when the projection's interval for the target year reaches the target,
    # the data do not show the series moving away from it (R is noise when the requirement is tiny).
    if a.status == "moving_away" and a.projected_value is not None:
        best = a.projected_high if d > 0 else a.projected_low
        if _meets(best, tval, d):
            a.status = "limited"
            a.notes.append("projection_reaches_target")
    return a


def _stale(latest_year: int | None, now_year: int, frequency: str | None) -> bool:
    """The latest value is older than the update frequency allows: in year N an annual series should have a
    figure for N − 2 or later (one year's publication lag plus one period), a biennial one for N − 3 …"""
    if latest_year is None:
        return False
    months = FREQUENCIES.get(frequency or "annual", FREQUENCIES["annual"])["months"]
    allowed = PUBLICATION_LAG_YEARS + max(1, math.ceil(months / 12))
    return now_year - latest_year > allowed


def _differs(main: Assessment, other: Assessment) -> bool:
    """Another base year gives another status *band*: a status that differs only because R (or v) moved a hair
    across a threshold is not sensitivity."""
    if other.status == main.status:
        return False
    if main.ratio is not None and other.ratio is not None and math.isfinite(main.ratio) and math.isfinite(other.ratio):
        return abs(other.ratio - main.ratio) >= SENSITIVITY_MIN_RATIO_CHANGE
    if main.target_kind is None and main.trend_value is not None and other.trend_value is not None:
        return abs(other.trend_value - main.trend_value) >= SENSITIVITY_MIN_TREND_CHANGE
    return True


def assess(
    indicator: Indicator | None,
    series: pd.DataFrame,
    *,
    target: Any = _INDICATOR_TARGET,
    direction: str | None = None,
    base_year: int | None = None,
    now_year: int | None = None,
    natural_limit: Any = _INDICATOR_TARGET,
    frequency: str | None = None,
) -> Assessment:
    """Assess one series (already filtered to one area and breakdown) against a target or as a trend.

    - ``indicator`` supplies direction, target, base year, unit, decimals, natural limit and update frequency;
      any of them can be overridden.
    - ``target``: omitted → the indicator's target; ``None`` → trend only (e.g. comparison municipalities,
      assessed without Asker's target); a ``Target``; or a plain number (absolute target in 2030).
    - ``series``: DataFrame with ``time`` (fractional year) and/or ``year``, ``value`` (NaN = missing) and
      optional ``flag`` ("", "provisional", "break"; a break flag marks the first value of the new series).
    - ``now_year``: the year the assessment is made in (default: this year); decides old data and whether the
      target year has passed.

    Raises ValueError for unusable input (no value/year columns, non-numeric or infinite values, two values
    for the same time). Everything else returns an Assessment; too few points gives ``insufficient``.
    """
    direction = direction or (indicator.direction if indicator is not None else None)
    if target is _INDICATOR_TARGET:
        target = indicator.target if indicator is not None else None
    if isinstance(target, Target) and target.kind == "band":
        direction = "band"
    if direction not in ("up", "down", "band"):
        raise ValueError(f"direction must be up, down or band (got {direction!r}); pass an indicator or direction=")
    if direction == "band" and isinstance(target, Target) and target.kind != "band":
        raise ValueError(f"direction band needs a band target, not {target.kind!r}")
    if base_year is None:
        base_year = indicator.baseline_year if indicator is not None else DEFAULT_BASE_YEAR
    base_year = int(base_year)
    now_year = int(now_year) if now_year is not None else _dt.date.today().year
    if natural_limit is _INDICATOR_TARGET:
        natural_limit = getattr(indicator, "natural_limit", None)
    if natural_limit is not None and not math.isfinite(float(natural_limit)):
        raise ValueError(f"natural_limit must be a finite number, got {natural_limit!r}")
    frequency = frequency or (indicator.frequency if indicator is not None else "annual")

    clean, breaks, n_missing = _clean(series)
    goal = _resolve_target(target, indicator, clean, direction)
    a = _core(clean, breaks, goal, direction, base_year, now_year, natural_limit)
    if _stale(a.latest_year, now_year, frequency):
        a.stale = True
        a.notes.append("old_data")
    if n_missing:
        a.notes.append("missing_values_ignored")
    if indicator is not None:
        a.indicator_id, a.unit, a.decimals = indicator.id, indicator.unit, indicator.decimals
    _apply_bounds(a, clean)

    # Would another base year (±1, ±2, where an observation exists) give another status band?
    if a.status not in (INSUFFICIENT, NOT_REACHED) and a.base_year is not None:
        floor_time = breaks[-1] if breaks else -math.inf
        others = []
        for off in SENSITIVITY_OFFSETS:
            alt = a.base_year + off
            times = clean.time[clean.year == alt]
            if len(times) == 0 or float(times[0]) < floor_time:
                continue
            other = _core(clean, breaks, goal, direction, alt, now_year, natural_limit)
            if other.status != INSUFFICIENT:
                a.alternative_statuses[alt] = other.status
                others.append(other)
        a.base_year_sensitive = any(_differs(a, o) for o in others)
        if a.base_year_sensitive:
            a.notes.append("base_year_sensitive")
    return a


# --- paths for charts -----------------------------------------------------------------------------------
_REQUIRED_PATH_COLUMNS = {"year": "int64", "value": "float64"}
_TREND_PATH_COLUMNS = {"year": "float64", "value": "float64", "low": "float64", "high": "float64"}
_MAX_LOG = 700.0  # exp() of more overflows a float: a trend line is capped there (it is clipped to bounds anyway)


def required_path(indicator: Indicator | None, assessment: Assessment) -> pd.DataFrame:
    """Values the indicator must reach each year, from where the requirement starts to the target year.

    Geometric (constant % per year) for cagr, straight line for linear rates. Empty when there is no
    required rate (trend only, insufficient data, the target met, or its year passed). A required rate exists
    only while the target year is after the latest observation, so the path has at least one year.
    """
    a = assessment
    if a.required_rate is None:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in _REQUIRED_PATH_COLUMNS.items()})
    years = np.arange(a.required_from_year, a.target_year + 1)
    dt = years - a.required_from_time
    if a.rate_kind == "cagr":
        values = a.required_from_value * np.power(1.0 + a.required_rate, dt)
    else:
        values = a.required_from_value + a.required_rate * dt
    return pd.DataFrame({"year": years, "value": values})


def _apply_bounds(a: Assessment, clean: _Obs) -> None:
    """A trend extrapolated to 2030 can leave what the quantity allows (a share of 140 %, a negative count):
    clip the projection to 0 when the series never was negative and to 100 for percentages."""
    values = clean.value
    a.bound_low = 0.0 if len(values) and float(values.min()) >= 0 else None
    a.bound_high = 100.0 if a.unit == "percent" and len(values) and float(values.max()) <= 100 else None
    if a.projected_value is not None:  # the three are set together
        a.projected_value, a.projected_low, a.projected_high = (
            float(np.clip(v, a.bound_low, a.bound_high)) for v in (a.projected_value, a.projected_low, a.projected_high)
        )
        if a.target_value is not None:
            a.projected_gap = a.target_value - a.projected_value


def trend_path(assessment: Assessment, to_year: int | None = None) -> pd.DataFrame:
    """The robust (Theil–Sen) trend from the base year to ``to_year`` (default: the projection year), with the
    band from the slope's confidence interval: columns year, value, low, high. Empty without a fit."""
    a = assessment
    if a.fit_slope is None:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in _TREND_PATH_COLUMNS.items()})
    end = to_year or a.projection_year or DEFAULT_TARGET_YEAR
    years = np.arange(a.base_year, max(end, a.base_year) + 1)
    lines = [
        a.fit_center_value + s * (years - a.fit_center_time) for s in (a.fit_slope, a.fit_slope_low, a.fit_slope_high)
    ]
    if a.rate_kind == "cagr":
        lines = [np.exp(np.minimum(line, _MAX_LOG)) for line in lines]
    lines = [np.clip(line, a.bound_low, a.bound_high) for line in lines]  # None: no bound on that side
    return pd.DataFrame(
        {
            "year": years,
            "value": lines[0],
            "low": np.minimum(lines[1], lines[2]),
            "high": np.maximum(lines[1], lines[2]),
        }
    )


__all__ = [
    "STATUSES",
    "STATUS_ORDER",
    "TARGET_STATUSES",
    "RATE_STATUSES",
    "TREND_STATUSES",
    "INSUFFICIENT",
    "NOT_REACHED",
    "OLD_DATA",
    "SEVERITY",
    "NOTE_CODES",
    "ON_TRACK",
    "TOO_SLOW",
    "LIMITED",
    "TREND_SUBSTANTIAL",
    "TREND_MODERATE",
    "TREND_LIMITED",
    "LIMIT_EXPONENT",
    "MIN_POINTS",
    "DEFAULT_BASE_YEAR",
    "DEFAULT_TARGET_YEAR",
    "SHORT_WINDOW_YEARS",
    "SENSITIVITY_OFFSETS",
    "PROJECTION_CONFIDENCE",
    "PUBLICATION_LAG_YEARS",
    "Assessment",
    "assess",
    "required_path",
    "trend_path",
    "limit_coefficient",
    "status_label",
    "status_icon",
    "status_colour",
]
