"""How the open data reads the store: read-only snapshot connections, a version that follows every commit, and
results kept per version."""

from __future__ import annotations

import time

import duckdb
import pytest

from api import store as api_store
from etl import load
from indicators.catalog import load_catalog
from store import db, queries

CSV = "indicator_id,year,value\nklimagassutslipp,2024,150000\n"


def reading():
    with api_store.connection() as r:
        return r.version, queries.data_version(r.con)


def test_reads_through_a_read_only_snapshot(example_db):
    with api_store.connection() as r:
        assert queries.observations(r.con, "klimagassutslipp").shape[0] > 0
        with pytest.raises(duckdb.Error, match="read-only"):
            r.con.execute("DELETE FROM observation")


def test_version_follows_commits_and_rollbacks(example_db):
    first, _ = reading()
    assert reading()[0] == first  # nothing changed: the same version (and the same ETag)
    with db.writer(example_db, who="test") as con:
        cat = db.effective_catalog(con, load_catalog())
        result = load.commit(con, load.prepare(con, CSV.encode(), "new.csv", cat), "test@localhost")
    time.sleep(api_store._CHECK_EVERY_S + 0.1)
    after_upload, store_version = reading()
    assert after_upload != first and store_version[0] == result.upload_id
    with db.writer(example_db, who="test") as con:
        db.rollback_upload(con, result.upload_id, by="test@localhost")
    time.sleep(api_store._CHECK_EVERY_S + 0.1)
    assert reading()[0] not in (first, after_upload)


def test_per_version_cache_builds_once_and_forgets_old_versions():
    cache = api_store.PerVersion(max_entries=2)
    calls = []
    for key in ("a", "a", "b", "a", "c", "b"):
        cache.get(key, lambda k=key: calls.append(k) or k.upper())
    assert calls == ["a", "b", "c", "b"]  # "b" was dropped when "c" came after "a" was used again


def test_per_version_cache_builds_a_key_once_when_asked_at_once():
    import threading

    cache = api_store.PerVersion()
    calls, start = [], threading.Barrier(4)

    def slow():
        calls.append(1)
        time.sleep(0.3)
        return "zip"

    def ask():
        start.wait()
        assert cache.get("zip", slow) == "zip"

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert calls == [1]
