"""The engine's thresholds at their exact edges (indicators/progress.py): the classifiers take a value exactly on a
threshold (less the tolerance EPS) into the better band, and a hair below into the worse one; the trend value of a
linear series, and old data for a frequency the catalog does not know.

These call the engine's small functions directly, with numbers chosen to sit on the edges; the public tests
(test_progress*.py) reach the same functions through assess() with whole series.
"""

import math

import numpy as np
import pytest

from indicators.progress import (
    EPS,
    LIMITED,
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
