"""Norwegian and English number, percent and date formatting (indicators/format.py)."""

import datetime as dt
import math

import pandas as pd
import pytest

from indicators.format import (
    MINUS,
    MISSING,
    NBSP,
    fmt_date,
    fmt_number,
    fmt_percent,
    fmt_signed_number,
    fmt_signed_percent,
    fmt_value,
    norm_lang,
)

S = NBSP  # every space inside a formatted number is a no-break space


@pytest.mark.parametrize(
    "x, decimals, lang, expected",
    [
        (1234.5, 1, "nb", f"1{S}234,5"),
        (1234.5, 1, "en", "1,234.5"),
        (1234567, 0, "nb", f"1{S}234{S}567"),
        (1234567, 0, "en", "1,234,567"),
        (0.5, 0, "nb", "1"),  # half away from zero, not banker's rounding
        (2.25, 1, "nb", "2,3"),
        (2.675, 2, "en", "2.68"),  # decimal text of the float, not its binary value
        (-1234.5, 1, "nb", f"{MINUS}1{S}234,5"),  # real minus sign
        (-1234.5, 1, "en", f"{MINUS}1,234.5"),
        (-0.04, 1, "nb", "0,0"),  # never "−0,0"
        (-0.0, 2, "nb", "0,00"),
        (999.96, 1, "nb", f"1{S}000,0"),
        (12, 2, "nb", "12,00"),
        (None, 1, "nb", MISSING),
        (float("nan"), 1, "nb", MISSING),
        (float("inf"), 1, "en", MISSING),
        ("not a number", 1, "nb", MISSING),
    ],
)
def test_fmt_number(x, decimals, lang, expected):
    assert fmt_number(x, decimals, lang) == expected


@pytest.mark.parametrize(
    "x, decimals, lang, expected",
    [
        (12.345, 1, "nb", f"12,3{S}%"),
        (12.345, 1, "en", "12.3%"),
        (100, 0, "nb", f"100{S}%"),
        (None, 1, "nb", MISSING),
    ],
)
def test_fmt_percent(x, decimals, lang, expected):
    assert fmt_percent(x, decimals, lang) == expected


@pytest.mark.parametrize(
    "x, lang, expected",
    [
        (-4.1, "nb", f"{MINUS}4,1{S}%"),
        (-4.1, "en", f"{MINUS}4.1%"),
        (2, "nb", f"+2,0{S}%"),
        (2, "en", "+2.0%"),
        (0.0, "nb", f"0,0{S}%"),
        (-0.02, "nb", f"0,0{S}%"),  # rounds to zero → no sign
        (float("nan"), "nb", MISSING),
    ],
)
def test_fmt_signed_percent(x, lang, expected):
    assert fmt_signed_percent(x, 1, lang) == expected


def test_fmt_signed_number():
    assert fmt_signed_number(1500, 0, "nb") == f"+1{S}500"
    assert fmt_signed_number(-1500, 0, "en") == f"{MINUS}1,500"


@pytest.mark.parametrize(
    "x, unit, decimals, lang, expected",
    [
        (90000, "tonnes_co2e", 0, "nb", f"90{S}000{S}t"),
        (90000, "tonnes_co2e", 0, "en", f"90,000{S}t"),
        (12.3, "percent", 1, "nb", f"12,3{S}%"),
        (12.3, "percent", 1, "en", "12.3%"),
        (4.2, "per_1000", 1, "nb", f"4,2{S}‰"),
        (83.25, "years", 1, "nb", f"83,3{S}år"),
        (250, "count", 0, "nb", "250"),
        (250, None, 0, "nb", "250"),
        (250, "no_such_unit", 0, "nb", "250"),
        (-1200, "tonnes_co2e", 0, "nb", f"{MINUS}1{S}200{S}t"),
        (None, "tonnes_co2e", 0, "nb", MISSING),  # no unit after a missing value
    ],
)
def test_fmt_value(x, unit, decimals, lang, expected):
    assert fmt_value(x, unit, decimals, lang) == expected


def test_fmt_value_signed():
    assert fmt_value(1200, "tonnes_co2e", 0, "nb", signed=True) == f"+1{S}200{S}t"
    assert fmt_value(-0.5, "percent", 1, "en", signed=True) == f"{MINUS}0.5%"


@pytest.mark.parametrize(
    "value, lang, expected",
    [
        (dt.date(2026, 11, 26), "nb", f"26.{S}nov.{S}2026"),
        (dt.date(2026, 11, 26), "en", f"26{S}Nov{S}2026"),
        (dt.datetime(2026, 5, 3, 14, 30), "nb", f"3.{S}mai{S}2026"),
        (pd.Timestamp("2026-11-26 10:00"), "nb", f"26.{S}nov.{S}2026"),
        ("2026-11-26", "en", f"26{S}Nov{S}2026"),
        ("2026-11-26T10:00:00Z", "nb", f"26.{S}nov.{S}2026"),
        (None, "nb", MISSING),
        (pd.NaT, "nb", MISSING),
        (math.nan, "nb", MISSING),
        ("not a date", "nb", MISSING),
    ],
)
def test_fmt_date(value, lang, expected):
    assert fmt_date(value, lang) == expected


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("nb", "nb"),
        ("en", "en"),
        ("en_GB", "en"),
        ("EN", "en"),
        ("no", "nb"),
        ("nb_NO", "nb"),
        (None, "nb"),
        ("de", "nb"),
    ],
)
def test_norm_lang(lang, expected):
    assert norm_lang(lang) == expected


def test_default_language_is_bokmal():
    assert fmt_number(1234.5) == f"1{S}234,5"
