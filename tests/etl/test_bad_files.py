"""A table of bad (and merely odd) files: each must give its specific error code, on the right row and column,
or read cleanly with the expected warning. read_file never raises for bad input."""

from __future__ import annotations

import codecs
import io
import json
import math
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.read import read_file
from etl.validation import TEMPLATES
from tests.etl.conftest import dumps, jsonstat2, xlsx_bytes

H = "indicator_id,year,value\n"
HN = "indicator_id,year,value,note\n"


def _zip_not_xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("data.csv", H + "befolkning,2023,1\n")
    return buf.getvalue()


def _workbook(sheets: dict) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _emissions(year, road):
    return [
        ["Kommunenummer", "Kommunenavn", "År", "Sektor", "Utslipp (tonn CO2-ekvivalenter)"],
        [3203, "Asker", year, "Veitrafikk", road],
        [3203, "Asker", year, "Oppvarming", 12000],
    ]


def _ods() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    return buf.getvalue()


def _renumbered(v2024_3025: str) -> bytes:
    head = '"region";"statistikkvariabel";"år";"06913: Befolkning"\n'
    rows = [
        ("3025 Asker (2020-2023)", "2023", "95 886"),
        ("3025 Asker (2020-2023)", "2024", v2024_3025),
        ("3203 Asker", "2023", ".."),
        ("3203 Asker", "2024", "96 974"),
    ]
    return (head + "".join(f'"{r}";"Befolkning per 1.1.";"{y}";"{v}"\n' for r, y, v in rows)).encode("iso-8859-1")


BD = "indicator_id,year,value,kjønn\nbefolkning,2023,1,menn\n"

# (id, file name, content, read_file kwargs, expected errors [(code, row, column)], expected warnings [code])
# row/column None = not checked. An empty error list means the file must read (report.ok).
CASES = [
    ("empty", "a.csv", b"", {}, [("empty_file", None, None)], []),
    ("whitespace-only", "a.csv", b"  \r\n\n\t \n", {}, [("empty_file", None, None)], []),
    ("bom-only", "a.csv", codecs.BOM_UTF8 + b"\n", {}, [("empty_file", None, None)], []),
    (
        "binary-png",
        "a.csv",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        {},
        [("binary_file", None, None)],
        [],
    ),
    (
        "nul-byte-in-text",
        "a.csv",
        (H + "befolkning,2023,1\nbefolkning,2024,2\x00\n").encode(),
        {},
        [("nul_bytes", 3, None)],
        [],
    ),
    ("utf16-without-bom", "a.csv", (H + "befolkning,2023,1\n").encode("utf-16-le"), {}, [], ["utf16_decoded"]),
    (
        "encoding-koi8r",
        "a.csv",
        ("показатель;год;значение\nнаселение;2023;1\nнаселение;2024;2\n").encode("koi8-r"),
        {},
        [("encoding_unknown", None, None)],
        [],
    ),
    (
        "mixed-encodings-in-notes",
        "a.csv",
        HN.encode() + "befolkning,2023,1,Økning\n".encode() + "befolkning,2024,2,Økning\n".encode("cp1252"),
        {},
        [],
        ["mixed_encoding"],
    ),
    (
        "double-encoded-utf8",
        "a.csv",
        (HN + "befolkning,2023,1,Økt tilflytting til Røyken\n").encode("utf-8").decode("cp1252").encode("utf-8"),
        {},
        [],
        ["double_encoding_fixed"],
    ),
    (
        "ragged-too-many",
        "a.csv",
        (H + "befolkning,2023,1\nbefolkning,2024,2,3\n").encode(),
        {},
        [("ragged_row", 3, None)],
        [],
    ),
    (
        "ragged-too-few",
        "a.csv",
        (H + "befolkning,2023\nbefolkning,2024,2\n").encode(),
        {},
        [("ragged_row", 2, None)],
        [],
    ),
    ("decimal-comma-unquoted", "a.csv", (H + "befolkning,2023,1,5\n").encode(), {}, [("ragged_row", 2, None)], []),
    (
        "mixed-separators",
        "a.csv",
        (b"indicator_id;year;value\nbefolkning;2023;1\nbefolkning,2024,2\n"),
        {},
        [("mixed_separators", 3, None)],
        [],
    ),
    (
        "text-in-number",
        "a.csv",
        (H + "befolkning,2023,1\nbefolkning,2024,abc\n").encode(),
        {},
        [("text_in_number", 3, "value")],
        [],
    ),
    (
        "text-in-number-norwegian",
        "a.csv",
        "indikator;år;verdi\nbefolkning;2023;ca. 5\n".encode(),
        {},
        [("text_in_number", 2, "verdi")],
        [],
    ),
    ("infinity", "a.csv", (H + "befolkning,2023,inf\n").encode(), {}, [("non_finite", 2, "value")], []),
    ("overflow-1e999", "a.csv", (H + "befolkning,2023,1e999\n").encode(), {}, [("non_finite", 2, "value")], []),
    ("nan-written-out", "a.csv", (H + "befolkning,2023,NaN\n").encode(), {}, [("non_finite", 2, "value")], []),
    ("year-zero", "a.csv", (H + "befolkning,0,1\n").encode(), {}, [("impossible_year", 2, "year")], []),
    ("year-3000", "a.csv", (H + "befolkning,3000,1\n").encode(), {}, [("impossible_year", 2, "year")], []),
    (
        "year-typo-20233",
        "a.csv",
        (H + "befolkning,2022,1\nbefolkning,20233,1\n").encode(),
        {},
        [("impossible_year", 3, "year")],
        [],
    ),
    ("not-a-period", "a.csv", (H + "befolkning,i fjor,1\n").encode(), {}, [("bad_period", 2, "year")], []),
    (
        "conflicting-duplicates",
        "a.csv",
        (H + "befolkning,2023,1\nmobbing,2023,2\nbefolkning,2023,3\n").encode(),
        {},
        [("conflicting_duplicate", 2, None)],
        [],
    ),
    (
        "identical-duplicates",
        "a.csv",
        (H + "befolkning,2023,1\nbefolkning,2023,1.0\n").encode(),
        {},
        [],
        ["identical_duplicate"],
    ),
    (
        "unknown-indicator",
        "a.csv",
        (H + "befolkning,2023,1\nbefolknign,2023,1\n").encode(),
        {},
        [("unknown_indicator", 3, "indicator_id")],
        [],
    ),
    (
        "unknown-chosen-indicator",
        "a.csv",
        "år;verdi\n2023;1\n".encode(),
        {"indicator_id": "finnes_ikke"},
        [("unknown_indicator", None, None)],
        [],
    ),
    (
        "empty-indicator-id",
        "a.csv",
        (H + "befolkning,2023,1\n,2024,2\n").encode(),
        {},
        [("missing_indicator", 3, "indicator_id")],
        [],
    ),
    ("no-indicator", "a.csv", "år;verdi\n2023;1\n".encode(), {}, [("missing_indicator", None, None)], []),
    ("fake-xlsx", "a.xlsx", b"\x01\x02garbage\x00\xff" * 50, {}, [("fake_xlsx", None, None)], []),
    ("html-named-xlsx", "a.xlsx", b"<html><body><p>Not found</p></body></html>", {}, [("fake_xlsx", None, None)], []),
    (
        "corrupt-xlsx-truncated",
        "a.xlsx",
        xlsx_bytes([["indicator_id", "year", "value"]])[:300],
        {},
        [("corrupt_xlsx", None, None)],
        [],
    ),
    ("zip-that-is-not-xlsx", "a.xlsx", _zip_not_xlsx(), {}, [("zip_archive", None, None)], []),
    (
        "old-xls",
        "a.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
        {},
        [("xls_not_supported", None, None)],
        [],
    ),
    (
        "xlsx-without-table",
        "a.xlsx",
        xlsx_bytes([["Bare en tittel"], [], [42]]),
        {},
        [("excel_no_table", None, None)],
        [],
    ),
    (
        "enormous-line",
        "a.csv",
        (H + "befolkning,2023,1\n" + "x" * 1_100_000 + "\n").encode(),
        {},
        [("line_too_long", 3, None)],
        [],
    ),
    (
        "formula-in-note",
        "a.csv",
        (HN + 'befolkning,2023,1,=HYPERLINK("http://x")\n').encode(),
        {},
        [],
        ["formula_in_note"],
    ),
    (
        "html-in-note",
        "a.csv",
        (HN + "befolkning,2023,1,<b>Ny</b> definisjon &amp; kilde\n").encode(),
        {},
        [],
        ["html_in_note"],
    ),
    ("header-only", "a.csv", H.encode(), {}, [("no_rows", None, None)], []),
    (
        "missing-value-column",
        "a.csv",
        b"indicator_id,year\nbefolkning,2023\n",
        {},
        [("missing_column", None, None)],
        [],
    ),
    ("unknown-layout", "a.csv", b"foo;bar;baz\n1;2;3\n", {}, [("unknown_layout", 1, None)], []),
    (
        "duplicate-column",
        "a.csv",
        b"indicator_id;year;value;value\nbefolkning;2023;1;2\n",
        {},
        [("duplicate_column", 1, "value")],
        [],
    ),
    (
        "chosen-column-missing",
        "a.csv",
        (H + "befolkning,2023,1\n").encode(),
        {"mapping": "MAPPING_WRONG"},
        [("mapping_column_missing", None, "verdi")],
        [],
    ),
    ("invalid-json", "a.json", b'{"version": "2.0", "class": ', {}, [("invalid_json", 1, None)], []),
    (
        "json-not-jsonstat",
        "a.json",
        b'[{"indicator_id": "befolkning", "year": 2023, "value": 1}]',
        {},
        [("json_not_jsonstat", None, None)],
        [],
    ),
    ("json-object-not-jsonstat", "a.json", b'{"data": [1, 2, 3]}', {}, [("json_not_jsonstat", None, None)], []),
    (
        "jsonstat-wrong-size",
        "a.json",
        dumps(jsonstat2([1.0, 2.0, 3.0])).encode(),
        {},
        [("jsonstat_size", None, None)],
        [],
    ),
    (
        "jsonstat-bad-category",
        "a.json",
        dumps(jsonstat2([1.0] * 8, size=[2, 1, 4])).encode(),
        {},
        [("jsonstat_invalid", None, None)],
        [],
    ),
    (
        "several-measures-one-indicator",
        "a.csv",
        (
            '"region";"statistikkvariabel";"år";"99999: Noe"\n"3203 Asker";"A";"2023";"1"\n"3203 Asker";"B";"2023";"2"\n'
        ).encode(),
        {"indicator_id": "fullfort_vgs"},
        [("several_variables", None, None)],
        [],
    ),
    (
        "too-many-rows",
        "a.csv",
        (H + "".join(f"befolkning,{y},1\n" for y in range(2000, 2010))).encode(),
        {"max_rows": 5},
        [("too_many_rows", None, None)],
        [],
    ),
    (
        "too-large",
        "a.csv",
        (H + "befolkning,2023,1\n").encode(),
        {"max_bytes": 10},
        [("file_too_large", None, None)],
        [],
    ),
    ("negative-zero", "a.csv", (H + "befolkning,2023,-0\nbefolkning,2024,-0.0\n").encode(), {}, [], []),
    ("future-period", "a.csv", (H + "befolkning,2099,1\n").encode(), {}, [("future_period", 2, "year")], []),
    ("unknown-flag", "a.csv", b"indicator_id,year,value,flag\nbefolkning,2023,1,x\n", {}, [], ["unknown_flag"]),
    ("percent-signs", "a.csv", "indikator;år;verdi\nmobbing;2023;5,5 %\n".encode(), {}, [], ["percent_sign_removed"]),
    ("leading-space-in-header", "a.csv", b" indicator_id , year , value \nbefolkning,2023,1\n", {}, [], []),
    ("trailing-separators-from-excel", "a.csv", b"indicator_id;year;value;;\nbefolkning;2023;1;;\n;;;;\n", {}, [], []),
    (
        "blank-lines-between-rows",
        "a.csv",
        (H + "\nbefolkning,2023,1\n\n\nbefolkning,2024,x\n").encode(),
        {},
        [("text_in_number", 6, "value")],
        [],
    ),
    # issue 12: real exports that loaded wrong or not at all, and files meant to do harm
    ("renumbered-3025-and-3203", "06913.csv", _renumbered(".."), {}, [], ["missing_beside_value"]),
    ("renumbered-with-two-values", "06913.csv", _renumbered("96 900"), {}, [("conflicting_duplicate", 3, None)], []),
    (
        "trailing-totalt-row",
        "a.csv",
        '"region";"år";"09579: Lavinntekt"\n"3203 Asker";"2023";"9,8"\n"Totalt";"2023";"9,0"\n'.encode(),
        {},
        [],
        ["total_area_skipped"],
    ),
    (
        "several-data-sheets",
        "utslipp.xlsx",
        _workbook({"2022": _emissions(2022, 1.0), "2023": _emissions(2023, 2.0), "Om": [["Kilde: Miljødirektoratet"]]}),
        {},
        [],
        ["sheet_skipped", "sheets_read"],
    ),
    (
        "one-observation-two-sheets",
        "utslipp.xlsx",
        _workbook({"A": _emissions(2022, 1.0), "B": _emissions(2022, 2.0)}),
        {},
        [("conflicting_duplicate_sheets", 2, None)],
        [],
    ),
    (
        "formula-without-result",
        "utslipp.xlsx",
        _workbook({"U": _emissions(2022, "=E3*2")}),
        {},
        [("formula_without_value", None, None)],
        [],
    ),
    (
        "duplicate-excel-header",
        "a.xlsx",
        _workbook({"U": [["indicator_id", "year", "value", "value"], ["befolkning", 2023, 1, 2]]}),
        {},
        [("duplicate_column", 1, "value")],
        [],
    ),
    (
        "ambiguous-thousands-or-decimal",
        "a.csv",
        b"indicator_id;year;value\nbefolkning;2022;1.234\nbefolkning;2023;2,5\n",
        {},
        [("ambiguous_number", 2, "value")],
        [],
    ),
    ("share-above-100", "a.csv", (H + "mobbing,2023,100.5\n").encode(), {}, [("share_above_100", 2, "value")], []),
    ("negative-count", "a.csv", (H + "befolkning,2023,-1\n").encode(), {}, [("negative_value", 2, "value")], []),
    ("allowed-by-the-catalog", "a.csv", (H + "dekningsgrad,2023,101\nframskriving,2099,-1\n").encode(), {}, [], []),
    (
        "too-many-columns",
        "a.csv",
        (
            "indicator_id,year,value,"
            + ",".join(f"c{j}" for j in range(1_000))
            + "\n"
            + "befolkning,2023,1"
            + ",x" * 1_000
            + "\n"
        ).encode(),
        {},
        [("too_many_columns", None, None)],
        [],
    ),
    (
        "too-many-cells",
        "a.csv",
        (H + "befolkning,2023,1\n" * 10).encode(),
        {"max_cells": 20},
        [("too_many_cells", None, None)],
        [],
    ),
    ("ods-spreadsheet", "a.ods", _ods(), {}, [("ods_not_supported", None, None)], []),
    ("zip-named-csv", "a.csv", _zip_not_xlsx(), {}, [("zip_archive", None, None)], []),
    (
        "drop-a-column-not-there",
        "a.csv",
        BD.encode(),
        {"drop": ("alder",)},
        [("not_a_breakdown_column", None, "alder")],
        [],
    ),
    (
        "total-value-not-there",
        "a.csv",
        BD.encode(),
        {"totals": {"kjønn": "begge"}},
        [("total_value_absent", None, "kjønn")],
        [],
    ),
    ("total-value-given", "a.csv", BD.encode(), {"totals": {"kjønn": "menn"}}, [], []),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_file(case, catalog):
    from etl.read import ColumnMapping

    _id, name, data, kwargs, errors, warnings = case
    kwargs = dict(kwargs)
    if kwargs.get("mapping") == "MAPPING_WRONG":
        kwargs["mapping"] = ColumnMapping(indicator="indicator_id", period="year", value="verdi")
    result = read_file(data, name, catalog, **kwargs)
    report = result.report
    for p in report.problems:
        assert p.code in TEMPLATES, p.code
        for lang in ("nb", "en"):
            text = p.text(lang)
            assert "{" not in text and name in text, text
    if errors:
        codes = [p.code for p in report.errors]
        for code, row, column in errors:
            hits = [p for p in report.errors if p.code == code]
            assert hits, f"expected {code}, got {[p.text('en') for p in report.problems]}"
            if row is not None:
                assert hits[0].row == row, hits[0].text("en")
            if column is not None:
                assert hits[0].column == column, hits[0].text("en")
        assert set(codes) == {e[0] for e in errors}, [p.text("en") for p in report.errors]
    else:
        assert report.ok, [p.text("en") for p in report.errors]
        assert [p.code for p in report.warnings] == warnings, [p.text("en") for p in report.warnings]
        assert len(result.frame) > 0


def test_conflicting_duplicate_names_both_rows(catalog):
    r = read_file((H + "befolkning,2023,1\nmobbing,2023,2\nbefolkning,2023,3\n").encode(), "d.csv", catalog)
    p = r.report.errors[0]
    assert (p.row, p.params["other_row"]) == (2, 4)
    assert "2" in p.message("en") and "4" in p.message("en") and "1" in p.message("en") and "3" in p.message("en")


def test_unknown_indicator_suggests_closest_id(catalog):
    r = read_file((H + "befolknign,2023,1\n").encode(), "u.csv", catalog)
    p = r.report.errors[0]
    assert p.params["suggestion"] == "befolkning" and "befolkning" in p.message("nb")
    assert "definer indikatoren" in p.hint("nb")


def test_limits_are_named_in_messages(catalog):
    r = read_file((H + "befolkning,2023,1\n" * 3).encode(), "a.csv", catalog, max_rows=2)
    assert "2 rows" in r.report.errors[0].message("en")
    r = read_file(b"x" * 2_000_000, "a.csv", catalog, max_bytes=1_000_000)
    assert "1,0 MB" in r.report.errors[0].message("en")


def test_many_bad_rows_are_capped(catalog):
    data = (H + "".join(f"befolkning,{2000 + i},x\n" for i in range(60))).encode()
    r = read_file(data, "a.csv", catalog)
    codes = [p.code for p in r.report.problems]
    assert codes.count("text_in_number") == 20 and codes[-1] == "more_problems"
    assert r.report.problems[-1].params["count"] == 40


def test_formula_note_is_kept(catalog):
    r = read_file((HN + "befolkning,2023,1,=1+2\n").encode(), "a.csv", catalog)
    assert r.frame["note"].tolist() == ["=1+2"]


def test_html_note_is_stripped(catalog):
    r = read_file(
        (HN + "befolkning,2023,1,<b>Ny</b> definisjon &amp; kilde<script>x</script>\n").encode(), "a.csv", catalog
    )
    assert r.frame["note"].tolist() == ["Ny definisjon & kilde x"]


def test_negative_zero_has_no_sign(catalog):
    r = read_file((H + "befolkning,2023,-0\n").encode(), "a.csv", catalog)
    assert math.copysign(1, r.frame["value"].iloc[0]) == 1


def test_bad_rows_are_left_out_of_the_frame(catalog):
    r = read_file((H + "befolkning,2023,1\nbefolkning,2024,x\nbefolkning,0,1\nfoo,2023,1\n").encode(), "a.csv", catalog)
    assert r.frame["source_row"].tolist() == [2]
    assert sorted(p.code for p in r.report.errors) == ["impossible_year", "text_in_number", "unknown_indicator"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.binary(max_size=400),
        st.text(alphabet=st.sampled_from(list('abæø;,\t"\n .:-*=<>0123456789K_')), max_size=400).map(
            lambda t: (H + t).encode()
        ),
        st.text(max_size=200).map(lambda t: t.encode("utf-8")),
    ),
    st.sampled_from(["a.csv", "a.xlsx", "a.json", "a.txt"]),
)
def test_never_raises(catalog, data, name):
    r = read_file(data, name, catalog)
    for p in r.report.problems:
        assert p.code in TEMPLATES
        p.text("nb"), p.text("en")
    assert list(r.frame.columns)[:3] == ["indicator_id", "period", "year"]


def test_json_dump_of_report(catalog):
    r = read_file((H + "befolkning,2023,x\n").encode(), "a.csv", catalog)
    json.dumps(r.report.to_records("en"))


def _with_member(data: bytes, name: str, content: bytes) -> bytes:
    """A copy of a zip with one more (deflated) member."""
    buf = io.BytesIO(data)
    with zipfile.ZipFile(buf, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr(name, content)
    return buf.getvalue()


def test_xlsx_that_unpacks_to_too_much_is_refused(catalog, monkeypatch):
    monkeypatch.setenv("ASKER2030_MAX_XLSX_UNPACKED_MB", "1")
    # 3 MB of sheet XML that deflates to a few kB: the zip's declared sizes say so before anything is unpacked.
    data = _with_member(
        xlsx_bytes([["indicator_id", "year", "value"], ["befolkning", 2023, 1]]),
        "xl/worksheets/sheet2.xml",
        b"<row/>" * 500_000,
    )
    assert len(data) < 50_000
    r = read_file(data, "bombe.xlsx", catalog)
    assert [p.code for p in r.report.errors] == ["xlsx_unpacks_too_large"]
    p = r.report.errors[0]
    assert (p.params["size_mb"], p.params["limit_mb"]) == (3, 1)
    assert "ASKER2030_MAX_XLSX_UNPACKED_MB" in p.hint("en") and "3 MB" in p.message("en")


def test_many_identical_duplicates_are_summarised(catalog):
    data = (H + "befolkning,2023,1\n" * 500).encode()
    r = read_file(data, "a.csv", catalog)
    assert r.report.ok and len(r.frame) == 1
    codes = [p.code for p in r.report.warnings]
    assert codes.count("identical_duplicate") == 20 and r.report.warnings[-1].params["count"] == 479
