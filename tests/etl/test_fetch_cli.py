"""`python -m etl fetch` as the nightly timer runs it: a real process, the real catalog and comparison group, the
store file, and a real HTTP server on a loopback port standing in for SSB (tests/etl/fetch_server.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from store import db, queries
from tests.etl.fetch_server import FakeAgencies, sickness_table

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def server():
    s = FakeAgencies().start()
    s.ssb["12439"] = sickness_table()
    yield s
    s.stop()


def etl(db_file: Path, server: FakeAgencies, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "ASKER2030_SSB_API": f"{server.base}/ssb",
        "ASKER2030_FHI_API": f"{server.base}/fhi",
        "ASKER2030_UDIR_API": f"{server.base}/udir",
        "ASKER2030_FETCH_BACKOFF_S": "0.01",
    }
    env.pop("ASKER2030_SNAPSHOTS", None)  # beside the store file, where this test reads them
    return subprocess.run(
        [sys.executable, "-m", "etl", "--db", str(db_file), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def test_the_command_fetches_commits_and_says_what_failed(tmp_path, server):
    store = tmp_path / "asker2030.duckdb"
    init = etl(store, server, "init", "--no-example")
    assert init.returncode == 0, init.stderr
    dry = etl(store, server, "fetch", "sykefravaer", "--dry-run")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "forhåndsvisning" in dry.stdout and "/ssb/tables/12439/data?lang=no&outputFormat=json-stat2" in dry.stdout
    with db.reader(store) as con:
        assert queries.uploads(con).empty  # the dry run wrote nothing

    done = etl(store, server, "fetch", "sykefravaer", "netto-driftsresultat")
    assert done.returncode == 1, done.stdout  # netto-driftsresultat's table is not on this server
    assert "sykefravaer: endret" in done.stdout and "netto-driftsresultat: FEIL" in done.stdout
    assert "fant ikke" in done.stdout and "2 indikatorer, 1 feilet: netto-driftsresultat" in done.stdout
    with db.reader(store) as con:
        ups = queries.uploads(con)
        assert len(ups) == 1 and ups.iloc[0]["source_url"].startswith(f"{server.base}/ssb/tables/12439/data?")
        assert queries.series(con, "sykefravaer")["period"].str.match(r"\d{4}K\d").all()
        status = queries.fetch_status(con).set_index("indicator_id")
        assert status.loc["sykefravaer", "last_state"] == "changed"
        assert status.loc["netto-driftsresultat", "last_state"] == "failed"
        assert "HTTP 404" in status.loc["netto-driftsresultat", "error_nb"]

    again = etl(store, server, "fetch", "sykefravaer")
    assert again.returncode == 0 and "sykefravaer: uendret" in again.stdout
    with db.reader(store) as con:
        assert len(queries.uploads(con)) == 1  # fetching twice changes nothing
