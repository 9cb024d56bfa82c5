"""Numbers as Norwegian sources write them: decimal comma or point, space/no-break-space thousands, symbols.

Vectorised over the whole column (pandas string methods), so a million values parse in about a second.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from etl.readers.base import ZERO
from etl.sniff import detect_decimal

NON_FINITE_WORDS = {"nan", "-nan", "+nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity", "∞", "-∞"}


@dataclass
class ParsedValues:
    value: np.ndarray  # float64, NaN when missing or bad
    missing: np.ndarray  # object: "" or a missing code
    text_error: np.ndarray  # bool: text where a number belongs
    non_finite: np.ndarray  # bool: inf / nan written out / overflow
    empty: np.ndarray  # bool: an empty cell (stored as not_available)
    percent: np.ndarray  # bool: had a trailing percent sign
    decimal: str
    thousands: str | None
    # bool: "1.234" where the file writes decimal commas (or "1,234" where it writes points): 1234 or 1.234?
    ambiguous: np.ndarray | None = None
    decimal_shown: np.ndarray | None = None  # bool: a number written with the file's decimal mark

    def __post_init__(self):
        n = len(self.value)
        if self.ambiguous is None:
            self.ambiguous = np.zeros(n, bool)
        if self.decimal_shown is None:
            self.decimal_shown = np.zeros(n, bool)


def parse_values(values: pd.Series, symbols: dict, decimal: str | None = None) -> ParsedValues:
    n = len(values)
    out = np.full(n, np.nan)
    missing = np.full(n, "", dtype=object)
    text_err = np.zeros(n, bool)
    nonfin = np.zeros(n, bool)
    empty = np.zeros(n, bool)
    pct = np.zeros(n, bool)
    if n == 0:
        return ParsedValues(out, missing, text_err, nonfin, empty, pct, decimal or ".", None)

    # Excel and JSON cells may already be numbers; only strings need parsing.
    if values.dtype == object or not pd.api.types.is_string_dtype(values.dtype):
        is_num = values.map(
            lambda v: isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
        ).to_numpy(bool)
    else:
        is_num = np.zeros(n, bool)
    if is_num.any():
        nums = values[is_num].astype("float64").to_numpy()
        out[is_num] = nums
        nonfin[is_num] = ~np.isfinite(nums)
    is_text = ~is_num
    thousands = None
    ambiguous = np.zeros(n, bool)
    shown = np.zeros(n, bool)
    detected = decimal is None
    if is_text.any():
        sub = values[is_text] if is_num.any() else values
        if sub.dtype == object or not pd.api.types.is_string_dtype(sub.dtype):
            sub = sub.map(lambda v: "" if v is None else str(v)).astype("str")
        s = sub.str.strip()
        idx = np.flatnonzero(is_text)
        # Symbols and words are short: lower-case only those (cheap on a million numbers).
        short = (s.str.len() <= 10).to_numpy(bool)
        low = s[short].str.lower()
        sym = low.map(symbols).where(low.isin(list(symbols)), None).to_numpy(object)
        has_sym = np.zeros(len(s), bool)
        codes = np.full(len(s), None, dtype=object)
        has_sym[short] = pd.notna(sym)
        codes[short] = sym
        zero = has_sym & (codes == ZERO)
        out[idx[zero]] = 0.0
        real_missing = has_sym & ~zero
        missing[idx[real_missing]] = codes[real_missing]
        empty[idx] = (s == "").to_numpy(bool) & real_missing
        words = np.zeros(len(s), bool)
        words[short] = low.isin(NON_FINITE_WORDS).to_numpy(bool)
        words &= ~has_sym
        nonfin[idx[words]] = True
        rest = ~has_sym & ~words
        if rest.any():
            t = s[rest]
            if decimal is None:
                sample = pd.unique(t.head(5000).str.replace(r"[\s\u00a0\u202f\u2009']", "", regex=True))[:2000]
                decimal, thousands = detect_decimal([str(x) for x in sample])
            num = pd.to_numeric(t, errors="coerce").to_numpy("float64", copy=True)
            # Plain "123.45" parsed directly is right unless the file writes "." as thousands separator.
            if decimal == "," or thousands == ".":
                slow = ~t.str.fullmatch(r"-?\d+").to_numpy(bool)
            else:
                slow = np.isnan(num)
            if slow.any():
                u = t[slow].str.replace(r"[\s\u00a0\u202f\u2009']", "", regex=True).str.replace("−", "-", regex=False)
                has_pct = u.str.endswith("%").to_numpy(bool)
                if has_pct.any():
                    u = u.str.rstrip("%")
                    pct[idx[np.flatnonzero(rest)[np.flatnonzero(slow)[has_pct]]]] = True
                u = _normalise_marks(u, decimal, thousands)
                num[slow] = pd.to_numeric(u, errors="coerce").to_numpy("float64")
            ridx = idx[np.flatnonzero(rest)]
            if detected and thousands is None:
                amb, dec = _ambiguous_marks(t)
                ambiguous[ridx[amb]] = True
                shown[ridx[dec]] = True
            text_err[ridx[np.isnan(num)]] = True
            nonfin[ridx[np.isinf(num)]] = True
            out[ridx] = num
    out[nonfin | text_err] = np.nan
    out = out + 0.0  # -0.0 -> 0.0
    return ParsedValues(out, missing, text_err, nonfin, empty, pct, decimal or ".", thousands, ambiguous, shown)


_SPACES = r"[\s\u00a0\u202f\u2009']"


def _ambiguous_marks(t: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(ambiguous, shows a decimal mark) for number texts. "1.234" reads as 1234 (a thousands separator) or as
    1.234 (a decimal mark); the file settles it when it writes the other mark as a decimal mark somewhere ("2,5":
    then "." would be the thousands separator, or the file mixes decimal marks) and nothing says which. A mark
    followed by other than three digits ("1.5", "1234.567") can only be a decimal mark. (Files whose numbers
    use both marks, "1.234,5", tell the roles apart and are read that way before this is asked.)"""
    none = np.zeros(len(t), bool)
    if not t.str.contains(".", regex=False).any() or not t.str.contains(",", regex=False).any():
        return none, none
    u = t.str.replace(_SPACES, "", regex=True)

    def match(pattern):
        return u.str.fullmatch(pattern).to_numpy(bool, na_value=False)

    dot, comma = match(r"[+\-−]?\d*\.\d+%?"), match(r"[+\-−]?\d*,\d+%?")
    shaped = match(r"[+\-−]?\d{1,3}[.,]\d{3}%?")
    proves_dot, proves_comma = dot & ~shaped, comma & ~shaped
    amb_dot = shaped & dot if proves_comma.any() else none
    amb_comma = shaped & comma if proves_dot.any() else none
    shown = (proves_comma if amb_dot.any() else none) | (proves_dot if amb_comma.any() else none)
    return amb_dot | amb_comma, shown


def _normalise_marks(t: pd.Series, decimal: str, thousands: str | None) -> pd.Series:
    """Make every string use '.' as decimal mark and no thousands separator."""
    if decimal == "," and not t.str.contains(".", regex=False).any() and not (t.str.count(",") > 1).any():
        return t.str.replace(",", ".", regex=False)  # the common Norwegian case in one pass
    nc = t.str.count(",")
    npt = t.str.count(r"\.")
    last_c = t.str.rfind(",")
    last_p = t.str.rfind(".")
    both = (nc > 0) & (npt > 0)
    # Both marks: the last one is the decimal mark.
    comma_is_dec = both & (last_c > last_p)
    point_is_dec = both & (last_p > last_c)
    only_c = (nc > 0) & (npt == 0)
    only_p = (npt > 0) & (nc == 0)
    res = t.copy()
    m = comma_is_dec
    if m.any():
        res[m] = t[m].str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    m = point_is_dec
    if m.any():
        res[m] = t[m].str.replace(",", "", regex=False)
    # One comma: a decimal comma, unless the file writes comma thousands ("1,234.5" elsewhere).
    m = only_c & ((nc > 1) | (thousands == ","))
    if m.any():
        res[m] = t[m].str.replace(",", "", regex=False)
    m = only_c & (nc == 1) & (thousands != ",")
    if m.any():
        res[m] = t[m].str.replace(",", ".", regex=False)
    m = only_p & ((npt > 1) | (thousands == "."))
    if m.any():
        res[m] = t[m].str.replace(".", "", regex=False)
    return res
