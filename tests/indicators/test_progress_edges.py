"""Progress engine, second edition (issue 15): targets past their year, near-misses, two time windows, natural
limits, keep targets over every year, summaries that do not flatter, and the small truths of the sentences.

Notation as in test_progress.py: base year t0, target year T, d = +1 (up) / −1 (down); for a geometric series
y_k = y0·q^k the Theil–Sen line through ln y is exact, so b = ln q; B = ln(target/y0)/(T − t0); R = d·b/|B|.
"""

import math

import numpy as np
import pandas as pd
import pytest

from etl.periods import parse_period
from indicators.catalog import FREQUENCIES, Target, parse_indicator
from indicators.explain import explanation, note_texts
from indicators.format import MINUS, NBSP, fmt_percent_auto, fmt_value
from indicators.progress import (
    INSUFFICIENT,
    NOT_REACHED,
    OLD_DATA,
    SEVERITY,
    STATUSES,
    assess,
    limit_coefficient,
    required_path,
)
from indicators.summary import miss_size, summarize
from indicators.tables import method_table, target_text

S = NBSP


def series(values, start=2015, times=None):
    years = list(range(start, start + len(values)))
    return pd.DataFrame(
        {
            "time": [float(y) for y in years] if times is None else times,
            "year": years,
            "value": [float(v) for v in values],
        }
    )


def geometric(y0, q, n, start=2015):
    return series([y0 * q**k for k in range(n)], start)


def indicator(
    direction="up",
    target=None,
    unit="percent",
    baseline_year=2015,
    decimals=1,
    frequency="annual",
    natural_limit=None,
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
        "frequency": frequency,
        "definition": {"nb": "Test.", "en": "Test."},
        "decimals": decimals,
    }
    if natural_limit is not None:
        raw["natural_limit"] = natural_limit
    return parse_indicator(raw, objective_ids=["3.1"])


# --- 1. a target whose year has passed ------------------------------------------------------------------
PASSED_CASES = [
    # id, direction, target {kind, value, year}, values from 2015, now_year, status, gap (target − latest)
    # 2017 target ≥ 80; 2015–2019 = 74…78; in 2020 the year is long gone and 78 < 80 → not reached, 2,0 pp short
    (
        "2017-target-in-2020",
        "up",
        {"kind": "absolute", "value": 80.0, "year": 2017},
        [74, 75, 76, 77, 78],
        2020,
        NOT_REACHED,
        2.0,
    ),
    # the data reach the target year itself: 2020 target ≥ 80, 2015–2020 up to 79 → not reached, even in 2020
    (
        "data-reach-target-year",
        "up",
        {"kind": "absolute", "value": 80.0, "year": 2020},
        [74, 75, 76, 77, 78, 79],
        2020,
        NOT_REACHED,
        1.0,
    ),
    # calendar past the target year, data not: 2025 target, data 2015–2024, now 2026 → not reached (at 2024's 79)
    (
        "calendar-past-target-year",
        "up",
        {"kind": "absolute", "value": 80.0, "year": 2025},
        [70, 71, 72, 73, 74, 75, 76, 77, 78, 79],
        2026,
        NOT_REACHED,
        1.0,
    ),
    # the same in 2025: the year has not passed (2025 is not > 2025, latest 2024 < 2025) → a progress status;
    # b = ln(79/70)/9 (geometric-ish line, Theil–Sen ≈ 1.35 %/yr) against B = ln(80/70)/10 = 1.34 %/yr → on track
    (
        "same-one-year-earlier",
        "up",
        {"kind": "absolute", "value": 80.0, "year": 2025},
        [70, 71, 72, 73, 74, 75, 76, 77, 78, 79],
        2025,
        "on_track",
        1.0,
    ),
    # met after the year: 2017 target ≥ 76, latest 78 ≥ 76 → reached (late, but reached)
    ("met-late", "up", {"kind": "absolute", "value": 76.0, "year": 2017}, [74, 75, 76, 77, 78], 2020, "achieved", -2.0),
    # lower is better: 2018 target ≤ 10, latest 12 → not reached, 2,0 pp above
    (
        "down-not-reached",
        "down",
        {"kind": "absolute", "value": 10.0, "year": 2018},
        [14, 13.5, 13, 12.5, 12],
        2020,
        NOT_REACHED,
        -2.0,
    ),
]


@pytest.mark.parametrize(
    "case, direction, target, values, now_year, status, gap", PASSED_CASES, ids=[c[0] for c in PASSED_CASES]
)
def test_target_year_passed(case, direction, target, values, now_year, status, gap):
    a = assess(indicator(direction, target), series(values), now_year=now_year)
    assert a.status == status
    assert a.gap_to_target == pytest.approx(gap)
    if status == NOT_REACHED:
        assert a.target_year_passed and "target_year_passed" in a.notes
        # nothing is graded as if there were still time: no requirement, no ratio, no projection cast backwards
        assert a.required_rate is None and a.ratio is None and a.projection_year is None
        assert required_path(None, a).empty


def test_not_reached_sentence_says_by_how_much():
    a = assess(
        indicator("up", {"kind": "absolute", "value": 80.0, "year": 2017}), series([74, 75, 76, 77, 78]), now_year=2020
    )
    assert explanation(a, "nb") == (
        f"Målåret 2017 er passert uten at målet (minst 80,0{S}%) er nådd: 78,0{S}% i 2019, "
        f"2,0{S}prosentpoeng under målet."
    )
    assert explanation(a, "en") == (
        "The target year 2017 has passed without the target (at least 80.0%) being "
        f"reached: 78.0% in 2019, 2.0{S}percentage points below the target."
    )
    down = assess(
        indicator("down", {"kind": "absolute", "value": 10.0, "year": 2018}, unit="count"),
        series([14, 13.5, 13, 12.5, 12]),
        now_year=2020,
    )
    assert explanation(down, "nb").endswith("12,0 i 2019, 2,0 over målet.")


def test_lost_keep_level_past_its_year_counts_the_years_held():
    # keep ≥ 80 until 2019: 82, 81, 79, 78, 77 (2015–2019) held in 2 of 5 years; in 2021 → not reached
    a = assess(
        indicator("up", {"kind": "keep", "value": 80.0, "year": 2019}), series([82, 81, 79, 78, 77]), now_year=2021
    )
    assert a.status == NOT_REACHED and a.n_held == 2
    assert explanation(a, "nb").endswith(
        f"77,0{S}% i 2019, 3,0{S}prosentpoeng under målet (holdt i 2 av 5 år siden 2015)."
    )


def test_keep_level_regained_after_its_year_is_still_not_reached():
    # keep ≥ 80 until 2017; 82, 79, 81, 84 (2015–2018): lost in 2016, so "every year" failed; 84 holds now
    a = assess(indicator("up", {"kind": "keep", "value": 80.0, "year": 2017}), series([82, 79, 81, 84]), now_year=2019)
    assert a.status == NOT_REACHED and a.n_held == 3
    assert explanation(a, "nb") == (
        f"Målåret 2017 er passert; nivået (minst 80,0{S}%) holdt bare i 3 av 4 år siden "
        f"2015, selv om det holder nå (84,0{S}% i 2018)."
    )


def test_band_past_its_year():
    # band 20–30 until 2019; 26, 24, 21, 19, 17 → 17 in 2019, 3,0 pp below the low edge
    band = {"kind": "band", "low": 20.0, "high": 30.0, "year": 2019}
    a = assess(indicator("band", band), series([26, 24, 21, 19, 17]), now_year=2020)
    assert a.status == NOT_REACHED
    assert explanation(a, "nb") == (
        f"Målåret 2019 er passert, og verdien er utenfor ønsket område 20,0{S}%–30,0{S}%: "
        f"17,0{S}% i 2019, 3,0{S}prosentpoeng under 20,0{S}%."
    )


def test_quarterly_data_pass_the_target_year_at_its_time():
    # The target is taken at time T = 2020 (as the required rate's horizon T − t0 is). Quarter times are
    # year + (q − 2.5)/4 (etl/periods.py): 2020K2 = 2019.875 < 2020, 2020K3 = 2020.125 ≥ 2020.
    labels = [f"{y}K{q}" for y in range(2018, 2021) for q in range(1, 5)]
    periods = [parse_period(p) for p in labels]
    df = pd.DataFrame(
        {
            "time": [p.time for p in periods],
            "year": [p.year for p in periods],
            "value": [10.0 - 0.01 * k for k in range(len(labels))],
        }
    )
    target = {"kind": "absolute", "value": 5.0, "year": 2020}
    ind = indicator("down", target, frequency="quarterly", baseline_year=2017)
    through_q2 = assess(ind, df.iloc[:10], base_year=2018, now_year=2020)
    assert not through_q2.target_year_passed and through_q2.status != NOT_REACHED
    through_q3 = assess(ind, df.iloc[:11], base_year=2018, now_year=2020)
    assert through_q3.target_year_passed and through_q3.status == NOT_REACHED


def test_not_reached_has_an_icon_a_word_and_its_own_colour():
    s = STATUSES[NOT_REACHED]
    assert (s["nb"], s["en"], s["icon"]) == ("Ikke nådd", "Not reached", "⊘")
    others = {STATUSES[c]["colour"] for c in STATUSES if STATUSES[c]["kind"] == "target" and c != NOT_REACHED}
    assert s["colour"] not in others


# --- 2. near-misses: the projection's interval, not R alone -----------------------------------------------
# A flat series about 2 ‰ below its target: 50.01, 50.02, 49.98, 49.99, 50.02, 50.01 (2015–2020), target 50.1.
# B = ln(50.1/50.01)/15 ≈ 0.000120 per year, a requirement smaller than the noise, so R = b/B is noise/noise.
NEAR = [50.01, 50.02, 49.98, 49.99, 50.02, 50.01]
NEAR_TARGET = Target("absolute", 2030, value=50.1)


def _near(values):
    return assess(None, series(values), direction="up", target=NEAR_TARGET, now_year=2021)


def test_near_miss_one_value_moved_by_002_cannot_make_it_moving_away():
    # First value 50.01 → 50.03: the 15 pairwise slopes of ln y (×10⁴) are −8, −5, −3, −2.67, −2, −2, −0.8,
    # −0.5, −0.5, 0, 2, 2, 2, 4, 6; the median is −0.5·10⁻⁴, so b ≈ −0.00005 and with
    # B = ln(50.1/50.03)/15 = 0.0000932, R = −0.54: R alone says "moving away". The slope interval runs from
    # −5·10⁻⁴ to +4·10⁻⁴; pivoting at the median point (2017.5, ½(ln 50.01 + ln 50.02)) and projected to
    # 2030, the upper end is √(50.01·50.02)·e^(12.5·0.0004) = 50.27 ≥ 50.1: the data cannot tell the series
    # moving away → limited.
    a = _near([50.03] + NEAR[1:])
    assert a.ratio == pytest.approx(-0.536, abs=0.001)
    assert a.ratio_status == "moving_away" and a.status == "limited"
    assert a.projected_high == pytest.approx(math.sqrt(50.01 * 50.02) * math.exp(12.5 * 0.0004), rel=1e-6)
    assert a.projected_high >= 50.1
    assert "projection_reaches_target" in a.notes
    assert explanation(a, "nb") == (
        f"Nødvendig endring +0,01{S}% per år siden 2015; oppnådd {MINUS}0,005{S}% per år, "
        "men framskrivingen for 2030 (49,7 til 50,3) rekker til målet: begrenset framgang."
    )
    # The fifth value 50.02 → 50.04 instead: median slope ln(50.02/49.99)/2 ≈ 1.33·10⁻⁴ against
    # B = ln(50.1/50.01)/15 = 1.20·10⁻⁴ → R = 1.11, on track. One value, 0.02 apart: on track or limited,
    # never "moving away".
    b = _near(NEAR[:4] + [50.04, 50.01])
    assert b.status == "on_track" and b.ratio == pytest.approx(1.11, abs=0.01)


@pytest.mark.parametrize("pos", range(6))
@pytest.mark.parametrize("delta", [-0.02, 0.02])
def test_near_miss_never_moving_away_whichever_value_moves(pos, delta):
    values = list(NEAR)
    values[pos] = round(values[pos] + delta, 2)
    a = _near(values)
    assert a.status != "moving_away"
    assert a.projected_high >= 50.1  # the rule that decides it: the interval's upper end reaches the target


def test_a_clear_move_away_stays_moving_away():
    # 50, 49, 48, 47, 46, 45 (−1 a year, exact line: the interval is the line itself); target 60 →
    # projected 2030 = 45·(45/50)^(10/5)… far below 60; R = −ln(50/45)/5 / (ln(60/50)/15) = −1.73 → moving away
    a = assess(
        None,
        series([50, 49, 48, 47, 46, 45]),
        direction="up",
        target=Target("absolute", 2030, value=60.0),
        now_year=2021,
    )
    assert a.status == a.ratio_status == "moving_away"
    assert "projection_reaches_target" not in a.notes


# --- 3. two windows: the long one decides, the short one is told -------------------------------------------
def test_recent_rebound_is_reported_beside_the_long_term_status():
    # Emissions 2009–2019 fall 4 % a year (100·0.96^k), then rise 4 % a year 2020–2022. Climate target −55 %
    # from 2009: B = ln 0.45/21 = −0.038024.
    # Long window (2009–2022, 14 points, 91 pairs): 55 pairs lie on the falling part at ln 0.96 = −0.040822;
    # every other pair is higher, so the median (46th) is −0.040822 → R = 1.0736 → on track.
    # Short window (2017–2022, the last 5 years, 6 points): 3 falling pairs at −0.040822, 6 rising at
    # ln 1.04 = 0.039221, 6 across the turn: 2017→2020 −0.014141, 2017→2021 −0.000800, 2017→2022 +0.007204,
    # 2018→2020 −0.000800, 2018→2021 +0.012540, 2018→2022 +0.019210. Sorted, the 8th of 15 is +0.012540:
    # rising 1,26 % a year, the other way.
    values = [100 * 0.96**k for k in range(11)] + [100 * 0.96**10 * 1.04**k for k in range(1, 4)]
    target = Target("relative", 2030, change=-0.55, base_year=2009)
    a = assess(None, series(values, 2009), direction="down", target=target, base_year=2009, now_year=2023)
    assert a.status == "on_track" and a.ratio == pytest.approx(0.040822 / 0.038024, abs=1e-4)
    assert a.short_from_year == 2017 and a.short_n_points == 6
    assert math.log1p(a.short_rate) == pytest.approx(0.012540, abs=1e-5)
    assert a.short_status == "moving_away"  # the short window alone: R = −0.0125/0.0380 < 0
    assert "recent_trend_opposite" in a.notes
    assert note_texts(a, "nb")[a.notes.index("recent_trend_opposite")] == (
        f"De siste fem årene (2017–2022) går utviklingen den andre veien: +1,3{S}% per år."
    )
    table = method_table(climate_like_indicator(), a, "nb").set_index("Tall")["Verdi"]
    assert table["Endring per år de siste fem årene"] == f"+1,3{S}% per år (2017–2022)"


def climate_like_indicator():
    return indicator(
        "down",
        {"kind": "relative", "change": -0.55, "base_year": 2009},
        unit="tonnes_co2e",
        baseline_year=2009,
        decimals=0,
    )


def test_short_window_agreeing_adds_no_note_and_too_short_series_have_none():
    a = assess(
        None,
        geometric(100, 0.96, 12, 2009),
        direction="down",
        base_year=2009,
        target=Target("relative", 2030, change=-0.55, base_year=2009),
        now_year=2021,
    )
    assert a.short_from_year == 2015 and "recent_trend_opposite" not in a.notes  # both windows fall 4 %
    # 2018–2022: the last five years are the whole series, so there is no separate short window
    b = assess(None, geometric(100, 0.96, 5, 2018), direction="down", base_year=2018, now_year=2023)
    assert b.short_rate is None and b.short_status is None


# --- 4. natural limits for trend-only series ----------------------------------------------------------------
LIMIT_CASES = [
    # id, base value, q per year, limit, status with the limit, status without
    # C = 1 − 0.992^4.44 = 1 − e^(4.44·ln 0.992) = 1 − 0.96497 = 0.03504. v = ln 0.9991 = −0.000900.
    # Decline tolerance ln(1 + 0.005·(1 − C)) = 0.004813 > 0.000900 → little progress, not deterioration.
    ("99.2-slipping", 99.2, 0.9991, 100.0, "limited_trend", "deterioration"),
    # the same slip at 60 %: C = 1 − 0.6^4.44 = 1 − 0.10353 = 0.89647; tolerance ln(1 + 0.005·0.10353)
    # = 0.000518 < 0.000900 → deterioration, as without a limit
    ("60-slipping", 60.0, 0.9991, 100.0, "deterioration", "deterioration"),
    # +0.05 %/yr at 99.2 %: moderate threshold ln(1 + 0.005·0.03504) = 0.000175 ≤ ln 1.0005 = 0.000500
    # < substantial ln(1 + 0.015·0.03504) = 0.000525 → moderate (without the limit: little progress)
    ("99.2-creeping-up", 99.2, 1.0005, 100.0, "moderate", "limited_trend"),
    # at the limit (100 % every year): C = 0, every threshold ≥ 0 is 0 → substantial (Open SDG's special case)
    ("at-the-limit", 100.0, 1.0, 100.0, "substantial", "limited_trend"),
    # far from the limit (40 %): C = 1 − 0.4^4.44 = 0.98297: +1.5 %/yr is substantial either way
    ("far-from-limit", 40.0, 1.015, 100.0, "substantial", "substantial"),
]


@pytest.mark.parametrize("case, y0, q, limit, with_limit, without", LIMIT_CASES, ids=[c[0] for c in LIMIT_CASES])
def test_natural_limit_scales_the_trend_thresholds(case, y0, q, limit, with_limit, without):
    ind = indicator("up", natural_limit=limit)
    a = assess(ind, geometric(y0, q, 6), target=None, now_year=2021)
    assert a.status == with_limit
    assert a.limit_coefficient == pytest.approx(limit_coefficient(y0, limit, 1))
    plain = assess(ind, geometric(y0, q, 6), target=None, natural_limit=None, now_year=2021)
    assert plain.status == without and plain.limit_coefficient is None


@pytest.mark.parametrize(
    "base, limit, d, coeff",
    [
        (99.2, 100.0, 1, 1 - 0.992**4.44),  # 0.03504
        (50.0, 100.0, 1, 1 - 0.5**4.44),  # 0.95393
        (150.0, 100.0, -1, 1 - 0.5**4.44),  # a minimum limit: (2·100 − 150)/100 = 0.5 → the same 0.95393
        (250.0, 100.0, -1, 1.0),  # base ≥ 2 × limit → 1
        (100.0, 100.0, 1, 0.0),  # at the limit → 0
        (100.3, 100.0, 1, 0.0),  # beyond it (rounding in a source) → 0, not a negative distance
        (5.0, 0.0, -1, 1.0),  # a minimum of 0 changes nothing: relative falls are always possible
        (3.0, None, 1, 1.0),  # no limit
    ],
)
def test_limit_coefficient_table(base, limit, d, coeff):
    assert limit_coefficient(base, limit, d) == pytest.approx(coeff, abs=1e-12)


def test_natural_limit_is_ignored_with_a_target_and_noted_without():
    ind = indicator("up", {"kind": "absolute", "value": 99.9}, natural_limit=100.0)
    with_target = assess(ind, geometric(99.2, 0.9991, 6), now_year=2021)
    assert with_target.limit_coefficient is None and "natural_limit" not in with_target.notes
    trend = assess(ind, geometric(99.2, 0.9991, 6), target=None, now_year=2021)
    assert note_texts(trend, "nb")[trend.notes.index("natural_limit")] == (
        f"Verdien er nær den naturlige grensen 100,0{S}%, så tersklene for framgang er skalert med 0,04 (Open SDG)."
    )


def test_catalog_natural_limit_field():
    assert indicator("up", natural_limit=100).natural_limit == 100.0
    with pytest.raises(ValueError, match="natural_limit"):
        indicator("up", natural_limit="100 %")
    with pytest.raises(ValueError, match="natural_limit needs direction up or down"):
        indicator("band", {"kind": "band", "low": 1.0, "high": 2.0}, natural_limit=100)


# --- 5. keep targets are judged on every year since the base year -----------------------------------------
KEEP = {"kind": "keep", "value": 80.0}
KEEP_CASES = [
    # values 2015–, status, years held, the end of the sentence
    # every year ≥ 80 → kept
    (
        "held-every-year",
        [82, 83, 81, 84],
        "achieved",
        4,
        f"har holdt alle 4 årene siden 2015: 84,0{S}% i 2018, målet holdes.",
    ),
    # 79 in 2016 broke the level; it holds now → on track, not "reached": held in 3 of 4 years
    (
        "held-now-lost-once",
        [82, 79, 81, 84],
        "on_track",
        3,
        f"holder nå (84,0{S}% i 2018), men holdt bare i 3 av 4 år siden 2015: i rute.",
    ),
    # below the level at the base and still: 76, 77, 78, 79 → judged on the rate back to 80 (held in 0 of 4)
    ("never-held", [76, 77, 78, 79], "on_track", 0, None),
]


@pytest.mark.parametrize("case, values, status, held, ending", KEEP_CASES, ids=[c[0] for c in KEEP_CASES])
def test_keep_targets_over_every_year(case, values, status, held, ending):
    a = assess(indicator("up", KEEP), series(values), now_year=2019)
    assert a.status == status and a.n_held == held and a.n_points == len(values)
    if ending:
        assert explanation(a, "nb").endswith(ending)
    else:  # b = ln(79/76)/3 = 0.01294; B = ln(80/76)/15 = 0.00342 → R = 3.78
        assert a.ratio == pytest.approx(math.log(79 / 76) / 3 / (math.log(80 / 76) / 15), rel=1e-3)
        assert "(holdt i 0 av 4 år siden 2015)" in explanation(a, "nb")


def test_keep_count_says_observations_for_quarterly_data():
    times = [2015 + (q - 2.5) / 4 + y for y in range(2) for q in range(1, 5)]
    df = pd.DataFrame(
        {"time": times, "year": [int(round(t)) for t in times], "value": [82, 79, 81, 84, 85, 83, 82, 84]}
    )
    a = assess(indicator("up", KEEP, frequency="quarterly"), df, now_year=2017)
    assert a.status == "on_track" and a.n_held == 7
    assert "i 7 av 8 målinger siden 2015" in explanation(a, "nb")
    assert "in 7 of 8 observations since 2015" in explanation(a, "en")


# --- 6. summaries that do not flatter ------------------------------------------------------------------------
STALE_CASES = [
    # frequency, latest year, now_year, stale? — allowed age = 1 year's publication lag + one period
    ("annual", 2024, 2026, False),  # 2026 − 2024 = 2 ≤ 1 + 1
    ("annual", 2023, 2026, True),  # 3 > 2: the 2024 figure should have come in 2025
    ("quarterly", 2024, 2026, False),  # a quarter rounds up to one year: allowed 2
    ("quarterly", 2023, 2026, True),
    ("biennial", 2023, 2026, False),  # 3 ≤ 1 + 2
    ("biennial", 2022, 2026, True),  # 4 > 3
    ("every_4_years", 2021, 2026, False),  # 5 ≤ 1 + 4
    ("every_4_years", 2020, 2026, True),
]


@pytest.mark.parametrize("frequency, latest, now_year, stale", STALE_CASES)
def test_old_data_follows_the_update_frequency(frequency, latest, now_year, stale):
    assert frequency in FREQUENCIES
    ind = indicator("up", {"kind": "absolute", "value": 150.0}, frequency=frequency)
    a = assess(ind, geometric(100, 1.03, latest - 2015 + 1), now_year=now_year)
    assert a.stale is stale and ("old_data" in a.notes) is stale
    assert a.status == "on_track"  # old data do not change the status; summaries count them apart


def test_stale_on_track_is_not_counted_as_on_track():
    ind = indicator("up", {"kind": "absolute", "value": 150.0})
    fresh = assess(ind, geometric(100, 1.03, 10), now_year=2026)  # 2015–2024
    old = assess(ind, geometric(100, 1.03, 9), now_year=2026)  # 2015–2023: 3 years old
    s = summarize({"fresh": fresh, "old": old}, ["fresh", "old"])
    assert s.counts["on_track"] == 1 and s.counts[OLD_DATA] == 1 and s.old_data == ["old"]
    assert s.n_good == 1 and s.share_on_track == pytest.approx(0.5)
    assert s.worst == ["fresh"]
    assert STATUSES[OLD_DATA]["icon"] == "◷" and STATUSES[OLD_DATA]["nb"] == "Gamle data"


def test_worst_ranks_by_severity_then_by_the_size_of_the_miss_not_raw_r():
    # A lost keep level with a tiny requirement: 96, 95.5, 95.2, 95.0, 94.9 (2015–2019), keep ≥ 95. From the
    # latest value the requirement is ln(95/94.9)/11 = 0.0000957 per year; b ≈ ln(94.9/96)/4 ≈ −0.0029 →
    # R ≈ −28: raw R would put it first. Its projected 2030 value is about 92, a miss of ~3 % of the level.
    keep = assess(indicator("up", {"kind": "keep", "value": 95.0}), series([96, 95.5, 95.2, 95.0, 94.9]), now_year=2020)
    # Emissions rising 1 % a year towards a target of 45 (from 100 in 2015): R = −ln 1.01/(ln 0.45/15) = −0.19;
    # projected 2030 = 100·1.01^15 = 116.1; the miss is measured against the larger of the target and the
    # latest value (100·1.01^4 = 104.06): (116.1 − 45)/104.06 = 68 % of the level.
    rising = assess(
        indicator("down", {"kind": "absolute", "value": 45.0}, unit="count"), geometric(100, 1.01, 5), now_year=2020
    )
    assert keep.status == rising.status == "moving_away"
    assert keep.ratio < -20 < rising.ratio
    assert miss_size(rising) == pytest.approx((100 * 1.01**15 - 45) / (100 * 1.01**4))
    assert 0 < miss_size(keep) < 0.05
    assert summarize({"keep": keep, "rising": rising}, ["keep", "rising"]).worst == ["rising", "keep"]


def test_not_reached_is_the_most_severe():
    assert SEVERITY[NOT_REACHED] < SEVERITY["moving_away"] < SEVERITY["limited"] < SEVERITY["too_slow"]
    assert SEVERITY["too_slow"] < SEVERITY["on_track"] < SEVERITY["achieved"]


# --- 7. small truths ---------------------------------------------------------------------------------------
def test_band_note_says_the_target_was_met_only_when_it_was():
    band = {"kind": "band", "low": 20.0, "high": 30.0}
    # base 35 above the band, latest 15 below it: the base did not meet the band → no "met in 2015" note
    crossed = assess(indicator("band", band), series([35, 25, 15]), now_year=2018)
    assert "required_from_latest_crossed" in crossed.notes and "required_from_latest" not in crossed.notes
    assert "var nådd" not in " ".join(note_texts(crossed, "nb"))
    # base 25 inside the band, latest 18 below: it was met in 2015 → the note says so
    inside = assess(indicator("band", band), series([25, 22, 18]), now_year=2018)
    assert inside.notes.count("required_from_latest") == 1
    assert "Målet var nådd i 2015, men ikke nå" in note_texts(inside, "nb")[inside.notes.index("required_from_latest")]


def test_method_table_uses_the_sentences_rates_and_units():
    # 0, 1, 2, 3 % (linear: a zero) towards 30 %: B = 30/15 = 2 pp/yr, b = 1 pp/yr
    ind = indicator("up", {"kind": "absolute", "value": 30.0})
    a = assess(ind, series([0, 1, 2, 3]), now_year=2019)
    table = method_table(ind, a, "nb").set_index("Tall")["Verdi"]
    assert table["Oppnådd endring per år (robust trend)"] == f"+1,0{S}prosentpoeng per år"
    assert table["Nødvendig endring per år"] == f"+2,0{S}prosentpoeng per år"
    assert table["Avstand til målet"] == f"27,0{S}prosentpoeng"
    assert f"+1,0{S}prosentpoeng per år" in explanation(a, "nb")
    # −0.03 %/yr beside "moving away": the table keeps the sign as the sentence does, never "0,0 %"
    small = assess(indicator("up", {"kind": "absolute", "value": 150.0}), geometric(100, 0.9997, 6), now_year=2021)
    small_table = method_table(indicator("up", {"kind": "absolute", "value": 150.0}), small, "en")
    rates = small_table.set_index("Figure")["Value"]
    assert rates["Achieved change per year (robust trend)"] == f"{MINUS}0.03% per year"
    assert small.status == "moving_away"


def test_english_texts_use_english_units():
    assert fmt_value(82.3, "years", 1, "en") == f"82.3{S}years"
    assert fmt_value(82.3, "years", 1, "nb") == f"82,3{S}år"
    # 82 → 82·1.002^5 = 82.82 years ≥ 82.5: reached
    ind = indicator("up", {"kind": "absolute", "value": 82.5}, unit="years")
    a = assess(ind, geometric(82, 1.002, 6), now_year=2021)
    assert explanation(a, "en") == f"Target (at least 82.5{S}years) reached: 82.8{S}years in 2020."
    assert explanation(a, "nb") == f"Målet (minst 82,5{S}år) er nådd: 82,8{S}år i 2020."


@pytest.mark.parametrize(
    "change, nb, en",
    [
        (-0.55, f"55{S}% lavere i 2030 enn i 2009", "55% lower in 2030 than in 2009"),
        (-0.675, f"67,5{S}% lavere i 2030 enn i 2009", "67.5% lower in 2030 than in 2009"),  # not "68"
        (-0.665, f"66,5{S}% lavere i 2030 enn i 2009", "66.5% lower in 2030 than in 2009"),  # not "66"
        (0.125, f"12,5{S}% høyere i 2030 enn i 2009", "12.5% higher in 2030 than in 2009"),
    ],
)
def test_target_text_uses_norwegian_numbers_and_correct_rounding(change, nb, en):
    direction = "down" if change < 0 else "up"
    ind = indicator(direction, {"kind": "relative", "change": change, "base_year": 2009}, baseline_year=2009)
    assert target_text(ind, "nb") == nb and target_text(ind, "en") == en


def test_fmt_percent_auto_rounds_half_away_from_zero():
    assert fmt_percent_auto(1 / 3 * 100, 2) == f"33,33{S}%"
    assert fmt_percent_auto(2.675, 2) == f"2,68{S}%"  # the decimal text of the float, not its binary value
    assert fmt_percent_auto(2.0, 2) == f"2{S}%" and fmt_percent_auto(None) == "–"


def test_absolute_target_text_keeps_operator_and_number_together():
    assert target_text(indicator("up", {"kind": "absolute", "value": 90.0}), "nb") == f"≥{S}90,0{S}% i 2030"


def test_base_year_sensitivity_ignores_a_hair_across_a_threshold():
    # Geometric +3 %/yr 2013–2021, target chosen so that R(2015) = 0.955: R(t0) = b·(2030 − t0)/ln(target/y(t0))
    # with y(t0) = 100·1.03^(t0 − 2013). Base 2017 gives R = 0.948 (too slow), 0.007 away: a smooth series is
    # not base-year sensitive (the rule: a new status only counts when R moves by ≥ 0.10).
    b = math.log(1.03)
    target = 100 * 1.03**2 * math.exp(15 * b / 0.955)
    a = assess(
        None,
        geometric(100, 1.03, 9, 2013),
        direction="up",
        target=Target("absolute", 2030, value=target),
        now_year=2022,
    )
    assert a.status == "on_track" and a.ratio == pytest.approx(0.955)
    assert a.alternative_statuses[2017] == "too_slow"
    assert not a.base_year_sensitive and "base_year_sensitive" not in a.notes


def test_quarterly_times_match_the_methodology():
    # docs/methodology.md § 1: quarter q of year Y at time Y + (q − 2.5)/4, so the four quarters centre on Y
    times = [parse_period(f"2024K{q}").time for q in range(1, 5)]
    assert times == [2023.625, 2023.875, 2024.125, 2024.375] and np.mean(times) == 2024.0
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "methodology.md").read_text(encoding="utf-8")
    assert "2023.625, 2023.875, 2024.125, 2024.375" in doc


def test_insufficient_with_a_passed_target_year_is_still_insufficient():
    a = assess(indicator("up", {"kind": "absolute", "value": 80.0, "year": 2017}), series([74, 75]), now_year=2020)
    assert a.status == INSUFFICIENT and "target_year_passed" in a.notes


def test_catalog_shares_that_should_rise_carry_their_natural_limit():
    from indicators.catalog import load_catalog

    catalog = load_catalog()
    for ind in catalog.indicators:
        share_up = ind.unit == "percent" and ind.direction == "up"
        # arbeidsplassdekning is jobs per employed resident × 100: it can pass 100, so it has no limit
        expected = 100.0 if share_up and ind.id != "arbeidsplassdekning" else None
        assert ind.natural_limit == expected, ind.id


@pytest.mark.parametrize(
    "times, values, target",
    [
        # the latest value a tiny fraction of its target weeks before the target year: the needed rate is beyond a float
        ([2026, 2027, 2028, 2029.99], [1.0, 1.1, 1.2, 1e-300], 10.0),
        # monthly data climbing by ten powers a month: the achieved rate is beyond a float too
        ([2029, 2029 + 1 / 12, 2029 + 2 / 12, 2029.25], [1e-30, 1e-20, 1e-10, 1.0], 1e300),
    ],
)
def test_rates_too_large_for_a_float_are_infinite_not_a_crash(times, values, target):
    """math.expm1 raises OverflowError past ~709 on the log scale; such data get a status and a sentence."""
    a = assess(None, pd.DataFrame({"time": times, "value": values}), target=target, direction="up", now_year=2029)
    assert a.status in STATUSES
    rates = [a.observed_rate, a.required_rate, a.required_rate_from_latest]
    assert all(r is not None and not math.isnan(r) for r in rates)
    assert math.inf in rates or max(rates) > 1e30
    assert explanation(a, "nb") and explanation(a, "en")
