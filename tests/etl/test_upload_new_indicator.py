"""Analyst-defined indicators: form fields → checked definition → kept in the store → exported as catalog YAML
(page download and `python -m etl export-indicators`), and the preview tables the upload page shows."""

from __future__ import annotations

import pytest
import yaml

from etl.__main__ import main
from etl.load import prepare
from etl.new_indicator import indicator_from_form, indicators_yaml, suggest_id, unknown_series
from etl.preview import audit_frame, changes_frame, indicator_summary, preview_series, report_frame, totals
from indicators.catalog import CatalogError, load_catalog, parse_indicator
from store import db, queries

CATALOG = load_catalog()
FORM = {
    "id": "sykkelandel",
    "objective": "11.1",
    "name_nb": "Andel reiser med sykkel",
    "name_en": "Share of trips by bike",
    "unit": "percent",
    "direction": "up",
    "baseline_year": 2015,
    "baseline_value": "6,5",
    "target_kind": "absolute",
    "target_year": 2030,
    "target_value": "12",
    "agency": "Ruter",
    "table": "Reisevaneundersøkelsen",
    "variable": "Sykkel",
    "url": "",
    "sector_nb": "Samfunnsutvikling",
    "sector_en": "Community development",
    "frequency": "annual",
    "definition_nb": "Andel av reiser med sykkel.",
    "definition_en": "Share of trips by bike.",
    "decimals": 1,
}


@pytest.fixture
def store(example_db):
    con = db.connect(example_db)
    yield con
    con.close()


def test_form_becomes_a_valid_definition_with_decimal_comma():
    ind = indicator_from_form(FORM, CATALOG)
    assert (ind.id, ind.origin, ind.baseline_value, ind.target.value) == ("sykkelandel", "upload", 6.5, 12.0)


@pytest.mark.parametrize("percent,expected", [("-55", -0.55), ("−55,5", -0.555), ("-5", -0.05)])
def test_relative_target_is_asked_in_percent(percent, expected):
    form = {
        **FORM,
        "direction": "down",
        "target_kind": "relative",
        "target_change_percent": percent,
        "target_base_year": "2009",
    }
    ind = indicator_from_form(form, CATALOG)
    assert ind.target.change == pytest.approx(expected) and ind.target.base_year == 2009


@pytest.mark.parametrize(
    "changes,fragment",
    [
        ({"name_en": ""}, "English"),
        ({"id": "Sykkel Andel"}, "id must be"),
        ({"objective": "99.1"}, "does not exist"),
        ({"target_value": "mye"}, "finite number"),
        ({"target_kind": "band", "target_low": "10", "target_high": "5", "direction": "band"}, "must be below"),
        ({"id": "sykefravaer"}, "already has an indicator"),
    ],
)
def test_bad_form_is_refused_with_the_catalog_message(changes, fragment):
    with pytest.raises(CatalogError) as err:
        indicator_from_form({**FORM, **changes}, CATALOG)
    assert fragment in str(err.value)


def test_exported_yaml_round_trips_through_the_catalog_parser():
    ind = indicator_from_form(FORM, CATALOG)
    text = indicators_yaml([ind])
    raw = yaml.safe_load(text)["indicators"][0]
    again = parse_indicator(raw, [o.id for o in CATALOG.objectives], "exported.yaml", origin="upload")
    assert again == ind


def test_unknown_series_become_form_defaults(store):
    catalog = db.effective_catalog(store, CATALOG)
    p = prepare(store, b"indicator_id,year,value\nsykkelandel,2023,8.1\n", "a.csv", catalog)
    assert unknown_series(p) == [{"id": "sykkelandel"}]
    p = prepare(store, '"region","år","99999: Noe nytt"\n"3203 Asker","2023",12\n'.encode(), "ssb.csv", catalog)
    assert unknown_series(p) == [{"id": "99999", "agency": "SSB", "table": "99999"}]
    assert suggest_id("FHI: Vedvarende lavinntekt, barn") == "fhi-vedvarende-lavinntekt-barn"


def test_saved_indicator_is_used_by_prepare_and_exported_by_the_cli(store, example_db, capsys):
    ind = indicator_from_form(FORM, CATALOG)
    with db.writer(example_db, who="test: the upload page's form") as con:  # as the page saves it: published
        db.save_indicator(con, ind)
    catalog = db.effective_catalog(store, CATALOG)
    p = prepare(store, b"indicator_id,year,value\nsykkelandel,2023,8.1\n", "a.csv", catalog)
    assert p.ok and p.diff.added == 1
    store.close()  # the CLI opens the file itself
    assert main(["--db", str(example_db), "export-indicators"]) == 0
    out = capsys.readouterr().out
    exported = yaml.safe_load(out)["indicators"]
    assert [i["id"] for i in exported] == ["sykkelandel"]
    assert exported[0]["target"] == {"kind": "absolute", "year": 2030, "value": 12.0}


def test_cli_export_with_no_analyst_indicators_prints_an_empty_list(example_db, capsys):
    assert main(["--db", str(example_db), "export-indicators"]) == 0
    assert yaml.safe_load(capsys.readouterr().out) == {"indicators": []}


def test_preview_tables(store):
    catalog = db.effective_catalog(store, CATALOG)
    data = b"indicator_id,year,value\nbefolkningsvekst,2023,1.6\nbefolkningsvekst,2024,1.3\nbefolkningsvekst,2025,1.1\n"
    p = prepare(store, data, "b.csv", catalog)
    summary = indicator_summary(p, catalog, "nb")
    assert summary.iloc[0][["rows", "new", "changed", "unchanged"]].tolist() == [3, 1, 1, 1]
    changes = changes_frame(p, "befolkningsvekst", catalog, "nb")
    kept = changes[changes["action"] != "Eksempelverdi fjernes"]
    assert kept[["period", "action", "old", "new"]].values.tolist() == [
        ["2023", "Endret", "1,5\u00a0%", "1,6\u00a0%"],
        ["2025", "Ny", "", "1,1\u00a0%"],
    ]
    # real data replaces the example values the file does not bring (listed, old value -> none)
    stored = set(queries.series(store, "befolkningsvekst")["period"])
    removed = changes[changes["action"] == "Eksempelverdi fjernes"]
    assert set(removed["period"]) == stored - {"2023", "2024", "2025"} and set(removed["new"]) == {"–"}
    assert set(changes_frame(p, "befolkningsvekst", catalog, "en")["action"]) == {
        "Changed",
        "New",
        "Example value removed",
    }
    before, after, area, breakdown = preview_series(store, p, "befolkningsvekst")
    assert (area, breakdown) == ("Asker", "")
    assert (
        after["period"].tolist() == ["2023", "2024", "2025"] and after.set_index("period").loc["2023", "value"] == 1.6
    )
    assert totals([p]) == dict(
        files=1, errors=0, warnings=0, new=1, changed=1, unchanged=1, removed=len(removed), blocked=0
    )
    assert report_frame([p], "nb").empty


def test_audit_frame_words_the_state(store):
    frame = audit_frame(queries.uploads(store), "nb")
    assert frame["state"].str.startswith("Lagret").all()
    assert frame["file_sha256"].str.len().eq(12).all()
    assert "eksempeldata" in frame["state"].iloc[0]
