"""The fetch end to end: the real httpx client against a real HTTP server on a loopback port (tests/etl/
fetch_server.py, built from the agencies' documentation), answers read, checked and committed into a real DuckDB
file like uploads. No test reaches the internet."""

from __future__ import annotations

import json

import pytest
import yaml

from etl.fetch import ConnectionStore, FetchError, Settings, fetch
from etl.fetch.base import Area
from etl.fetch.http import Client, RateLimit, Request
from etl.fetch.ssb import expand, split
from etl.load import load_paths
from indicators.catalog import CATALOG_DIR, Catalog, parse_goals, parse_indicator
from store import db, queries
from tests.etl.fetch_server import Dim, FakeAgencies, Table, population_table, sickness_table

AREAS = [
    Area("Asker", ("3203", "3025"), "home"),
    Area("Bærum", ("3201", "3024", "0219"), "neighbour"),
    Area("Norge", ("0",), "country"),
    Area("Lier", ("3312", "3049", "0626"), "neighbour"),
]
ASKER_CHAIN = ["3203", "3025", "0220"]


def _indicator(iid, fetch, unit="percent", frequency="annual", objective="3.1"):
    return {
        "id": iid,
        "objective": objective,
        "name": {"nb": iid, "en": iid},
        "unit": unit,
        "direction": "down",
        "baseline": {"year": 2015},
        "target": {"kind": "absolute", "value": 1.0},
        "source": {"agency": "SSB", "table": fetch.get("table", "")},
        "sector": {"nb": "Test", "en": "Test"},
        "frequency": frequency,
        "definition": {"nb": "Test.", "en": "Test."},
        "fetch": fetch,
    }


SPECS = [
    _indicator(
        "sykefravaer",
        {
            "api": "ssb",
            "table": "12439",
            "select": {"Region": ASKER_CHAIN, "Kjonn": ["0"], "ContentsCode": ["SykefravProsent"], "Tid": ["*"]},
        },
        frequency="quarterly",
    ),
    _indicator(
        "befolkning",
        {
            "api": "ssb",
            "table": "06913",
            "select": {"Region": ["*"], "ContentsCode": ["Folkemengde"], "Tid": ["from(2000)"]},
        },
        unit="count",
    ),
    _indicator(
        "finnes-ikke",
        {"api": "ssb", "table": "99999", "select": {"Region": ASKER_CHAIN, "ContentsCode": ["X"], "Tid": ["*"]}},
    ),
    _indicator(
        "feil-kode",
        {
            "api": "ssb",
            "table": "12439",
            "select": {"Region": ASKER_CHAIN, "Kjonn": ["0"], "ContentsCode": ["Sykefrav"], "Tid": ["*"]},
        },
    ),
    _indicator(
        "overvekt",
        {
            "api": "fhi",
            "source": "nokkel",
            "table": "388",
            "select": {
                "GEO": ASKER_CHAIN,
                "AAR": ["*"],
                "KJONN": ["0"],
                "ALDER": ["17_17"],
                "KMI_KAT": ["overv_inkl_fedme"],
                "MEASURE_TYPE": ["RATE"],
            },
        },
    ),
    _indicator(
        "mobbing",
        {"api": "udir", "table": "150", "filter": "TidID(*)_EnhetNivaa(1_3)_TrinnID(6)", "value": "AndelMobbet"},
        frequency="school_year",
        objective="4.1",
    ),
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    goals_file = CATALOG_DIR / "goals.yaml"
    goals = parse_goals(yaml.safe_load(goals_file.read_text(encoding="utf-8")), goals_file)
    ids = [o.id for g in goals for o in g.objectives]
    return Catalog(goals, [parse_indicator(raw, ids) for raw in SPECS])


def overweight_table() -> Table:
    years = [f"{y}_{y}" for y in range(2015, 2025)]

    def cell(c):
        year = int(c["AAR"][:4])
        if c["GEO"] == "3025" and year == 2022:
            return None, ":"
        if not (
            2020 <= year <= 2023
            if c["GEO"] == "3025"
            else year >= 2024
            if c["GEO"] in ("3203", "3201")
            else year <= 2019
            if c["GEO"] in ("0220", "0219")
            else True
        ):
            return None, ".."
        return round(15 + (year - 2015) * 0.2 + (1 if c["GEO"] in ("3201", "3024", "0219") else 0), 1), None

    return Table(
        "388",
        "Overvekt og fedme, sesjon",
        [
            Dim(
                "GEO",
                "Geografi",
                [
                    ("0", "Hele landet"),
                    ("0220", "Asker"),
                    ("3025", "Asker"),
                    ("3203", "Asker"),
                    ("0219", "Bærum"),
                    ("3024", "Bærum"),
                    ("3201", "Bærum"),
                ],
            ),
            Dim("AAR", "År", [(y, y[:4]) for y in years]),
            Dim("KJONN", "Kjønn", [("0", "kjønn samlet")]),
            Dim("ALDER", "Alder", [("17_17", "17 år")]),
            Dim("KMI_KAT", "KMI", [("overv_inkl_fedme", "Overvekt inkl. fedme"), ("fedme", "Fedme")]),
            Dim("MEASURE_TYPE", "Måltall", [("RATE", "Andel (prosent)")]),
        ],
        cell,
    )


@pytest.fixture
def server():
    s = FakeAgencies().start()
    s.ssb["12439"] = sickness_table()
    s.ssb["06913"] = population_table()
    s.fhi[("nokkel", "388")] = overweight_table()
    s.udir["150"] = [
        {
            "EnhetNivaa": 1,
            "EnhetNavn": "Nasjonalt",
            "Kommunekode": None,
            "Skoleaarnavn": "2023-24",
            "AndelMobbet": "5,9",
        },
        {"EnhetNivaa": 3, "EnhetNavn": "Asker", "Kommunekode": "3203", "Skoleaarnavn": "2024-25", "AndelMobbet": "4,8"},
        {"EnhetNivaa": 3, "EnhetNavn": "Asker", "Kommunekode": "3025", "Skoleaarnavn": "2023-24", "AndelMobbet": "5,1"},
        {"EnhetNivaa": 3, "EnhetNavn": "Bærum", "Kommunekode": "3201", "Skoleaarnavn": "2024-25", "AndelMobbet": "*"},
        {"EnhetNivaa": 3, "EnhetNavn": "Oslo", "Kommunekode": "0301", "Skoleaarnavn": "2024-25", "AndelMobbet": "7,0"},
    ]
    yield s
    s.stop()


class Waits:
    """Settings.sleep for tests: records what the client would wait, and waits only a token time."""

    def __init__(self):
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def settings_for(server: FakeAgencies, waits: Waits | None = None, **overrides) -> Settings:
    s = Settings(
        ssb_api=f"{server.base}/ssb",
        fhi_api=f"{server.base}/fhi",
        udir_api=f"{server.base}/udir",
        retries=3,
        backoff_s=0.01,
        max_wait_s=5,
        timeout_s=10,
        **overrides,
    )
    if waits is not None:
        s.sleep = waits
    return s


@pytest.fixture
def store(tmp_path, catalog):
    con = db.connect(tmp_path / "asker2030.duckdb")
    db.init_schema(con)
    db.sync_catalog(con, catalog)
    yield con
    con.close()


def run(catalog, con, server, ids, waits=None, dry_run=False, **overrides):
    settings = settings_for(server, waits or Waits(), **overrides)
    return fetch(
        [catalog.indicator(i) for i in ids],
        catalog,
        ConnectionStore(con),
        settings,
        user="test",
        dry_run=dry_run,
        areas=AREAS,
    )


def series(con, iid, area="Asker", breakdown=""):
    s = queries.series(con, iid, area, breakdown)
    return {p: (None if v != v else v, m) for p, v, m in zip(s["period"], s["value"], s["missing"])}


def without_log(con) -> dict:
    """The store's content apart from the fetch log (which records every attempt, also one that changed nothing)."""
    return {k: v for k, v in db.content_fingerprint(con).items() if k != "fetch_run"}


# --- values, renumbered codes, peers, audit -------------------------------------------------------------


def test_fetch_stores_each_code_of_the_renumbering_chain_and_the_peers(catalog, store, server):
    [r] = run(catalog, store, server, ["sykefravaer"])
    assert r.ok, r.error and r.error.en
    asker = series(store, "sykefravaer")
    table = sickness_table()
    # 2020–2023 from 3025, 2024– from 3203: one series "Asker"; the '.' of the codes not in use are not kept
    assert asker["2020K1"] == (table.cell({"Region": "3025", "Kjonn": "0", "Tid": "2020K1"})[0], "")
    assert asker["2024K3"] == (table.cell({"Region": "3203", "Kjonn": "0", "Tid": "2024K3"})[0], "")
    assert asker["2021K1"][1] == "confidential"  # ':' from 3025, not '.' from 3203 or 0220
    # before 2020 the area was the old, smaller Asker (0220): kept apart; today's Asker says "not possible" (.)
    assert asker["2019K4"] == (None, "not_possible")
    old = series(store, "sykefravaer", "Asker (0220, før 2020)")
    assert old["2015K1"] == (table.cell({"Region": "0220", "Kjonn": "0", "Tid": "2015K1"})[0], "")
    baerum = series(store, "sykefravaer", "Bærum")  # 0219, 3024 and 3201 named by the comparison group
    assert baerum["2015K1"][0] == table.cell({"Region": "0219", "Kjonn": "0", "Tid": "2015K1"})[0]
    assert baerum["2022K1"][0] == table.cell({"Region": "3024", "Kjonn": "0", "Tid": "2022K1"})[0]
    assert baerum["2021K2"] == (None, "not_available")
    assert len(series(store, "sykefravaer", "Norge")) == 44
    assert queries.areas_and_breakdowns(store, "sykefravaer")["breakdown"].eq("").all()  # Kjonn=0 is no breakdown
    # Lier (3312/3049/0626) is not in this table: a note, not a failure
    assert any("Lier" in nb for nb, _ in r.notes)
    # the audit row records the request
    up = queries.uploads(store)
    assert len(up) == 1 and up.iloc[0]["rows_added"] > 0
    url = up.iloc[0]["source_url"]
    assert url.startswith(f"{server.base}/ssb/tables/12439/data?lang=no&outputFormat=json-stat2")
    assert "valueCodes[Region]=3203,3025,0220,3201,3024,0219,0" in url
    sent = server.requests_to("/ssb/tables/12439/data")[0]
    assert url == f"{server.base}{sent.path}?{sent.query}"
    log = store.execute("SELECT state, requests, upload_ids, error_code FROM fetch_run").fetchall()
    assert log == [("changed", 1, json.dumps([int(up.iloc[0]["id"])]), None)]


def test_fetching_twice_changes_nothing_and_undo_restores_the_store(catalog, store, server):
    before = without_log(store)
    run(catalog, store, server, ["sykefravaer"])
    after_first = without_log(store)
    [again] = run(catalog, store, server, ["sykefravaer"])
    assert again.ok and again.upload_ids == [] and again.state == "unchanged"
    assert without_log(store) == after_first
    assert any(p.code == "already_loaded" for p in again.requests[0].prepared.report.problems)
    upload_id = int(queries.uploads(store).iloc[0]["id"])
    db.rollback_upload(store, upload_id, "test")
    assert queries.series(store, "sykefravaer").empty
    assert {k: v for k, v in without_log(store).items() if k not in ("upload", "observation_change", "meta")} == {
        k: v for k, v in before.items() if k not in ("upload", "observation_change", "meta")
    }


def test_dry_run_shows_report_and_preview_and_writes_nothing(catalog, store, server):
    before = db.content_fingerprint(store)
    [r] = run(catalog, store, server, ["sykefravaer"], dry_run=True)
    assert r.ok and r.state == "changed"
    assert db.content_fingerprint(store) == before  # not even the fetch log
    d = r.requests[0].prepared.diff
    assert d.added == r.total("added") > 0 and d.changed == 0
    assert set(d.changes["action"]) == {"insert"}


# --- limits --------------------------------------------------------------------------------------------


def test_a_selection_too_large_for_one_request_is_split(catalog, store, server):
    server.max_cells = 3000  # as SSB's 800 000, scaled down: the server refuses more ("Too many cells selected")
    [r] = run(catalog, store, server, ["befolkning"], ssb_max_cells=3000)
    assert r.ok, r.error and r.error.en
    data = server.requests_to("/ssb/tables/06913/data")
    total = (1 + 3 + 3 + 400) * 26  # regions × years, one contents code
    assert len(data) == len(r.requests) >= total // 3000 + 1
    assert all(q.status == 200 for q in data)
    uploads = queries.uploads(store)
    assert len(uploads) == len(data)  # one upload per source request
    assert set(uploads["source_url"]) == {f"{server.base}{q.path}?{q.query}" for q in data}
    stored = store.execute("SELECT count(*) FROM observation WHERE indicator_id = 'befolkning'").fetchone()[0]
    # 400 municipalities, Norge, Bærum (0219, 3024, 3201 as one), Asker (3025, 3203) and the Asker before 2020
    assert stored == (400 + 4) * 26
    asker = series(store, "befolkning")
    assert asker["2024"][0] == 1000 + 3203 % 997 + 24 and asker["2020"][0] == 1000 + 3025 % 997 + 20


def test_a_municipality_s_codes_stay_in_one_request_when_regions_are_split(catalog, store, server):
    server.ssb["06913"] = population_table(n_regions=20, years=range(2018, 2026))
    server.max_cells = 20  # fewer cells than regions in one year: the regions must be split too
    [r] = run(catalog, store, server, ["befolkning"], ssb_max_cells=20)
    assert r.ok, r.error and r.error.en
    for q in server.requests_to("/ssb/tables/06913/data"):
        regions = [p for p in q.query.split("&") if p.startswith("valueCodes[Region]=")][0].split("=")[1].split(",")
        for chain in (["3203", "3025", "0220"], ["3201", "3024", "0219"]):
            assert not set(chain) & set(regions) or set(chain) <= set(regions), (chain, regions)
    asker = series(store, "befolkning")
    assert asker["2021"] == (1000 + 3025 % 997 + 21, "") and asker["2025"] == (1000 + 3203 % 997 + 25, "")


def test_without_the_split_the_agency_refuses_and_it_is_reported(catalog, store, server):
    server.max_cells = 3000
    [r] = run(catalog, store, server, ["befolkning"], ssb_max_cells=800_000)
    assert r.error.code == "http_400" and "Too many cells selected" in r.error.nb
    assert len(server.requests_to("/ssb/tables/06913/data")) == 1  # 400 is not retried
    assert queries.uploads(store).empty


def test_a_long_address_is_split_before_the_agency_answers_404(catalog, store, server):
    [r] = run(catalog, store, server, ["befolkning"], ssb_max_url=600)
    assert r.ok
    data = server.requests_to("/ssb/tables/06913/data")
    assert len(data) > 1 and all(len(q.path) + len(q.query) + 1 <= 600 for q in data)


def test_the_rate_limit_holds_with_the_real_clock(catalog, store, server):
    import time

    # the server answers 429 beyond 2 requests in 0.35 s, like SSB beyond 30 a minute (its window a little shorter
    # than the client's, as the two clocks start apart by the time a request takes to arrive)
    server.rate_limit = (2, 0.35)
    server.max_cells = 3000
    settings = settings_for(server, ssb_max_cells=3000, ssb_max_requests=2, ssb_window_s=0.4)
    t = time.monotonic()
    [r] = fetch([catalog.indicator("befolkning")], catalog, ConnectionStore(store), settings, areas=AREAS)
    elapsed = time.monotonic() - t
    assert r.ok
    sent = server.requests_to("/ssb/")
    assert all(q.status != 429 for q in sent) and len(sent) >= 5
    assert elapsed >= 0.4 * ((len(sent) - 1) // 2)


def test_rate_limit_waits_with_an_injected_clock():
    now = [0.0]
    slept = []

    def sleep(s):
        slept.append(s)
        now[0] += s

    limit = RateLimit(3, 60.0, Settings(clock=lambda: now[0], sleep=sleep))
    for _ in range(7):
        limit.wait()
    assert slept == [60.0, 60.0]  # the 4th and 7th wait for the window; 30 a minute in production


# --- errors ------------------------------------------------------------------------------------------------


def test_429_with_retry_after_then_503_then_a_cut_connection_are_retried(catalog, store, server):
    server.fail("/ssb/tables/12439/data", "429:3", "503", "cut")
    waits = Waits()
    [r] = run(catalog, store, server, ["sykefravaer"], waits=waits)
    assert r.ok, r.error and r.error.en
    assert [q.status for q in server.requests_to("/ssb/tables/12439/data")] == [429, 503, -1, 200]
    assert 3.0 in waits.waits  # Retry-After honoured
    assert len(series(store, "sykefravaer")) > 0


def test_transient_failures_beyond_the_retries_are_reported(catalog, store, server):
    server.fail("/ssb/tables/12439/data", "503", "503", "503", "503")
    [r] = run(catalog, store, server, ["sykefravaer"])
    assert r.error.code == "unavailable" and "utilgjengelig" in r.error.nb
    assert len(server.requests_to("/ssb/tables/12439/data")) == 4  # 1 + 3 retries
    assert queries.uploads(store).empty


@pytest.mark.parametrize(
    "indicator, code, words",
    [
        ("finnes-ikke", "http_404", "fant ikke"),
        ("feil-kode", "bad_spec", "«Sykefrav» for «ContentsCode» finnes ikke"),
    ],
)
def test_a_wrong_spec_is_reported_in_plain_norwegian(catalog, store, server, indicator, code, words):
    [r] = run(catalog, store, server, [indicator])
    assert r.error.code == code and words in r.error.nb
    row = store.execute("SELECT state, error_code, error_nb FROM fetch_run").fetchone()
    assert row[0] == "failed" and row[1] == code and words in row[2]


def test_a_400_answer_is_not_retried(catalog, store, server):
    server.fail("/ssb/tables/12439/data", "400")
    [r] = run(catalog, store, server, ["sykefravaer"])
    assert r.error.code == "http_400" and "Non-existent value" in r.error.nb
    assert len(server.requests_to("/ssb/tables/12439/data")) == 1


def test_one_failing_indicator_leaves_the_others_committed(catalog, store, server):
    results = run(catalog, store, server, ["finnes-ikke", "sykefravaer", "feil-kode", "overvekt"])
    assert [r.state for r in results] == ["failed", "changed", "failed", "changed"]
    assert len(series(store, "sykefravaer")) > 0 and len(series(store, "overvekt")) > 0
    states = dict(store.execute("SELECT indicator_id, state FROM fetch_run").fetchall())
    assert states == {"finnes-ikke": "failed", "sykefravaer": "changed", "feil-kode": "failed", "overvekt": "changed"}


# --- other agencies -----------------------------------------------------------------------------------------


def test_fhi_periods_flags_and_geo_codes(catalog, store, server):
    [r] = run(catalog, store, server, ["overvekt"])
    assert r.ok, r.error and r.error.en
    req = server.requests_to("/fhi/nokkel/Table/388/data")
    assert len(req) == 1 and req[0].method == "POST"
    asker = series(store, "overvekt")
    assert asker["2024"][0] == pytest.approx(16.8) and asker["2024"][1] == ""
    assert asker["2022"][1] == "confidential"  # FHI's ':' (anonymised)
    assert series(store, "overvekt", "Bærum")["2024"][0] == pytest.approx(17.8)
    assert queries.areas_and_breakdowns(store, "overvekt")["breakdown"].eq("").all()
    url = queries.uploads(store).iloc[0]["source_url"]
    assert url.startswith(f"POST {server.base}/fhi/nokkel/Table/388/data ") and '"KMI_KAT"' in url


def test_udir_pages_and_suppressed_values(catalog, store, server):
    [r] = run(catalog, store, server, ["mobbing"])
    assert r.ok, r.error and r.error.en
    assert len(server.requests_to("/udir/Eksport/150/filterVerdier")) == 1  # TidID(*): every school year's id
    assert "TidID(202312_202412)" in server.requests_to("/udir/Eksport/150/data")[0].query
    assert len(r.requests) == 3 == len(server.requests_to("/udir/Eksport/150/data"))  # 3 pages of 2 rows
    assert [rr.prepared is None for rr in r.requests] == [False, False, True]  # page 3 holds only Oslo
    assert series(store, "mobbing") == {"2023-24": (5.1, ""), "2024-25": (4.8, "")}
    assert series(store, "mobbing", "Bærum") == {"2024-25": (None, "suppressed")}
    assert series(store, "mobbing", "Norge") == {"2023-24": (5.9, "")}
    assert "Oslo" not in queries.all_areas(store)  # not in the comparison group


# --- real data replaces example data -----------------------------------------------------------------------


def test_fetched_data_replaces_the_example_values_and_undo_brings_them_back(catalog, store, server, tmp_path):
    example = tmp_path / "example.csv"
    example.write_text(
        "indicator_id,year,value,area\nsykefravaer,2024K1,9.9,Asker\nsykefravaer,2010K1,9.1,Asker\n"
        "sykefravaer,2010K1,8.8,Drammen\nbefolkning,2020,1,Asker\n",
        encoding="utf-8",
    )
    results, _ = load_paths(store, [example], catalog, "eksempeldata", is_example=True)
    example_id = results[0].upload_id
    assert queries.example_indicators(store) == {"sykefravaer", "befolkning"}
    before = without_log(store)
    [r] = run(catalog, store, server, ["sykefravaer"])
    assert r.total("removed") == 2  # 2010K1 in Asker and Drammen; 2024K1 is updated by the real value
    assert queries.example_indicators(store) == {"befolkning"}
    assert "2010K1" not in series(store, "sykefravaer") and series(store, "sykefravaer", "Drammen") == {}
    history = queries.upload_changes(store, r.upload_ids[0])
    assert set(history["action"]) == {"insert", "update", "delete"}
    with pytest.raises(db.RollbackRefused):  # the example upload's values are held by the fetch's upload
        db.rollback_upload(store, example_id, "test")
    db.rollback_upload(store, r.upload_ids[0], "test")
    after = without_log(store)
    assert after["observation"] == before["observation"]
    assert queries.example_indicators(store) == {"sykefravaer", "befolkning"}


# --- pieces ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expression, picked",
    [
        ("*", ["2019", "2020", "2021", "2022"]),
        ("top(2)", ["2021", "2022"]),
        ("bottom(1)", ["2019"]),
        ("from(2021)", ["2021", "2022"]),
        ("to(2020)", ["2019", "2020"]),
        ("[range(2020,2021)]", ["2020", "2021"]),
        ("202*", ["2020", "2021", "2022"]),
        ("2020", ["2020"]),
        ("1999", None),
    ],
)
def test_selection_expressions(expression, picked):
    assert expand(expression, ["2019", "2020", "2021", "2022"]) == picked


def test_split_keeps_every_cell_once_and_each_part_within_the_limit():
    sel = {
        "Region": [str(i) for i in range(37)],
        "ContentsCode": ["a", "b"],
        "Tid": [str(y) for y in range(2000, 2023)],
    }
    parts = split(sel, 100, ["Tid", "Region"])
    assert all(len(p["Region"]) * len(p["ContentsCode"]) * len(p["Tid"]) <= 100 for p in parts)
    cells = {(r, c, t) for p in parts for r in p["Region"] for c in p["ContentsCode"] for t in p["Tid"]}
    assert len(cells) == 37 * 2 * 23 == sum(len(p["Region"]) * 2 * len(p["Tid"]) for p in parts)


def test_proxy_settings_are_honoured(monkeypatch, server):
    """HTTP(S)_PROXY from the environment: the request goes to the proxy (here the fake server itself, which
    then sees the absolute target address, as an HTTP proxy does)."""
    monkeypatch.setenv("HTTP_PROXY", server.base)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = Client(Settings(retries=0))
    with pytest.raises(FetchError):
        client.send(Request("ssb", "http://data.ssb.example/api/pxwebapi/v2/tables/12439/metadata", "x"))
    client.close()
    assert (
        server.log
        and server.log[-1].path.startswith("http://data.ssb.example/")
        or server.log[-1].path.endswith("/tables/12439/metadata")
    )


def test_derived_share_and_change(catalog, server, tmp_path):
    """Electric cars among all cars (a share of a category total) and population growth (change from the previous
    year), computed from counts in the answer and stored like any fetched series."""
    cars = Table(
        "07849",
        "07849: Registrerte kjøretøy, etter region, kjøringens art, drivstofftype, statistikkvariabel og år",
        [
            Dim("Region", "region", [("3203", "Asker"), ("3025", "Asker (2020-2023)")], "geo"),
            Dim("KjoringensArt", "kjøringens art", [("1", "Egen transport")]),
            Dim(
                "DrivstoffType",
                "drivstofftype",
                [("1", "Bensin"), ("2", "Diesel"), ("5", "Elektrisitet")],
                elimination=True,
            ),
            Dim("ContentsCode", "statistikkvariabel", [("Personbil1", "Personbiler")], "metric"),
            Dim("Tid", "år", [("2023", "2023"), ("2024", "2024")], "time"),
        ],
        lambda c: (
            (None, ".")
            if not in_use_year(c)
            else (
                {"1": 30, "2": 20, "5": 50}[c["DrivstoffType"]]
                + (10 if c["Tid"] == "2024" and c["DrivstoffType"] == "5" else 0),
                None,
            )
        ),
    )
    server.ssb["07849"] = cars
    specs = [
        _indicator(
            "elbil",
            {
                "api": "ssb",
                "table": "07849",
                "select": {
                    "Region": ["3203", "3025"],
                    "KjoringensArt": ["1"],
                    "DrivstoffType": ["*"],
                    "ContentsCode": ["Personbil1"],
                    "Tid": ["*"],
                },
                "derive": {"kind": "share", "variable": "DrivstoffType", "part": ["5"]},
            },
        ),
        _indicator(
            "vekst",
            {
                "api": "ssb",
                "table": "06913",
                "select": {"Region": ["3203", "3025"], "ContentsCode": ["Folkemengde"], "Tid": ["from(2020)"]},
                "derive": {"kind": "change_percent"},
            },
        ),
    ]
    goals_file = CATALOG_DIR / "goals.yaml"
    goals = parse_goals(yaml.safe_load(goals_file.read_text(encoding="utf-8")), goals_file)
    cat = Catalog(goals, [parse_indicator(raw, [o.id for g in goals for o in g.objectives]) for raw in specs])
    con = db.connect(tmp_path / "derived.duckdb")
    db.init_schema(con)
    results = fetch(cat.indicators, cat, ConnectionStore(con), settings_for(server, Waits()), areas=AREAS)
    assert all(r.ok for r in results), [r.error.en for r in results if r.error]
    assert series(con, "elbil") == {"2023": (50.0, ""), "2024": (pytest.approx(60 / 110 * 100), "")}
    growth = series(con, "vekst")
    pop = population_table()
    p = {y: pop.cell({"Region": "3025" if y <= 2023 else "3203", "Tid": str(y)})[0] for y in range(2020, 2026)}
    assert "2020" not in growth  # no year before it in the answer
    assert growth["2024"][0] == pytest.approx((p[2024] / p[2023] - 1) * 100)
    con.close()


def in_use_year(c) -> bool:
    from tests.etl.fetch_server import in_use

    return in_use(c["Region"], int(c["Tid"]))
