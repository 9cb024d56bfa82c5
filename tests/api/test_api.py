"""The open data from the running app: `streamlit run dashboard.py` answers every /api/v1/ route with the right
content, caching and CORS headers, formula-safe text, and a data package that the frictionless library validates."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import httpx
import pandas as pd
import pytest

from api.routes import DOCUMENTED, PREFIX
from bench.serve import running_dashboard
from etl import load
from indicators.catalog import load_catalog
from indicators.explain import explanation
from store import db, queries
from store.status import assess_all

# Text a spreadsheet would run, in an area, a note and the file name (the formula starts of OWASP's advice).
HOSTILE_CSV = (
    "indicator_id,year,value,area,note\n"
    'klimagassutslipp,2020,1.5,"=HYPERLINK(""http://evil.example"")",+47 sum\n'
    "klimagassutslipp,2021,-2.5,@SUM(A1),-1+1\n"
    "klimagassutslipp,2022,3,-cmd,=1+1\n"
)
HOSTILE_FILE = "=evil.csv"
INDICATOR = "klimagassutslipp"


@pytest.fixture(scope="module")
def store_file(example_db_template, tmp_path_factory) -> Path:
    """The example store plus one upload of hostile text, loaded the way an analyst's upload is."""
    path = tmp_path_factory.mktemp("api") / "asker2030.duckdb"
    shutil.copy(example_db_template, path)
    with db.writer(path, who="test") as con:  # publishes the snapshot the server reads
        cat = db.effective_catalog(con, load_catalog())
        prepared = load.prepare(con, HOSTILE_CSV.encode(), HOSTILE_FILE, cat)
        assert prepared.ok, prepared.report.summary("en")
        load.commit(con, prepared, "test@localhost")
    return path


@pytest.fixture(scope="module")
def expected(store_file) -> dict:
    """What the store says, read from its published snapshot as the server will."""
    with db.reader(store_file) as con:
        cat = db.effective_catalog(con, load_catalog())
        return {
            "catalog": cat,
            "assessments": assess_all(con, cat),
            "observations": queries.observations(con, INDICATOR),
            "all": queries.observations_all(con),
            "uploads": queries.published_uploads(con),
        }


@pytest.fixture(scope="module")
def server(store_file, expected):
    try:
        with running_dashboard(store_file, timeout_s=90) as (url, _pid):
            with httpx.Client(base_url=url + PREFIX, timeout=120) as client:
                yield client
    except RuntimeError as exc:
        pytest.fail(str(exc))


def example_paths() -> list[str]:
    return ["/"] + [r.example for r in DOCUMENTED]


MEDIA = {"/": "application/json", ".json": "application/json", ".csv": "text/csv", ".zip": "application/zip"}


def media_for(path: str) -> str:
    bare = path.split("?")[0]
    return next(v for k, v in MEDIA.items() if bare.endswith(k) and k != "/") if bare != "/" else MEDIA["/"]


@pytest.mark.parametrize("path", example_paths())
def test_every_route_answers_with_caching_and_cors_headers(server, path):
    r = server.get(path, headers={"Origin": "https://www.asker.kommune.no"})
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith(media_for(path))
    assert r.headers["access-control-allow-origin"] == "*"
    assert "public" in r.headers["cache-control"]
    if path != "/":
        assert r.headers["etag"].startswith('W/"')
        assert r.headers["last-modified"].endswith("GMT")


@pytest.mark.parametrize("path", [r.example for r in DOCUMENTED])
def test_the_same_etag_gets_304_and_no_body(server, path):
    first = server.get(path)
    again = server.get(path, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    since = server.get(path, headers={"If-Modified-Since": first.headers["last-modified"]})
    assert since.status_code == 304
    other = server.get(path, headers={"If-None-Match": 'W/"an-older-version"'})
    assert other.status_code == 200 and other.content == first.content


def test_etags_differ_by_route_and_language(server):
    tags = {
        server.get(p).headers["etag"]
        for p in (
            f"/indicators/{INDICATOR}.csv",
            f"/indicators/{INDICATOR}.csv?lang=en",
            f"/indicators/{INDICATOR}.json",
            "/indicators.json",
            "/data.zip",
            "/data.zip?lang=en",
        )
    }
    assert len(tags) == 6


def test_a_browser_on_another_site_may_ask_first(server):
    r = server.options(
        "/indicators.json",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "If-None-Match",
        },
    )
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "*"
    assert "GET" in r.headers["access-control-allow-methods"]
    refused = server.options(
        "/indicators.json", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"}
    )
    assert refused.status_code == 400


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_no_route_writes(server, method):
    for path in example_paths():
        assert server.request(method, path).status_code == 405, (method, path)


def test_head_answers_like_get_without_a_body(server):
    r = server.head("/data.zip")
    assert r.status_code == 200 and r.content == b"" and r.headers["etag"]


@pytest.mark.parametrize(
    "path, status, says",
    [
        ("/indicators/no-such-indicator.csv", 404, "no-such-indicator"),
        ("/indicators/no-such-indicator.json", 404, "no-such-indicator"),
        (f"/indicators/{INDICATOR}.csv?lang=de", 400, "lang=en"),
        ("/data.zip?lang=sv", 400, "lang=en"),
    ],
)
def test_errors_say_what_to_do(server, path, status, says):
    r = server.get(path, headers={"Origin": "https://example.org"})
    assert r.status_code == status
    body = r.json()
    assert says in body["error"] + body.get("hint", "")
    assert r.headers["access-control-allow-origin"] == "*"  # a script on another site can read the reason
    assert r.headers["cache-control"] == "no-store"


def test_indicators_json_has_every_indicator_with_its_status_and_numbers(server, expected):
    doc = server.get("/indicators.json").json()
    cat, assessments = expected["catalog"], expected["assessments"]
    assert [i["id"] for i in doc["indicators"]] == [i.id for i in cat.indicators]
    assert doc["example_data"] is True
    for item in doc["indicators"]:
        ind, a = cat.indicator(item["id"]), assessments[item["id"]]
        assert item["name"] == {"nb": ind.name.nb, "en": ind.name.en or ind.name.nb}
        assert item["unit"]["code"] == ind.unit and item["direction"] == ind.direction
        assert item["objective"] == ind.objective and item["target"]["kind"] == ind.target.kind
        assert item["source"]["agency"] == ind.source.agency
        assert item["update_frequency"]["code"] == ind.frequency
        assert item["status"]["code"] == a.status
        assert item["status"]["explanation"] == {"nb": explanation(a, "nb"), "en": explanation(a, "en")}
        assert item["status"]["numbers"]["latest_value"] == a.latest_value
        assert item["status"]["numbers"]["ratio"] == a.ratio
        assert item["links"]["csv"].endswith(f"{PREFIX}/indicators/{ind.id}.csv")
        assert server.get(item["links"]["json"]).status_code == 200


def read_csv(content: bytes) -> pd.DataFrame:
    """As a Norwegian Excel user's CSV: BOM, semicolons, decimal comma; every cell as the text it is."""
    assert content.startswith(b"\xef\xbb\xbf")
    return pd.read_csv(io.BytesIO(content), sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)


def test_csv_holds_the_stored_observations_with_norwegian_headers(server, expected):
    r = server.get(f"/indicators/{INDICATOR}.csv")
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    table = read_csv(r.content)
    assert list(table.columns) == [
        "indikator",
        "periode",
        "år",
        "område",
        "inndeling",
        "verdi",
        "mangler",
        "flagg",
        "merknad",
        "opplasting",
        "kildefil",
        "kilderad",
    ]
    stored = expected["observations"]
    assert len(table) == len(stored)
    asker = table[(table["område"] == "Asker") & (table["inndeling"] == "")]
    stored_asker = stored[(stored["area"] == "Asker") & (stored["breakdown"] == "")]
    assert list(asker["periode"]) == list(stored_asker["period"])
    values = [float(v.replace(",", ".")) if v else None for v in asker["verdi"]]
    assert values == [None if pd.isna(v) else float(v) for v in stored_asker["value"]]


def test_english_headers_with_lang_en(server):
    table = read_csv(server.get(f"/indicators/{INDICATOR}.csv?lang=en").content)
    assert list(table.columns)[:6] == ["indicator", "period", "year", "area", "breakdown", "value"]
    doc = server.get(f"/indicators/{INDICATOR}.json?lang=en").json()
    assert set(doc["observations"][0]) == {f["name"] for f in doc["fields"]}
    assert "area" in doc["observations"][0]
    assert "område" in server.get(f"/indicators/{INDICATOR}.json").json()["observations"][0]


def hostile_rows(rows: list[dict], area: str = "område") -> dict:
    return {r[area]: r for r in rows if r[area] not in ("Asker",) and not r[area][:1].isalpha()}


def test_formula_text_is_neutralised_in_csv_and_json_and_numbers_stay_numbers(server):
    csv_rows = read_csv(server.get(f"/indicators/{INDICATOR}.csv").content).to_dict(orient="records")
    json_rows = server.get(f"/indicators/{INDICATOR}.json").json()["observations"]
    for rows in (csv_rows, json_rows):
        hostile = hostile_rows(rows)
        assert set(hostile) == {'\'=HYPERLINK("http://evil.example")', "'@SUM(A1)", "'-cmd"}
        assert {r["merknad"] for r in hostile.values()} == {"'+47 sum", "'-1+1", "'=1+1"}
        assert {r["kildefil"] for r in hostile.values()} == {"'" + HOSTILE_FILE}
    assert {r["verdi"] for r in hostile_rows(csv_rows).values()} == {"1,5", "-2,5", "3,0"}
    assert {r["verdi"] for r in hostile_rows(json_rows).values()} == {1.5, -2.5, 3.0}


def unpack(content: bytes, into: Path) -> Path:
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        assert "datapackage.json" in zf.namelist()
        zf.extractall(into)
    return into / "datapackage.json"


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_data_zip_is_a_valid_frictionless_data_package(server, expected, tmp_path, lang):
    from frictionless import validate

    r = server.get("/data.zip" + ("?lang=en" if lang == "en" else ""))
    assert r.headers["content-type"] == "application/zip"
    descriptor = unpack(r.content, tmp_path)
    report = validate(descriptor)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])[:20]
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    names = [res["name"] for res in package["resources"]]
    assert names == (
        ["maal", "delmaal", "indikatorer", "observasjoner", "opplastinger"]
        if lang == "nb"
        else ["goals", "objectives", "indicators", "observations", "uploads"]
    )
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    assert rows[names[3]] == len(expected["all"])
    assert rows[names[2]] == len(expected["catalog"].indicators)
    assert rows[names[4]] == len(expected["uploads"])
    for res in package["resources"]:
        assert res["schema"]["fields"], res["name"]
    # Who uploaded is a person's e-mail: never published.
    assert "uploaded_by" not in (tmp_path / f"{names[4]}.csv").read_text(encoding="utf-8-sig")
    assert "test@localhost" not in r.content.decode("latin-1")


def test_the_package_checks_its_foreign_keys(server, tmp_path):
    """The validation above means something: an observation pointing at an upload that does not exist fails it."""
    from frictionless import validate

    descriptor = unpack(server.get("/data.zip").content, tmp_path)
    observations = tmp_path / "observasjoner.csv"
    text = observations.read_text(encoding="utf-8-sig").splitlines()
    cells = text[1].split(";")
    cells[9] = "999"  # opplasting
    observations.write_text("\n".join([text[0], ";".join(cells), *text[2:]]) + "\n", encoding="utf-8-sig")
    report = validate(descriptor)
    assert not report.valid
    assert "foreign-key" in {row[0] for row in report.flatten(["type"])}


def test_formula_text_is_neutralised_in_the_package(server, tmp_path):
    unpack(server.get("/data.zip").content, tmp_path)
    table = pd.read_csv(tmp_path / "observasjoner.csv", sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    areas = set(table["område"])
    assert {'\'=HYPERLINK("http://evil.example")', "'@SUM(A1)", "'-cmd"} <= areas
    assert not any(a.startswith(("=", "+", "-", "@")) for a in areas)


def test_no_route_changes_the_store(example_db_template, tmp_path):
    """Every route asked (and asked again with a stale tag): the store's content is exactly as before."""
    path = tmp_path / "asker2030.duckdb"
    shutil.copy(example_db_template, path)
    with db.reader(path) as con:
        before = db.content_checksum(con)
    with running_dashboard(path, timeout_s=90) as (url, _pid):
        with httpx.Client(base_url=url + PREFIX, timeout=120) as client:
            for route in example_paths():
                assert client.get(route).status_code == 200
                assert client.get(route, headers={"If-None-Match": 'W/"stale"'}).status_code == 200
    with db.writer(path, who="test") as con:  # the store file itself, not a snapshot of it
        assert db.content_checksum(con) == before
