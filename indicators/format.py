"""Number, percent and date formatting the Norwegian (and English) way, shared by engine, charts, pages and reports.

Conventions (decided once here so every screen and export agrees):

- Locale: bokmål uses CLDR ``nb_NO`` (``1 234,5``), English uses ``en_GB`` (``1,234.5``).
- Spaces: every space *inside* a formatted number or between a number and its unit is a normal no-break
  space U+00A0 (CLDR's group separator for nb), so ``12,3 %`` or ``90 000 t`` never wraps across lines.
  We do not use the narrow no-break space U+202F: many fonts in projector/PDF setups lack it.
- Minus: negative numbers get a real minus sign U+2212 (``−4,1 %``) in both languages; a value that rounds
  to zero is shown without a sign (``0,0``, never ``−0,0``).
- Rounding: half away from zero (2,25 → 2,3), as SSB's tables do, applied to the decimal text of the float
  (so 2.675 → 2,68, not 2,67 from binary representation).
- Missing: ``None``, NaN and ±inf are shown as an en dash ``–``.
- Percent: nb ``12,3 %`` (space before %, Språkrådet's rule), en ``12.3%``.
"""

from __future__ import annotations

import datetime as _dt
import math
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext
from typing import Any

from babel.dates import format_date as _babel_format_date
from babel.dates import format_time as _babel_format_time
from babel.numbers import format_decimal as _babel_format_decimal

NBSP = "\u00a0"
MINUS = "\u2212"
MISSING = "\u2013"  # en dash
LOCALES = {"nb": "nb_NO", "en": "en_GB"}


def norm_lang(lang: str | None) -> str:
    """'en', 'en_GB', 'EN' → 'en'; anything else (nb, no, nb_NO, None) → 'nb'."""
    return "en" if str(lang or "nb").lower().startswith("en") else "nb"


def _as_float(x: Any) -> float | None:
    if x is None or isinstance(x, bool):
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _rounded(x: float, decimals: int) -> Decimal:
    try:
        d = Decimal(repr(float(x)))
    except InvalidOperation:  # pragma: no cover - finite floats always convert
        d = Decimal(x)
    q = Decimal(1).scaleb(-decimals)  # 10**-decimals
    # enough precision for any float's integer digits (the default 28 digits fail on e.g. 1e30)
    r = d.quantize(q, rounding=ROUND_HALF_UP, context=Context(prec=max(28, d.adjusted() + decimals + 3)))
    return r + 0 if r != 0 else abs(r)  # drop negative zero


def fmt_number(x: Any, decimals: int = 1, lang: str = "nb") -> str:
    """``1234.5`` → ``1 234,5`` (nb) / ``1,234.5`` (en); None/NaN → ``–``."""
    f = _as_float(x)
    if f is None:
        return MISSING
    decimals = max(0, int(decimals))
    r = _rounded(f, decimals)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    with localcontext() as ctx:  # babel quantizes again in the current context: give it room for huge values
        ctx.prec = max(28, r.adjusted() + decimals + 3)
        text = _babel_format_decimal(abs(r), format=pattern, locale=LOCALES[norm_lang(lang)], decimal_quantization=True)
    text = text.replace(" ", NBSP).replace("\u202f", NBSP)
    return (MINUS + text) if r < 0 else text


def fmt_percent(x: Any, decimals: int = 1, lang: str = "nb") -> str:
    """x is already in percent: ``12.3`` → ``12,3 %`` (nb) / ``12.3%`` (en)."""
    num = fmt_number(x, decimals, lang)
    if num == MISSING:
        return MISSING
    return num + (NBSP + "%" if norm_lang(lang) == "nb" else "%")


def fmt_signed_percent(x: Any, decimals: int = 1, lang: str = "nb") -> str:
    """A rate in percent with an explicit sign: ``−4,1 %``, ``+2,0 %``; zero after rounding has no sign."""
    f = _as_float(x)
    if f is None:
        return MISSING
    text = fmt_percent(f, decimals, lang)
    return ("+" + text) if _rounded(f, max(0, int(decimals))) > 0 else text


def fmt_signed_number(x: Any, decimals: int = 1, lang: str = "nb") -> str:
    """Like fmt_number with an explicit ``+`` on positive values (changes in units per year)."""
    f = _as_float(x)
    if f is None:
        return MISSING
    text = fmt_number(f, decimals, lang)
    return ("+" + text) if _rounded(f, max(0, int(decimals))) > 0 else text


# English texts use English units where the Norwegian suffix is a Norwegian word or abbreviation.
EN_SUFFIXES = {"years": " years", "nok": " NOK"}


def unit_suffix(unit_key: str | None, lang: str = "nb") -> str:
    """The text that follows a number of this unit, with a no-break space (``" t"`` → ``"\\u00a0t"``)."""
    from indicators.catalog import (
        UNITS,  # local import: catalog imports yaml, keep format importable alone
    )

    if not unit_key or unit_key not in UNITS:
        return ""
    suffix = (
        EN_SUFFIXES.get(unit_key, UNITS[unit_key]["suffix"]) if norm_lang(lang) == "en" else UNITS[unit_key]["suffix"]
    )
    return suffix.replace(" ", NBSP)


def fmt_percent_auto(x: Any, max_decimals: int = 2, lang: str = "nb") -> str:
    """A percentage with as few decimals as it needs (55 → ``55 %``, 67.5 → ``67,5 %``), up to ``max_decimals``,
    rounded half away from zero like every other number here."""
    f = _as_float(x)
    if f is None:
        return MISSING
    decimals = next((d for d in range(max_decimals + 1) if _rounded(f, d) == _rounded(f, max_decimals)), max_decimals)
    return fmt_percent(f, decimals, lang)


def fmt_value(x: Any, unit_key: str | None = None, decimals: int = 1, lang: str = "nb", signed: bool = False) -> str:
    """A value with its unit suffix from ``indicators.catalog.UNITS``: ``90 000 t``, ``12,3 %``, ``4,2 ‰``.

    ``signed=True`` adds ``+`` to positive values (used for changes per year).
    """
    if unit_key == "percent":
        return (fmt_signed_percent if signed else fmt_percent)(x, decimals, lang)
    num = (fmt_signed_number if signed else fmt_number)(x, decimals, lang)
    if num == MISSING:
        return MISSING
    return num + unit_suffix(unit_key, lang)


def fmt_date(value: Any, lang: str = "nb") -> str:
    """``26. nov. 2026`` (nb) / ``26 Nov 2026`` (en). Accepts date, datetime, pandas Timestamp or ISO text."""
    if value is None:
        return MISSING
    if isinstance(value, float) and math.isnan(value):
        return MISSING
    if isinstance(value, str):
        try:
            value = _dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return MISSING
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp (NaT has no year → treated as missing)
        try:
            value = value.to_pydatetime()
        except (ValueError, AttributeError):
            return MISSING
    try:  # pandas NaT passes isinstance(datetime) but has no usable year
        int(value.year)
    except (AttributeError, TypeError, ValueError):
        return MISSING
    if isinstance(value, _dt.datetime):
        value = _dt.date(value.year, value.month, value.day)
    if not isinstance(value, _dt.date):
        return MISSING
    return _babel_format_date(value, "medium", locale=LOCALES[norm_lang(lang)]).replace(" ", NBSP)


def fmt_datetime(value: Any, lang: str = "nb") -> str:
    """``1. des. 2026 12:38`` (nb) / ``1 Dec 2026 12:38`` (en): a moment such as an upload's, to the minute."""
    day = fmt_date(value, lang)
    if day == MISSING:
        return MISSING
    if isinstance(value, str):
        value = _dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if not isinstance(value, _dt.datetime):
        return day
    return day + NBSP + _babel_format_time(value, "HH:mm", locale=LOCALES[norm_lang(lang)])
