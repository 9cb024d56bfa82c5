"""A corpus of bad files through the loader's own path (prepare → commit / load_paths) against a real store:
each is rejected with an error naming what is wrong, and the database is left exactly as it was.

The readers' own corpus (tests/etl/test_bad_files.py) checks messages at reader level; this one checks that no
rejected file can change the database, however it fails.
"""

from __future__ import annotations

import io
import json
import random
import zipfile

import openpyxl
import pytest

from etl.load import commit, load_paths, prepare
from etl.read import ColumnMapping
from indicators.catalog import load_catalog
from store import db

HEADER = b"indicator_id,year,value\n"


def _bytes_noise() -> bytes:
    rnd = random.Random(2030)
    return bytes(rnd.randrange(256) for _ in range(4000))


def _xlsx(rows: list[list]) -> bytes:
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _corrupt_xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<not really a workbook")
    return buf.getvalue()


def _sheets() -> bytes:
    """Two sheets that give the same observation two values."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, road in (("A", 150000), ("B", 150500)):
        ws = wb.create_sheet(title)
        ws.append(["Kommunenummer", "Kommunenavn", "År", "Sektor", "Utslipp (tonn CO2-ekvivalenter)"])
        ws.append([3203, "Asker", 2022, "Veitrafikk", road])
        ws.append([3203, "Asker", 2022, "Oppvarming", 12000])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _ods() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    return buf.getvalue()


def _zipped() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("data.csv", "indicator_id,year,value\nsykefravaer,2020,5.1\n")
    return buf.getvalue()


def _jsonstat(values: list) -> bytes:
    return json.dumps(
        {
            "version": "2.0",
            "class": "dataset",
            "label": "06913: Befolkning",
            "id": ["Region", "Tid"],
            "size": [1, 3],
            "dimension": {
                "Region": {"category": {"index": {"3203": 0}, "label": {"3203": "Asker"}}},
                "Tid": {"category": {"index": {"2022": 0, "2023": 1, "2024": 2}}},
            },
            "value": values,
            "role": {"time": ["Tid"], "geo": ["Region"]},
            "extension": {"px": {"tableid": "06913"}},
        }
    ).encode()


# (case id, file name, bytes, accepted error codes, extra prepare() arguments)
CASES = [
    ("empty", "tom.csv", b"", {"empty_file"}, {}),
    ("blank-lines-only", "blank.csv", b"\n\n   \n\t\n", {"empty_file"}, {}),
    ("header-only", "header.csv", HEADER, {"no_rows"}, {}),
    ("binary-noise", "noise.csv", _bytes_noise(), {"binary_file", "encoding_unknown"}, {}),
    (
        "png-named-csv",
        "bilde.csv",
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        {"binary_file", "encoding_unknown"},
        {},
    ),
    ("nul-byte-in-text", "nul.csv", HEADER + b"sykefravaer,2020,5\x00.1\n", {"nul_bytes", "binary_file"}, {}),
    ("text-named-xlsx", "tekst.xlsx", b"dette er ikke et regneark, bare en setning\n", {"fake_xlsx"}, {}),
    ("corrupt-xlsx", "skadet.xlsx", _corrupt_xlsx(), {"corrupt_xlsx"}, {}),
    (
        "truncated-xlsx",
        "avkortet.xlsx",
        _xlsx([["indicator_id", "year", "value"], ["sykefravaer", 2020, 5.0]])[:300],
        {"corrupt_xlsx"},
        {},
    ),
    ("old-xls", "gammel.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, {"xls_not_supported"}, {}),
    (
        "xlsx-without-table",
        "tom-tabell.xlsx",
        _xlsx([["Utslipp fra kommunene"], [], ["Kilde: Miljødirektoratet"]]),
        {"excel_no_table", "unknown_layout", "no_rows"},
        {},
    ),
    ("invalid-json", "halv.json", b'{"version": "2.0", "class": "dataset", "value": [1, 2', {"invalid_json"}, {}),
    ("json-not-jsonstat", "annet.json", b'{"hello": [1, 2, 3]}', {"json_not_jsonstat"}, {}),
    ("jsonstat-size-mismatch", "kort.json", _jsonstat([1.2, 1.3]), {"jsonstat_size"}, {}),
    ("unknown-layout", "rart.csv", b"foo;bar;baz\n1;2;3\n4;5;6\n", {"unknown_layout"}, {}),
    (
        "no-value-column",
        "uten-verdi.csv",
        b"indicator_id,year,area\nsykefravaer,2020,Asker\n",
        {"unknown_layout", "missing_column"},
        {},
    ),
    ("text-in-number", "tekst-tall.csv", HEADER + b"sykefravaer,2020,fem\n", {"text_in_number"}, {}),
    (
        "one-good-row-one-bad",
        "blandet.csv",
        HEADER + b"sykefravaer,2020,5.1\nsykefravaer,2021,5,2x\n",
        {"text_in_number", "ragged_row"},
        {},
    ),
    ("infinity", "uendelig.csv", HEADER + b"sykefravaer,2020,inf\n", {"non_finite"}, {}),
    ("bad-period", "periode.csv", HEADER + b"sykefravaer,20x3,5.1\n", {"bad_period"}, {}),
    ("reversed-school-year", "skoleaar.csv", HEADER + b"mobbing-10-trinn,2024-23,5.1\n", {"bad_period"}, {}),
    ("impossible-year", "aar.csv", HEADER + b"sykefravaer,1066,5.1\n", {"impossible_year"}, {}),
    ("unknown-indicator", "ukjent.csv", HEADER + "sykefravær,2020,5.1\n".encode(), {"unknown_indicator"}, {}),
    ("empty-indicator-id", "tom-id.csv", HEADER + b",2020,5.1\n", {"missing_indicator", "unknown_indicator"}, {}),
    (
        "conflicting-duplicates",
        "dobbel.csv",
        HEADER + b"sykefravaer,2020,5.1\nsykefravaer,2020,5.4\n",
        {"conflicting_duplicate"},
        {},
    ),
    (
        "duplicate-column",
        "kolonne.csv",
        b"indicator_id,year,value,value\nsykefravaer,2020,5.1,5.2\n",
        {"duplicate_column"},
        {},
    ),
    ("ragged-row", "felt.csv", HEADER + b"sykefravaer,2020,5.1\nsykefravaer,2021,5,2,extra\n", {"ragged_row"}, {}),
    (
        "ssb-table-not-in-catalog",
        "ssb-99999.csv",
        '"region","år","99999: Noe helt annet"\n"3203 Asker","2023",12\n'.encode(),
        {"source_not_in_catalog"},
        {},
    ),
    (
        "cyrillic-code-page",
        "kyrillisk.csv",
        ("показатель;год;значение\n" + "население;2020;5,1\n" * 20).encode("cp1251"),
        {"encoding_unknown"},
        {},
    ),
    ("line-too-long", "lang.csv", HEADER + b"sykefravaer,2020," + b"9" * 1_100_000 + b"\n", {"line_too_long"}, {}),
    (
        "too-many-rows",
        "mange.csv",
        HEADER + b"".join(b"sykefravaer,%d,5.0\n" % y for y in range(2000, 2011)),
        {"too_many_rows"},
        {"max_rows": 10},
    ),
    ("too-large", "stor.csv", HEADER + b"sykefravaer,2020,5.0\n" * 100, {"file_too_large"}, {"max_bytes": 1000}),
    (
        "mapping-names-missing-column",
        "kart.csv",
        HEADER + b"sykefravaer,2020,5.1\n",
        {"mapping_column_missing"},
        {"mapping": ColumnMapping(indicator="indicator_id", period="periode", value="value")},
    ),
    (
        "fixed-indicator-unknown",
        "fast.csv",
        '"region","år","06913: Befolkning"\n"3203 Asker","2023",1.2\n'.encode(),
        {"unknown_indicator"},
        {"indicator_id": "finnes-ikke"},
    ),
    # issue 12: what loaded silently wrong, and files meant to do harm
    (
        "ambiguous-number",
        "tvetydig.csv",
        b"indicator_id;year;value\nbostedslose;2021;1.234\nbostedslose;2022;2,5\n",
        {"ambiguous_number"},
        {},
    ),
    ("share-above-100", "andel.csv", HEADER + b"sykefravaer,2020,104.2\n", {"share_above_100"}, {}),
    ("negative-count", "negativ.csv", HEADER + b"bostedslose,2020,-3\n", {"negative_value"}, {}),
    ("future-period", "framtid.csv", HEADER + b"sykefravaer,2031,5.0\n", {"future_period"}, {}),
    (
        "formula-without-result",
        "formel.xlsx",
        _xlsx(
            [
                ["Kommunenummer", "Kommunenavn", "År", "Sektor", "Utslipp (tonn CO2-ekvivalenter)"],
                [3203, "Asker", 2022, "Veitrafikk", 150000],
                [3203, "Asker", 2022, "Oppvarming", "=E2/10"],
            ]
        ),
        {"formula_without_value"},
        {},
    ),
    (
        "duplicate-excel-header",
        "dobbel.xlsx",
        _xlsx([["indicator_id", "year", "value", "value"], ["sykefravaer", 2020, 5.1, 5.2]]),
        {"duplicate_column"},
        {},
    ),
    ("one-observation-two-sheets", "ark.xlsx", _sheets(), {"conflicting_duplicate_sheets"}, {}),
    (
        "too-many-columns",
        "bred.csv",
        b"indicator_id,year,value,"
        + b",".join(b"c%d" % j for j in range(2_000))
        + b"\n"
        + b"sykefravaer,2020,5.1"
        + b",x" * 2_000
        + b"\n",
        {"too_many_columns"},
        {},
    ),
    ("ods-spreadsheet", "regneark.ods", _ods(), {"ods_not_supported"}, {}),
    ("zip-named-csv", "arkiv.csv", _zipped(), {"zip_archive"}, {}),
    (
        "renumbered-two-values",
        "06913.csv",
        ('"region";"år";"06913: Befolkning"\n"3025 Asker (2020-2023)";"2024";"1"\n"3203 Asker";"2024";"2"\n').encode(
            "iso-8859-1"
        ),
        {"conflicting_duplicate"},
        {"indicator_id": "befolkningsvekst"},
    ),
    (
        "drop-unknown-column",
        "kolonne.csv",
        b"indicator_id,year,value,kjonn\nsykefravaer,2020,5.1,menn\n",
        {"not_a_breakdown_column"},
        {"drop": ("alder",)},
    ),
]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture
def store(example_db, catalog):
    con = db.connect(example_db)
    yield con, db.effective_catalog(con, catalog)
    con.close()


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 25
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case_id,name,data,codes,kwargs", CASES, ids=[c[0] for c in CASES])
def test_rejected_file_leaves_the_store_unchanged(store, tmp_path, case_id, name, data, codes, kwargs):
    con, catalog = store
    before = db.content_fingerprint(con)
    prepared = prepare(con, data, name, catalog, **kwargs)
    assert not prepared.ok, f"{case_id} was accepted"
    found = {p.code for p in prepared.report.errors}
    assert found & codes, f"{case_id}: expected one of {codes}, got {found}"
    for problem in prepared.report.errors:  # every error can be shown in both languages, with what to do
        assert problem.message("nb") and problem.message("en") and problem.message("nb") != problem.code
    assert prepared.diff is None  # no preview of a file that cannot be loaded
    with pytest.raises(ValueError, match="has errors and cannot be committed"):
        commit(con, prepared, "tester")
    assert db.content_fingerprint(con) == before

    if not kwargs:  # the CLI path: all files or none, so a good file next to a bad one is not loaded either
        good = tmp_path / "good.csv"
        good.write_bytes(HEADER + b"valgdeltakelse,2025,70.0\n")
        bad = tmp_path / name
        bad.write_bytes(data)
        results, prepared_all = load_paths(con, [good, bad], catalog, "tester")
        assert results == [] and prepared_all[0].ok and not prepared_all[1].ok
        assert db.content_fingerprint(con) == before


def test_a_good_file_is_accepted_by_the_same_path(store):
    """The control: the corpus fails for its faults, not because the path rejects everything."""
    con, catalog = store
    prepared = prepare(con, HEADER + b"valgdeltakelse,2025,70.0\n", "good.csv", catalog)
    assert prepared.ok and prepared.diff.added == 1
    result = commit(con, prepared, "tester")
    assert result.upload_id is not None
