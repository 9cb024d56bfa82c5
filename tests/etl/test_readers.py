"""Every supported format reads to the same observation frame with the right values, periods and areas."""

from __future__ import annotations

import codecs
import math

import numpy as np
import pandas as pd
import pytest

from etl.periods import parse_period, parse_periods
from etl.read import OBSERVATION_COLUMNS, ColumnMapping, read_file
from etl.regions import normalize_area
from etl.validation import TEMPLATES
from tests.etl.conftest import FHI, FILES, SSB_CSV2, SSB_SEMICOLON, UDIR, dumps, jsonstat2, miljodir_xlsx, xlsx_bytes


def rendered(result):
    """Every problem has a registered template that formats fully in both languages."""
    for p in result.report.problems:
        assert p.code in TEMPLATES, p.code
        for lang in ("nb", "en"):
            assert "{" not in p.message(lang) and "{" not in p.hint(lang), (p.code, p.message(lang))
    return result


def clean(result):
    rendered(result)
    assert result.report.problems == [], [p.text("en") for p in result.report.problems]
    assert list(result.frame.columns) == OBSERVATION_COLUMNS
    return result


def row(frame, **where):
    m = np.ones(len(frame), bool)
    for k, v in where.items():
        m &= (frame[k] == v).to_numpy()
    hits = frame[m]
    assert len(hits) == 1, (where, hits)
    return hits.iloc[0]


# --- SSB ------------------------------------------------------------------------------------------


def test_ssb_csv2_quarters_and_symbols(write, catalog):
    r = clean(read_file(write("12439.csv", SSB_CSV2), "12439.csv", catalog))
    assert r.format == "ssb_csv2"
    assert r.details["table"] == "12439" and r.details["unit_hint"] == "prosent"
    f = r.frame
    assert set(f["indicator_id"]) == {"sykefravaer"}
    q1 = row(f, period="2023K1")
    assert q1.value == 6.4 and q1.year == 2023 and q1.period_kind == "quarter"
    assert q1.time == pytest.approx(2023 + (1 - 2.5) / 4) and q1.area == "Asker" and q1.source_row == 2
    q4 = row(f, period="2023K4")
    assert math.isnan(q4.value) and q4.missing == "not_available"
    assert r.mapping.period == "kvartal" and r.mapping.area == "region"


def test_ssb_semicolon_latin1_decimal_comma_symbols_and_regions(write, catalog):
    path = write("06913.csv", SSB_SEMICOLON, encoding="iso-8859-1")
    r = clean(read_file(path.read_bytes(), "06913.csv", catalog))
    assert r.format == "ssb_semicolon"
    assert r.details["encoding"] in ("cp1252", "iso-8859-1") and r.details["separator"] == ";"
    assert r.details["header_row"] == 3 and r.details["decimal"] == ","
    f = r.frame
    assert row(f, area="Asker (0220, før 2020)").value == 61523  # thousands with a space
    assert row(f, area="Røyken").value == 22453  # thousands with a no-break space
    assert row(f, area="Asker", period="2020").value == 94441  # 3025
    assert row(f, area="Asker", period="2024", indicator_id="befolkning").value == 96974  # K-3203
    assert row(f, area="Norge").value == 5550203
    p = row(f, area="Asker", period="2025")
    assert math.isnan(p.value) and p.missing == "not_yet_available"
    born = f[f["indicator_id"] == "levendefodte"]
    zero = row(born, area="Asker", period="2024")
    assert zero.value == 0.0 and zero.missing == ""  # "-" is zero, not missing
    assert row(born, area="Asker", period="2023").missing == "confidential"
    assert row(born, area="Bærum").value == 1234.5
    assert row(f, area="Røyken").source_row == 5  # title + blank line + header above


def test_ssb_semicolon_wide_periods_as_columns(write, catalog):
    text = (
        '"region";"statistikkvariabel";"2022";"2023"\n'
        '"3203 Asker";"Befolkning per 1.1.";"95 000";"96 100"\n'
        '"3203 Asker";"Levendefødte";"900";"..."\n'
    )
    r = clean(read_file(write("06913.csv", '"06913: Befolkning"\n\n' + text, "cp1252"), "06913.csv", catalog))
    f = r.frame
    assert len(f) == 4
    assert row(f, indicator_id="befolkning", period="2023").value == 96100
    assert row(f, indicator_id="levendefodte", period="2023").missing == "not_yet_available"
    assert row(f, indicator_id="levendefodte", period="2022").source_row == 5


def test_ssb_variable_not_in_catalog_is_skipped_with_warning(write, catalog):
    text = (
        '"region";"statistikkvariabel";"år";"06913: Befolkning"\n'
        '"3203 Asker";"Befolkning per 1.1.";"2024";"96 974"\n'
        '"3203 Asker";"Døde";"2024";"700"\n'
    )
    r = rendered(read_file(write("x.csv", text), "x.csv", catalog))
    assert r.report.ok and [p.code for p in r.report.warnings] == ["variable_skipped"]
    assert list(r.frame["indicator_id"]) == ["befolkning"]


def test_ssb_with_indicator_chosen_and_unknown_table(write, catalog):
    text = '"region","år","99999: Noe annet (prosent)"\n"3203 Asker","2023","12.5"\n'
    r = read_file(write("x.csv", text), "x.csv", catalog)
    assert [p.code for p in r.report.errors] == ["source_not_in_catalog"]
    r = clean(read_file(write("x.csv", text), "x.csv", catalog, indicator_id="fullfort_vgs"))
    assert r.frame["value"].tolist() == [12.5] and r.frame["indicator_id"].tolist() == ["fullfort_vgs"]


def test_ssb_breakdowns_and_totals(write, catalog):
    text = (
        '"region","kjønn","alder","år","09579: Lavinntekt (prosent)"\n'
        '"3203 Asker","Begge kjønn","Alle aldre","2023","8.1"\n'
        '"3203 Asker","Kvinner","Alle aldre","2023","8.4"\n'
        '"3203 Asker","Menn","18-66 år","2023","7.2"\n'
    )
    f = clean(read_file(write("x.csv", text), "x.csv", catalog)).frame
    assert f["breakdown"].tolist() == ["", "kjønn=Kvinner", "alder=18-66 år;kjønn=Menn"]


def test_jsonstat2_nulls_with_status_dict_and_list(write, catalog):
    for status in ({"1": "..", "5": ":"}, ["", "..", "", "", "", ":"]):
        obj = jsonstat2([10.1, None, 9.5, 11, 12, None], status)
        r = clean(read_file(write("09579.json", dumps(obj)), "09579.json", catalog))
        assert r.format == "jsonstat2" and r.details["table"] == "09579"
        f = r.frame
        assert row(f, area="Asker", period="2021").value == 10.1
        assert row(f, area="Asker", period="2022").missing == "not_available"
        assert row(f, area="Asker (0220, før 2020)", period="2023").missing == "confidential"
        assert row(f, area="Asker (0220, før 2020)", period="2022").value == 12
        assert set(f["indicator_id"]) == {"lavinntekt"} and f["source_row"].tolist() == [1, 2, 3, 4, 5, 6]


def test_jsonstat2_sparse_value_object(write, catalog):
    obj = jsonstat2({"0": 10.0, "2": 9.0, "3": 11.0}, {"1": "..."})
    f = rendered(read_file(write("x.json", dumps(obj)), "x.json", catalog)).frame
    assert row(f, area="Asker", period="2022").missing == "not_yet_available"
    assert row(f, area="Asker (0220, før 2020)", period="2022").missing == "not_available"  # null, no status


# --- Udir, FHI, Miljødirektoratet ------------------------------------------------------------------


def test_udir_school_years_and_suppressed(write, catalog):
    r = clean(read_file(write("mobbing.csv", UDIR), "mobbing.csv", catalog))
    assert r.format == "udir" and r.details["unit_hint"] == "prosent"
    f = r.frame
    first = row(f, period="2022-23")
    assert first.year == 2022 and first.time == 2022.0 and first.period_kind == "school_year"
    assert first.value == pytest.approx(6.1) and first.area == "Asker" and first.breakdown == "trinn=7. trinn"
    assert row(f, breakdown="kjønn=Jenter;trinn=7. trinn").missing == "suppressed"
    assert row(f, breakdown="kjønn=Gutter;trinn=10. trinn").missing == "suppressed"
    assert row(f, area="Norge").value == pytest.approx(7.2)
    assert set(f["indicator_id"]) == {"mobbing"}


def test_udir_without_catalog_match_needs_indicator(write, catalog):
    text = UDIR.replace("Mobbing", "Trivsel")
    r = read_file(write("trivsel.csv", text), "trivsel.csv", catalog)
    assert [p.code for p in r.report.errors] == ["source_not_in_catalog"]
    r = clean(read_file(write("trivsel.csv", text), "trivsel.csv", catalog, indicator_id="mobbing"))
    assert len(r.frame) == 5


def test_fhi_multi_year_periods(write, catalog):
    r = clean(read_file(write("Trangboddhet.csv", FHI), "Trangboddhet.csv", catalog))
    assert r.format == "fhi" and r.details["bom"] == "utf-8"
    f = r.frame
    p = row(f, period="2019-2021")
    assert p.year == 2021 and p.time == 2021.0 and p.period_kind == "multi_year" and p.value == pytest.approx(7.9)
    assert row(f, period="2021-2023", area="Asker", breakdown="").missing == "suppressed"
    assert row(f, breakdown="kjønn=kvinner").value == pytest.approx(6.5)
    assert row(f, area="Norge").value == pytest.approx(12.1)


def test_fhi_wide_measures_matched_by_variable(write, catalog):
    text = (
        "Geografi;År;Kjønn;Antall;Andel (prosent)\n"
        "Asker;2019_2021;kjønn samlet;1 234;15,2\n"
        "Asker;2020_2022;kjønn samlet;:;:\n"
    )
    r = rendered(read_file(write("Overvekt.csv", text), "Overvekt.csv", catalog))
    assert r.report.ok and r.format == "fhi"
    assert [p.code for p in r.report.warnings] == ["variable_skipped"]  # the "Antall" column
    f = r.frame
    assert row(f, period="2019-2021").value == pytest.approx(15.2)
    assert row(f, period="2020-2022").missing == "suppressed"


def test_miljodir_xlsx_sectors_and_total(write, catalog):
    r = clean(read_file(write("utslipp.xlsx", miljodir_xlsx()), "utslipp.xlsx", catalog))
    assert r.format == "miljodir_xlsx" and r.details["header_row"] == 4 and r.details["sheet"] == "Utslipp"
    f = r.frame
    assert set(f["indicator_id"]) == {"klimagassutslipp"}
    total = row(f, period="2009", breakdown="")
    assert total.value == pytest.approx(259000.5) and total.note == "Sum av sektorer"
    assert row(f, period="2022", breakdown="sektor=Avfall og avløp").value == pytest.approx(7000.5)
    assert row(f, period="2022", breakdown="sektor=Veitrafikk").source_row == 8  # the sheet's row
    assert row(f, period="2022", breakdown="").value == pytest.approx(169000.75)
    assert set(f["area"]) == {"Asker"}


def test_miljodir_existing_total_and_subsectors(write, catalog):
    rows = [
        ["3203", "Asker", 2020, "Totalt", 100.0],
        ["3203", "Asker", 2020, "Veitrafikk", 60.0],
        ["3203", "Asker", 2020, "Jordbruk", 30.0],
        ["3203", "Asker", 2020, "Jordbruk", 10.0],
    ]
    r = clean(read_file(write("u.xlsx", miljodir_xlsx(rows)), "u.xlsx", catalog))
    f = r.frame
    assert len(f) == 3
    assert row(f, breakdown="").value == 100.0 and row(f, breakdown="").note == ""
    assert row(f, breakdown="sektor=Jordbruk").value == 40.0


def test_miljodir_wide_years_partial_total(write, catalog):
    header = ["Kommunenummer", "Kommunenavn", "Sektor", "Delsektor", "2009", "2022"]
    rows = [
        [3203, "Asker", "Veitrafikk", "Personbiler", 100, 80],
        [3203, "Asker", "Veitrafikk", "Tunge kjøretøy", 50, 40],
        [3203, "Asker", "Oppvarming", "Fyringsolje", 30, None],
    ]
    r = rendered(read_file(write("w.xlsx", miljodir_xlsx(rows, title=False, header=header)), "w.xlsx", catalog))
    assert r.report.ok
    f = r.frame
    assert row(f, period="2009", breakdown="").value == 180
    assert row(f, period="2022", breakdown="sektor=Veitrafikk").value == 120
    assert row(f, period="2022", breakdown="").value == 120
    assert [p.code for p in r.report.warnings] == ["total_from_partial_sectors"]


# --- canonical ------------------------------------------------------------------------------------

CANON = (
    "indicator_id,year,value,area,kjønn,note,flag\n"
    "befolkning,2023,96100,,,,\n"
    "sykefravaer,2023K1,6.2,,,foreløpig,p\n"
    "mobbing,2023-24,5.5,3203,Jenter,,\n"
    "trangboddhet,2009-2023,7,Asker,Begge kjønn,,b\n"
)


def _check_canon(r, fmt="canonical"):
    clean(r)
    assert r.format == fmt
    f = r.frame
    assert row(f, indicator_id="befolkning").value == 96100 and row(f, indicator_id="befolkning").area == "Asker"
    s = row(f, indicator_id="sykefravaer")
    assert (s.period, s.year, s.period_kind, s.flag, s.note) == ("2023K1", 2023, "quarter", "provisional", "foreløpig")
    m = row(f, indicator_id="mobbing")
    assert (m.period, m.year, m.time, m.breakdown, m.area) == ("2023-24", 2023, 2023.0, "kjønn=Jenter", "Asker")
    t = row(f, indicator_id="trangboddhet")
    assert (t.year, t.time, t.period_kind, t.breakdown, t.flag) == (2023, 2023.0, "multi_year", "", "break")
    return f


def test_canonical_comma(write, catalog):
    _check_canon(read_file(write("c.csv", CANON), "c.csv", catalog))


def test_canonical_with_utf8_bom_and_crlf(write, catalog):
    data = codecs.BOM_UTF8 + CANON.replace("\n", "\r\n").encode()
    r = read_file(data, "c.csv", catalog)
    _check_canon(r)
    assert r.details["bom"] == "utf-8"


def test_canonical_tabs(write, catalog):
    _check_canon(read_file(write("c.tsv", CANON.replace(",", "\t")), "c.tsv", catalog))


def test_canonical_semicolons_and_decimal_commas_norwegian_headers(write, catalog):
    text = (
        CANON.replace(",", ";")
        .replace("6.2", "6,2")
        .replace("indicator_id;year;value;area;kjønn;note;flag", "indikator;år;verdi;område;kjønn;merknad;flagg")
    )
    _check_canon(read_file(write("c.csv", text, "cp1252"), "c.csv", catalog))


@pytest.mark.parametrize("enc", ["utf-16", "utf-16-le", "utf-16-be"])
def test_canonical_utf16(enc, catalog):
    r = rendered(read_file(CANON.encode(enc), "c.csv", catalog))
    assert r.report.ok and [p.code for p in r.report.warnings] == ["utf16_decoded"]
    assert len(r.frame) == 4 and row(r.frame, indicator_id="befolkning").value == 96100


@pytest.mark.parametrize(
    "written, expected",
    [
        ("1 234,5", 1234.5),
        ("1\u00a0234,5", 1234.5),
        ("1\u202f234,5", 1234.5),
        ("-1 234,5", -1234.5),
        ("−3,5", -3.5),
        ("1.234,5", 1234.5),
        ("12,0", 12.0),
        ("0,85", 0.85),
        ("1 000 000", 1e6),
        ("-0", 0.0),
    ],
)
def test_norwegian_numbers(written, expected, write, catalog):
    text = f"indikator;år;verdi\nframskriving;2023;{written}\n"  # a count the catalog allows to be negative
    f = clean(read_file(write("n.csv", text), "n.csv", catalog)).frame
    assert f["value"].iloc[0] == expected and math.copysign(1, f["value"].iloc[0]) == math.copysign(1, expected)


@pytest.mark.parametrize(
    "symbol, code, value",
    [
        (".", "not_possible", None),
        ("..", "not_available", None),
        ("...", "not_yet_available", None),
        (":", "confidential", None),
        ("-", "", 0.0),
        ("*", "suppressed", None),
    ],
)
def test_canonical_missing_symbols(symbol, code, value, write, catalog):
    f = clean(read_file(write("s.csv", f"indicator_id;year;value\nbefolkning;2023;{symbol}\n"), "s.csv", catalog)).frame
    assert f["missing"].iloc[0] == code
    assert math.isnan(f["value"].iloc[0]) if value is None else f["value"].iloc[0] == value


def test_canonical_empty_value_is_missing_with_warning(write, catalog):
    r = rendered(
        read_file(write("e.csv", "indicator_id,year,value\nbefolkning,2023,\nbefolkning,2024,5\n"), "e.csv", catalog)
    )
    assert r.report.ok and [(p.code, p.row) for p in r.report.warnings] == [("empty_values", 2)]
    assert r.frame["missing"].tolist() == ["not_available", ""]


def test_canonical_own_export_reads_back(write, catalog):
    text = (
        "indicator_id,year,value,area,breakdown,flag,note,missing\n"
        "mobbing,2023-24,5.5,Asker,kjønn=Jenter;trinn=7. trinn,,,\n"
        "mobbing,2024-25,,Asker,trinn=7. trinn;kjønn=Jenter,,,suppressed\n"
        "befolkning,2023,96100,Asker (0220, før 2020),,provisional,note with, comma,\n"
    )
    text = text.replace("Asker (0220, før 2020)", '"Asker (0220, før 2020)"').replace(
        "note with, comma", '"note with, comma"'
    )
    f = clean(read_file(write("export.csv", text), "export.csv", catalog)).frame
    assert f["breakdown"].tolist()[:2] == ["kjønn=Jenter;trinn=7. trinn"] * 2
    assert f["missing"].tolist() == ["", "suppressed", ""]
    assert row(f, indicator_id="befolkning").area == "Asker (0220, før 2020)"
    assert row(f, indicator_id="befolkning").note == "note with, comma"


def test_canonical_extra_column_becomes_breakdown_with_warning(write, catalog):
    r = rendered(read_file(write("x.csv", "indicator_id,year,value,skole\nmobbing,2023,5,Bleiker\n"), "x.csv", catalog))
    assert r.report.ok and [p.code for p in r.report.warnings] == ["extra_column_as_breakdown"]
    assert r.frame["breakdown"].tolist() == ["skole=Bleiker"]


def test_canonical_without_indicator_column_uses_chosen_indicator(write, catalog):
    text = "år;verdi\n2022;5,1\n2023;5,3\n"
    r = read_file(write("x.csv", text), "x.csv", catalog)
    assert [p.code for p in r.report.errors] == ["missing_indicator"]
    r = clean(read_file(write("x.csv", text), "x.csv", catalog, indicator_id="mobbing"))
    assert r.frame["value"].tolist() == [5.1, 5.3]


def test_mapping_overrides_detection(write, catalog):
    text = "Hva;Når;Tall;Hvor\nmobbing;2023;5,5;Asker\n"
    r = read_file(write("x.csv", text), "x.csv", catalog)
    assert [p.code for p in r.report.errors] == ["unknown_layout"]
    m = ColumnMapping(
        indicator="Hva", indicator_id=None, period="Når", value="Tall", area="Hvor", breakdown=[], note=None, flag=None
    )
    r = clean(read_file(write("x.csv", text), "x.csv", catalog, mapping=m))
    assert r.frame["value"].tolist() == [5.5] and r.mapping == m


def test_excel_canonical_and_numbers_stay_numbers(write, catalog):
    data = xlsx_bytes(
        [
            ["Indikatorer for Asker"],
            [],
            ["indicator_id", "år", "verdi", "område"],
            ["befolkning", 2023, 96100, "3203 Asker"],
            ["mobbing", "2023-24", "5,5", None],
            ["Kilde: SSB"],
        ]
    )
    r = clean(read_file(write("x.xlsx", data), "x.xlsx", catalog))
    f = r.frame
    assert f["value"].tolist() == [96100, 5.5] and f["source_row"].tolist() == [4, 5]
    assert f["area"].tolist() == ["Asker", "Asker"]


def test_text_file_named_xlsx_is_read_as_csv(write, catalog):
    r = rendered(read_file(write("x.xlsx", CANON), "x.xlsx", catalog))
    assert r.report.ok and [p.code for p in r.report.warnings] == ["extension_mismatch"] and len(r.frame) == 4


def test_fixture_files_on_disk(catalog):
    r = clean(
        read_file(FILES / "csv-with-problems" / "leading-space-in-header.csv", "leading-space-in-header.csv", catalog)
    )
    assert r.frame["value"].tolist() == [5.1, 5.3]
    r = rendered(read_file(FILES / "ssb" / "06913-med-overskrift-og-fotnote.csv", "06913.csv", catalog))
    assert r.report.ok and [(p.code, p.row) for p in r.report.warnings] == [("footer_skipped", 7)]
    assert r.frame["value"].tolist() == [96974, 98178] and r.frame["source_row"].tolist() == [4, 5]


def test_footnotes_below_table_are_skipped(write, catalog):
    text = SSB_SEMICOLON + '\n"Kilde: Statistisk sentralbyrå"\n"Fotnote: befolkning per 1. januar"\n'
    r = rendered(read_file(write("x.csv", text), "x.csv", catalog))
    assert r.report.ok and [p.code for p in r.report.warnings] == ["footer_skipped"]


def test_quoted_newline_in_note_keeps_row_numbers(write, catalog):
    text = 'indicator_id,year,value,note\nbefolkning,2022,1,"to\nlinjer"\nbefolkning,2023,x,\n'
    r = rendered(read_file(write("q.csv", text), "q.csv", catalog))
    assert [(p.code, p.row) for p in r.report.errors] == [("text_in_number", 4)]
    assert r.frame["note"].tolist() == ["to\nlinjer"]


def test_a_million_rows_in_the_semicolon_format_read_right(catalog):
    # Its speed is a benchmark figure (bench/run.py --only etl), not a timed test: CI machines differ.
    n = 1_000_000
    i = np.arange(n)
    ids = np.array(["befolkning", "mobbing", "sykefravaer", "trangboddhet"])
    df = pd.DataFrame(
        {
            "indicator_id": ids[i % 4],
            "year": 1990 + (i // 4) % 35,
            "area": "Område " + ((i // 140) % 8000).astype(str),
            "value": ((i * 0.37) % 100).round(2),
        }
    )  # shares stay at most 100 %
    data = df.to_csv(index=False, sep=";", decimal=",").encode()
    r = read_file(data, "big.csv", catalog, max_bytes=100_000_000)
    assert r.report.ok and len(r.frame) == n
    assert r.frame["value"].sum() == pytest.approx(df["value"].sum())
    assert r.frame["area"].nunique() == df["area"].nunique() and r.frame["year"].min() == 1990


# --- periods and regions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label, period, year, t, kind",
    [
        ("2023", "2023", 2023, 2023.0, "year"),
        (2023, "2023", 2023, 2023.0, "year"),
        ("2023.0", "2023", 2023, 2023.0, "year"),
        ("2023K1", "2023K1", 2023, 2022.625, "quarter"),
        ("2023K4", "2023K4", 2023, 2023.375, "quarter"),
        ("2023Q2", "2023K2", 2023, 2022.875, "quarter"),
        ("2023 K3", "2023K3", 2023, 2023.125, "quarter"),
        ("2023-24", "2023-24", 2023, 2023.0, "school_year"),
        ("2099-00", "2099-00", 2099, 2099.0, "school_year"),
        ("2023/2024", "2023-24", 2023, 2023.0, "school_year"),
        ("Skoleåret 2023-24", "2023-24", 2023, 2023.0, "school_year"),
        ("2009-2023", "2009-2023", 2023, 2023.0, "multi_year"),
        ("2019_2021", "2019-2021", 2021, 2021.0, "multi_year"),
        ("2020_2021", "2020-2021", 2021, 2021.0, "multi_year"),
    ],
)
def test_periods(label, period, year, t, kind):
    p = parse_period(label)
    assert (p.label, p.year, p.time, p.kind) == (period, year, t, kind)


def test_period_prefer_multi_year_and_errors():
    assert parse_period("2020-2021", prefer_multi_year=True).kind == "multi_year"
    assert parse_period("2020-2021").kind == "school_year"
    for bad in ("20233", "0", "3000", "1850", "2023K1".replace("2023", "0999")):
        assert parse_period(bad).code == "impossible_year", bad
    for bad in ("abc", "2023K5", "2023-2019", "2019-21", "", None, "2023M01"):
        assert parse_period(bad).code == "bad_period", bad
    out = parse_periods(pd.Series(["2023", "x", None, "2023"]))
    assert out["error"].tolist() == ["", "bad_period", "bad_period", ""]


@pytest.mark.parametrize(
    "raw, area",
    [
        ("3203 Asker", "Asker"),
        ("K-3203 Asker", "Asker"),
        ("3203", "Asker"),
        ("K-3203", "Asker"),
        ("3025 Asker (2020-2023)", "Asker"),
        ("3025", "Asker"),
        ("0220 Asker (-2019)", "Asker (0220, før 2020)"),
        ("0220", "Asker (0220, før 2020)"),
        (220, "Asker (0220, før 2020)"),
        ("Asker (-2019)", "Asker (0220, før 2020)"),
        ("0627 Røyken (-2019)", "Røyken"),
        ("0628", "Hurum"),
        ("K-0628 Hurum", "Hurum"),
        ("0", "Norge"),
        ("0 Hele landet", "Norge"),
        ("EAK", "Norge"),
        ("Hele landet", "Norge"),
        ("Asker kommune", "Asker"),
        ("3024 Bærum", "Bærum"),
        ("0301 Oslo", "Oslo"),
        ("Asker", "Asker"),
        (3203.0, "Asker"),
        ("", ""),
    ],
)
def test_regions(raw, area):
    assert normalize_area(raw) == area


def test_ssb_csv2_header_as_in_the_design_brief(write, catalog):
    text = '"region","år","12439: Sykefravær for lønnstakere(prosent),"\n"3203 Asker","2022","5.6"\n"3203 Asker","2023","5.1"\n'
    r = clean(read_file(write("x.csv", text), "x.csv", catalog))
    assert r.format == "ssb_csv2" and r.details["unit_hint"] == "prosent"
    assert r.frame["value"].tolist() == [5.6, 5.1] and set(r.frame["indicator_id"]) == {"sykefravaer"}


def test_corrected_mapping_for_ssb_keeps_catalog_match(write, catalog):
    r = clean(read_file(write("12439.csv", SSB_CSV2), "12439.csv", catalog))
    m = r.mapping
    m.breakdown = ["statistikkvariabel"]  # analyst: treat the measure as a breakdown instead
    m.variable = None
    r2 = clean(read_file(write("12439.csv", SSB_CSV2), "12439.csv", catalog, mapping=m))
    assert set(r2.frame["indicator_id"]) == {"sykefravaer"}
    assert set(r2.frame["breakdown"]) == {"statistikkvariabel=Sykefraværsprosent"}


def test_indicator_column_wins_over_chosen_indicator(write, catalog):
    r = clean(read_file(write("c.csv", CANON), "c.csv", catalog, indicator_id="mobbing"))
    assert set(r.frame["indicator_id"]) == {"befolkning", "sykefravaer", "mobbing", "trangboddhet"}


def test_details_list_the_columns_a_mapping_may_name(write, catalog):
    r = read_file(write("x.csv", "Hva;Når;Tall\nmobbing;2023;5\n"), "x.csv", catalog)
    assert r.details["columns"] == ["Hva", "Når", "Tall"]
    r = read_file(write("u.csv", UDIR), "u.csv", catalog)
    assert "_område" in r.details["columns"] and r.mapping.area == "_område"


def test_fhi_table_named_in_words_matched_from_file_name(write, catalog):
    text = "Geografi;År;Kjønn;Måltall;Verdi\nAsker;2014_2023;kjønn samlet;forventet levealder;84,1\n"
    r = clean(read_file(write("Forventet levealder - Asker.csv", text), "Forventet levealder - Asker.csv", catalog))
    assert r.frame["indicator_id"].tolist() == ["forventet_levealder"] and r.frame["year"].tolist() == [2023]


def test_udir_survey_with_two_catalog_measures_asks_which_when_nothing_tells_them_apart(write, catalog):
    text = (
        "Enhetsnavn;Enhetsnivå;Kommunenummer;Indikator;Periode;Verdi\n"
        "Asker kommune;Kommune;3203;Mobbing på skolen;2023-24;5,4\n"
    )
    name = "Elevundersøkelsen.csv"
    r = rendered(read_file(write(name, text), name, catalog))
    [p] = r.report.errors
    assert p.code == "ambiguous_source" and "mobbing_7" in p.message("en") and "mobbing_10" in p.message("en")
    r = clean(read_file(write(name, text), name, catalog, indicator_id="mobbing_7"))
    assert r.frame["value"].tolist() == [5.4] and r.frame["indicator_id"].tolist() == ["mobbing_7"]


def test_udir_survey_rows_go_to_the_indicator_their_grade_names(write, catalog):
    """One Elevundersøkelsen export with 4., 7. and 10. trinn: 7. and 10. go to their own indicators as those
    indicators' total series; 4. trinn, which no indicator measures, is skipped with a warning."""
    text = (
        "Enhetsnavn;Enhetsnivå;Kommunenummer;Indikator;Periode;Trinn;Kjønn;Verdi\n"
        "Asker kommune;Kommune;3203;Mobbing på skolen;2023-24;7. trinn;Begge kjønn;5,4\n"
        "Asker kommune;Kommune;3203;Mobbing på skolen;2023-24;10. trinn;Begge kjønn;6,1\n"
        "Asker kommune;Kommune;3203;Mobbing på skolen;2023-24;10. trinn;Jenter;6,5\n"
        "Asker kommune;Kommune;3203;Mobbing på skolen;2023-24;4. trinn;Begge kjønn;3,0\n"
    )
    name = "Elevundersøkelsen.csv"
    r = rendered(read_file(write(name, text), name, catalog))
    assert r.report.ok
    got = sorted(zip(r.frame["indicator_id"], r.frame["breakdown"], r.frame["value"]))
    assert got == [("mobbing_10", "", 6.1), ("mobbing_10", "kjønn=Jenter", 6.5), ("mobbing_7", "", 5.4)]
    [w] = r.report.warnings
    assert w.code == "variable_skipped" and "4. trinn" in w.message("en") and "1 row" in w.message("en")

    # Naming one of them loads its rows only, and says where the others belong.
    r = rendered(read_file(write(name, text), name, catalog, indicator_id="mobbing_7"))
    assert r.report.ok and r.frame["value"].tolist() == [5.4] and r.frame["breakdown"].tolist() == [""]
    other = [w for w in r.report.warnings if w.code == "other_indicator_skipped"]
    assert other and "mobbing_10" in other[0].message("en") and "2 row" in other[0].message("en")


def test_a_file_with_one_grade_needs_no_chosen_indicator(write, catalog):
    text = (
        "Enhetsnavn;Enhetsnivå;Kommunenummer;Indikator;Periode;Trinn;Verdi\n"
        "Asker kommune;Kommune;3203;Mobbing på skolen;2023-24;7. trinn;5,4\n"
    )
    name = "Elevundersøkelsen.csv"
    r = clean(read_file(write(name, text), name, catalog))
    # "7. trinn" is named by the indicator's own measure: these rows are its total series, not a breakdown
    assert r.frame["indicator_id"].tolist() == ["mobbing_7"] and r.frame["breakdown"].tolist() == [""]
