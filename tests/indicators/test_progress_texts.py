"""Progress engine: every note's text, the summary line, the paths for charts and the ranking scale, checked
exactly (these are what a planner reads; mutation testing showed that looser checks let wrong words through).

Assessments are built by hand here where only the text is under test: the numbers in them are the inputs, and
each expected sentence is the template of indicators/progress.py filled in by hand.
"""

import math

import numpy as np
import pandas as pd
import pytest

from indicators.explain import difference_text, explanation, note_texts, rate_text
from indicators.format import MINUS, NBSP
from indicators.progress import NOTE_CODES, STATUSES, Assessment, assess, required_path, status_label, trend_path
from indicators.summary import miss_size, summarize

S = NBSP


def series(values, start=2015):
    years = list(range(start, start + len(values)))
    return pd.DataFrame({"time": [float(y) for y in years], "year": years, "value": [float(v) for v in values]})


def _assessment(**fields):
    base = dict(
        status="limited",
        unit="percent",
        decimals=1,
        base_year=2015,
        latest_year=2024,
        latest_time=2024.0,
        base_time=2015.0,
        requested_base_year=2014,
        target_base_year=2009,
        required_from_year=2019,
        target_year=2030,
        projection_year=2030,
        projected_low=41.04,
        projected_high=58.96,
        short_from_year=2019,
        short_rate=0.0123,
        rate_kind="cagr",
        natural_limit=100.0,
        limit_coefficient=0.035,
        alternative_statuses={2016: "too_slow", 2013: "on_track"},
    )
    base.update(fields)
    return Assessment(**base)


NOTE_TEXTS = {
    # code: (bokmål, English), for the assessment above
    "break_in_series": (
        "Brudd i tidsserien: bare tallene fra 2015 er brukt.",
        "Break in the series: only figures from 2015 on are used.",
    ),
    "break_after_target_base": (
        "Målet regnes fra 2009, før et brudd i tidsserien; sammenligningen er usikker.",
        "The target is relative to 2009, before a break in the series; the comparison is uncertain.",
    ),
    "provisional_latest": ("Siste tall (2024) er foreløpig.", "The latest figure (2024) is provisional."),
    "provisional_values": ("Noen av tallene er foreløpige.", "Some figures are provisional."),
    "base_year_moved": (
        "Ingen tall for 2014; vurderingen starter i 2015.",
        "No figure for 2014; the assessment starts in 2015.",
    ),
    "required_from_latest": (
        "Målet var nådd i 2015, men ikke nå; nødvendig endring er regnet fra 2019.",
        "The target was met in 2015 but is not now; the needed change is counted from 2019.",
    ),
    "required_from_latest_crossed": (
        "I 2015 lå verdien på den andre siden av ønsket område; nødvendig endring er regnet fra 2019.",
        "In 2015 the value lay beyond the other edge of the desired range; the needed change is counted from 2019.",
    ),
    "target_base_from_catalog": (
        "Verdien for 2009 er hentet fra indikatorbeskrivelsen.",
        "The value for 2009 comes from the indicator description.",
    ),
    "old_data": (
        "Gamle data: siste tall er fra 2024, eldre enn oppdateringshyppigheten tilsier.",
        "Old data: the latest figure is from 2024, older than the update frequency allows.",
    ),
    "base_year_sensitive": (
        "Statusen avhenger av startåret: 2013: i rute, 2016: for langsom framgang.",
        "The status depends on the starting year: 2013: on track, 2016: progress too slow.",
    ),
    "target_year_passed": ("Målåret 2030 er passert.", "The target year 2030 has passed."),
    "projection_reaches_target": (
        f"Trenden er usikker: framskrevet verdi for 2030 er 41,0{S}% til 59,0{S}%, og det "
        "spennet når målet, så dataene viser ikke at verdien beveger seg bort fra målet.",
        "The trend is uncertain: the projected value for 2030 is 41.0% to 59.0%, and that "
        "range reaches the target, so the data do not show the value moving away from it.",
    ),
    "recent_trend_opposite": (
        f"De siste fem årene (2019–2024) går utviklingen den andre veien: +1,2{S}% per år.",
        "Over the last five years (2019–2024) the trend points the other way: +1.2% per year.",
    ),
    "natural_limit": (
        f"Verdien er nær den naturlige grensen 100,0{S}%, så tersklene for framgang er skalert med 0,04 (Open SDG).",
        "The value is close to the natural limit 100.0%, so the progress thresholds are scaled by 0.04 (Open SDG).",
    ),
}


@pytest.mark.parametrize("code", sorted(NOTE_TEXTS))
def test_note_texts_exactly(code):
    a = _assessment(notes=[code])
    nb, en = NOTE_TEXTS[code]
    assert note_texts(a, "nb") == [nb] and note_texts(a) == [nb]
    assert note_texts(a, "en") == [en] and note_texts(a, "en_GB") == [en] and note_texts(a, "EN") == [en]


def test_every_note_code_has_a_text_and_unknown_codes_pass_through():
    fixed = {"linear_rate_used", "below_lowest_accepted", "missing_values_ignored", "latest_meets_target"}
    assert set(NOTE_CODES) == set(NOTE_TEXTS) | fixed
    a = _assessment(notes=sorted(fixed) + ["made_up_code"])
    texts = note_texts(a, "nb")
    assert texts[-1] == "made_up_code" and all(t.endswith(".") for t in texts[:-1])


def test_note_without_a_limit_says_a_dash():
    a = _assessment(notes=["natural_limit"], natural_limit=None, limit_coefficient=None)
    assert note_texts(a, "en") == [
        "The value is close to the natural limit –, so the progress thresholds are scaled by – (Open SDG)."
    ]


def test_labels_icons_colours_and_language_normalisation():
    a = _assessment(status="not_reached")
    assert a.label() == a.label("nb") == "Ikke nådd" and a.label("en_GB") == "Not reached"
    assert a.icon == STATUSES["not_reached"]["icon"] == "⊘" and a.colour == "#CC79A7"
    assert status_label("old_data") == "Gamle data" and status_label("old_data", "EN") == "Old data"
    # rates and differences in English with any spelling of the language
    assert rate_text(a, -0.041, "en_GB") == f"{MINUS}4.1%" and rate_text(a, -0.041) == f"{MINUS}4,1{S}%"
    assert difference_text(a, -2.0, "EN") == f"2.0{S}percentage points"
    assert difference_text(a, 2.25) == f"2,3{S}prosentpoeng" and difference_text(a, None) == "–"
    assert rate_text(a, None) == "–"


@pytest.mark.parametrize(
    "unit, rate_kind, rate, nb, en",
    [
        # cagr: one decimal, two more when the rate would round to 0 beside a status (−0,04 %, −0,004 %)
        ("percent", "cagr", 0.012, f"+1,2{S}%", "+1.2%"),
        ("percent", "cagr", -0.0004, f"{MINUS}0,04{S}%", f"{MINUS}0.04%"),
        ("percent", "cagr", -0.00004, f"{MINUS}0,004{S}%", f"{MINUS}0.004%"),
        ("percent", "cagr", 0.0, f"0,0{S}%", "0.0%"),
        # linear rates: percentage points for percentages, the unit otherwise, at least one decimal
        ("percent", "linear", 1.0, f"+1,0{S}prosentpoeng", f"+1.0{S}percentage points"),
        ("count", "linear", -0.8, f"{MINUS}0,8", f"{MINUS}0.8"),
        ("tonnes_co2e", "linear", -0.04, f"{MINUS}0,04{S}t", f"{MINUS}0.04{S}t"),
        ("years", "linear", 0.15, f"+0,2{S}år", f"+0.2{S}years"),
    ],
)
def test_rate_text_table(unit, rate_kind, rate, nb, en):
    a = _assessment(unit=unit, rate_kind=rate_kind, decimals=1 if unit != "count" else 0)
    assert rate_text(a, rate, "nb") == nb and rate_text(a, rate, "en") == en


def test_difference_text_in_the_indicators_unit():
    a = _assessment(unit="tonnes_co2e", decimals=0)
    assert difference_text(a, -12500.4, "nb") == f"12{S}500{S}t" and difference_text(a, 12500.4, "en") == f"12,500{S}t"


def test_to_dict_keeps_alternative_years_as_text_keys():
    d = _assessment().to_dict()
    assert d["alternative_statuses"] == {"2013": "on_track", "2016": "too_slow"}
    assert d["status"] == "limited" and d["natural_limit"] == 100.0


# --- Summary.text --------------------------------------------------------------------------------------------
def _fresh(status):
    return Assessment(
        status=status,
        n_points=5,
        latest_value=1.0,
        latest_year=2024,
        target_value=2.0,
        effective_direction="up",
        projected_value=1.5,
    )


def test_summary_text_without_old_data_has_no_old_data_part():
    s = summarize({"a": _fresh("achieved"), "b": _fresh("limited")}, ["a", "b", "c"])
    assert s.text() == s.text("nb") == "1 av 3 indikatorer nådd eller i rute (1 av 2 vurderte); 1 mangler nok data."
    assert s.text("en_GB") == "1 of 3 indicators reached or on track (1 of 2 assessed); 1 lack sufficient data."


def test_summary_counts_two_old_indicators_as_two():
    old = [Assessment(status="on_track", n_points=5, latest_value=1.0, latest_year=2020, stale=True) for _ in range(2)]
    s = summarize({"a": old[0], "b": old[1]}, ["a", "b"])
    assert s.counts["old_data"] == 2 and s.old_data == ["a", "b"] and s.n_good == 0
    assert (
        s.text("nb") == "0 av 2 indikatorer nådd eller i rute (0 av 0 vurderte); 2 med gamle data; 0 mangler nok data."
    )


def test_summary_insufficient_with_points_is_not_without_data():
    # two observations: insufficient, but it has data; no observations but a latest value cannot happen
    s = summarize(
        {
            "a": Assessment(status="insufficient", n_points=2, latest_value=3.0),
            "b": Assessment(status="insufficient", n_points=0, latest_value=3.0),
        },
        ["a", "b"],
    )
    assert s.insufficient == ["a", "b"] and s.without_data == []


# --- miss_size: one scale for every indicator ------------------------------------------------------------------
@pytest.mark.parametrize(
    "fields, miss",
    [
        # target-based: d·(target − projected)/max(|target|, |latest|)
        (dict(target_value=100.0, latest_value=80.0, projected_value=90.0, effective_direction="up"), 0.10),
        (dict(target_value=50.0, latest_value=80.0, projected_value=70.0, effective_direction="down"), 0.25),
        # no projection (a target year passed): the latest value
        (dict(target_value=100.0, latest_value=80.0, projected_value=None, effective_direction="up"), 0.20),
        # target and latest both 0 (a linear target of zero reached… and projected above): scale 1
        (dict(target_value=0.0, latest_value=0.0, projected_value=3.0, effective_direction="down"), 3.0),
        # trend only: −v per year × years left to 2030 (latest 2024: 6 years)
        (dict(trend_value=-0.01, latest_year=2024), 0.06),
        # trend only, latest at or after 2030: at least one year
        (dict(trend_value=-0.01, latest_year=2031), 0.01),
        (dict(trend_value=0.02, latest_year=2029), -0.02),
    ],
)
def test_miss_size_table(fields, miss):
    assert miss_size(Assessment(status="limited", **fields)) == pytest.approx(miss)


def test_miss_size_without_anything_to_measure_is_minus_infinity():
    assert miss_size(Assessment(status="limited")) == -math.inf
    assert miss_size(Assessment(status="limited", trend_value=-0.01)) == -math.inf  # no latest year


# --- paths for charts ------------------------------------------------------------------------------------------
def test_empty_paths_have_their_columns_and_types():
    a = Assessment(status="insufficient")
    rp, tp = required_path(None, a), trend_path(a)
    assert rp.empty and list(rp.columns) == ["year", "value"]
    assert [str(t) for t in rp.dtypes] == ["int64", "float64"]
    assert tp.empty and list(tp.columns) == ["year", "value", "low", "high"]
    assert all(str(t) == "float64" for t in tp.dtypes)


def test_required_path_values_every_year():
    # up from 100 (2015) to 150 by 2030 at a constant 2.74 % a year: value(y) = 100·1.5^((y − 2015)/15)
    from indicators.catalog import Target

    a = assess(
        None,
        series([100 * 1.03**k for k in range(6)]),
        direction="up",
        target=Target("absolute", 2030, value=150.0),
        now_year=2021,
    )
    path = required_path(None, a)
    assert str(path["year"].dtype) == "int64" and path["year"].tolist() == list(range(2015, 2031))
    assert np.allclose(path["value"], [100 * 1.5 ** ((y - 2015) / 15) for y in range(2015, 2031)])
    # linear (a target of zero): from 10 (2015) to 0 by 2030, −2/3 a year
    b = assess(
        None, series([10, 8, 6, 4, 2]), direction="down", target=Target("absolute", 2030, value=0.0), now_year=2020
    )
    assert b.rate_kind == "linear"
    assert np.allclose(required_path(None, b)["value"], [10 - (y - 2015) * 10 / 15 for y in range(2015, 2031)])


def test_trend_path_follows_the_fit_and_its_band():
    # 100, 104, 105, 111, 110, 118: the path is the Theil–Sen line e^(c + s·(y − tc)) with the slope's band
    a = assess(None, series([100, 104, 105, 111, 110, 118]), direction="up", now_year=2021)
    tp = trend_path(a)
    years = np.arange(2015, 2031)
    assert str(tp["year"].dtype) == "int64" and tp["year"].tolist() == years.tolist()
    line = {
        name: np.exp(a.fit_center_value + slope * (years - a.fit_center_time))
        for name, slope in (("value", a.fit_slope), ("lo", a.fit_slope_low), ("hi", a.fit_slope_high))
    }
    assert np.allclose(tp["value"], line["value"])
    # the band pivots at the median point: before it the low slope gives the higher line
    assert np.allclose(tp["low"], np.minimum(line["lo"], line["hi"]))
    assert np.allclose(tp["high"], np.maximum(line["lo"], line["hi"]))
    assert tp["low"].iloc[0] == pytest.approx(line["hi"][0]) and tp["low"].iloc[-1] == pytest.approx(line["lo"][-1])
    assert (tp["low"] < tp["value"]).iloc[-1] and (tp["value"] < tp["high"]).iloc[-1]
    short = trend_path(a, to_year=2025)
    assert short["year"].iloc[-1] == 2025 and len(short) == 11


def test_trend_path_is_clipped_to_what_the_quantity_allows():
    from indicators.catalog import parse_indicator

    raw = {
        "id": "andel",
        "objective": "3.1",
        "name": {"nb": "A", "en": "A"},
        "unit": "percent",
        "direction": "up",
        "baseline": {"year": 2015},
        "target": {"kind": "absolute", "value": 90.0},
        "source": {"agency": "SSB"},
        "sector": {"nb": "P", "en": "P"},
        "frequency": "annual",
        "definition": {"nb": "D.", "en": "D."},
    }
    share = parse_indicator(raw, ["3.1"])
    # 0, 10, 20, 30 % (linear: a zero): +10 pp a year would reach 150 % in 2030 → the path stops at 100
    up = assess(share, series([0, 10, 20, 30]), now_year=2019)
    tp = trend_path(up)
    assert tp["value"].max() == 100.0 and tp["high"].max() == 100.0 and tp["value"].iloc[3] == pytest.approx(30)
    # 40, 30, 20, 10, 0 (a count that was never negative): −10 a year would be −110 in 2030 → stops at 0
    down = assess(None, series([40, 30, 20, 10, 0]), direction="down", target=None, now_year=2020)
    tp = trend_path(down)
    assert tp["value"].min() == 0.0 and tp["low"].min() == 0.0 and tp["value"].iloc[0] == pytest.approx(40)
    # a series that was negative has no floor
    neg = assess(None, series([10, 0, -10, -20]), direction="down", target=None, now_year=2019)
    assert trend_path(neg)["value"].iloc[-1] == pytest.approx(10 - 10 * 15)


def test_trend_path_without_projection_runs_to_2030():
    from indicators.catalog import Target

    a = assess(
        None, series([74, 75, 76, 77, 78]), direction="up", target=Target("absolute", 2017, value=80.0), now_year=2020
    )
    assert a.status == "not_reached" and a.projection_year is None
    assert trend_path(a)["year"].iloc[-1] == 2030


def test_duplicate_quarter_is_named_in_the_error():
    df = pd.DataFrame({"time": [2016.25, 2016.25, 2016.5], "year": [2016, 2016, 2016], "value": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match=r"more than one value for 2016\.25"):
        assess(None, df, direction="up")


# --- every sentence in English too (a wrong language argument shows only there) --------------------------------
def _ind(direction, target, unit="percent", decimals=1):
    from indicators.catalog import parse_indicator

    raw = {
        "id": "tt",
        "objective": "3.1",
        "name": {"nb": "T", "en": "T"},
        "unit": unit,
        "direction": direction,
        "baseline": {"year": 2015},
        "target": target,
        "source": {"agency": "SSB"},
        "sector": {"nb": "P", "en": "P"},
        "frequency": "annual",
        "definition": {"nb": "D.", "en": "D."},
        "decimals": decimals,
    }
    return parse_indicator(raw, ["3.1"])


BAND = {"kind": "band", "low": 20.0, "high": 30.0, "lowest_accepted": 15.0}

SENTENCES = [
    # id, indicator, values from 2015, now_year, English sentence
    # band, below and rising 10 % a year towards 20 (B = ln 2/15): on track, below the lowest accepted 15
    (
        "band-rates",
        _ind("band", BAND),
        [10, 11, 12.1],
        2018,
        "Outside the desired range 20.0%–30.0% (12.1% in 2017, below the lowest accepted value 15.0%); needed +4.7% "
        "per year towards 20.0%, achieved +10.0% per year: on track.",
    ),
    # band, above and rising: no floor clause
    (
        "band-above",
        _ind("band", BAND),
        [40, 44, 48.4],
        2018,
        "Outside the desired range 20.0%–30.0% (48.4% in 2017); needed −1.9% per year towards 30.0%, achieved +10.0% "
        "per year: moving away from the target.",
    ),
    # band passed (year 2017), 17 in 2017 below 20: 3,0 pp below the low edge
    (
        "band-not-reached",
        _ind("band", {**BAND, "year": 2017}),
        [22, 19, 17],
        2018,
        "The target year 2017 has passed and the value is outside the desired range 20.0%–30.0%: 17.0% in 2017, "
        f"3.0{S}percentage points below 20.0%.",
    ),
    # absolute up ≥ 80, met at the base (85), lost since (78 in 2018): requirement from the latest value
    # ln(80/78)/12 = 0.21 %/yr. Pairwise log slopes: −0.03593, −0.03031, −0.02865, −0.02532, −0.02501, −0.02469;
    # median (−0.02865 − 0.02532)/2 = −0.02699 → −2.7 %/yr → moving away
    (
        "rates-latest",
        _ind("up", {"kind": "absolute", "value": 80.0}),
        [85, 82, 80, 78],
        2019,
        "Needed +0.2% per year from 2018 to reach 80.0% by 2030; achieved −2.7% per year: moving away from the target.",
    ),
    # keep ≥ 80 held now (84) but not in 2016 (79): 3 of 4 years
    (
        "keep-regained",
        _ind("up", {"kind": "keep", "value": 80.0}),
        [82, 79, 81, 84],
        2019,
        "The level must stay at least 80.0% and holds now (84.0% in 2018), but held only in 3 of 4 years since 2015: "
        "on track.",
    ),
    # keep ≥ 80 lost and falling: 85·0.98^k
    (
        "keep-rates",
        _ind("up", {"kind": "keep", "value": 80.0}),
        [85 * 0.98**k for k in range(5)],
        2020,
        "The level must stay at least 80.0% but was 78.4% in 2019 (held in 4 of 5 years since 2015); needed +0.2% per "
        "year from 2019, achieved −2.0% per year: moving away from the target.",
    ),
    # keep ≤ 10 (down) until 2017, lost in 2016 (12), 9 now: not reached, although it holds now
    (
        "keep-down-not-reached",
        _ind("down", {"kind": "keep", "value": 10.0, "year": 2017}, unit="count"),
        [8, 12, 9, 9],
        2019,
        "The target year 2017 has passed; the level (at most 10.0) held only in 3 of 4 years since 2015, although it "
        "holds now (9.0 in 2018).",
    ),
    # keep ≤ 10 (down) until 2017 and still above it: not reached, 0,5 above
    (
        "keep-down-still-lost",
        _ind("down", {"kind": "keep", "value": 10.0, "year": 2017}, unit="count"),
        [8, 12, 11, 10.5],
        2019,
        "The target year 2017 has passed without the target (at most 10.0) being reached: 10.5 in 2018, 0.5 above the "
        "target (held in 1 of 4 years since 2015).",
    ),
    # absolute up ≥ 80 by 2017, 79.5 in 2018: 0,5 below (a gap under 1 is still "below")
    (
        "small-miss",
        _ind("up", {"kind": "absolute", "value": 80.0, "year": 2017}),
        [77, 78, 79, 79.5],
        2019,
        "The target year 2017 has passed without the target (at least 80.0%) being reached: 79.5% in 2018, "
        f"0.5{S}percentage points below the target.",
    ),
]


@pytest.mark.parametrize("case, ind, values, now_year, sentence", SENTENCES, ids=[c[0] for c in SENTENCES])
def test_sentences_in_english(case, ind, values, now_year, sentence):
    a = assess(ind, series(values), now_year=now_year)
    assert explanation(a, "en") == sentence
    assert explanation(a, "en_GB") == sentence and explanation(a, "nb") != sentence


def test_guard_sentence_in_english():
    from indicators.catalog import Target

    a = assess(
        None,
        series([50.03, 50.02, 49.98, 49.99, 50.02, 50.01]),
        direction="up",
        target=Target("absolute", 2030, value=50.1),
        now_year=2021,
    )
    assert explanation(a, "en") == (
        "Needed +0.01% per year since 2015; achieved −0.005% per year, but the projection "
        "for 2030 (49.7 to 50.3) reaches the target: limited progress."
    )


def test_insufficient_sentences():
    one = assess(_ind("up", {"kind": "absolute", "value": 60.0}), series([50]), now_year=2020)
    assert explanation(one, "nb") == "For lite data: 1 måling siden 2015, minst 3 trengs."
    assert explanation(one, "en") == "Insufficient data: 1 observation since 2015, at least 3 needed."
    assert explanation(Assessment(status="insufficient")) == "For lite data: ingen målinger."
    assert explanation(Assessment(status="insufficient"), "en") == "Insufficient data: no observations."


def test_trend_sentence_from_the_base_year():
    a = assess(
        None, series([100 * 1.02**k for k in range(6)], start=2016), direction="up", base_year=2015, now_year=2022
    )
    assert explanation(a, "en") == "Change of +2.0% per year since 2016: substantial progress."


@pytest.mark.parametrize(
    "rate, text",
    [
        (0.0005, f"+0,1{S}%"),  # 0.05 % is exactly 0.5·10⁻¹: one decimal is enough (rounds half up to 0,1)
        (0.00000004, f"0,000{S}%"),  # 4·10⁻⁶ %: smaller than three decimals show → three decimals, no sign
        (0.0000005, f"0,000{S}%"),  # 5·10⁻⁵ %: still three decimals at most (never 0,0001)
    ],
)
def test_rate_decimals_stop_at_three(rate, text):
    a = _assessment(rate_kind="cagr")
    assert rate_text(a, rate) == text


# --- base-year sensitivity: what counts as another status band ---------------------------------------------
@pytest.mark.parametrize(
    "main, other, differs",
    [
        # R 0.955 (on track) against 0.948 (too slow): a hair across 0.95 → not sensitive
        (dict(status="on_track", ratio=0.955, target_kind="absolute"), dict(status="too_slow", ratio=0.948), False),
        # R moved by exactly 0.10 (0.05 limited, −0.05 moving away; 0.05 + 0.05 is 0.1 in floating point) → counts
        (dict(status="limited", ratio=0.05, target_kind="absolute"), dict(status="moving_away", ratio=-0.05), True),
        (dict(status="limited", ratio=0.32, target_kind="absolute"), dict(status="too_slow", ratio=0.62), True),
        # the same status never counts, however far R moved
        (dict(status="on_track", ratio=3.0, target_kind="absolute"), dict(status="on_track", ratio=1.0), False),
        # no ratio on one side (a keep level held): another status is another band
        (dict(status="achieved", ratio=None, target_kind="keep"), dict(status="on_track", ratio=1.2), True),
        (dict(status="on_track", ratio=math.inf, target_kind="absolute"), dict(status="too_slow", ratio=0.7), True),
        # trend only: v moved by 0.0004 (0.0048 little progress, 0.0052 moderate) → not sensitive; by 0.001 → counts
        (dict(status="limited_trend", trend_value=0.0048), dict(status="moderate", trend_value=0.0052), False),
        (dict(status="limited_trend", trend_value=0.004), dict(status="moderate", trend_value=0.005), True),
        (dict(status="limited_trend", trend_value=0.003), dict(status="substantial", trend_value=0.016), True),
        # a target-based main without ratios falls through to "another status counts"
        (dict(status="achieved", target_kind="band"), dict(status="limited", trend_value=0.01), True),
    ],
)
def test_what_counts_as_base_year_sensitivity(main, other, differs):
    from indicators.progress import _differs

    assert _differs(Assessment(**main), Assessment(**other)) is differs


def test_limit_coefficient_at_a_limit_of_zero():
    from indicators.progress import limit_coefficient

    # lower is better with a minimum of 0 and a base of 0: at the limit → 0 (not the "2 × limit" rule's 1)
    assert limit_coefficient(0.0, 0.0, -1) == 0.0
