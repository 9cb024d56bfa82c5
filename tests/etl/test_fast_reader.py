"""The fast path for large plain canonical CSV gives exactly what the full reader gives, and hands every file
with something unusual (anywhere in it, not only at the top) to the full reader."""
from __future__ import annotations

import codecs

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
    assert {k: v for k, v in a.details.items() if k != "fast_path"} == \
        {k: v for k, v in b.details.items() if k != "fast_path"}


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
    "unknown indicator": lambda l: f"no-such-indicator{l[l.index(','):]}",
    "bad period": lambda l: l.split(",")[0] + ",2010x,1.0,Kommune 9999,,,",
    "future year": lambda l: l.split(",")[0] + ",2099,1.0,Kommune 9999,,,",
    "decimal comma": lambda l: l.split(",")[0] + ",2010,\"1,5\",Kommune 9999,,,",
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
}


@pytest.mark.parametrize("case", list(TAIL_CASES))
def test_anything_unusual_late_in_the_file_goes_to_the_full_reader(monkeypatch, lines, case):
    changed = list(lines)
    changed[-3] = TAIL_CASES[case](changed[-3])
    data = _bytes(changed)
    assert fast.read_fast(data, "national.csv", CATALOG, 2_000_000) is None, case
    got = read_file(data, "national.csv", CATALOG, max_bytes=10**9)
    assert not got.details.get("fast_path")
    _same(got, _full(monkeypatch, data))


def test_duplicates_and_blank_lines_go_to_the_full_reader(monkeypatch, lines):
    for changed in (lines + [lines[-1]], lines[:-2] + [""] + lines[-2:]):
        data = _bytes(changed)
        assert fast.read_fast(data, "national.csv", CATALOG, 2_000_000) is None
        _same(read_file(data, "national.csv", CATALOG, max_bytes=10**9), _full(monkeypatch, data))


def test_small_files_and_chosen_mappings_take_the_full_reader(lines):
    small = _bytes(lines[:2000])
    assert fast.read_fast(small, "small.csv", CATALOG, 2_000_000) is None
    data = _bytes(lines)
    got = read_file(data, "national.csv", CATALOG, indicator_id=ANNUAL[0], max_bytes=10**9)
    assert not got.details.get("fast_path")
