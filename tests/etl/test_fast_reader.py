"""The fast path for large plain canonical CSV gives exactly what the full reader gives, and hands every file
with something unusual (anywhere in it, not only at the top) to the full reader."""

from __future__ import annotations

import codecs

import numpy as np
import pandas as pd
import pytest

import etl.readers.fast as fast
from etl.read import read_file
from indicators.catalog import load_catalog

CATALOG = load_catalog()
ANNUAL = [i.id for i in CATALOG.indicators if i.frequency == "annual"][:4]
SCHOOL = next(i.id for i in CATALOG.indicators if i.frequency == "school_year")
HEADER = "indicator_id,year,value,area,breakdown,flag,note"


def _lines(n_areas: int = 500) -> list[str]:
    """Plain canonical rows: areas by name and by code, breakdowns, flags, notes, SSB symbols, school years."""
    out = [HEADER]
    for a in range(n_areas):
        area = ["Asker", "0301 Oslo", "K-1103", "Bærum kommune"][a] if a < 4 else f"Kommune {a:04d}"
        for iid in ANNUAL:
            for y in range(2000, 2025):
                v = f"{(a * 13 + y * 7) % 1000 / 10:.1f}"
                bd = "kjønn=kvinner" if (a + y) % 7 == 0 else ""
                flag = "p" if y == 2024 else ""
                note = "Foreløpige tall" if y == 2024 and a % 50 == 0 else ""
                out.append(f"{iid},{y},{v},{area},{bd},{flag},{note}")
        for y in range(2005, 2024):
            out.append(f"{SCHOOL},{y}-{(y + 1) % 100:02d},{70 + a % 20}.5,{area},,,")
    return out


def _bytes(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def _full(monkeypatch, data: bytes, name="national.csv"):
    with monkeypatch.context() as m:
        m.setattr(fast, "read_fast", lambda *a, **k: None)
        return read_file(data, name, CATALOG, max_bytes=10**9)


def _same(a, b):
    pd.testing.assert_frame_equal(a.frame, b.frame, check_exact=True)
    assert [p.text("en") for p in a.report.problems] == [p.text("en") for p in b.report.problems]
    assert a.format == b.format and a.mapping == b.mapping
    assert {k: v for k, v in a.details.items() if k != "fast_path"} == {
        k: v for k, v in b.details.items() if k != "fast_path"
    }


@pytest.fixture(scope="module")
def lines():
    got = _lines()
    assert len(_bytes(got)) > fast.FAST_MIN_BYTES
    return got


def test_plain_file_is_read_fast_and_identically(monkeypatch, lines):
    data = _bytes(lines)
    got = read_file(data, "national.csv", CATALOG, max_bytes=10**9)
    assert got.details.get("fast_path") is True
    _same(got, _full(monkeypatch, data))
    assert set(got.frame["area"]) >= {"Asker", "Oslo"} and (got.frame["flag"] == "provisional").any()


def test_symbols_and_a_bom_stay_on_the_fast_path(monkeypatch, lines):
    tail = list(lines)
    tail[-5] = f"{ANNUAL[1]},2020,..,Kommune 0499,kjønn=menn,,"
    tail[-10] = f"{ANNUAL[0]},2024,:,Kommune 0499,kjønn=menn,,"
    tail[-11] = f"{ANNUAL[0]},2023,-,Kommune 0499,kjønn=menn,,"
    data = codecs.BOM_UTF8 + _bytes(tail)
    got = read_file(data, "national.csv", CATALOG, max_bytes=10**9)
    assert got.details.get("fast_path") is True
    _same(got, _full(monkeypatch, data))
    assert set(got.frame["missing"]) >= {"not_available", "confidential"}


TAIL_CASES = {
    "unknown indicator": lambda l: f"no-such-indicator{l[l.index(',') :]}",
    "bad period": lambda l: l.split(",")[0] + ",2010x,1.0,Kommune 9999,,,",
    "future year": lambda l: l.split(",")[0] + ",2099,1.0,Kommune 9999,,,",
    "decimal comma": lambda l: l.split(",")[0] + ',2010,"1,5",Kommune 9999,,,',
    "percent sign": lambda l: l.split(",")[0] + ",2010,12%,Kommune 9999,,,",
    "empty value": lambda l: l.split(",")[0] + ",2010,,Kommune 9999,,,",
    "text in number": lambda l: l.split(",")[0] + ",2010,abc,Kommune 9999,,,",
    "unknown flag": lambda l: l.split(",")[0] + ",2010,1.0,Kommune 9999,,zz,",
    "html note": lambda l: l.split(",")[0] + ",2010,1.0,Kommune 9999,,,<b>x</b>",
    "formula note": lambda l: l.split(",")[0] + ",2010,1.0,Kommune 9999,,,=SUM(A1)",
    "quotes": lambda l: l.split(",")[0] + ',2010,1.0,"Kommune 9999",,,',
    "semicolon": lambda l: l.split(",")[0] + ",2010,1.0,Kommune 9999,,,a;b",
    "spaces around id": lambda l: " " + l,
    "ragged row": lambda l: l + ",extra",
    "crlf": lambda l: l + "\r",
    "lone cr": lambda l: l.replace(",", ",\r", 1),
    "tab": lambda l: l.split(",")[0] + ",2010,1.0,Kommune 9999,,,a\tb",
    "nul": lambda l: l.split(",")[0] + ",2010,1.0,Kommune 9999,,,a\x00b",
    "only commas": lambda l: ",,,,,,",
    "whitespace line": lambda l: "   ",
}


@pytest.mark.parametrize("case", list(TAIL_CASES))
def test_anything_unusual_late_in_the_file_goes_to_the_full_reader(monkeypatch, lines, case):
    changed = list(lines)
    changed[-3] = TAIL_CASES[case](changed[-3])
    data = _bytes(changed)
    assert fast.read_fast(data, "national.csv", CATALOG, 2_000_000, full_reader=read_file) is None, case
    got = read_file(data, "national.csv", CATALOG, max_bytes=10**9)
    assert not got.details.get("fast_path")
    _same(got, _full(monkeypatch, data))


def test_duplicates_and_blank_lines_go_to_the_full_reader(monkeypatch, lines):
    for changed in (lines + [lines[-1]], lines[:-2] + [""] + lines[-2:]):
        data = _bytes(changed)
        assert fast.read_fast(data, "national.csv", CATALOG, 2_000_000, full_reader=read_file) is None
        _same(read_file(data, "national.csv", CATALOG, max_bytes=10**9), _full(monkeypatch, data))


def test_small_files_and_chosen_mappings_take_the_full_reader(lines):
    small = _bytes(lines[:2000])
    assert fast.read_fast(small, "small.csv", CATALOG, 2_000_000, full_reader=read_file) is None
    data = _bytes(lines)
    got = read_file(data, "national.csv", CATALOG, indicator_id=ANNUAL[0], max_bytes=10**9)
    assert not got.details.get("fast_path")


def _columns(header: str, rows: list[list[str]]) -> bytes:
    return _bytes([header] + [",".join(r) for r in rows])


def _select(lines: list[str], header: str) -> bytes:
    """The plain file with only (and in the order of) the columns in `header`."""
    at = {c: i for i, c in enumerate(lines[0].split(","))}
    pick = [at[c] for c in header.split(",")]
    return _columns(header, [[r.split(",")[i] for i in pick] for r in lines[1:]])


def _no_area() -> bytes:
    """Asker only (no area column): the breakdowns keep the rows apart."""
    rows = [
        [iid, str(y), f"{(a * 3 + y) % 500 / 10:.1f}", f"alder={a}"]
        for iid in ANNUAL
        for y in range(2000, 2025)
        for a in range(520)
    ]
    return _columns("indicator_id,year,value,breakdown", rows)


@pytest.mark.parametrize(
    "header",
    [
        "indicator_id,year,value,area,breakdown",
        "indicator_id,year,value,area",
        "area,value,indicator_id,year,flag",
        "indicator_id,value,year,area,note",
    ],
)
def test_optional_columns_absent_or_reordered(monkeypatch, lines, header):
    data = _select(lines, header)
    got = read_file(data, "national.csv", CATALOG, max_bytes=10**9)
    assert got.details.get("fast_path") is True, header
    _same(got, _full(monkeypatch, data))


def test_no_area_column_means_asker(monkeypatch):
    data = _no_area()
    assert len(data) > fast.FAST_MIN_BYTES
    got = read_file(data, "national.csv", CATALOG, max_bytes=10**9)
    assert got.details.get("fast_path") is True
    _same(got, _full(monkeypatch, data))
    assert set(got.frame["area"]) == {"Asker"} and set(got.frame["flag"]) == {""} and set(got.frame["note"]) == {""}


def test_a_period_column_instead_of_year(monkeypatch, lines):
    data = _bytes(["indicator_id,period,value,area,breakdown,flag,note"] + lines[1:])
    got = read_file(data, "national.csv", CATALOG, max_bytes=10**9)
    assert got.details.get("fast_path") is True
    _same(got, _full(monkeypatch, data))


def _row_with(lines: list[str], area: str) -> str:
    return next(l for l in lines[1:] if l.split(",")[3] == area)


DUPLICATE_CASES = {
    # the same line again, far from the first
    "repeated row": lambda lines: lines[len(lines) // 3],
    # the same key with another value: a conflict
    "conflict": lambda lines: ",".join(lines[-7].split(",")[:2] + ["12345.0"] + lines[-7].split(",")[3:]),
    # other texts for the same area ("0301 Oslo" is Oslo) and the same breakdown (keys are lower-cased)
    "same area, other text": lambda lines: _row_with(lines, "0301 Oslo").replace("0301 Oslo", "Oslo"),
    "same breakdown, other text": lambda lines: next(l for l in lines[1:] if "kjønn=kvinner" in l).replace(
        "kjønn=kvinner", "Kjønn=kvinner"
    ),
}


@pytest.mark.parametrize("case", list(DUPLICATE_CASES))
def test_duplicates_are_found_from_the_codes_of_the_mapped_keys(monkeypatch, lines, case):
    data = _bytes(lines + [DUPLICATE_CASES[case](lines)])
    assert fast.read_fast(data, "national.csv", CATALOG, 2_000_000, full_reader=read_file) is None, case
    got = read_file(data, "national.csv", CATALOG, max_bytes=10**9)
    assert got.report.problems
    _same(got, _full(monkeypatch, data))


def test_rows_that_differ_in_one_key_column_only_are_not_duplicates(monkeypatch, lines):
    base = lines[-3].split(",")
    extra = [
        ",".join(base[:3] + ["Kommune 9998"] + base[4:]),  # another area
        ",".join(base[:3] + [base[3], "kjønn=menn"] + base[5:]),  # another breakdown
        ",".join([base[0], "1999"] + base[2:]),
    ]  # another year
    data = _bytes(lines + extra)
    got = read_file(data, "national.csv", CATALOG, max_bytes=10**9)
    assert got.details.get("fast_path") is True
    _same(got, _full(monkeypatch, data))


def test_trailing_blank_line_goes_to_the_full_reader(monkeypatch, lines):
    data = _bytes(lines) + b"\n"
    assert fast.read_fast(data, "national.csv", CATALOG, 2_000_000, full_reader=read_file) is None
    _same(read_file(data, "national.csv", CATALOG, max_bytes=10**9), _full(monkeypatch, data))


def test_line_length_limit(monkeypatch, lines):
    from etl.sniff import MAX_LINE

    # one line over the limit: the full reader reports it
    changed = list(lines)
    changed[-3] = changed[-3] + "x" * (MAX_LINE + 10)
    data = _bytes(changed)
    assert fast.read_fast(data, "national.csv", CATALOG, 2_000_000, full_reader=read_file) is None
    _same(read_file(data, "national.csv", CATALOG, max_bytes=10**9), _full(monkeypatch, data))
    # long texts in two columns, but in different rows: every line is within the limit
    changed = list(lines)
    half = MAX_LINE // 2 + 1000
    changed[-3] = changed[-3] + "n" * half
    parts = changed[-40].split(",")
    changed[-40] = ",".join(parts[:3] + ["Kommune " + "a" * half] + parts[4:])
    data = _bytes(changed)
    got = read_file(data, "national.csv", CATALOG, max_bytes=10**9)
    assert got.details.get("fast_path") is True
    _same(got, _full(monkeypatch, data))


def _reference_duplicates(key) -> bool:
    return pd.MultiIndex.from_arrays([codes[idx] for codes, idx, _ in key]).has_duplicates


@pytest.mark.parametrize("sizes", [(3, 4, 5, 2), (1000, 1000, 1000, 1), (2**20, 2**20, 2**20, 2**5)])
def test_duplicate_check_on_codes(sizes):
    """The table of every combination, the hash and the MultiIndex fallback (for ever more combinations) all
    agree with pandas, with and without duplicates."""
    rng = np.random.default_rng(7)
    n = 200
    seen = set()
    for trial in range(40):
        key = []
        for k in sizes:
            mapped = rng.integers(0, k, size=60).astype(np.int64)  # distinct texts may share a mapped code
            key.append((mapped, rng.integers(0, 60, size=n).astype(np.int32), k))
        if trial % 2:  # row 150 repeats row 20's key (through other texts where they map alike)
            for _codes, idx, _ in key:
                idx[150] = idx[20]
        else:  # a first column that tells every row apart
            k = max(sizes[0], n)
            key[0] = (rng.permutation(k)[:n].astype(np.int64), np.arange(n, dtype=np.int32), k)
        expected = _reference_duplicates(key)
        assert fast._has_duplicates(key, n) == expected
        seen.add(expected)
    assert seen == {True, False}


def test_duplicate_check_when_no_key_column_varies():
    one = lambda n: (np.zeros(1, np.int64), np.zeros(n, np.int32), 1)  # noqa: E731
    assert fast._has_duplicates([one(1), one(1)], 1) is False
    assert fast._has_duplicates([one(2), one(2)], 2) is True


def test_head_comparison_is_exact(lines):
    data = _bytes(lines)
    frame = read_file(data, "national.csv", CATALOG, max_bytes=10**9).frame.iloc[:500]
    copy = frame.copy()
    assert fast._same(frame, copy)
    for column, change in (("value", 1e-9), ("year", 1), ("source_row", 1)):
        other = frame.copy()
        other.loc[3, column] = other.loc[3, column] + change
        assert not fast._same(frame, other), column
    other = frame.copy()
    other.loc[7, "area"] = "Oslo "
    assert not fast._same(frame, other)
    assert not fast._same(frame, frame.astype({"area": object}))
    assert not fast._same(frame, frame[list(frame.columns)[::-1]])
    nan = frame.copy()
    nan.loc[2, "value"] = np.nan
    assert fast._same(nan, nan.copy()) and not fast._same(frame, nan)


def _cells(col) -> list[str]:
    return [col.labels[i] for i in col.idx]


def test_columns_are_encoded_with_one_dictionary_for_all_chunks(monkeypatch):
    import pyarrow as pa
    import pyarrow.compute as pc

    chunked = pa.chunked_array([pa.array([b"a", b"b", b"a"]), pa.array([b"c", b"a"]), pa.array([b"b\xc3\xa6"])])
    want = ["a", "b", "a", "c", "a", "bæ"]
    col = fast._Column(chunked, 6)
    assert _cells(col) == want and sorted(col.labels) == sorted(set(want))
    assert list(col.text()) == want and list(col.text([v.upper() for v in col.labels])) == [v.upper() for v in want]
    # a pyarrow that gave each chunk its own dictionary: the codes must still be the file's
    encode = pc.dictionary_encode
    monkeypatch.setattr(
        pc,
        "dictionary_encode",
        lambda arr: (
            pa.chunked_array([encode(c) for c in arr.chunks]) if isinstance(arr, pa.ChunkedArray) else encode(arr)
        ),
    )
    assert _cells(fast._Column(chunked, 6)) == want


def test_column_checks_on_distinct_texts():
    import pyarrow as pa

    empty = fast._Column(pa.chunked_array([pa.array([b"", b""]), pa.array([b""])]), 3)
    assert empty.labels == [""] and list(empty.idx) == [0, 0, 0] and list(empty.text()) == ["", "", ""]
    for bad in (b'a"b', b"a;b", b"a\tb", b"a\x00b"):
        with pytest.raises(fast._NotPlain):
            fast._Column(pa.chunked_array([pa.array([b"x", bad])]), 2)
    with pytest.raises(pa.ArrowInvalid):  # not UTF-8
        fast._Column(pa.chunked_array([pa.array([b"x", b"\xff"])]), 2)


def test_not_utf8_late_in_the_file_goes_to_the_full_reader(monkeypatch, lines):
    data = _bytes(lines[:-3]) + f"{ANNUAL[0]},2010,1.0,Kommune 9999,,,".encode() + b"\xe6\xf8\n" + _bytes(lines[-2:])
    assert fast.read_fast(data, "national.csv", CATALOG, 2_000_000, full_reader=read_file) is None
    _same(read_file(data, "national.csv", CATALOG, max_bytes=10**9), _full(monkeypatch, data))
