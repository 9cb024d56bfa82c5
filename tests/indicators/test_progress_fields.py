"""Progress engine: the numbers and notes an Assessment carries besides its status (issue 15, mutation testing).

Each case is worked out by hand in its comment; notation as in test_progress.py (d = +1 up / −1 down, b the
Theil–Sen slope, req the required rate, R = d·b/|req|). Linear series (a value ≤ 0) keep the arithmetic exact.
"""

import math
import re

import pandas as pd
import pytest

from indicators.catalog import Target
from indicators.progress import INSUFFICIENT, assess
from tests.indicators.test_progress_edges import geometric, indicator, series

TINY = 5e-324  # the smallest subnormal float: (TINY − 0)/15 underflows to 0, so the required rate is exactly 0


def flagged(values, flags, start=2015):
    s = series(values, start)
    s["flag"] = flags
    return s


def test_no_data_still_reports_direction_and_target():
    # no observation at all: insufficient, but the direction and the target (≤ 10 in 2025) are still reported
    a = assess(indicator("down", {"kind": "absolute", "value": 10.0, "year": 2025}), series([]), now_year=2024)
    assert (a.status, a.insufficient_reason) == (INSUFFICIENT, "no_data")
    assert (a.direction, a.target_kind, a.target_value, a.target_year) == ("down", "absolute", 10.0, 2025)


BREAK_CASES = [
    # id, target base year, flags 2015–2019 (values 10…14), expected notes, base year used
    # a break flag on the very first value starts no new series: nothing is cut, no note
    ("break-on-first-value", 2015, ["break", "", "", "", ""], [], 2015),
    # break in 2017 after the target's base year 2015: the series starts in 2017 and the relative target
    # (2015's 10 × 1.1 = 11) was measured on the old definition → both notes
    ("break-after-target-base", 2015, ["", "", "break", "", ""], ["break_in_series", "break_after_target_base"], 2017),
    # break in 2017 and the target's base year is 2017 itself: not after it → only the break note
    ("break-in-target-base-year", 2017, ["", "", "break", "", ""], ["break_in_series"], 2017),
]


@pytest.mark.parametrize("case, target_base, flags, notes, base_year", BREAK_CASES, ids=[c[0] for c in BREAK_CASES])
def test_break_notes(case, target_base, flags, notes, base_year):
    target = {"kind": "relative", "change": 0.1, "base_year": target_base, "year": 2030}
    a = assess(indicator("up", target), flagged([10, 11, 12, 13, 14], flags), now_year=2019)
    assert a.notes == notes
    assert a.base_year == base_year


def test_linear_rates_projection_and_requirement():
    # −2, −1, 0, 1, 2 in 2015–2019 (a value ≤ 0 → linear), target ≥ 20 in 2025, assessed in 2020:
    # endpoint (2 − (−2))/4 = 1; Theil–Sen b = 1 through the medians (2017, 0); projection to the target year
    # 2025 (not 2030): 0 + 1·8 = 8, gap 20 − 8 = 12; required from the base (20 − (−2))/(2025 − 2015) = 2.2,
    # from the latest (20 − 2)/(2025 − 2019) = 3; R = 1/2.2 = 0.45 → limited
    a = assess(
        indicator("up", {"kind": "absolute", "value": 20.0, "year": 2025}), series([-2, -1, 0, 1, 2]), now_year=2020
    )
    assert (a.status, a.rate_kind) == ("limited", "linear")
    assert a.endpoint_rate == pytest.approx(1.0)
    assert a.observed_rate == pytest.approx(1.0)
    assert (a.projection_year, a.projected_value, a.projected_gap) == (2025, pytest.approx(8.0), pytest.approx(12.0))
    assert a.required_rate == pytest.approx(2.2)
    assert a.required_rate_from_latest == pytest.approx(3.0)
    assert a.ratio == pytest.approx(1 / 2.2)


ZERO_REQUIREMENT_CASES = [
    # id, values from 2015 (base 0 or the latest 0), status, R, short-window status (last 5 years)
    # 0 every year: req = TINY/15 = 0 and b = 0 → R = 0 → limited; the short window b = 0 too → limited
    ("flat-at-zero", [0] * 8, "limited", 0.0, "limited"),
    # 0 then down to −4 and flat: b < 0 → R = −∞ → moving away; the last five years are flat (b_short = 0) → limited
    ("down-then-flat", [0, -1, -2, -3, -4, -4, -4, -4, -4, -4], "moving_away", -float("inf"), "limited"),
    # 7 down to 0: the base 7 already meets ≥ TINY, so the requirement is from the latest: (TINY − 0)/8 = 0;
    # b = −1 → R = −∞ → moving away, and the short window (b_short = −1) too
    ("down-to-zero", [7, 6, 5, 4, 3, 2, 1, 0], "moving_away", -float("inf"), "moving_away"),
    # 0, then −6 climbing back to 0: b > 0 → R = +∞ → on track, the short window (b_short = 1) too
    ("back-to-zero", [0, -6, -5, -4, -3, -2, -1, 0], "on_track", float("inf"), "on_track"),
]


@pytest.mark.parametrize(
    "case, values, status, ratio, short_status", ZERO_REQUIREMENT_CASES, ids=[c[0] for c in ZERO_REQUIREMENT_CASES]
)
def test_zero_requirement(case, values, status, ratio, short_status):
    a = assess(None, series(values), target=TINY, direction="up", base_year=2015, now_year=2024)
    assert a.required_rate == 0.0
    assert (a.status, a.ratio, a.short_status) == (status, ratio, short_status)


BAND_EDGE_CASES = [
    # id, values 2015–2019, status, effective direction, target value, notes; band 5–8, lowest accepted 4
    # latest exactly on the upper edge 8 (from 10): inside → achieved, no direction, no edge as target
    ("on-upper-edge", [10, 9, 8, 7, 8], "achieved", None, None, []),
    # latest exactly on the lower edge 5 (from 2): inside → achieved
    ("on-lower-edge", [2, 3, 4, 5, 5], "achieved", None, None, []),
    # latest 4 below the band, exactly at the lowest accepted 4 (not below it: no note): aims up at the lower
    # edge 5; rising from 2 in 2015 about as fast as needed → on track (a base year later or earlier would not)
    ("on-lowest-accepted", [2, 3, 4, 5, 4], "on_track", "up", 5.0, ["base_year_sensitive"]),
]


@pytest.mark.parametrize(
    "case, values, status, direction, target_value, notes", BAND_EDGE_CASES, ids=[c[0] for c in BAND_EDGE_CASES]
)
def test_band_edges(case, values, status, direction, target_value, notes):
    band = {"kind": "band", "low": 5.0, "high": 8.0, "lowest_accepted": 4.0}
    a = assess(indicator("band", band), series(values), now_year=2020)
    assert a.lowest_accepted == 4.0
    assert (a.status, a.effective_direction, a.target_value, a.notes) == (status, direction, target_value, notes)


BAD_TARGETS = [
    # id, direction, target, the whole message (so that a changed message is seen)
    ("nan-number", "up", float("nan"), "target must be a finite number, got nan"),
    ("infinite-number", "down", float("inf"), "target must be a finite number, got inf"),
    (
        "number-for-band",
        "band",
        5.0,
        "a plain number target needs direction up or down; use a band Target for direction band",
    ),
    # True is an int to Python, but not a target number
    ("bool", "up", True, "target must be an indicators.catalog.Target, a number or None; got bool"),
    ("absolute-without-value", "up", Target("absolute", 2030), "a absolute target needs a finite value"),
    ("keep-with-nan", "up", Target("keep", 2030, value=float("nan")), "a keep target needs a finite value"),
    ("relative-without-change", "up", Target("relative", 2030), "a relative target needs 'change'"),
    ("band-upside-down", "band", Target("band", 2030, low=8.0, high=5.0), "a band target needs low < high"),
    ("band-without-high", "band", Target("band", 2030, low=5.0), "a band target needs low < high"),
    ("unknown-kind", "up", Target("share", 2030, value=1.0), "unknown target kind 'share'"),
]


@pytest.mark.parametrize("case, direction, target, message", BAD_TARGETS, ids=[c[0] for c in BAD_TARGETS])
def test_bad_targets_are_named(case, direction, target, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        assess(None, series([1, 2, 3]), direction=direction, target=target)


NUMBER_TARGETS = [
    # id, direction, target, values 2015–2019, target value and year, status
    # an int 4 is an absolute target of 4.0 in 2030: 1…5 rising, latest 5 ≥ 4 → achieved
    ("int-up", "up", 4, [1, 2, 3, 4, 5], 4.0, "achieved"),
    # ≤ 6 in 2030 and 9, 8, 7, 7, 6: the latest 6 meets it → achieved
    ("float-down", "down", 6.0, [9, 8, 7, 7, 6], 6.0, "achieved"),
]


@pytest.mark.parametrize(
    "case, direction, target, values, target_value, status", NUMBER_TARGETS, ids=[c[0] for c in NUMBER_TARGETS]
)
def test_plain_number_targets(case, direction, target, values, target_value, status):
    a = assess(None, series(values), direction=direction, target=target, now_year=2020)
    assert (a.target_kind, a.target_value, a.target_year, a.status) == ("absolute", target_value, 2030, status)


BAD_SERIES = [
    # id, series, the message from its start (a changed message is seen)
    (
        "value-not-numbers",
        pd.DataFrame({"year": [2015, 2016], "value": ["1,5", "x"]}),
        "series 'value' must be numbers (missing as NaN): Unable to parse string '1,5' at position 0",
    ),
    (
        "year-not-numbers",
        pd.DataFrame({"year": ["2015", "x"], "value": [1.0, 2.0]}),
        "series 'year' must be numbers: Unable to parse string 'x' at position 1",
    ),
    (
        "time-not-numbers",
        pd.DataFrame({"time": ["2015", "x"], "value": [1.0, 2.0]}),
        "series 'time' must be numbers: Unable to parse string 'x' at position 1",
    ),
    ("not-a-frame", [1, 2, 3], "series must be a pandas DataFrame with columns time/year, value; got list"),
    (
        "no-value-column",
        pd.DataFrame({"year": [2015], "verdi": [1.0]}),
        "series needs a 'value' column and a 'time' or 'year' column",
    ),
    # rows 1 and 2 (0-based) have neither a time nor a year
    (
        "rows-without-year",
        pd.DataFrame({"year": [2015, None, None], "value": [1.0, 2.0, 3.0]}),
        "series rows [1, 2] have no usable year/time",
    ),
    (
        "minus-infinity",
        pd.DataFrame({"year": [2015, 2016], "value": [1.0, -math.inf]}),
        "series has infinite values; use NaN for missing values",
    ),
    (
        "two-duplicate-years",
        pd.DataFrame({"year": [2015, 2015, 2016, 2016], "value": [1.0, 2.0, 3.0, 4.0]}),
        "series has more than one value for 2015, 2016: filter to one area and breakdown before assessing "
        "(duplicates are not averaged or dropped silently)",
    ),
]


@pytest.mark.parametrize("case, df, message", BAD_SERIES, ids=[c[0] for c in BAD_SERIES])
def test_bad_series_are_named(case, df, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}"):
        assess(indicator("up"), df)


def test_flags_are_read_loosely_and_missing_values_noted():
    # flags with spaces and capitals count (" Break " on 2017, "PROVISIONAL " on the latest 2020), a missing
    # flag (None) is no flag; the break cuts 2015–2016, leaving 2017–2020 (4 points)
    s = series([10, 11, 12, 13, 14, 15])
    s["flag"] = ["", None, " Break ", "", "", "PROVISIONAL "]
    a = assess(indicator("up", {"kind": "absolute", "value": 50.0}), s, now_year=2021)
    assert (a.base_year, a.n_points) == (2017, 4)
    assert a.notes[:2] == ["break_in_series", "provisional_latest"]
    # a NaN value (2016) is dropped and noted; year only (no time column): 5 points, latest time 2020.0
    s = pd.DataFrame({"year": [2015, 2016, 2017, 2018, 2019, 2020], "value": [10.0, math.nan, 12, 13, 14, 15]})
    a = assess(indicator("up", {"kind": "absolute", "value": 50.0}), s, now_year=2021)
    assert (a.n_points, a.latest_time, a.latest_year) == (5, 2020.0, 2020)
    assert "missing_values_ignored" in a.notes


STALE_CASES = [
    # id, frequency, now_year, stale; the latest value is for 2020. Allowed age: one year's publication lag plus
    # the period in whole years, at least one: annual/quarterly 1 + 1 = 2, biennial 1 + 2 = 3, every 4 years 1 + 4 = 5
    ("annual-2-years", "annual", 2022, False),
    ("annual-3-years", "annual", 2023, True),
    ("quarterly-2-years", "quarterly", 2022, False),  # 3 months round up to one year, not down to none
    ("quarterly-3-years", "quarterly", 2023, True),
    ("biennial-3-years", "biennial", 2023, False),
    ("biennial-4-years", "biennial", 2024, True),
    ("every-4-years-5-years", "every_4_years", 2025, False),
    ("every-4-years-6-years", "every_4_years", 2026, True),
    ("no-frequency-is-annual", None, 2023, True),
]


@pytest.mark.parametrize("case, frequency, now_year, stale", STALE_CASES, ids=[c[0] for c in STALE_CASES])
def test_old_data_by_frequency(case, frequency, now_year, stale):
    a = assess(
        None, series([10, 11, 12, 13, 14, 15]), direction="up", target=None, now_year=now_year, frequency=frequency
    )
    assert a.latest_year == 2020
    assert a.stale is stale
    assert ("old_data" in a.notes) is stale


def test_no_data_is_not_old():
    # no observation: nothing can be old (the status says insufficient, not old data)
    a = assess(None, series([]), direction="up", target=None, now_year=2030)
    assert (a.status, a.stale, a.notes) == (INSUFFICIENT, False, [])


def test_indicator_fields_natural_limit_and_alternative_base_years():
    ind = indicator("up", {"kind": "absolute", "value": 20.0, "year": 2030}, decimals=2, unit="per_1000", iid="x-1")
    with pytest.raises(ValueError, match=r"^natural_limit must be a finite number, got nan$"):
        assess(ind, series([1, 2, 3]), natural_limit=float("nan"))
    # −2 … 5 in 2015–2022 (linear, b = 1), target ≥ 20 in 2030, base 2015: R = 1/((20 + 2)/15) = 0.68 → too slow;
    # base 2016: 1/((20 + 1)/14) = 0.67 and 2017: 1/(20/13) = 0.65, both too slow; 2013 and 2014 have no data
    a = assess(ind, series([-2, -1, 0, 1, 2, 3, 4, 5]), base_year=2015, now_year=2023)
    assert (a.indicator_id, a.unit, a.decimals) == ("x-1", "per_1000", 2)
    assert (a.status, a.ratio) == ("too_slow", pytest.approx(15 / 22))
    assert a.alternative_statuses == {2016: "too_slow", 2017: "too_slow"}
    assert a.base_year_sensitive is False
    # a break in 2018 moves the base there: 2016 and 2017 lie before the break and are not tried
    s = series([-2, -1, 0, 1, 2, 3, 4, 5])
    s["flag"] = ["", "", "", "break", "", "", "", ""]
    a = assess(ind, s, base_year=2017, now_year=2023)
    assert a.base_year == 2018
    assert sorted(a.alternative_statuses) == [2019, 2020]


REQUIRED_FROM_LATEST_CASES = [
    # id, direction, target, values from 2015, notes; the base value equals the target (zt − z0 = 0, no way
    # "towards" it from the base), so the requirement starts at the latest value, and the target was met then
    # ≥ 10 from 10, falling to 7 by 2018 → required from 2018, "the target was met in the base year"
    ("absolute-base-on-target", "up", 10.0, [10, 9, 8, 7], ["required_from_latest"]),
]
BAND_BASE_ON_EDGE_CASES = [
    # id, values from 2015, band 5–8: the base lies exactly on an edge (inside the band) and the latest outside
    # base 5 on the lower edge, latest 4.2 below it: aims up at 5 = the base → required from the latest, met in 2015
    ("base-on-lower-edge", [5, 4.8, 4.6, 4.4, 4.2]),
    # base 8 on the upper edge, latest 10 above it: aims down at 8 = the base → the same
    ("base-on-upper-edge", [8, 8.5, 9, 9.5, 10]),
]


@pytest.mark.parametrize(
    "case, direction, target, values, notes", REQUIRED_FROM_LATEST_CASES, ids=[c[0] for c in REQUIRED_FROM_LATEST_CASES]
)
def test_required_from_latest_when_base_on_target(case, direction, target, values, notes):
    a = assess(None, series(values), direction=direction, target=target, now_year=2019)
    latest = 2015 + len(values) - 1
    assert (a.required_from_year, a.notes) == (latest, notes)
    # cagr from the latest: (10/7)^(1/(2030 − 2018)) − 1
    assert a.required_rate == pytest.approx((target / values[-1]) ** (1 / (2030 - latest)) - 1)


@pytest.mark.parametrize("case, values", BAND_BASE_ON_EDGE_CASES, ids=[c[0] for c in BAND_BASE_ON_EDGE_CASES])
def test_band_base_on_edge_counts_as_met(case, values):
    a = assess(indicator("band", {"kind": "band", "low": 5.0, "high": 8.0}), series(values), now_year=2020)
    assert (a.status, a.required_from_year, a.notes) == ("moving_away", 2019, ["required_from_latest"])


def test_cagr_required_rate_from_latest():
    # 100 · 1.1^k for 2015–2019 (latest 146.41), ≥ 200 in 2030: from the latest (200/146.41)^(1/11) − 1
    a = assess(None, geometric(100, 1.1, 5), direction="up", target=200.0, now_year=2020)
    assert a.rate_kind == "cagr"
    assert a.required_rate_from_latest == pytest.approx((200 / 146.41) ** (1 / 11) - 1)
    assert a.required_rate == pytest.approx((200 / 100) ** (1 / 15) - 1)


SHORT_WINDOW_CASES = [
    # id, years, values, short from year, short points, short rate, short status, notes
    # 0 … 5 in 2015–2020, then 5 until 2025 (linear: a 0): b = 0.5 over all; the last five years (2020–2025,
    # 6 points) are flat, b_short = 0 → limited trend; a flat recent trend is not "opposite" → no note
    (
        "flat-recently",
        list(range(2015, 2026)),
        [0, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5],
        2020,
        6,
        0.0,
        "limited_trend",
        ["linear_rate_used"],
    ),
    # 2010–2012 and 2018–2020: exactly MIN_POINTS = 3 in the last five years (2015–2020) → a short window;
    # 1 … 6, log slope of 4, 5, 6 by Theil–Sen: median(ln(5/4), ln(6/5), ln(6/4)/2) = ln 1.5 / 2 → √1.5 − 1
    (
        "three-points",
        [2010, 2011, 2012, 2018, 2019, 2020],
        [1, 2, 3, 4, 5, 6],
        2018,
        3,
        math.sqrt(1.5) - 1,
        "substantial",
        [],
    ),
]


@pytest.mark.parametrize(
    "case, years, values, from_year, n, rate, status, notes", SHORT_WINDOW_CASES, ids=[c[0] for c in SHORT_WINDOW_CASES]
)
def test_short_window(case, years, values, from_year, n, rate, status, notes):
    s = pd.DataFrame({"year": years, "value": [float(v) for v in values]})
    a = assess(None, s, direction="up", target=None, base_year=years[0], now_year=years[-1] + 1)
    assert (a.short_from_year, a.short_n_points, a.short_status) == (from_year, n, status)
    assert a.short_rate == pytest.approx(rate)
    assert a.notes == notes


TREND_VALUE_CASES = [
    # id, values from 2015 (linear: none positive throughout), trend value v, trend status; direction up
    # −100 + 1.49k: b = 1.49 against |base| 100 → v = 0.0149, just under 1.5 %: moderate (for a linear rate the
    # threshold is 0.015 itself, not ln 1.015 = 0.01489, which v would pass)
    ("linear-just-under-substantial", [-100, -98.51, -97.02, -95.53], 0.0149, "moderate"),
    # 0 every year: no level to relate b = 0 to → v = 0 → little progress
    ("all-zero", [0, 0, 0, 0], 0.0, "limited_trend"),
    # 0, 0, 0, 5: the base and all earlier values are 0, so b is related to the largest value 5;
    # b = median(0, 0, 0, 5/3, 5/2, 5) = (0 + 5/3)/2 = 5/6 → v = (5/6)/5 = 1/6 → substantial
    ("zero-until-the-latest", [0, 0, 0, 5], 1 / 6, "substantial"),
]


@pytest.mark.parametrize("case, values, v, status", TREND_VALUE_CASES, ids=[c[0] for c in TREND_VALUE_CASES])
def test_linear_trend_value(case, values, v, status):
    a = assess(None, series(values), direction="up", target=None, now_year=2019)
    assert a.rate_kind == "linear"
    assert (a.trend_value, a.status) == (pytest.approx(v), status)


def test_latest_exactly_on_target_is_achieved():
    # 10 … 14, target ≥ 14: the latest equals the target, which meets it
    a = assess(None, series([10, 11, 12, 13, 14]), direction="up", target=14.0, now_year=2020)
    assert (a.status, a.gap_to_target) == ("achieved", 0.0)


BOUND_CASES = [
    # id, values (percent), upper bound of the projection: 100 % is a bound only when no value exceeds it
    ("up-to-100", [96, 97, 98, 99, 100], 100.0),
    ("above-100", [96, 97, 98, 99, 100.5], None),
]


@pytest.mark.parametrize("case, values, high", BOUND_CASES, ids=[c[0] for c in BOUND_CASES])
def test_percent_upper_bound(case, values, high):
    a = assess(indicator("up", {"kind": "absolute", "value": 100.0}, unit="percent"), series(values), now_year=2020)
    assert (a.bound_low, a.bound_high) == (0.0, high)
