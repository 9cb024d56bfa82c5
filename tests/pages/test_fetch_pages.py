"""The dashboard's side of fetching, with Streamlit's AppTest on the real example store: the Datakvalitet page's
fetch table (last fetch, source address, changes, next release, last error in Norwegian), and an analyst's button
on the indicator page that fetches from a real HTTP server on a loopback port (tests/etl/fetch_server.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from store import db, queries
from store.fetches import FetchRun, record_fetch_run
from tests.etl.fetch_server import FakeAgencies, sickness_table
from tests.upload_samples import DASHBOARD


@pytest.fixture
def local_analyst():
    old = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")  # local mode: analysts need no sign-in
    yield
    config.set_option("server.address", old)


@pytest.fixture
def server(monkeypatch):
    s = FakeAgencies().start()
    s.ssb["12439"] = sickness_table()
    monkeypatch.setenv("ASKER2030_SSB_API", f"{s.base}/ssb")
    yield s
    s.stop()


def page(path: str, **params) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.run()
    at.switch_page(path)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_quality_page_shows_each_fetch_and_its_error_in_norwegian(example_db):
    with db.writer(example_db, who="test") as con:
        db.init_schema(con)
        now = dt.datetime(2026, 11, 30, 3, 20)
        record_fetch_run(
            con,
            FetchRun(
                "r1",
                "sykefravaer",
                "ssb",
                now,
                now,
                "changed",
                "nattlig-henting",
                ["https://data.ssb.no/api/pxwebapi/v2/tables/12439/data?lang=no"],
                [7],
                rows_read=40,
                rows_added=12,
                rows_changed=3,
                rows_removed=5,
            ),
        )
        record_fetch_run(
            con,
            FetchRun(
                "r1",
                "netto-driftsresultat",
                "ssb",
                now,
                now,
                "failed",
                "nattlig-henting",
                error_code="http_404",
                error_nb="SSB fant ikke det vi ba om (HTTP 404).",
                error_en="SSB did not find what we asked for (HTTP 404).",
            ),
        )
    at = page("app_pages/quality.py")
    assert any(s.value == "Henting fra kildene" for s in at.subheader)
    table = next(df.value for df in at.dataframe if "Sist hentet" in df.value.columns)
    rows = table.set_index("Indikator")
    syk = rows.loc["Sykefravær blant lønnstakere bosatt i Asker"]
    assert syk["Sist hentet"] == "2026-11-30 03:20" and syk["Siste forsøk"] == "nye tall"
    assert syk["Fra"].startswith("https://data.ssb.no/api/pxwebapi/v2/tables/12439/data")
    assert syk["Hva som endret seg"] == "12 nye, 3 endrede, 5 eksempelverdier fjernet"
    assert syk["Neste forventede publisering"] != "–"
    netto = rows.loc["Netto driftsresultat"]
    assert netto["Siste forsøk"] == "feilet" and netto["Siste feil"] == "SSB fant ikke det vi ba om (HTTP 404)."
    assert netto["Sist hentet"] == "aldri"


def test_an_analyst_fetches_one_indicator_and_its_example_marker_goes(example_db, server, local_analyst):
    with db.reader(example_db) as con:
        assert "sykefravaer" in queries.example_indicators(con)
    at = page("app_pages/indicator.py", indikator="sykefravaer")
    assert any(w.value.startswith("**Eksempeldata.**") for w in at.warning)
    button = next(b for b in at.button if b.label == "Hent nye tall fra kilden")
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(s.value.startswith("Hentet:") for s in at.success), [e.value for e in at.error]
    with db.reader(example_db) as con:
        assert "sykefravaer" not in queries.example_indicators(con)
        assert queries.uploads(con, 1).iloc[0]["source_url"].startswith(f"{server.base}/ssb/tables/12439/data?")
        assert queries.fetch_status(con).set_index("indicator_id").loc["sykefravaer", "last_state"] == "changed"
    at = page("app_pages/indicator.py", indikator="sykefravaer")
    assert not any(w.value.startswith("**Eksempeldata.**") for w in at.warning)  # only where examples remain


def test_viewers_get_no_fetch_button(example_db):
    old = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")  # open mode: viewers only
    try:
        at = page("app_pages/indicator.py", indikator="sykefravaer")
    finally:
        config.set_option("server.address", old)
    assert not any(b.label == "Hent nye tall fra kilden" for b in at.button)
