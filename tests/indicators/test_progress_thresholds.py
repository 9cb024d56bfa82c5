"""The engine's thresholds at their exact edges (indicators/progress.py): the classifiers take a value exactly on a
threshold (less the tolerance EPS) into the better band, and a hair below into the worse one; the trend value of a
linear series, and old data for a frequency the catalog does not know.

These call the engine's small functions directly, with numbers chosen to sit on the edges; the public tests
(test_progress*.py) reach the same functions through assess() with whole series.
"""

import math

import numpy as np
import pandas as pd
import pytest

from indicators.catalog import Target
from indicators.progress import (
    EPS,
    LIMITED,
    NOT_REACHED,
    ON_TRACK,
    TOO_SLOW,
    TREND_LIMITED,
    TREND_MODERATE,
    TREND_SUBSTANTIAL,
    Assessment,
    _classify_ratio,
    _classify_trend,
    _differs,
    _stale,
    _trend_value,
    assess,
)

HAIR = 3 * EPS  # further below an edge than the tolerance reaches

RATIO_EDGES = [
    # R exactly on a threshold less EPS is still the better band (the tolerance is inclusive); 3·EPS below is not
    (ON_TRACK - EPS, "on_track"),  # 0.95 − 1e-9
    (ON_TRACK - HAIR, "too_slow"),
    (TOO_SLOW - EPS, "too_slow"),  # 0.60 − 1e-9
    (TOO_SLOW - HAIR, "limited"),
    (LIMITED - EPS, "limited"),  # 0 − 1e-9: no progress is still "limited", not "moving away"
    (LIMITED - HAIR, "moving_away"),
    (math.inf, "on_track"),  # a zero requirement and any progress
    (-math.inf, "moving_away"),
]


@pytest.mark.parametrize("r, status", RATIO_EDGES)
def test_ratio_classification_at_the_edges(r, status):
    assert _classify_ratio(r) == status


TREND_EDGES = [
    # cagr: v is a log rate, the thresholds are ln(1 + 1.5 %) = 0.014888… and ln(1 + 0.5 %) = 0.0049875…
    (math.log1p(TREND_SUBSTANTIAL) - EPS, "cagr", 1.0, "substantial"),
    (math.log1p(TREND_SUBSTANTIAL) - HAIR, "cagr", 1.0, "moderate"),
    (math.log1p(TREND_MODERATE) - EPS, "cagr", 1.0, "moderate"),
    (math.log1p(TREND_MODERATE) - HAIR, "cagr", 1.0, "limited_trend"),
    # with C = 1 the decline tolerance is ln(1 + 0.5 % · 0) = 0: a hair below 0 is deterioration
    (TREND_LIMITED - EPS, "cagr", 1.0, "limited_trend"),
    (TREND_LIMITED - HAIR, "cagr", 1.0, "deterioration"),
    # linear: v is a relative rate compared with the thresholds themselves. 0.0149 is below 1.5 % (moderate),
    # though above ln(1.015) = 0.014889 (what a cagr series would need): the two kinds are not mixed up
    (0.0149, "linear", 1.0, "moderate"),
    (TREND_SUBSTANTIAL - EPS, "linear", 1.0, "substantial"),
    (0.00499, "linear", 1.0, "limited_trend"),  # below 0.5 %, above ln(1.005) = 0.0049875
    # near a natural limit, C = 0.5: thresholds ln(1 + 0.75 %) = 0.0074720… and ln(1 + 0.25 %) = 0.0024969…;
    # a decline down to −ln(1 + 0.5 % · 0.5) = −0.0024969 is little progress, further is deterioration
    (math.log1p(TREND_SUBSTANTIAL * 0.5) - EPS, "cagr", 0.5, "substantial"),
    (math.log1p(TREND_MODERATE * 0.5) - EPS, "cagr", 0.5, "moderate"),
    (-math.log1p(TREND_MODERATE * 0.5) - EPS, "cagr", 0.5, "limited_trend"),
    (-math.log1p(TREND_MODERATE * 0.5) - HAIR, "cagr", 0.5, "deterioration"),
]


@pytest.mark.parametrize("v, kind, coeff, status", TREND_EDGES)
def test_trend_classification_at_the_edges(v, kind, coeff, status):
    assert _classify_trend(v, kind, coeff) == status


def test_trend_classification_is_unscaled_by_default():
    # without a natural limit C = 1: ln(1.015) is substantial (with C = 2 it would need ln(1.03) = 0.0296)
    assert _classify_trend(math.log1p(TREND_SUBSTANTIAL), "cagr") == "substantial"
    assert _classify_trend(math.log1p(TREND_MODERATE), "cagr") == "moderate"


TREND_VALUES = [
    # (d, b, positive, base, values, v)
    (1, 0.02, True, 50.0, [50.0, 51.0], 0.02),  # log rate: v = d·b
    (-1, 0.02, True, 50.0, [50.0, 51.0], -0.02),
    (1, 0.5, False, -10.0, [-10.0, -9.5], 0.05),  # linear: b relative to |base| = 10 → 0.05
    # base 0: relative to the largest earlier level, |−4| = 4 → 0.5 / 4 = 0.125
    (1, 0.5, False, 0.0, [0.0, -4.0, 2.0, 3.0], 0.125),
    # base 0 and every earlier value 0: relative to the largest of all, the latest 3 → 0.5 / 3
    (1, 0.5, False, 0.0, [0.0, 0.0, 0.0, 3.0], 0.5 / 3),
    # every value 0: nothing to be relative to → 0 (no trend), not a division by zero
    (1, 0.0, False, 0.0, [0.0, 0.0, 0.0], 0.0),
    (-1, 0.0, False, 0.0, [0.0, 0.0, 0.0], 0.0),
]


@pytest.mark.parametrize("d, b, positive, base, values, v", TREND_VALUES)
def test_trend_value(d, b, positive, base, values, v):
    assert _trend_value(d, b, positive, base, np.array(values)) == pytest.approx(v, abs=1e-15)


STALE = [
    # (latest year, now, frequency, stale): allowed age = 1 year's publication lag + the period in whole years
    (2021, 2023, "annual", False),  # 2 ≤ 1 + 1
    (2020, 2023, "annual", True),  # 3 > 2
    (2020, 2023, None, True),  # no frequency: annual
    (2020, 2023, "no-such-frequency", True),  # unknown: annual, not an error
    (2021, 2023, "no-such-frequency", False),
    (2018, 2023, "every_4_years", False),  # 48 months: 5 ≤ 1 + 4
    (2017, 2023, "every_4_years", True),  # 6 > 5
    (2020, 2023, "biennial", False),  # 24 months: 3 ≤ 1 + 2
    (2019, 2023, "biennial", True),  # 4 > 3
    (2021, 2023, "quarterly", False),  # 3 months: at least one year, 2 ≤ 1 + 1
    (2020, 2023, "quarterly", True),
    (None, 2023, "annual", False),  # no data is not old data
]


@pytest.mark.parametrize("latest, now, frequency, stale", STALE)
def test_stale(latest, now, frequency, stale):
    assert _stale(latest, now, frequency) is stale


def test_sensitivity_without_ratios_is_a_different_status():
    # a target-based status whose R is missing (no requirement) on both sides: a different status is sensitivity,
    # whatever the trend values say (they compare only trend-only assessments)
    main = Assessment(status="achieved", target_kind="absolute", trend_value=0.010)
    other = Assessment(status="on_track", target_kind="absolute", trend_value=0.0101)
    assert _differs(main, other) is True


def test_a_time_within_the_tolerance_of_the_target_year_has_reached_it():
    # 10, 11, 12, 13, 14 at 2026 … 2029 and at 2030 − EPS (a time that is the year 2030 up to rounding): the data
    # have reached the target year, so the target (20) is not reached, not "on its way" with 10⁻⁹ years left
    s = pd.DataFrame(
        {
            "time": [2026.0, 2027.0, 2028.0, 2029.0, 2030 - EPS],
            "year": [2026, 2027, 2028, 2029, 2029],
            "value": [10.0, 11, 12, 13, 14],
        }
    )
    a = assess(
        None, s, target=Target(kind="absolute", value=20.0, year=2030), direction="up", base_year=2026, now_year=2030
    )
    assert (a.status, a.target_year_passed, a.required_rate) == (NOT_REACHED, True, None)


def _series(times, values, years=None):
    years = years or [int(t) for t in times]
    return pd.DataFrame({"time": [float(t) for t in times], "year": years, "value": [float(v) for v in values]})


@pytest.mark.parametrize(
    "case, times, years",
    [
        # trend only (no target): the projection goes to 2030, and only forwards. A series whose latest value
        # is for 2030 has nothing left to project, nor has one whose latest time is 2030 up to the tolerance
        ("latest-2030", list(range(2024, 2031)), None),
        ("latest-2030-less-eps", [2026, 2027, 2028, 2029, 2030 - EPS], [2026, 2027, 2028, 2029, 2029]),
    ],
)
def test_no_projection_from_the_projection_year_itself(case, times, years):
    a = assess(
        None,
        _series(times, [10 + k for k in range(len(times))], years),
        target=None,
        direction="up",
        base_year=times[0],
        now_year=2031,
    )
    assert (a.projection_year, a.projected_value, a.projected_low, a.projected_high) == (None, None, None, None)
    assert a.trend_status == "substantial"  # +1 a year from 10: the trend itself is still judged


def test_a_natural_limit_far_away_leaves_the_thresholds_and_adds_no_note():
    # lower is better with a minimum of 0: a base of 5 is at least twice the limit (|5| ≥ 2·|0|), so C = 1
    # (Open SDG): the thresholds are not scaled and there is no natural-limit note
    a = assess(
        None,
        _series(range(2015, 2020), [5, 4.5, 4, 3.5, 3]),
        target=None,
        direction="down",
        natural_limit=0.0,
        now_year=2020,
    )
    assert a.limit_coefficient == 1.0 and a.natural_limit == 0.0
    assert "natural_limit" not in a.notes


def test_the_short_window_includes_its_first_year_to_the_tolerance():
    # latest 2024: the window starts at 2024 − 5 = 2019; a point at 2019 − EPS (2019 up to rounding) is in it,
    # so the window holds 6 points (that one and 2020 … 2024) from 2018 (its year column)
    times = [2015, 2016, 2017, 2018, 2019 - EPS, 2020, 2021, 2022, 2023, 2024]
    years = [2015, 2016, 2017, 2018, 2018, 2020, 2021, 2022, 2023, 2024]
    a = assess(None, _series(times, [10 + k for k in range(10)], years), target=None, direction="up", now_year=2025)
    assert (a.short_n_points, a.short_from_year) == (6, 2018)


def test_the_short_window_rate_is_per_year_across_a_gap():
    # values 2·(year − 2017) (negative at first, so a linear rate): 2 a year. The short window (from 2019) holds
    # 2019, 2020 and 2024 (2021–2023 missing): its Theil–Sen slope is 2 per year; per observation it would be 5
    years = [2015, 2016, 2017, 2018, 2019, 2020, 2024]
    a = assess(None, _series(years, [2 * (y - 2017) for y in years]), target=None, direction="up", now_year=2025)
    assert a.rate_kind == "linear" and a.short_n_points == 3
    assert a.short_rate == pytest.approx(2.0) and a.observed_rate == pytest.approx(2.0)


def test_the_short_window_of_a_cagr_series_is_judged_on_its_log_rate():
    # 50 · 1.02^k, 2015–2024: the short window's log rate is ln 1.02 = 0.0198 ≥ ln 1.015: substantial (were it
    # divided by the level, as linear rates are, 0.0198 / 50 = 0.0004 would read as little progress)
    a = assess(
        None, _series(range(2015, 2025), [50 * 1.02**k for k in range(10)]), target=None, direction="up", now_year=2025
    )
    assert a.rate_kind == "cagr"
    assert a.short_rate == pytest.approx(0.02) and a.short_status == "substantial"


SHORT_STATUS = [
    # (case, values from 2015, natural limit, short status, long status)
    # linear (the first values are negative): the short window 2019–2024 is 50, 300, 52, 53, 54, 55; its
    # Theil–Sen slope is 1 a year, relative to its first value 50: 0.02 ≥ 1.5 % → substantial (relative to the
    # outlier 300 it would be 0.0033, little progress)
    ("linear-relative-to-first", [-1, -1, -1, -1, 50, 300, 52, 53, 54, 55], None, "substantial", "substantial"),
    # cagr 1.51 % a year: log rate ln 1.0151 = 0.014987, at least ln 1.015 = 0.014889 → substantial (compared
    # with 0.015 itself, as for a linear rate, it would be moderate)
    ("cagr-just-substantial", [50 * 1.0151**k for k in range(10)], None, "substantial", "substantial"),
    # near the natural limit 100 from a base of 95: C = 1 − 0.95^4.44 = 0.2037, so moderate needs
    # ln(1 + 0.5 % · C) = 0.00102 and substantial ln(1 + 1.5 % · C) = 0.00305; 0.2 % a year (log 0.0020) is
    # moderate in the short window as in the long one (unscaled it would be little progress)
    ("scaled-by-the-limit", [95 * 1.002**k for k in range(10)], 100.0, "moderate", "moderate"),
]


@pytest.mark.parametrize("case, values, limit, short, long", SHORT_STATUS, ids=[c[0] for c in SHORT_STATUS])
def test_short_window_status(case, values, limit, short, long):
    a = assess(
        None,
        _series(range(2015, 2015 + len(values)), values),
        target=None,
        direction="up",
        natural_limit=limit,
        now_year=2025,
    )
    assert (a.short_status, a.trend_status) == (short, long)


def test_recent_trend_opposite_with_a_slope_of_exactly_one():
    # 1995–2019 on the line k − 10 (slope exactly 1 a year, linear: the values start negative), then 13, 12, 11,
    # 10, 9 in 2020–2024: 300 of the 435 pairwise slopes are exactly 1, so the long slope is 1; the short window
    # 2019–2024 (14, 13, … 9) falls by 1 a year: the recent trend points the other way
    values = [k - 10 for k in range(25)] + [13, 12, 11, 10, 9]
    a = assess(None, _series(range(1995, 2025), values), target=None, direction="up", base_year=1995, now_year=2025)
    assert (a.observed_rate, a.short_rate) == (1.0, -1.0)
    assert "recent_trend_opposite" in a.notes


BAD_TIMES = [
    # a time that is infinite is unusable even though the year beside it is fine (row 1)
    (
        "infinite-time",
        pd.DataFrame({"time": [2015.0, np.inf, 2017.0], "year": [2015, 2016, 2017], "value": [1.0, 2.0, 3.0]}),
        "series rows [1] have no usable year/time",
    ),
    # seven rows without time or year: the message names the first five
    (
        "seven-without",
        pd.DataFrame({"time": [np.nan] * 7, "year": [np.nan] * 7, "value": [1.0] * 7}),
        "series rows [0, 1, 2, 3, 4] have no usable year/time",
    ),
]


@pytest.mark.parametrize("case, df, message", BAD_TIMES, ids=[c[0] for c in BAD_TIMES])
def test_unusable_times_are_named(case, df, message):
    with pytest.raises(ValueError) as err:
        assess(None, df, target=None, direction="up")
    assert str(err.value) == message


def test_a_band_needs_low_below_high():
    # low = high is no range to stay within
    with pytest.raises(ValueError) as err:
        assess(None, _series(range(2015, 2020), [5, 5, 5, 5, 5]), target=Target(kind="band", low=5.0, high=5.0))
    assert str(err.value) == "a band target needs low < high"


def test_a_linear_projection_stops_at_zero():
    # 9, 6, 3, 0 (2015–2018, linear because of the 0) falls by 3 a year: 2030 would be −36, but a series that was
    # never negative is clipped at 0, with its whole band
    a = assess(None, _series(range(2015, 2019), [9, 6, 3, 0]), target=None, direction="down", now_year=2019)
    assert (a.bound_low, a.projected_value, a.projected_low, a.projected_high) == (0.0, 0.0, 0.0, 0.0)


def test_the_short_window_of_a_target_has_its_own_ratio():
    # 100 · 1.015^k, 2015–2024, target 130 in 2030: needed ln(1.3)/15 = 0.017491 a year, achieved
    # ln 1.015 = 0.014889: R = 0.851 → too slow, and the short window (same rate) 0.851 → too slow as well
    s = _series(range(2015, 2025), [100 * 1.015**k for k in range(10)])
    a = assess(None, s, target=Target(kind="absolute", value=130.0), direction="up", now_year=2025)
    assert a.ratio == pytest.approx(math.log(1.015) / (math.log(1.3) / 15))
    assert (a.status, a.short_status) == ("too_slow", "too_slow")


@pytest.mark.parametrize(
    "baseline_year, target_base_year, target_value",
    [
        # a relative target (+30 %) without a base year of its own is measured from the indicator's base year:
        # 2015 → 100 · 1.3 = 130; 2016 → 101 · 1.3 = 131.3
        (None, 2015, 130.0),
        (2016, 2016, 131.3),
    ],
)
def test_a_relative_target_without_a_base_year_takes_the_indicators(baseline_year, target_base_year, target_value):
    s = _series(range(2015, 2025), [100 * 1.01**k for k in range(10)])
    if baseline_year is None:  # no indicator: the default base year 2015
        a = assess(None, s, target=Target(kind="relative", change=0.3), direction="up", now_year=2025)
    else:
        from tests.indicators.test_progress_edges import indicator

        a = assess(indicator("up", {"kind": "relative", "change": 0.3}, baseline_year=baseline_year), s, now_year=2025)
    assert a.target_base_year == target_base_year
    assert a.target_value == pytest.approx(target_value)
