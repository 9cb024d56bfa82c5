"""The sentence helpers of indicators/explain.py: the needed and achieved rates as the sentence and the method table
show them (rate_pair, rate_texts, rate_text), the pace in words (pace_words), and where the sentence uses them.

Rates are built by hand on an Assessment, so every expected text is worked out in the comments: a cagr rate r is
shown as r · 100 % with one decimal, and more digits only where a number would otherwise read 0,0 or where the
needed and the achieved rate would read the same while the status says they differ.
"""

import math

import pandas as pd
import pytest

from indicators.catalog import Target
from indicators.explain import (
    MAX_EXTRA_DECIMALS,
    explanation,
    note_texts,
    pace_words,
    rate_pair,
    rate_text,
    rate_texts,
)
from indicators.format import MINUS, NBSP
from indicators.progress import NOT_REACHED, ON_TRACK, RATE_STATUSES, Assessment, assess

S = NBSP


def rates(req, obs, status="too_slow", rate_kind="cagr", unit="percent", decimals=1, **kw):
    return Assessment(
        status=status,
        rate_kind=rate_kind,
        unit=unit,
        decimals=decimals,
        required_rate=req,
        observed_rate=obs,
        **kw,
    )


# (case, required, observed, status, rate_kind, unit, decimals, nb texts, en texts, digits added)
RATE_PAIRS = [
    # 0.0013 → 0,13 % and 0.0012 → 0,12 %: both read "+0,1 %" with one decimal, so one digit is added
    ("one digit added", 0.0013, 0.0012, "too_slow", "cagr", "percent", 1, ("+0,13", "+0,12"), ("+0.13", "+0.12"), True),
    # 0,123 % and 0,124 %: alike with one and with two decimals, apart with three
    ("two digits", 0.00123, 0.00124, "limited", "cagr", "percent", 1, ("+0,123", "+0,124"), ("+0.123", "+0.124"), True),
    # 0,1231 % and 0,1232 %: four decimals = one + MAX_EXTRA_DECIMALS (3)
    (
        "three digits",
        0.001231,
        0.001232,
        "moving_away",
        "cagr",
        "percent",
        1,
        ("+0,1231", "+0,1232"),
        ("+0.1231", "+0.1232"),
        True,
    ),
    # 0,12311 % and 0,12312 %: alike even with three more digits; no fourth is added (the texts stay alike)
    (
        "at most three",
        0.0012311,
        0.0012312,
        "too_slow",
        "cagr",
        "percent",
        1,
        ("+0,1231", "+0,1231"),
        ("+0.1231", "+0.1231"),
        True,
    ),
    # falling rates: −0,14 % and −0,12 % both read "−0,1 %"; the extra digit tells them apart
    (
        "falling",
        -0.0014,
        -0.0012,
        "too_slow",
        "cagr",
        "percent",
        1,
        (f"{MINUS}0,14", f"{MINUS}0,12"),
        (f"{MINUS}0.14", f"{MINUS}0.12"),
        True,
    ),
    # on track: the status does not say the pace falls short, so alike texts stay alike
    ("on track", 0.0013, 0.0012, "on_track", "cagr", "percent", 1, ("+0,1", "+0,1"), ("+0.1", "+0.1"), False),
    ("achieved", 0.0013, 0.0012, "achieved", "cagr", "percent", 1, ("+0,1", "+0,1"), ("+0.1", "+0.1"), False),
    # the same number needed and achieved: nothing to tell apart
    ("equal", 0.0013, 0.0013, "too_slow", "cagr", "percent", 1, ("+0,1", "+0,1"), ("+0.1", "+0.1"), False),
    # already different with one decimal: 2,0 % and 1,0 %
    ("apart", 0.02, 0.01, "too_slow", "cagr", "percent", 1, ("+2,0", "+1,0"), ("+2.0", "+1.0"), False),
    # linear rates of a percentage: percentage points; 0,13 and 0,12 read "+0,1" with one decimal
    ("points", 0.13, 0.12, "too_slow", "linear", "percent", 1, ("+0,13", "+0,12"), ("+0.13", "+0.12"), True),
    # linear rates of a count (0 decimals): at least one decimal, then one more
    ("count", 0.13, 0.12, "limited", "linear", "count", 0, ("+0,13", "+0,12"), ("+0.13", "+0.12"), True),
]


@pytest.mark.parametrize(
    "case, req, obs, status, kind, unit, dec, nb, en, added", RATE_PAIRS, ids=[c[0] for c in RATE_PAIRS]
)
def test_rate_pair_adds_digits_only_when_the_status_says_the_rates_differ(
    case, req, obs, status, kind, unit, dec, nb, en, added
):
    a = rates(req, obs, status, kind, unit, dec)
    suffix = {"cagr": (f"{S}%", "%"), "linear": (f"{S}prosentpoeng", f"{S}percentage points")}[kind]
    if unit == "count":
        suffix = ("", "")
    assert rate_pair(a, "nb") == (nb[0] + suffix[0], nb[1] + suffix[0], added)
    assert rate_pair(a, "en") == (en[0] + suffix[1], en[1] + suffix[1], added)
    # rate_texts is the pair without the flag, with the language normalised as everywhere else
    assert rate_texts(a, "nb") == rate_pair(a, "nb")[:2]
    assert rate_texts(a, "EN") == rate_pair(a, "en")[:2]
    assert rate_texts(a) == rate_pair(a, "nb")[:2]  # bokmål by default


def test_max_extra_decimals_is_three():
    # the 'at most three' case above depends on it: one decimal + 3 = four
    assert MAX_EXTRA_DECIMALS == 3


@pytest.mark.parametrize(
    "req, obs, expected",
    [
        (None, 0.0012, ("–", f"+0,1{S}%", False)),  # no requirement (trend only): a dash, never digits
        (0.0013, None, (f"+0,1{S}%", "–", False)),
        (None, None, ("–", "–", False)),
    ],
)
def test_rate_pair_without_a_rate(req, obs, expected):
    assert rate_pair(rates(req, obs, "too_slow"), "nb") == expected


@pytest.mark.parametrize("status", RATE_STATUSES)
def test_every_rate_status_gets_the_digits(status):
    # 0.0013 / 0.0012 as above: "+0,13 %" / "+0,12 %" for too slow, limited and moving away alike
    assert rate_pair(rates(0.0013, 0.0012, status), "nb") == (f"+0,13{S}%", f"+0,12{S}%", True)


# rate_text: a rate keeps its sign. One decimal of %, up to two more while the number would read 0,0 %:
# |x| ≥ 0.05 → 1 decimal, ≥ 0.005 → 2, ≥ 0.0005 → 3, smaller → 3 as well (never more).
RATE_TEXTS = [
    (0.041, f"+4,1{S}%", "+4.1%"),  # 4.1 %
    (0.0005, f"+0,1{S}%", "+0.1%"),  # 0.05 % ≥ 0.05 → one decimal, rounds to 0,1
    (0.0004, f"+0,04{S}%", "+0.04%"),  # 0.04 % < 0.05 → two decimals
    (-0.00003, f"{MINUS}0,003{S}%", f"{MINUS}0.003%"),  # 0.003 % < 0.005 → three decimals
    # 0.0004 % < 0.0005 → still three decimals (never a fourth); a number that rounds to zero has no sign
    (0.000004, f"0,000{S}%", "0.000%"),
    (0.0, f"0,0{S}%", "0.0%"),  # zero: one decimal, no sign
]


@pytest.mark.parametrize("rate, nb, en", RATE_TEXTS)
def test_rate_text_keeps_the_sign_of_small_rates(rate, nb, en):
    a = rates(None, None, "too_slow")
    assert rate_text(a, rate, "nb") == nb and rate_text(a, rate, "en") == en


def test_rate_text_of_small_linear_rates():
    # a count (0 decimals) is shown with at least one: −0.04 per year → two decimals (0.04 < 0.05), −0.004 → three
    a = rates(None, None, "too_slow", "linear", "count", 0)
    assert rate_text(a, -0.04, "nb") == f"{MINUS}0,04"
    assert rate_text(a, -0.004, "en") == f"{MINUS}0.004"
    assert rate_text(a, 2.0, "nb") == "+2,0"


# pace_words: R as the nearest common fraction, for 0.05 ≤ R < 0.95; "hardly any" below 0.05; nothing outside
# 0 < R < 0.95. Each fraction read exactly gives its own words.
FRACTIONS_NB = ["en tidel", "en femdel", "en firedel", "en tredel", "to femdeler", "halvparten", "tre femdeler"]
FRACTIONS_NB += ["to tredeler", "tre firedeler", "fire femdeler", "ni tideler"]
FRACTIONS_EN = ["a tenth", "a fifth", "a quarter", "a third", "two fifths", "half", "three fifths", "two thirds"]
FRACTIONS_EN += ["three quarters", "four fifths", "nine tenths"]
VALUES = [0.1, 0.2, 0.25, 1 / 3, 0.4, 0.5, 0.6, 2 / 3, 0.75, 0.8, 0.9]


@pytest.mark.parametrize("ratio, nb, en", list(zip(VALUES, FRACTIONS_NB, FRACTIONS_EN)))
def test_pace_words_for_each_fraction(ratio, nb, en):
    assert pace_words(ratio, "nb") == f" (omtrent {nb} av nødvendig fart)"
    assert pace_words(ratio, "en") == f" (about {en} of the pace needed)"


PACE = [
    # nearest fraction: 0.74 → ¾ (0.01 away; ⅔ is 0.073 away); 0.3 → ⅓ (0.033; ¼ is 0.05); 0.12 → a tenth
    # (0.02; a fifth is 0.08); 0.94 → nine tenths (0.04); 0.05 → a tenth (0.05; a fifth is 0.15)
    (0.74, "tre firedeler", "three quarters"),
    (0.3, "en tredel", "a third"),
    (0.12, "en tidel", "a tenth"),
    (0.94, "ni tideler", "nine tenths"),
    (0.05, "en tidel", "a tenth"),
    (0.56, "tre femdeler", "three fifths"),  # 0.04 from 0.6, 0.06 from 0.5
]


@pytest.mark.parametrize("ratio, nb, en", PACE)
def test_pace_words_take_the_nearest_fraction(ratio, nb, en):
    assert pace_words(ratio, "nb") == f" (omtrent {nb} av nødvendig fart)"
    assert pace_words(ratio, "en") == f" (about {en} of the pace needed)"


@pytest.mark.parametrize("ratio", [0.049, 0.01, 1e-12])
def test_pace_words_for_hardly_any_pace(ratio):
    # 0 < R < 0.05: no fraction fits ("a tenth" would flatter 0.01)
    assert pace_words(ratio, "nb") == " (nesten ingen av nødvendig fart)"
    assert pace_words(ratio, "en") == " (hardly any of the pace needed)"


@pytest.mark.parametrize("ratio", [None, math.nan, math.inf, -math.inf, 0.0, -0.3, ON_TRACK, 0.97, 1.0, 2.5])
def test_no_pace_words_where_the_signs_or_the_status_say_it(ratio):
    # R ≤ 0: the signs of the two rates differ; R ≥ 0.95: on track; None/NaN/∞: no ratio to put in words
    assert pace_words(ratio, "nb") == "" and pace_words(ratio, "en") == ""


def test_pace_words_just_below_on_track():
    # 0.9499 < 0.95: still words, the nearest fraction is nine tenths (0.05 away)
    assert pace_words(0.9499, "en") == " (about nine tenths of the pace needed)"


SENTENCE_BASE = dict(
    target_kind="absolute",
    effective_direction="up",
    direction="up",
    base_year=2015,
    latest_year=2024,
    latest_value=83.3,
    target_value=85.0,
    target_year=2030,
    required_from_year=2015,
)


@pytest.mark.parametrize(
    "req, obs, ratio, nb, en",
    [
        # close: +0,13 % needed, +0,12 % achieved (R = 0.92 → nine tenths of the pace)
        (
            0.0013,
            0.0012,
            0.92,
            f"Nødvendig endring +0,13{S}% per år siden 2015; oppnådd +0,12{S}% per år (omtrent ni tideler av "
            "nødvendig fart): for langsom framgang.",
            "Needed +0.13% per year since 2015; achieved +0.12% per year (about nine tenths of the pace needed): "
            "progress too slow.",
        ),
        # apart: +2,0 % needed, +1,5 % achieved: the numbers say it, so no words (R = 0.75 is not put in words)
        (
            0.02,
            0.015,
            0.75,
            f"Nødvendig endring +2,0{S}% per år siden 2015; oppnådd +1,5{S}% per år: for langsom framgang.",
            "Needed +2.0% per year since 2015; achieved +1.5% per year: progress too slow.",
        ),
    ],
)
def test_the_sentence_says_the_pace_in_words_only_when_digits_were_added(req, obs, ratio, nb, en):
    a = rates(req, obs, "too_slow", ratio=ratio, **SENTENCE_BASE)
    assert explanation(a, "nb") == nb
    assert explanation(a, "en") == en


def test_note_texts_follow_the_note_order_in_the_language_asked():
    a = Assessment(status="too_slow", notes=["missing_values_ignored", "provisional_values"], latest_year=2024)
    assert note_texts(a, "en") == ["Missing values were skipped.", "Some figures are provisional."]
    assert note_texts(a) == ["Manglende verdier er hoppet over.", "Noen av tallene er foreløpige."]
    assert note_texts(Assessment(status="too_slow", notes=["unknown_code"]), "en") == ["unknown_code"]


def _yearly(values, start=2015):
    years = list(range(start, start + len(values)))
    return pd.DataFrame({"time": [float(y) for y in years], "year": years, "value": [float(v) for v in values]})


KEEP_PASSED = [
    # a keep target (level 80) whose year 2019 has passed (now 2021); the level must hold every year since 2015.
    # up, latest exactly on the level: 81, 79, 82, 83, 80 hold in 4 of 5 years (79 does not), and it holds now
    (
        "up-on-the-level",
        "up",
        [81, 79, 82, 83, 80],
        "The target year 2019 has passed; the level (at least 80.0) held only in 4 of 5 years since 2015, although "
        "it holds now (80.0 in 2019).",
    ),
    # down (at most 80), latest exactly on the level: 79, 81, 78, 77, 80 hold in 4 of 5 years (81 does not)
    (
        "down-on-the-level",
        "down",
        [79, 81, 78, 77, 80],
        "The target year 2019 has passed; the level (at most 80.0) held only in 4 of 5 years since 2015, although "
        "it holds now (80.0 in 2019).",
    ),
    # up, latest 79.5: 0.5 below the level, held in 3 of 5 years (81, 82, 83)
    (
        "up-below",
        "up",
        [81, 79, 82, 83, 79.5],
        "The target year 2019 has passed without the target (at least 80.0) being reached: 79.5 in 2019, 0.5 below "
        "the target (held in 3 of 5 years since 2015).",
    ),
]


@pytest.mark.parametrize("case, direction, values, en", KEEP_PASSED, ids=[c[0] for c in KEEP_PASSED])
def test_keep_target_past_its_year_says_whether_the_level_holds_now(case, direction, values, en):
    a = assess(
        None, _yearly(values), target=Target(kind="keep", value=80.0, year=2019), direction=direction, now_year=2021
    )
    assert a.status == NOT_REACHED
    assert explanation(a, "en") == en
