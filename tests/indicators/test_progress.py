"""Progress engine (indicators/progress.py): hand-computed cases for every status, target kind and direction.

Notation in the comments: base year t0, target year T (2030), d = +1 (up) / −1 (down).
With all values and the target > 0 the engine fits a Theil–Sen line to ln(value); for a geometric series
y_k = y0·q^k that line is exact, so the observed log rate is b = ln q. The required log rate is
B = ln(target / y0) / (T − t0), and R = d·b / |B|. Shown rates are CAGRs: e^b − 1 and e^B − 1.
For linear rates (zeros, negatives, target 0) b is the Theil–Sen slope in units and B = (target − y0)/(T − t0).
"""

import math

import numpy as np
import pandas as pd
import pytest

from indicators.catalog import Target, parse_indicator
from indicators.explain import explanation, note_texts
from indicators.format import MINUS, NBSP
from indicators.progress import (
    INSUFFICIENT,
    MIN_POINTS,
    ON_TRACK,
    STATUS_ORDER,
    STATUSES,
    TARGET_STATUSES,
    TOO_SLOW,
    TREND_MODERATE,
    TREND_STATUSES,
    TREND_SUBSTANTIAL,
    Assessment,
    assess,
    required_path,
    status_label,
    trend_path,
)
from indicators.summary import summarize

S = NBSP


def series(values, start=2015, flags=None, times=None):
    values = list(values)
    years = list(range(start, start + len(values)))
    df = pd.DataFrame(
        {
            "time": [float(y) for y in years] if times is None else times,
            "year": years,
            "value": [np.nan if v is None else float(v) for v in values],
        }
    )
    if flags is not None:
        df["flag"] = flags
    return df


def geometric(y0, q, n, start=2015):
    return series([y0 * q**k for k in range(n)], start)


def indicator(
    direction="up",
    target=None,
    unit="percent",
    baseline_year=2015,
    baseline_value=None,
    decimals=1,
    iid="test-indikator",
):
    raw = {
        "id": iid,
        "objective": "3.1",
        "name": {"nb": "Test", "en": "Test"},
        "unit": unit,
        "direction": direction,
        "baseline": {"year": baseline_year},
        "target": target or {"kind": "absolute", "value": 50.0},
        "source": {"agency": "SSB", "table": "00000"},
        "sector": {"nb": "Plan", "en": "Planning"},
        "frequency": "annual",
        "definition": {"nb": "Test.", "en": "Test."},
        "decimals": decimals,
    }
    if baseline_value is not None:
        raw["baseline"]["value"] = baseline_value
    return parse_indicator(raw, objective_ids=["3.1"])


# --- statuses for absolute targets, both directions ----------------------------------------------------
ABSOLUTE_CASES = [
    # id, direction, y0, q, n, target, status, R (None when achieved)
    # up, 2015–2020 at +3 %/yr (b = ln 1.03 = 0.029559). Target 150: B = ln 1.5/15 = 0.027031 → R = 1.0935.
    ("up-on-track", "up", 100, 1.03, 6, 150, "on_track", 1.0935),
    # target 200: B = ln 2/15 = 0.046210 → R = 0.6397 (needs +4.7 %/yr, achieves +3.0 %)
    ("up-too-slow", "up", 100, 1.03, 6, 200, "too_slow", 0.6397),
    # target 300: B = ln 3/15 = 0.073241 → R = 0.4036
    ("up-limited", "up", 100, 1.03, 6, 300, "limited", 0.4036),
    # −1 %/yr: b = ln 0.99 = −0.010050; target 150 → R = −0.3718
    ("up-moving-away", "up", 100, 0.99, 6, 150, "moving_away", -0.3718),
    # latest 100·1.03^5 = 115.93 ≥ 110 → target reached, whatever the rate
    ("up-achieved", "up", 100, 1.03, 6, 110, "achieved", None),
    # down, −4 %/yr: b = ln 0.96 = −0.040822; target 60: B = ln 0.6/15 = −0.034055 → R = 1.1987
    ("down-on-track", "down", 100, 0.96, 6, 60, "on_track", 1.1987),
    # −3 %/yr, target 50: B = ln 0.5/15 = −0.046210, b = −0.030459 → R = 0.6592
    ("down-too-slow", "down", 100, 0.97, 6, 50, "too_slow", 0.6592),
    # −1 %/yr, target 50: R = 0.010050/0.046210 = 0.2175
    ("down-limited", "down", 100, 0.99, 6, 50, "limited", 0.2175),
    # +1 %/yr when lower is better: R = −ln 1.01/0.046210 = −0.2153
    ("down-moving-away", "down", 100, 1.01, 6, 50, "moving_away", -0.2153),
    # latest 100·0.96^5 = 81.54 ≤ 85 → reached
    ("down-achieved", "down", 100, 0.96, 6, 85, "achieved", None),
]


@pytest.mark.parametrize(
    "case, direction, y0, q, n, target, status, ratio", ABSOLUTE_CASES, ids=[c[0] for c in ABSOLUTE_CASES]
)
def test_absolute_targets(case, direction, y0, q, n, target, status, ratio):
    ind = indicator(direction, {"kind": "absolute", "value": target})
    a = assess(ind, geometric(y0, q, n), now_year=2021)
    assert a.status == status
    assert a.rate_kind == "cagr"
    assert a.observed_rate == pytest.approx(q - 1)
    assert a.endpoint_rate == pytest.approx(q - 1)
    assert a.n_points == n and a.base_year == 2015 and a.latest_year == 2015 + n - 1
    assert a.target_value == target and a.target_year == 2030
    if ratio is not None:
        assert a.ratio == pytest.approx(ratio, abs=1e-4)
        assert a.required_rate == pytest.approx((target / y0) ** (1 / 15) - 1)
    assert a.trend_status in TREND_STATUSES
    assert a.notes == []


def test_explanation_matches_the_design_example_format():
    # down, 2015–2020 at −1.2 %/yr; target 100·(1 − 0.041)^15 = 53.3 → needed −4,1 %/yr, achieved −1,2 %/yr.
    # R = ln 0.988 / ln 0.959 = 0.2885 → limited progress (the brief's sentence is the format, not these numbers)
    target = 100 * 0.959**15
    a = assess(indicator("down", {"kind": "absolute", "value": target}), geometric(100, 0.988, 6), now_year=2021)
    assert a.status == "limited"
    assert explanation(a, "nb") == (
        f"Nødvendig endring {MINUS}4,1{S}% per år siden 2015; oppnådd {MINUS}1,2{S}% per år: begrenset framgang."
    )
    assert explanation(a, "en") == (
        f"Needed {MINUS}4.1% per year since 2015; achieved {MINUS}1.2% per year: limited progress."
    )
    # the same rates with a slightly less ambitious target: R = ln 0.988/ln 0.98 = 0.597 → still limited;
    # with needed −2 %: target = 100·0.98^15 … and achieved −1.5 %: R = ln 0.985/ln 0.98 = 0.748 → too slow
    b = assess(
        indicator("down", {"kind": "absolute", "value": 100 * 0.98**15}), geometric(100, 0.985, 6), now_year=2021
    )
    assert b.status == "too_slow"
    assert explanation(b, "nb") == (
        f"Nødvendig endring {MINUS}2,0{S}% per år siden 2015; oppnådd {MINUS}1,5{S}% per år: for langsom framgang."
    )
    assert explanation(b, "en").endswith("per year: progress too slow.")


def test_achieved_explanation_states_target_and_latest():
    a = assess(indicator("up", {"kind": "absolute", "value": 110}), geometric(100, 1.03, 6), now_year=2021)
    assert explanation(a, "nb") == f"Målet (minst 110,0{S}%) er nådd: 115,9{S}% i 2020."
    assert explanation(a, "en") == "Target (at least 110.0%) reached: 115.9% in 2020."


# --- relative targets: Asker's climate target ------------------------------------------------------------
CLIMATE = {
    "kind": "relative",
    "change": -0.55,
    "base_year": 2009,
    "text": {"nb": "55 % lavere enn i 2009", "en": "55 % lower than in 2009"},
}


def climate_indicator(baseline_year=2009, baseline_value=None):
    return indicator(
        "down",
        CLIMATE,
        unit="tonnes_co2e",
        baseline_year=baseline_year,
        baseline_value=baseline_value,
        decimals=0,
        iid="klimagassutslipp",
    )


RELATIVE_CASES = [
    # 2009 = 200 000 t → target = 200 000 · (1 − 0.55) = 90 000 t in 2030 (21 years).
    # B = ln 0.45 / 21 = −0.038024 (CAGR −3.73 %/yr).
    # −3 %/yr 2009–2021: R = 0.030459/0.038024 = 0.8010 → too slow
    ("climate-too-slow", 0.97, 13, "too_slow", 0.8010),
    # −4 %/yr: R = 0.040822/0.038024 = 1.0736 → on track
    ("climate-on-track", 0.96, 13, "on_track", 1.0736),
    # −7 %/yr: 2021 = 200 000 · 0.93^12 = 83 719 t ≤ 90 000 t → reached
    ("climate-achieved", 0.93, 13, "achieved", None),
    # +1 %/yr: R = −0.009950/0.038024 = −0.2617 → moving away
    ("climate-moving-away", 1.01, 13, "moving_away", -0.2617),
    # −1 %/yr: R = 0.010050/0.038024 = 0.2643 → limited
    ("climate-limited", 0.99, 13, "limited", 0.2643),
]


@pytest.mark.parametrize("case, q, n, status, ratio", RELATIVE_CASES, ids=[c[0] for c in RELATIVE_CASES])
def test_relative_climate_target(case, q, n, status, ratio):
    a = assess(climate_indicator(), geometric(200_000, q, n, start=2009), now_year=2022)
    assert a.target_kind == "relative"
    assert a.target_value == pytest.approx(90_000)
    assert a.status == status
    if ratio is not None:
        assert a.ratio == pytest.approx(ratio, abs=1e-4)
        assert a.required_rate == pytest.approx(0.45 ** (1 / 21) - 1)  # −3.73 % per year


def test_climate_explanation():
    a = assess(climate_indicator(), geometric(200_000, 0.97, 13, start=2009), now_year=2022)
    assert explanation(a, "nb") == (
        f"Nødvendig endring {MINUS}3,7{S}% per år siden 2009; oppnådd {MINUS}3,0{S}% per år: for langsom framgang."
    )
    achieved = assess(climate_indicator(), geometric(200_000, 0.93, 13, start=2009), now_year=2022)
    assert explanation(achieved, "nb") == f"Målet (høyst 90{S}000{S}t) er nådd: 83{S}719{S}t i 2021."


def test_relative_target_measured_from_a_later_base_year():
    # Target stays 90 000 t (55 % below 2009), but progress is measured from 2015:
    # y(2015) = 200 000 · 0.97^6 = 166 594 t; B = ln(90 000/166 594)/15 = −0.041050; b = −0.030459 → R = 0.7420
    a = assess(climate_indicator(baseline_year=2015), geometric(200_000, 0.97, 12, start=2009), now_year=2021)
    assert a.base_year == 2015
    assert a.target_value == pytest.approx(90_000)
    assert a.ratio == pytest.approx(0.7420, abs=1e-4)
    assert a.status == "too_slow"


def test_relative_target_base_from_catalog_when_series_lacks_it():
    # no 2009 observation, but the catalog's baseline (2009 = 200 000 t) defines the target: 90 000 t
    ind = climate_indicator(baseline_year=2009, baseline_value=200_000)
    a = assess(ind, geometric(180_000, 0.97, 8, start=2012), base_year=2012, now_year=2020)
    assert a.target_value == pytest.approx(90_000)
    assert "target_base_from_catalog" in a.notes
    assert a.status in TARGET_STATUSES


def test_relative_target_without_base_value_is_insufficient():
    a = assess(climate_indicator(), geometric(180_000, 0.97, 8, start=2012), base_year=2012, now_year=2020)
    assert a.status == INSUFFICIENT
    assert a.insufficient_reason == "no_target_base_value"
    assert "2009" in explanation(a, "nb") and "2009" in explanation(a, "en")


# --- keep targets ----------------------------------------------------------------------------------------
KEEP_UP = {"kind": "keep", "value": 80.0}


def test_keep_target_met():
    # 82, 83, 81, 84 (2015–2018) are all ≥ 80: the level held in all 4 years → kept (achieved)
    a = assess(indicator("up", KEEP_UP), series([82, 83, 81, 84]), now_year=2019)
    assert a.status == "achieved" and a.n_held == 4
    assert explanation(a, "nb") == (
        f"Nivået skal holdes på minst 80,0{S}%, og har holdt alle 4 årene siden 2015: 84,0{S}% i 2018, målet holdes."
    )
    assert explanation(a, "en") == (
        "The level must stay at least 80.0% and has held in all 4 years since 2015: 84.0% in 2018, target kept."
    )


def test_keep_target_lost_and_still_falling():
    # 85 · 0.98^k, 2015–2019: latest 78.40 < 80. The base (85) met the level, so the requirement is counted
    # from the latest value: B = ln(80/78.40)/(2030 − 2019) = 0.001840 > 0; b = ln 0.98 < 0 → R < 0.
    a = assess(indicator("up", KEEP_UP), geometric(85, 0.98, 5), now_year=2020)
    assert a.status == "moving_away"
    assert "required_from_latest" in a.notes
    assert a.required_from_year == 2019
    assert a.required_rate == pytest.approx((80 / (85 * 0.98**4)) ** (1 / 11) - 1)
    # 85, 83.3, 81.634, 80.001, 78.401: the level 80 held in 4 of the 5 years
    assert a.n_held == 4
    assert explanation(a, "nb") == (
        f"Nivået skal holdes på minst 80,0{S}%, men var 78,4{S}% i 2019 (holdt i 4 av 5 år "
        f"siden 2015); nødvendig endring +0,2{S}% per år fra 2019, oppnådd {MINUS}2,0{S}% "
        "per år: beveger seg bort fra målet."
    )


def test_keep_target_lost_but_recovering():
    # 85, 70, 73.5, 77.175 (2015–2018). Pairwise log slopes: −0.1942, −0.0727, −0.0322, and 3 × ln 1.05 = 0.0488;
    # Theil–Sen median = (−0.0322 + 0.0488)/2 = 0.00833. Needed from 2018: ln(80/77.175)/12 = 0.00300 → R = 2.78
    a = assess(indicator("up", KEEP_UP), series([85, 70, 73.5, 77.175]), now_year=2019)
    assert a.ratio == pytest.approx(2.78, abs=0.01)
    assert a.status == "on_track"


def test_keep_down_target():
    # stay at or below 10: 8, 9, 9.5, 12 → latest 12 > 10, rising → moving away
    a = assess(indicator("down", {"kind": "keep", "value": 10.0}), series([8, 9, 9.5, 12]), now_year=2019)
    assert a.status == "moving_away"


# --- band targets ----------------------------------------------------------------------------------------
BAND = {"kind": "band", "low": 20.0, "high": 30.0, "lowest_accepted": 15.0}

BAND_CASES = [
    # inside [20, 30] → achieved
    ("inside", [22, 24, 25], "achieved", None, None),
    # below: 10, 11, 12.1 (+10 %/yr) towards the low edge 20: B = ln 2/15 = 0.046210, b = ln 1.1 → R = 2.0626
    ("below-rising", [10, 11, 12.1], "on_track", 2.0626, "up"),
    # above and rising: 40, 44, 48.4 towards 30 (down) → R < 0
    ("above-rising", [40, 44, 48.4], "moving_away", None, "down"),
    # above, −1 %/yr: B = ln 0.75/15 = −0.019179, b = −0.010050 → R = 0.5240
    ("above-falling-slowly", [40, 39.6, 39.204], "limited", 0.5240, "down"),
]


@pytest.mark.parametrize("case, values, status, ratio, eff", BAND_CASES, ids=[c[0] for c in BAND_CASES])
def test_band_targets(case, values, status, ratio, eff):
    a = assess(indicator("band", BAND), series(values), now_year=2018)
    assert a.status == status
    assert a.effective_direction == eff
    if ratio is not None:
        assert a.ratio == pytest.approx(ratio, abs=1e-4)


def test_band_explanations():
    inside = assess(indicator("band", BAND), series([22, 24, 25]), now_year=2018)
    assert explanation(inside, "nb") == f"Innenfor ønsket område 20,0{S}%–30,0{S}%: 25,0{S}% i 2017."
    below = assess(indicator("band", BAND), series([10, 11, 12.1]), now_year=2018)
    assert "below_lowest_accepted" in below.notes
    assert explanation(below, "nb") == (
        f"Utenfor ønsket område 20,0{S}%–30,0{S}% (12,1{S}% i 2017, under laveste akseptable verdi 15,0{S}%); "
        f"nødvendig endring +4,7{S}% per år mot 20,0{S}%, oppnådd +10,0{S}% per år: i rute."
    )
    assert "below the lowest accepted value 15.0%" in explanation(below, "en")
    above = assess(indicator("band", BAND), series([40, 44, 48.4]), now_year=2018)
    assert "laveste" not in explanation(above, "nb")


def test_band_without_target_cannot_be_judged():
    a = assess(indicator("band", BAND), series([22, 24, 25]), target=None, now_year=2018)
    assert a.status == INSUFFICIENT and a.insufficient_reason == "band_needs_target"
    assert a.trend_status is None


# --- linear rates (zeros, negatives, target 0) ------------------------------------------------------------
LINEAR_CASES = [
    # target 0 (e.g. no one killed in traffic): 10, 8, 6, 4 (count). B = (0 − 10)/15 = −0.6667/yr; b = −2 → R = 3
    ("down-to-zero", "down", [10, 8, 6, 4], 0, "count", "on_track", 3.0),
    # crossing zero: −5, −3, −1, 1, target 10 up: B = 15/15 = 1; b = 2 → R = 2
    ("sign-change", "up", [-5, -3, -1, 1], 10, "count", "on_track", 2.0),
    # starts at 0 %: 0, 1, 2, 3, target 30 %: B = 2 pp/yr; b = 1 → R = 0.5 → limited
    ("from-zero", "up", [0, 1, 2, 3], 30, "percent", "limited", 0.5),
    # all negative, lower is better, target −20: −10, −11, −12: B = −10/15 = −0.6667, b = −1 → R = 1.5
    ("negative", "down", [-10, -11, -12], -20, "count", "on_track", 1.5),
]


@pytest.mark.parametrize(
    "case, direction, values, target, unit, status, ratio", LINEAR_CASES, ids=[c[0] for c in LINEAR_CASES]
)
def test_linear_rates(case, direction, values, target, unit, status, ratio):
    a = assess(indicator(direction, {"kind": "absolute", "value": target}, unit=unit), series(values), now_year=2019)
    assert a.rate_kind == "linear"
    assert "linear_rate_used" in a.notes
    assert a.status == status
    assert a.ratio == pytest.approx(ratio)


def test_linear_explanation_is_in_units():
    a = assess(indicator("up", {"kind": "absolute", "value": 30}), series([0, 1, 2, 3]), now_year=2019)
    assert explanation(a, "nb") == (
        "Nødvendig endring +2,0\u00a0prosentpoeng per år siden 2015; "
        "oppnådd +1,0\u00a0prosentpoeng per år: begrenset framgang."
    )
    assert explanation(a, "en") == (
        "Needed +2.0\u00a0percentage points per year since 2015; "
        "achieved +1.0\u00a0percentage points per year: limited progress."
    )
    b = assess(indicator("down", {"kind": "absolute", "value": 0}, unit="count"), series([10, 8, 6, 4]), now_year=2019)
    assert explanation(b, "nb").startswith(f"Nødvendig endring {MINUS}0,7 per år siden 2015; oppnådd {MINUS}2,0 per år")


def test_linear_path_reaches_target():
    ind = indicator("down", {"kind": "absolute", "value": 0}, unit="count")
    a = assess(ind, series([10, 8, 6, 4]), now_year=2019)
    path = required_path(ind, a)
    assert path["year"].tolist() == list(range(2015, 2031))
    assert path["value"].iloc[0] == pytest.approx(10) and path["value"].iloc[-1] == pytest.approx(0)
    assert path["value"].iloc[3] == pytest.approx(8)  # 10 − 3·2/3


# --- trend only (no target, e.g. comparison municipalities) ----------------------------------------------
TREND_CASES = [
    # v = d·ln q compared with ln(1.015) = 0.014889 and ln(1.005) = 0.004988
    ("up-substantial", "up", 1.02, "substantial"),  # v = 0.0198
    ("up-moderate", "up", 1.01, "moderate"),  # v = 0.00995
    ("up-little", "up", 1.003, "limited_trend"),  # v = 0.0030
    ("up-flat", "up", 1.0, "limited_trend"),  # v = 0
    ("up-deterioration", "up", 0.99, "deterioration"),  # v = −0.01005
    ("down-substantial", "down", 0.98, "substantial"),  # v = 0.0202
    ("down-at-1.5", "down", 0.985, "substantial"),  # v = −ln 0.985 = 0.01511 ≥ 0.01489
    ("down-moderate", "down", 0.99, "moderate"),  # v = 0.01005
    ("down-deterioration", "down", 1.02, "deterioration"),
]


@pytest.mark.parametrize("case, direction, q, status", TREND_CASES, ids=[c[0] for c in TREND_CASES])
def test_trend_only(case, direction, q, status):
    ind = indicator(direction, {"kind": "absolute", "value": 1.0 if direction == "down" else 1000.0})
    a = assess(ind, geometric(100, q, 6), target=None, now_year=2021)  # Asker's target deliberately not used
    assert a.target_kind is None and a.target_value is None and a.ratio is None
    assert a.status == status == a.trend_status
    assert a.required_rate is None and required_path(ind, a).empty


def test_trend_only_without_indicator():
    a = assess(None, geometric(100, 1.02, 6), direction="up", now_year=2021)
    assert a.status == "substantial"
    assert explanation(a, "nb") == f"Endring +2,0{S}% per år siden 2015: betydelig framgang."
    assert explanation(a, "en") == "Change of +2.0% per year since 2015: substantial progress."


def test_trend_status_is_computed_alongside_target_status():
    a = assess(indicator("up", {"kind": "absolute", "value": 300}), geometric(100, 1.03, 6), now_year=2021)
    assert a.status == "limited" and a.trend_status == "substantial"


def test_linear_trend_only_relative_to_base_or_earlier_level():
    # 0, 1, 2 up: base 0, so the reference level is the largest earlier |value| = 1 → v = 1/1 → substantial
    a = assess(None, series([0, 1, 2]), direction="up", now_year=2018)
    assert a.rate_kind == "linear" and a.trend_value == pytest.approx(1.0) and a.status == "substantial"
    # −100, −99.5, −99 (up, +0.5/yr relative to |base| 100 = 0.5 %) → moderate
    b = assess(None, series([-100, -99.5, -99]), direction="up", now_year=2018)
    assert b.trend_value == pytest.approx(0.005) and b.status == "moderate"


# --- insufficient data -----------------------------------------------------------------------------------
INSUFFICIENT_CASES = [
    ("empty", series([]), "no_data", 0),
    ("all-missing", series([None, None, None]), "no_data", 0),
    ("one-point", series([50]), "too_few_points", 1),
    ("two-points", series([50, 52]), "too_few_points", 2),
    ("two-points-and-gaps", series([50, None, None, 52]), "too_few_points", 2),
    ("only-before-base", series([50, 51, 52, 53], start=2010), "no_data_since_base", 0),
    ("mostly-before-base", series([50, 51, 52, 53, 54, 55, 56], start=2010), "too_few_points", 2),
]


@pytest.mark.parametrize("case, df, reason, n", INSUFFICIENT_CASES, ids=[c[0] for c in INSUFFICIENT_CASES])
def test_insufficient_data(case, df, reason, n):
    a = assess(indicator("up", {"kind": "absolute", "value": 60}), df, now_year=2020)
    assert a.status == INSUFFICIENT
    assert a.insufficient_reason == reason
    assert a.n_points == n
    assert a.trend_status is None and a.ratio is None and a.observed_rate is None
    for lang in ("nb", "en"):
        text = explanation(a, lang)
        assert text.endswith(".") and text.count(". ") == 0 and ("For lite data" in text or "Insufficient" in text)


def test_insufficient_explanations():
    a = assess(indicator("up", {"kind": "absolute", "value": 60}), series([50, 52]), now_year=2020)
    assert explanation(a, "nb") == f"For lite data: 2 målinger siden 2015, minst {MIN_POINTS} trengs."
    assert explanation(a, "en") == f"Insufficient data: 2 observations since 2015, at least {MIN_POINTS} needed."
    b = assess(indicator("up", {"kind": "absolute", "value": 60}), series([50, 51, 52, 53], start=2010), now_year=2020)
    assert explanation(b, "nb") == "For lite data: ingen målinger siden 2015 (siste er fra 2013)."


def test_few_points_that_meet_the_target_are_still_insufficient():
    a = assess(indicator("up", {"kind": "absolute", "value": 40}), series([50, 52]), now_year=2020)
    assert a.status == INSUFFICIENT and "latest_meets_target" in a.notes
    assert "når målet" in explanation(a, "nb")


# --- breaks, provisional values, missing values, duplicates ------------------------------------------------
def test_break_in_series_uses_only_the_part_after_the_latest_break():
    # 2015–2017 at a higher level, new definition from 2018 (flag "break" on 2018): only 2018–2020 count.
    df = series([60, 59, 58, 40, 41.2, 42.436], flags=["", "", "", "break", "", ""])
    a = assess(indicator("up", {"kind": "absolute", "value": 50}), df, now_year=2021)
    assert "break_in_series" in a.notes
    assert a.base_year == 2018 and a.base_value == 40 and a.n_points == 3
    # +3 %/yr from 40 towards 50 by 2030: B = ln 1.25/12 = 0.018595, b = ln 1.03 = 0.029559 → R = 1.59
    assert a.ratio == pytest.approx(math.log(1.03) / (math.log(1.25) / 12))
    assert a.status == "on_track"
    assert "2018" in note_texts(a, "nb")[0]


def test_break_leaving_too_few_points_is_insufficient():
    df = series([60, 59, 58, 57, 40, 41], flags=["", "", "", "", "break", ""])
    a = assess(indicator("up", {"kind": "absolute", "value": 50}), df, now_year=2021)
    assert a.status == INSUFFICIENT and a.n_points == 2 and "break_in_series" in a.notes


def test_break_flag_on_a_missing_value_still_breaks_the_series():
    df = series([60, 59, 58, None, 40, 41, 42], flags=["", "", "", "break", "", "", ""])
    a = assess(indicator("up", {"kind": "absolute", "value": 50}), df, now_year=2022)
    assert a.base_year == 2019 and a.n_points == 3


def test_provisional_latest_is_noted():
    df = series([50, 51, 52, 53], flags=["", "", "", "provisional"])
    a = assess(indicator("up", {"kind": "absolute", "value": 60}), df, now_year=2019)
    assert "provisional_latest" in a.notes
    assert note_texts(a, "nb")[a.notes.index("provisional_latest")] == "Siste tall (2018) er foreløpig."
    df2 = series([50, 51, 52, 53], flags=["", "provisional", "", ""])
    assert "provisional_values" in assess(indicator("up"), df2, now_year=2019).notes


def test_missing_values_are_ignored():
    df = series([100, None, 100 * 1.03**2, 100 * 1.03**3, None, 100 * 1.03**5])
    a = assess(indicator("up", {"kind": "absolute", "value": 150}), df, now_year=2021)
    assert a.n_points == 4 and "missing_values_ignored" in a.notes
    assert a.observed_rate == pytest.approx(0.03)
    assert a.status == "on_track"


def test_duplicate_years_raise_a_clear_error():
    df = pd.DataFrame(
        {"time": [2015.0, 2016.0, 2016.0, 2017.0], "year": [2015, 2016, 2016, 2017], "value": [1.0, 2.0, 2.5, 3.0]}
    )
    with pytest.raises(ValueError, match="more than one value for 2016"):
        assess(indicator("up"), df)


def test_duplicate_year_with_a_missing_value_is_not_a_duplicate():
    df = pd.DataFrame({"year": [2015, 2016, 2016, 2017], "value": [1.0, 2.0, np.nan, 3.0]})
    assert assess(indicator("up", {"kind": "absolute", "value": 5}), df, now_year=2018).n_points == 3


@pytest.mark.parametrize(
    "df, message",
    [
        (pd.DataFrame({"year": [2015], "verdi": [1.0]}), "'value' column"),
        (pd.DataFrame({"value": [1.0]}), "'time' or 'year'"),
        (pd.DataFrame({"year": [2015, 2016], "value": ["1,5", "x"]}), "must be numbers"),
        (pd.DataFrame({"year": [2015, 2016], "value": [1.0, math.inf]}), "infinite"),
        (pd.DataFrame({"year": [2015, None], "value": [1.0, 2.0]}), "no usable year"),
        ([1, 2, 3], "DataFrame"),
    ],
)
def test_bad_input_raises_value_error(df, message):
    with pytest.raises(ValueError, match=message):
        assess(indicator("up"), df)


def test_bad_arguments_raise_value_error():
    with pytest.raises(ValueError, match="direction"):
        assess(None, series([1, 2, 3]))
    with pytest.raises(ValueError, match="band"):
        assess(None, series([1, 2, 3]), direction="band", target=Target("absolute", 2030, value=5.0))
    with pytest.raises(ValueError, match="target"):
        assess(None, series([1, 2, 3]), direction="up", target="90 %")


def test_time_column_alone_and_year_alone_both_work():
    only_year = pd.DataFrame({"year": [2015, 2016, 2017], "value": [1.0, 2.0, 3.0]})
    only_time = pd.DataFrame({"time": [2015.0, 2016.0, 2017.0], "value": [1.0, 2.0, 3.0]})
    a, b = (assess(None, df, direction="up", now_year=2018) for df in (only_year, only_time))
    assert a.status == b.status and a.observed_rate == pytest.approx(b.observed_rate)


def test_quarterly_data_uses_fractional_time():
    # 1 % growth per quarter for 3 years: b = 4·ln 1.01 per year → CAGR = 1.01^4 − 1 = 4.06 %
    times = [2018 + k / 4 for k in range(12)]
    df = pd.DataFrame({"time": times, "year": [int(t) for t in times], "value": [100 * 1.01**k for k in range(12)]})
    a = assess(None, df, direction="up", base_year=2018, now_year=2021)
    assert a.observed_rate == pytest.approx(1.01**4 - 1)
    assert a.n_points == 12 and a.base_year == 2018 and a.latest_time == pytest.approx(2020.75)


# --- robustness and base-year sensitivity ----------------------------------------------------------------
def test_one_odd_latest_year_does_not_flip_the_status():
    # −4 %/yr 2015–2020, then 2021 jumps back to 100 (an odd year). Endpoint CAGR: 0 %/yr (→ moving away / limited);
    # Theil–Sen: 21 pairwise slopes, 15 of them exactly ln 0.96 → median ln 0.96 → still on track (target 60).
    values = [100 * 0.96**k for k in range(6)] + [100]
    a = assess(indicator("down", {"kind": "absolute", "value": 60}), series(values), now_year=2022)
    assert a.endpoint_rate == pytest.approx(0.0, abs=1e-12)
    assert a.observed_rate == pytest.approx(-0.04)
    assert a.status == "on_track"


def test_base_year_sensitivity_is_reported():
    # 2013–2014 at 100, an odd 2015 at 130, then 99, 98, 97, 96 (down, target 80).
    # From 2015: B = ln(80/130)/15 = −0.03237, b = −0.01034 (median of pairwise log slopes) → R = 0.32 (limited).
    # From 2013: B = ln(0.8)/17 = −0.01313, b = −0.00816 → R = 0.62 (too slow). The odd base value sets the
    # requirement, so the engine reports that the status depends on the base year.
    df = series([100, 100, 130, 99, 98, 97, 96], start=2013)
    a = assess(indicator("down", {"kind": "absolute", "value": 80}), df, now_year=2020)
    assert a.status == "limited"
    assert set(a.alternative_statuses) <= {2013, 2014, 2016, 2017}
    assert 2013 in a.alternative_statuses and a.alternative_statuses[2013] != "limited"
    assert a.base_year_sensitive and "base_year_sensitive" in a.notes
    assert "2013" in note_texts(a, "nb")[a.notes.index("base_year_sensitive")]


def test_smooth_series_is_not_base_year_sensitive():
    a = assess(indicator("up", {"kind": "absolute", "value": 150}), geometric(100, 1.03, 9, start=2013), now_year=2022)
    assert a.alternative_statuses and not a.base_year_sensitive


def test_base_year_override_and_moved_base():
    ind = indicator("up", {"kind": "absolute", "value": 150})
    a = assess(ind, geometric(100, 1.03, 6, start=2016), now_year=2022)
    assert a.base_year == 2016 and "base_year_moved" in a.notes
    assert note_texts(a, "en")[a.notes.index("base_year_moved")] == "No figure for 2015; the assessment starts in 2016."
    assert "siden 2016" in explanation(a, "nb")
    b = assess(ind, geometric(100, 1.03, 6, start=2016), base_year=2018, now_year=2022)
    assert b.base_year == 2018 and b.n_points == 4


def test_old_data_is_noted():
    a = assess(indicator("up", {"kind": "absolute", "value": 150}), geometric(100, 1.03, 5), now_year=2026)
    assert "old_data" in a.notes and a.status == "on_track"


# --- projection and paths ---------------------------------------------------------------------------------
def test_projection_follows_the_robust_trend_with_an_interval():
    ind = indicator("up", {"kind": "absolute", "value": 150})
    a = assess(ind, geometric(100, 1.03, 6), now_year=2021)
    assert a.projection_year == 2030
    assert a.projected_value == pytest.approx(100 * 1.03**15)
    assert a.projected_low <= a.projected_value <= a.projected_high
    assert a.projected_gap == pytest.approx(150 - 100 * 1.03**15)
    assert a.gap_to_target == pytest.approx(150 - 100 * 1.03**5)
    noisy = assess(ind, series([100, 104, 105, 111, 110, 118]), now_year=2021)
    assert noisy.projected_low < noisy.projected_value < noisy.projected_high
    tp = trend_path(noisy)
    assert tp["year"].iloc[0] == 2015 and tp["year"].iloc[-1] == 2030
    assert (tp["low"] <= tp["value"] + 1e-9).all() and (tp["value"] <= tp["high"] + 1e-9).all()
    assert tp["value"].iloc[-1] == pytest.approx(noisy.projected_value)


def test_required_path_is_geometric_for_cagr():
    ind = indicator("up", {"kind": "absolute", "value": 150})
    a = assess(ind, geometric(100, 1.03, 6), now_year=2021)
    path = required_path(ind, a)
    assert path["year"].tolist() == list(range(2015, 2031))
    assert path["value"].iloc[0] == pytest.approx(100)
    assert path["value"].iloc[-1] == pytest.approx(150)
    assert path["value"].iloc[5] == pytest.approx(100 * 1.5 ** (5 / 15))


def test_required_path_from_latest_when_target_met_at_base():
    ind = indicator("up", KEEP_UP)
    a = assess(ind, geometric(85, 0.98, 5), now_year=2020)
    path = required_path(ind, a)
    assert path["year"].iloc[0] == 2019 and path["value"].iloc[-1] == pytest.approx(80)


def test_trend_path_empty_without_fit():
    a = assess(indicator("up"), series([1, 2]), now_year=2018)
    assert trend_path(a).empty and required_path(None, a).empty


# --- statuses: labels, icons, colours --------------------------------------------------------------------
def test_status_table_is_complete_and_ordered():
    assert STATUS_ORDER == (
        "achieved",
        "on_track",
        "too_slow",
        "limited",
        "moving_away",
        "not_reached",
        "insufficient",
        "old_data",
        "substantial",
        "moderate",
        "limited_trend",
        "deterioration",
    )
    for _code, s in STATUSES.items():
        assert s["nb"] and s["en"] and s["icon"] and s["colour"].startswith("#")
    # no status is told apart by colour alone: icon + label pairs are unique within each family
    for family in (
        TARGET_STATUSES + ("not_reached", "insufficient", "old_data"),
        TREND_STATUSES + ("insufficient", "old_data"),
    ):
        assert len({STATUSES[c]["icon"] for c in family}) == len(family)
        assert len({STATUSES[c]["nb"] for c in family}) == len(family)
    assert len({STATUSES[c]["nb"] for c in STATUS_ORDER}) == len(STATUS_ORDER)
    assert status_label("too_slow", "nb") == "For langsom framgang"
    assert status_label("too_slow", "en") == "Progress too slow"


def test_thresholds_are_the_open_sdg_ones():
    assert (ON_TRACK, TOO_SLOW, TREND_SUBSTANTIAL, TREND_MODERATE, MIN_POINTS) == (0.95, 0.60, 0.015, 0.005, 3)


@pytest.mark.parametrize(
    "ratio, status",
    [
        (0.95, "on_track"),
        (0.9499, "too_slow"),
        (0.60, "too_slow"),
        (0.5999, "limited"),
        (0.0, "limited"),
        (-0.0001, "moving_away"),
    ],
)
def test_ratio_threshold_edges(ratio, status):
    # Choose the target so that R is exactly `ratio` for a +3 %/yr series: B = ln 1.03 / ratio.
    if ratio == 0:
        values, target = [100, 100, 100], 150.0  # b = 0 → R = 0
    else:
        b = math.log(1.03)
        values = [100 * 1.03**k for k in range(3)]
        target = 100 * math.exp(15 * b / ratio) if ratio > 0 else 150.0
        if ratio < 0:
            values = [100 * math.exp(-0.0001 * math.log(150 / 100) / 15 * k) for k in range(3)]
    a = assess(indicator("up", {"kind": "absolute", "value": target}), series(values), now_year=2018)
    assert a.status == status


def test_to_dict_is_plain_data():
    a = assess(indicator("up", {"kind": "absolute", "value": 150}), geometric(100, 1.03, 6), now_year=2021)
    d = a.to_dict()
    assert d["status"] == "on_track" and isinstance(d["alternative_statuses"], dict)


# --- summaries --------------------------------------------------------------------------------------------
def _a(status, ratio=None, n=5, trend_value=None, stale=False, target=None, projected=None, latest=1.0, direction="up"):
    return Assessment(
        status=status,
        ratio=ratio,
        n_points=n,
        trend_value=trend_value,
        stale=stale,
        target_value=target,
        projected_value=projected,
        effective_direction=direction,
        latest_value=None if n == 0 else latest,
        latest_year=None if n == 0 else 2024,
    )


def test_summary_counts_every_status_and_never_hides_missing_data():
    # Up-indicators with target 100: the size of the miss is (100 − projected)/max(100, latest).
    assessments = {
        "a": _a("achieved", target=100, latest=101),
        "b": _a("on_track", 1.2, target=100, projected=104),
        "c": _a("too_slow", 0.7, target=100, projected=90),
        "d": _a("moving_away", -0.5, target=100, projected=70),  # miss 0.30
        "e": _a("moving_away", -0.1, target=100, projected=95),  # miss 0.05
        "f": _a("insufficient", n=2),
        "g": _a("limited", 0.3, target=100, projected=80),
        "h": _a("insufficient", n=0),
        "i": _a("on_track", 1.1, stale=True, target=100, projected=101),  # old data: not counted as on track
    }
    s = summarize(assessments, ["a", "b", "c", "d", "e", "f", "g", "h", "i", "x"])  # "x" has no assessment
    assert set(s.counts) == set(STATUS_ORDER)
    assert s.counts == {
        "achieved": 1,
        "on_track": 1,
        "too_slow": 1,
        "limited": 1,
        "moving_away": 2,
        "not_reached": 0,
        "insufficient": 3,
        "old_data": 1,
        "substantial": 0,
        "moderate": 0,
        "limited_trend": 0,
        "deterioration": 0,
    }
    assert sum(s.counts.values()) == s.n_indicators == 10
    assert s.n_assessed == 6 and s.n_good == 2
    assert s.share_assessed == pytest.approx(6 / 10)
    assert s.share_on_track == pytest.approx(2 / 10)  # every indicator of the list is the denominator
    assert s.share_on_track_of_assessed == pytest.approx(2 / 6)
    assert s.without_data == ["h", "x"] and s.n_without_data == 2
    assert s.insufficient == ["f", "h", "x"] and s.old_data == ["i"]
    assert s.worst == ["d", "e", "g", "c", "b", "a"]  # moving away (miss 0.30 before 0.05), limited, too slow, …
    assert s.text("nb") == (
        "2 av 10 indikatorer nådd eller i rute (2 av 6 vurderte); 1 med gamle data; 3 mangler nok data."
    )
    assert s.text("en") == (
        "2 of 10 indicators reached or on track (2 of 6 assessed); 1 with old data; 3 lack sufficient data."
    )


def test_summary_of_nothing_and_of_trend_only():
    empty = summarize({}, [])
    assert empty.n_indicators == 0 and empty.share_assessed is None and empty.share_on_track is None
    assert sum(empty.counts.values()) == 0
    trend = summarize(
        {"a": _a("substantial", trend_value=0.02), "b": _a("deterioration", trend_value=-0.01)}, ["a", "b", "a"]
    )  # duplicates counted once
    assert trend.n_indicators == 2 and trend.worst == ["b", "a"]
    assert trend.counts["substantial"] == 1 and trend.counts["deterioration"] == 1


def test_summary_with_real_assessments_for_an_objective():
    ind_up = indicator("up", {"kind": "absolute", "value": 150}, iid="ind-a")
    ind_down = indicator("down", {"kind": "absolute", "value": 50}, iid="ind-b")
    assessments = {
        "ind-a": assess(ind_up, geometric(100, 1.03, 6), now_year=2021),  # on track
        "ind-b": assess(ind_down, geometric(100, 1.01, 6), now_year=2021),  # moving away
        "ind-c": assess(ind_up, series([50]), now_year=2021),  # insufficient (1 point)
    }
    s = summarize(assessments, ["ind-a", "ind-b", "ind-c"])
    assert s.worst == ["ind-b", "ind-a"] and s.insufficient == ["ind-c"] and s.without_data == []


def test_small_rates_keep_their_sign_in_the_explanation():
    # −0.03 %/yr is "moving away" (R < 0); "0,0 %" beside that status would look contradictory
    a = assess(indicator("up", {"kind": "absolute", "value": 150}), geometric(100, 0.9997, 6), now_year=2021)
    assert a.status == "moving_away"
    assert f"oppnådd {MINUS}0,03{S}% per år" in explanation(a, "nb")
    flat = assess(indicator("up", {"kind": "absolute", "value": 150}), geometric(100, 1.0, 6), now_year=2021)
    assert flat.status == "limited" and f"oppnådd 0,0{S}% per år" in explanation(flat, "nb")


def test_projection_stays_within_what_a_share_allows():
    # 40 → 85 % in five years is ~+16 % a year; extrapolated to 2030 that would be ~230 %, which a share
    # cannot be: the projection and the trend path stop at 100 %.
    ind = indicator("up", {"kind": "keep", "value": 80.0})
    a = assess(ind, series([40, 52, 61, 70, 78, 85], start=2019), now_year=2025)
    assert a.projected_high <= 100 and a.projected_value <= 100
    path = trend_path(a)
    assert path["high"].max() <= 100 and path["low"].min() >= 0


def test_projection_of_a_count_never_goes_below_zero():
    ind = indicator("down", {"kind": "absolute", "value": 5.0}, unit="count", decimals=0)
    a = assess(ind, series([100, 70, 45, 30, 18, 9]), now_year=2021)
    assert a.projected_low >= 0 and trend_path(a)["low"].min() >= 0
