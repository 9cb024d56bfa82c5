"""A fast path for large, plain canonical CSV files (a national export of a million rows).

The file is split into columns by pyarrow (C++, all cores) and every *distinct* text of a column is mapped
once by the very functions the full reader uses (periods, areas, breakdowns, flags, symbols); numbers written
plainly (`-12.5`) are converted in C. Whatever the full reader would repair or report (quotes, another
separator, blank lines, symbols it warns about, unknown indicators, odd periods, future years, HTML in notes,
duplicates, …) makes this return None, and the full reader reads the file and says what it found.

Two guards keep the results identical: the full reader reads the first rows itself (its mapping, details
and decimal mark are used, and any problem there hands the file over), and the fast result for those rows
must equal the full reader's, column by column, or the fast result is thrown away. tests/etl/test_fast_reader.py
compares whole files both ways.
"""
from __future__ import annotations

import codecs
import io
import re
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from etl.periods import parse_periods
from etl.readers.base import FLAG_WORDS
from etl.readers.values import parse_values
from etl.regions import normalize_areas
from etl.sniff import MAX_LINE

FAST_MIN_BYTES = 2_000_000  # smaller files take the full reader (well under a second anyway)
HEAD_ROWS = 10_000          # rows the full reader reads itself, to vouch for the layout and decimal mark
CANONICAL_COLUMNS = {"indicator_id", "year", "period", "value", "area", "breakdown", "flag", "note"}
PLAIN_NUMBER = r"^-?[0-9]+(\.[0-9]+)?$"
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>|<!--.*?-->", re.S)
_FORMULA = re.compile(r"^[=+\-@\t\r]")


def read_fast(raw: bytes, name: str, catalog, max_rows: int):
    """The ReadResult the full reader would give, or None when this file is not one for the fast path."""
    from etl.read import OBSERVATION_COLUMNS, ReadResult, read_file
    from etl.readers import CANONICAL
    from etl.report import Report

    if len(raw) < FAST_MIN_BYTES or Path(name).suffix.lower() not in (".csv", ".txt", ""):
        return None
    body = raw[len(codecs.BOM_UTF8):] if raw.startswith(codecs.BOM_UTF8) else raw
    if any(c in body for c in (b'"', b"\r", b"\x00", b";", b"\t", b"\n\n")):
        return None
    first = body.find(b"\n")
    if first <= 0:
        return None
    try:
        columns = body[:first].decode("ascii").split(",")
    except UnicodeDecodeError:
        return None
    if (len(set(columns)) != len(columns) or not set(columns) <= CANONICAL_COLUMNS
            or not {"indicator_id", "value"} <= set(columns) or ("year" in columns) == ("period" in columns)):
        return None
    arr = np.frombuffer(body, dtype=np.uint8)
    newlines = np.flatnonzero(arr == 10)
    ends = np.append(newlines, len(body)) if not body.endswith(b"\n") else newlines
    n = len(ends) - 1  # data rows (no blank lines, no quotes: one row per line)
    if n <= HEAD_ROWS or n > max_rows or np.diff(ends, prepend=-1).max() > MAX_LINE:
        return None

    # The full reader on the first rows: layout, mapping, details and decimal mark, and no problem at all.
    head = read_file(raw[:int(newlines[HEAD_ROWS]) + 1 + (len(raw) - len(body))], name, catalog)
    if head.report.problems or head.format != "canonical" or head.mapping is None or len(head.frame) != HEAD_ROWS:
        return None
    if head.details.get("decimal") != "." or head.details.get("thousands"):
        return None

    try:
        table = pacsv.read_csv(
            io.BytesIO(body),
            read_options=pacsv.ReadOptions(use_threads=True, block_size=16 << 20),
            parse_options=pacsv.ParseOptions(delimiter=",", quote_char=False, newlines_in_values=False,
                                             ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in columns},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False,
                                                 null_values=[]))
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    if table.num_rows != n or table.column_names != columns:
        return None
    try:
        frame = _observations(table, n, catalog, CANONICAL)
    except _NotPlain:
        return None
    k = len(head.frame)
    try:
        pd.testing.assert_frame_equal(head.frame, frame.iloc[:k].reset_index(drop=True), check_exact=True)
    except AssertionError:
        return None
    details = {**head.details, "bytes": len(raw), "rows_read": n, "fast_path": True}
    return ReadResult(frame[OBSERVATION_COLUMNS], Report(), "canonical", details, head.mapping)


class _NotPlain(Exception):
    """Something the full reader repairs or reports."""


def _encode(table: pa.Table, column: str) -> tuple[np.ndarray, list]:
    """Row → distinct-value index, and the distinct values."""
    enc = pc.dictionary_encode(table[column].combine_chunks())
    return enc.indices.to_numpy(zero_copy_only=False), enc.dictionary.to_pylist()


def _strings(labels: list, idx: np.ndarray) -> pd.Series:
    """A text column (pandas' Arrow-backed str) from labels per distinct value, without per-row Python objects."""
    return pc.take(pa.array(labels, pa.string()), pa.array(idx)).to_pandas()


def _stripped(values: list) -> list:
    if any(v != v.strip() for v in values):
        raise _NotPlain("surrounding spaces")
    return values


def _observations(table: pa.Table, n: int, catalog, reader) -> pd.DataFrame:
    cols = set(table.column_names)
    out: dict = {}

    idx, ids = _encode(table, "indicator_id")
    known = {i.id for i in catalog.indicators}
    if not set(_stripped(ids)) <= known:
        raise _NotPlain("unknown indicator")
    out["indicator_id"] = _strings(ids, idx)

    idx, labels = _encode(table, "year" if "year" in cols else "period")
    per = parse_periods(pd.Series(labels, dtype=object), prefer_multi_year=reader.prefer_multi_year)
    if (per["error"] != "").any() or (per["year"] > date.today().year).any():
        raise _NotPlain("period")
    out["period"] = _strings(list(per["period"]), idx)
    out["year"] = per["year"].to_numpy("int64")[idx]
    out["time"] = per["time"].to_numpy("float64")[idx]
    out["period_kind"] = _strings(list(per["period_kind"]), idx)

    if "area" in cols:
        idx, labels = _encode(table, "area")
        out["area"] = _strings(list(normalize_areas(pd.Series(labels, dtype=object))), idx)
    else:
        out["area"] = _strings(["Asker"], np.zeros(n, np.int32))

    if "breakdown" in cols:
        from etl.read import _breakdowns
        idx, labels = _encode(table, "breakdown")
        out["breakdown"] = _strings(list(_breakdowns(pd.DataFrame({"breakdown": _stripped(labels)}, dtype=object))),
                                    idx)
    else:
        out["breakdown"] = _strings([""], np.zeros(n, np.int32))

    value, missing = _values(table["value"].combine_chunks(), n, reader)
    out["value"] = value
    out["missing"] = missing
    if "flag" in cols:
        idx, labels = _encode(table, "flag")
        low = [v.lower() for v in _stripped(labels)]
        if not all(v in FLAG_WORDS for v in low):
            raise _NotPlain("flag")
        out["flag"] = _strings([FLAG_WORDS[v] for v in low], idx)
    else:
        out["flag"] = _strings([""], np.zeros(n, np.int32))
    if "note" in cols:
        idx, labels = _encode(table, "note")
        if any(_TAG.search(v) or _FORMULA.match(v) for v in _stripped(labels)):
            raise _NotPlain("note")
        out["note"] = _strings(labels, idx)
    else:
        out["note"] = _strings([""], np.zeros(n, np.int32))
    out["source_row"] = np.arange(2, n + 2, dtype="int64")
    frame = pd.DataFrame(out)

    key = pd.MultiIndex.from_arrays([frame[c] for c in ("indicator_id", "period", "area", "breakdown")])
    if key.has_duplicates:
        raise _NotPlain("duplicates")
    return frame


def _values(col: pa.Array, n: int, reader) -> tuple[np.ndarray, pd.Series]:
    """Plain numbers in C; every other distinct text through the full reader's parse_values."""
    plain = pc.fill_null(pc.match_substring_regex(col, PLAIN_NUMBER), False)
    value = np.full(n, np.nan)
    is_plain = plain.to_numpy(zero_copy_only=False)
    # The full reader decides the decimal mark from the first 5 000 numbers of the file; the head it read
    # must hold all of those for its decision (".") to be the whole file's.
    if is_plain[:HEAD_ROWS].sum() < 5000:
        raise _NotPlain("too few plain numbers in the first rows")
    value[is_plain] = pc.cast(pc.filter(col, plain), pa.float64()).to_numpy(zero_copy_only=False)
    missing_idx = np.zeros(n, np.int32)
    codes = [""]
    if not is_plain.all():
        other = pc.filter(col, pc.invert(plain))
        distinct = pc.unique(other)
        pv = parse_values(pd.Series(distinct.to_pylist(), dtype="str"), dict(reader.symbols), decimal=".")
        if pv.text_error.any() or pv.non_finite.any() or pv.percent.any() or pv.empty.any():
            raise _NotPlain("value")
        where = pc.index_in(other, value_set=distinct).to_numpy(zero_copy_only=False)
        value[~is_plain] = pv.value[where]
        codes = [""] + [str(m) for m in pv.missing]
        missing_idx[~is_plain] = where + 1
    return value + 0.0, _strings(codes, missing_idx)
