"""The data version behind the ETags: the same while nothing changes, new after an upload and after its rollback."""
from __future__ import annotations

from api import store as api_store
from etl import load
from indicators.catalog import load_catalog
from store import db, queries

CSV = "indicator_id,year,value\nklimagassutslipp,2024,150000\n"


def test_version_follows_uploads_and_rollbacks(example_db):
    con = db.connect(example_db)
    try:
        first = api_store.version(con)
        assert api_store.version(con) == first
        queries.observations_all(con)  # reading changes nothing
        assert api_store.version(con) == first
        cat = db.effective_catalog(con, load_catalog())
        result = load.commit(con, load.prepare(con, CSV.encode(), "new.csv", cat), "test@localhost")
        after_upload = api_store.version(con)
        assert after_upload != first
        before_rollback = queries.last_change(con)
        db.rollback_upload(con, result.upload_id, by="test@localhost")
        assert api_store.version(con) not in (first, after_upload)
        assert queries.last_change(con) >= before_rollback
    finally:
        con.close()


def test_per_version_cache_builds_once_and_forgets_old_versions():
    cache = api_store.PerVersion(max_entries=2)
    calls = []
    for key in ("a", "a", "b", "a", "c", "b"):
        cache.get(key, lambda k=key: calls.append(k) or k.upper())
    assert calls == ["a", "b", "c", "b"]  # "b" was dropped when "c" came after "a" was used again
