"""Exports shaped like the ones SSB, FHI, Udir and Miljødirektoratet hand out load with the exact values, and what
could load silently wrong is an error or a warning that says what happened; a refused file changes nothing.

Every file is written here in its real format (encoding, separators, symbols, title rows; .xlsx by openpyxl),
read through the loader's own path (prepare → commit) into a real DuckDB store."""

from __future__ import annotations

import io
import json
import re
import zipfile

import openpyxl
import pytest

from etl.load import commit, prepare
from etl.read import read_file
from indicators.catalog import load_catalog
from store import db

TITLE = "06913: Befolkning, etter region, statistikkvariabel og år"


@pytest.fixture
def store(tmp_path):
    con = db.connect(tmp_path / "store.duckdb")
    db.init_schema(con)
    yield con
    con.close()


def stored(con, indicator=None):
    rows = con.execute(
        "SELECT indicator_id, period, area, breakdown, value, missing FROM observation "
        "WHERE ? IS NULL OR indicator_id = ? ORDER BY ALL",
        [indicator, indicator],
    ).fetchall()
    return [tuple(r) for r in rows]


def load(con, data, name, catalog, **kwargs):
    """prepare → commit; returns the prepared upload (its report) after committing it."""
    p = prepare(con, data, name, catalog, **kwargs)
    assert p.ok, [x.text("en") for x in p.report.errors]
    commit(con, p, "tester")
    return p


def refused(con, data, name, catalog, codes, **kwargs):
    """The file is refused with (at least) these error codes, and the store is exactly as it was."""
    before = db.content_fingerprint(con)
    p = prepare(con, data, name, catalog, **kwargs)
    assert not p.ok and codes <= {x.code for x in p.report.errors}, [x.text("en") for x in p.report.problems]
    with pytest.raises(ValueError, match="has errors"):
        commit(con, p, "tester")
    assert db.content_fingerprint(con) == before
    return p


def codes(p, level="warning"):
    return [x.code for x in p.report.problems if x.level == level]


# --- 1. municipal renumbering: Asker under 3025 (2020–2023) and 3203 (2024–) ----------------------------


def renumbered_semicolon(value_2024_under_3025: str = "..") -> bytes:
    old = {
        "2020": "94 441",
        "2021": "94 911",
        "2022": "95 186",
        "2023": "95 886",
        "2024": value_2024_under_3025,
        "2025": "..",
    }
    new = {"2020": "..", "2021": "..", "2022": "..", "2023": "..", "2024": "96 974", "2025": "97 703"}
    lines = [f'"{TITLE}"', "", f'"region";"statistikkvariabel";"år";"{TITLE}"']
    for region, values in (("3025 Asker (2020-2023)", old), ("3203 Asker", new)):
        lines += [f'"{region}";"Befolkning per 1.1.";"{y}";"{v}"' for y, v in values.items()]
    return ("\r\n".join(lines) + "\r\n").encode("iso-8859-1")  # as data.ssb.no writes it


def test_renumbered_asker_in_the_semicolon_format_is_one_series(store, catalog):
    p = load(store, renumbered_semicolon(), "06913.csv", catalog)
    assert p.read.format == "ssb_semicolon"
    assert stored(store) == [
        ("befolkning", str(y), "Asker", "", v, "")
        for y, v in zip(range(2020, 2026), (94441.0, 94911.0, 95186.0, 95886.0, 96974.0, 97703.0))
    ]
    (w,) = [x for x in p.report.warnings if x.code == "missing_beside_value"]
    assert (
        w.params["count"] == 6 and w.row == 8 and w.params["other_row"] == 14 and w.params["symbol"] == "not_available"
    )
    assert "3025 → 3203" in w.hint("en")


def test_two_real_values_for_the_same_year_still_conflict(store, catalog):
    p = refused(store, renumbered_semicolon("96 900"), "06913.csv", catalog, {"conflicting_duplicate"})
    (e,) = [x for x in p.report.errors if x.code == "conflicting_duplicate"]
    assert (e.row, e.params["other_row"]) == (8, 14)
    assert "96900" in e.message("en") and "96974" in e.message("en")


def renumbered_jsonstat() -> bytes:
    years = ["2022", "2023", "2024", "2025"]
    return json.dumps(
        {
            "version": "2.0",
            "class": "dataset",
            "label": "06913: Befolkning, etter region, statistikkvariabel og år",
            "source": "Statistisk sentralbyrå",
            "id": ["Region", "ContentsCode", "Tid"],
            "size": [2, 1, 4],
            "role": {"time": ["Tid"], "geo": ["Region"], "metric": ["ContentsCode"]},
            "dimension": {
                "Region": {
                    "label": "region",
                    "category": {
                        "index": {"K-3025": 0, "K-3203": 1},
                        "label": {"K-3025": "Asker (2020-2023)", "K-3203": "Asker"},
                    },
                },
                "ContentsCode": {
                    "label": "statistikkvariabel",
                    "category": {"index": {"Folkemengde": 0}, "label": {"Folkemengde": "Befolkning per 1.1."}},
                },
                "Tid": {
                    "label": "år",
                    "category": {"index": {y: i for i, y in enumerate(years)}, "label": {y: y for y in years}},
                },
            },
            "value": [95186, 95886, None, None, None, None, 96974, 97703],
            "status": {"2": "..", "3": "..", "4": "..", "5": ".."},
            "extension": {"px": {"tableid": "06913"}},
        },
        ensure_ascii=False,
    ).encode()


def test_renumbered_asker_in_jsonstat2_is_one_series(store, catalog):
    p = load(store, renumbered_jsonstat(), "06913.json", catalog)
    assert p.read.format == "jsonstat2"
    assert stored(store) == [
        ("befolkning", y, "Asker", "", v, "")
        for y, v in (("2022", 95186.0), ("2023", 95886.0), ("2024", 96974.0), ("2025", 97703.0))
    ]
    assert "missing_beside_value" in codes(p)


# --- 2. the headline series --------------------------------------------------------------------------------

REAL = load_catalog()

FHI_LIFE_EXPECTANCY = (
    "Geografi;År;Kjønn;Alder;Måltall;Verdi\n"
    "Asker;2008_2022;kjønn samlet;0 år;forventet levealder;84,1\n"
    "Asker;2009_2023;kjønn samlet;0 år;forventet levealder;84,3\n"
    "Asker;2009_2023;menn;0 år;forventet levealder;82,6\n"
    "Asker;2009_2023;kvinner;0 år;forventet levealder;85,9\n"
    "Hele landet;2009_2023;kjønn samlet;0 år;forventet levealder;82,9\n"
)


def test_life_expectancy_at_age_0_lands_in_the_total_series(store):
    """FHI gives expectancy at ages 0 and 30; the catalog says at birth is age 0 (source.headline)."""
    assert REAL.indicator("forventet-levealder").source.headline == (("alder", "0 år"),)
    p = load(store, FHI_LIFE_EXPECTANCY.encode("utf-8-sig"), "Forventet levealder.csv", REAL)
    assert p.read.format == "fhi"
    assert stored(store) == [
        ("forventet-levealder", "2008-2022", "Asker", "", 84.1, ""),
        ("forventet-levealder", "2009-2023", "Asker", "", 84.3, ""),
        ("forventet-levealder", "2009-2023", "Asker", "kjønn=kvinner", 85.9, ""),
        ("forventet-levealder", "2009-2023", "Asker", "kjønn=menn", 82.6, ""),
        ("forventet-levealder", "2009-2023", "Norge", "", 82.9, ""),
    ]
    assert "no_total_series" not in codes(p)


def test_expectancy_at_age_30_stays_a_breakdown_and_is_said(store):
    p = prepare(store, FHI_LIFE_EXPECTANCY.replace("0 år", "30 år").encode(), "Forventet levealder.csv", REAL)
    assert set(p.frame["breakdown"]) >= {"alder=30 år"}
    (w,) = [x for x in p.report.warnings if x.code == "no_total_series"]
    assert (w.params["key"], w.params["shown"]) == ("alder", "30 år")


UDIR_GRADE_POINTS = (
    "Enhetsnavn;Enhetsnivå;Kommunenummer;Periode;Trinn;Kjønn;Verdi;Måleenhet\n"
    "Asker kommune;Kommune;3203;2022-23;10. trinn;Alle kjønn;43,9;poeng\n"
    "Asker kommune;Kommune;3203;2023-24;10. trinn;Alle kjønn;44,2;poeng\n"
    "Asker kommune;Kommune;3203;2023-24;10. trinn;Jenter;46,8;poeng\n"
    "Nasjonalt;Nasjonalt;;2023-24;10. trinn;Alle kjønn;41,8;poeng\n"
)


def test_grade_points_of_year_10_land_in_the_total_series(store):
    p = load(store, UDIR_GRADE_POINTS.encode(), "Grunnskolepoeng.csv", REAL)
    assert p.read.format == "udir"
    assert stored(store) == [
        ("grunnskolepoeng", "2022-23", "Asker", "", 43.9, ""),
        ("grunnskolepoeng", "2023-24", "Asker", "", 44.2, ""),
        ("grunnskolepoeng", "2023-24", "Asker", "kjønn=Jenter", 46.8, ""),
        ("grunnskolepoeng", "2023-24", "Norge", "", 41.8, ""),
    ]


FHI_CONSCRIPTS = (
    "Geografi;År;Kjønn;Alder;Måltall;Verdi\n"
    "Asker;2019_2023;kjønn samlet;17 år;andel (prosent);17,2\n"
    "Asker;2020_2024;kjønn samlet;17 år;andel (prosent);16,8\n"
    "Asker;2020_2024;menn;17 år;andel (prosent);19,9\n"
)


@pytest.mark.parametrize("how", [{"totals": {"alder": "17 år"}}, {"drop": ("Alder",)}])
def test_where_the_loader_cannot_tell_the_analyst_says_so(store, how):
    """A column with one value the catalog does not know: a warning that names both ways out (the page's
    «Kolonner og indikator» and the command line's --drop / --total), and either way the rows are the total."""
    name = "Overvekt og fedme, sesjon.csv"
    p = prepare(store, FHI_CONSCRIPTS.encode(), name, REAL)
    (w,) = [x for x in p.report.warnings if x.code == "no_total_series"]
    assert w.params["example"] == "alder=17 år"
    assert '--total "alder=17 år"' in w.hint("en") and '--drop "alder"' in w.hint("en")
    assert "Kolonner og indikator" in w.hint("nb")
    p = load(store, FHI_CONSCRIPTS.encode(), name, REAL, **how)
    assert "no_total_series" not in codes(p)
    assert stored(store) == [
        ("overvekt-sesjon", "2019-2023", "Asker", "", 17.2, ""),
        ("overvekt-sesjon", "2020-2024", "Asker", "", 16.8, ""),
        ("overvekt-sesjon", "2020-2024", "Asker", "kjønn=menn", 19.9, ""),
    ]


@pytest.mark.parametrize(
    "how,code,column,text",
    [
        ({"drop": ("kjønnn",)}, "not_a_breakdown_column", "kjønnn", "The breakdown columns are «Kjønn», «Alder»"),
        ({"totals": {"alder": "18 år"}}, "total_value_absent", "Alder", "its values are «17 år»"),
    ],
)
def test_a_mistyped_drop_or_total_is_an_error(store, how, code, column, text):
    p = refused(store, FHI_CONSCRIPTS.encode(), "Overvekt og fedme, sesjon.csv", REAL, {code}, **how)
    (e,) = p.report.errors
    assert e.column == column and text in e.message("en")


# --- 3. silent wrong data ----------------------------------------------------------------------------------


def test_trailing_total_rows_do_not_become_areas(store, catalog):
    fhi = (
        "Geografi;År;Kjønn;Alder;Måltall;Verdi\n"
        "Asker;2021_2023;kjønn samlet;alle aldre;andel (prosent);7,9\n"
        "Bærum;2021_2023;kjønn samlet;alle aldre;andel (prosent);6,1\n"
        "I alt;2021_2023;kjønn samlet;alle aldre;andel (prosent);7,0\n"
    )
    p = load(store, fhi.encode(), "Overvekt.csv", catalog)
    ssb = (
        '"region";"år";"09579: Personer i husholdninger med lavinntekt (prosent)"\n'
        '"3203 Asker";"2023";"9,8"\n"3024 Bærum";"2023";"8,1"\n"Totalt";"2023";"9,0"\n'
    )
    q = load(store, ssb.encode("iso-8859-1"), "09579.csv", catalog)
    assert stored(store) == [
        ("lavinntekt", "2023", "Asker", "", 9.8, ""),
        ("lavinntekt", "2023", "Bærum", "", 8.1, ""),
        ("overvekt", "2021-2023", "Asker", "", 7.9, ""),
        ("overvekt", "2021-2023", "Bærum", "", 6.1, ""),
    ]
    for prepared, row, label in ((p, 4, "I alt"), (q, 4, "Totalt")):
        (w,) = [x for x in prepared.report.warnings if x.code == "total_area_skipped"]
        assert (w.row, w.value, w.params["count"]) == (row, label, 1)


HEADER = ["Kommunenummer", "Kommunenavn", "År", "Sektor", "Utslipp (tonn CO2-ekvivalenter)"]


def workbook(sheets: dict[str, list[list]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def emissions(year, road, heating):
    return [
        ["Klimagassutslipp fordelt på kommuner"],
        [],
        HEADER,
        [3203, "Asker", year, "Veitrafikk", road],
        [3203, "Asker", year, "Oppvarming", heating],
    ]


def test_every_data_sheet_of_a_workbook_is_read_and_skipped_sheets_are_named(store, catalog):
    data = workbook(
        {
            "Utslipp 2022": emissions(2022, 150000, 12000),
            "Utslipp 2023": emissions(2023, 140000, 11000),
            "Om dataene": [["Kilde: Miljødirektoratet"], ["Tallene for siste år er foreløpige."]],
        }
    )
    p = load(store, data, "klimagassutslipp.xlsx", catalog)
    assert p.read.format == "miljodir_xlsx"
    assert stored(store) == [
        ("klimagassutslipp", "2022", "Asker", "", 162000.0, ""),
        ("klimagassutslipp", "2022", "Asker", "sektor=Oppvarming", 12000.0, ""),
        ("klimagassutslipp", "2022", "Asker", "sektor=Veitrafikk", 150000.0, ""),
        ("klimagassutslipp", "2023", "Asker", "", 151000.0, ""),
        ("klimagassutslipp", "2023", "Asker", "sektor=Oppvarming", 11000.0, ""),
        ("klimagassutslipp", "2023", "Asker", "sektor=Veitrafikk", 140000.0, ""),
    ]
    read = [x for x in p.report.warnings if x.code == "sheets_read"][0]
    assert read.params["count"] == 2 and "«Utslipp 2022», «Utslipp 2023»" in read.message("nb")
    (skipped,) = [x for x in p.report.warnings if x.code == "sheet_skipped"]
    assert skipped.params["sheet"] == "Om dataene" and "header row" in skipped.message("en")
    assert p.read.details["sheet"] == "Utslipp 2022, Utslipp 2023"  # the upload page's details line
    assert [s["rows"] for s in p.read.details["sheets"]] == [3, 3]


def test_the_same_observation_on_two_sheets_with_two_values_is_an_error(store, catalog):
    data = workbook({"A": emissions(2022, 150000, 12000), "B": emissions(2022, 150500, 12000)})
    p = refused(store, data, "klimagassutslipp.xlsx", catalog, {"conflicting_duplicate_sheets"})
    e = [x for x in p.report.errors if x.code == "conflicting_duplicate_sheets"][0]
    assert (e.params["sheet"], e.params["other_sheet"]) == ("A", "B")
    assert "(162000 and 162500)" in e.message("en")  # the sum of sectors first, then the sector itself
    assert any("(150000 and 150500)" in x.message("en") for x in p.report.errors)


def _with_cached_values(data: bytes, value: str) -> bytes:
    """The workbook as Excel saves it after calculating: each formula cell keeps its result in <v>."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            body = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                body = re.sub(rb"(<f>[^<]*</f>)(<v\s*/>|<v></v>)?", rb"\1<v>" + value.encode() + rb"</v>", body)
            z.writestr(item, body)
    return out.getvalue()


def test_formula_cells_without_a_saved_result_are_errors_naming_the_cell(store, catalog):
    rows = emissions(2022, 150000, 12000) + [[3203, "Asker", 2022, "Avfall og avløp", "=E4/10"]]
    data = workbook({"Utslipp": rows})
    p = refused(store, data, "klimagassutslipp.xlsx", catalog, {"formula_without_value"})
    (e,) = p.report.errors
    assert (e.params["cell"], e.params["sheet"], e.params["formula"]) == ("E6", "Utslipp", "=E4/10")
    assert "F9" in e.hint("en")
    # Saved by Excel (the result kept beside the formula), the same workbook loads with that result.
    load(store, _with_cached_values(data, "15000"), "klimagassutslipp.xlsx", catalog)
    assert ("klimagassutslipp", "2022", "Asker", "sektor=Avfall og avløp", 15000.0, "") in stored(store)


def test_duplicate_column_headers_in_excel_are_an_error(store, catalog):
    rows = [HEADER + ["Utslipp (tonn CO2-ekvivalenter)"], [3203, "Asker", 2022, "Veitrafikk", 1.0, 2.0]]
    p = refused(store, workbook({"Utslipp": rows}), "klimagassutslipp.xlsx", catalog, {"duplicate_column"})
    (e,) = p.report.errors
    assert (e.row, e.column) == (1, "Utslipp (tonn CO2-ekvivalenter)")


@pytest.mark.parametrize(
    "text,readings",
    [
        ("indicator_id;year;value\nbefolkning;2022;1.234\nbefolkning;2023;2,5\n", ("1234", "1,234", "1.234")),
        ('indicator_id,year,value\nbefolkning,2022,"1,234"\nbefolkning,2023,2.5\n', ("1234", "1,234", "1.234")),
    ],
)
def test_a_number_that_reads_two_ways_is_an_error_naming_both(store, catalog, text, readings):
    p = refused(store, text.encode(), "a.csv", catalog, {"ambiguous_number"})
    (e,) = p.report.errors
    assert (e.row, e.column, e.params["example_row"]) == (2, "value", 3)
    thousands, nb, en = readings
    assert e.params["thousands"] == thousands and f"{thousands} (tusenskille) eller som {nb}" in e.message("nb")
    assert f"{thousands} (a thousands separator) or as {en}" in e.message("en")


@pytest.mark.parametrize(
    "text,values",
    [
        ("indicator_id;year;value\nbefolkning;2022;1.5\nbefolkning;2023;2,5\n", [1.5, 2.5]),  # "1.5": only a decimal
        (
            "indicator_id;year;value\nbefolkning;2022;1.234\nbefolkning;2023;1.234,5\n",
            [1234.0, 1234.5],
        ),  # "." thousands
        ("indicator_id,year,value\nbefolkning,2022,1.234\nbefolkning,2023,2.5\n", [1.234, 2.5]),  # one mark throughout
    ],
)
def test_numbers_that_read_one_way_load(store, catalog, text, values):
    load(store, text.encode(), "a.csv", catalog)
    assert [r[4] for r in stored(store)] == values


@pytest.mark.parametrize(
    "row,code",
    [
        ("mobbing,2023,105.5", "share_above_100"),
        ("befolkning,2023,-5", "negative_value"),
        ("befolkning,2031,100", "future_period"),
    ],
)
def test_values_the_unit_rules_out_are_errors(store, catalog, row, code):
    p = refused(store, f"indicator_id,year,value\n{row}\n".encode(), "a.csv", catalog, {code})
    (e,) = p.report.errors
    assert e.row == 2 and e.column == ("year" if code == "future_period" else "value")
    assert "allow: [" in e.hint("en")


def test_the_catalog_can_allow_them(store, catalog):
    load(store, b"indicator_id,year,value\ndekningsgrad,2023,104\nframskriving,2031,-5\n", "a.csv", catalog)
    assert stored(store) == [
        ("dekningsgrad", "2023", "Asker", "", 104.0, ""),
        ("framskriving", "2031", "Asker", "", -5.0, ""),
    ]
    assert REAL.indicator("arbeidsplassdekning").allow == ("above_100",)  # more jobs than employed residents


# --- 7. messages -------------------------------------------------------------------------------------------


def _ods() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
        z.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    return buf.getvalue()


def _zip(names) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n in names:
            z.writestr(n, "indicator_id,year,value\nbefolkning,2023,1\n")
    return buf.getvalue()


@pytest.mark.parametrize(
    "name,data,code,text",
    [
        ("befolkning.ods", _ods(), "ods_not_supported", "OpenDocument"),
        (
            "befolkning.csv",
            _zip(["befolkning.csv", "les-meg.txt"]),
            "zip_archive",
            "ZIP archive, not a CSV file (the archive holds «befolkning.csv», «les-meg.txt»)",
        ),
    ],
)
def test_ods_and_zip_files_are_named_for_what_they_are(store, catalog, name, data, code, text):
    p = refused(store, data, name, catalog, {code})
    assert text in p.report.errors[0].message("en")


def test_a_source_table_that_matches_no_indicator_names_the_option_and_candidates(catalog):
    r = read_file('"region","år","99999: Noe helt annet"\n"3203 Asker","2023",12\n'.encode(), "ssb.csv", catalog)
    (e,) = r.report.errors
    assert e.code == "source_not_in_catalog" and "--indicator ID" in e.hint("en")
    assert "sykefravaer, befolkning, levendefodte, lavinntekt" in e.hint("en")


def test_jump_and_far_warnings_name_the_sector_and_the_direction(store, catalog):
    load(store, workbook({"Utslipp": emissions(2021, 150000, 12000)}), "klimagassutslipp.xlsx", catalog)
    p = prepare(store, workbook({"Utslipp": emissions(2022, 150000, 2000)}), "klimagassutslipp.xlsx", catalog)
    (w,) = [x for x in p.report.warnings if x.code == "jump_in_series"]
    assert w.params["area"] == "Asker, sektor=Oppvarming"
    assert "is a fall of 83 % from 2021 (12000" in w.message("en") and "en nedgang på 83 %" in w.message("nb")


def test_a_jump_from_next_to_zero_is_said_in_words_not_in_300_digits(store, catalog):
    csv = "indicator,year,value\nklimagassutslipp,2023,1e-300\nklimagassutslipp,2024,1234.5\n"
    p = prepare(store, csv.encode(), "utslipp.csv", catalog)
    (w,) = [x for x in p.report.warnings if x.code == "jump_in_series" and x.row == 3]
    assert "is a rise of over 10 000 % from 2023 (1e-300)" in w.message("en")
    assert "en økning på over 10 000 %" in w.message("nb") and len(w.message("nb")) < 200


def test_sectors_missing_from_a_total_are_named(catalog):
    rows = emissions(2022, 150000, "..")
    r = read_file(workbook({"Utslipp": rows}), "klimagassutslipp.xlsx", catalog)
    (w,) = [x for x in r.report.warnings if x.code == "total_from_partial_sectors"]
    assert "1 missing: Oppvarming" in w.message("en")
