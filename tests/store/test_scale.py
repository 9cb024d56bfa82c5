"""Store behaviour the national-scale benchmarks rely on: no index on observation, uniqueness kept by the loader,
old stores migrated, set-based writes and rollbacks on large uploads."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from store import db


def _frame(n: int, offset: float = 0.0, areas: int = 50) -> pd.DataFrame:
    i = np.arange(n)
    year = 2000 + (i // (areas * 10)) % 25
    return pd.DataFrame(
        {
            "indicator_id": [f"ind{k:02d}" for k in i % 10],
            "period": year.astype(str),
            "year": year,
            "time": year.astype(float),
            "period_kind": "year",
            "area": [f"Kommune {k:04d}" for k in (i // 10) % areas],
            "breakdown": "",
            "value": i * 0.5 + offset,
            "missing": "",
            "flag": "",
            "note": "",
            "source_row": i + 2,
        }
    )


def _load(con, frame, name="a.csv"):
    return db.apply_upload(con, frame, file_name=name, file_sha256=name, file_format="canonical", uploaded_by="tester")


@pytest.fixture
def con(tmp_path):
    c = db.connect(tmp_path / "s.duckdb")
    db.init_schema(c)
    yield c
    c.close()


def test_observation_has_no_primary_key(con):
    assert (
        con.execute("""SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'observation'
                          AND constraint_type = 'PRIMARY KEY'""").fetchone()[0]
        == 0
    )


def test_duplicate_keys_in_one_upload_are_refused_and_nothing_is_written(con):
    frame = _frame(100)
    frame = pd.concat([frame, frame.iloc[[5]]], ignore_index=True)
    before = db.content_fingerprint(con)
    with pytest.raises(ValueError, match="may occur once"):
        _load(con, frame)
    assert db.content_fingerprint(con) == before


def test_mixed_insert_update_unchanged_then_rollback(con):
    _load(con, _frame(10_000))
    first = db.content_checksum(con)["observation"]
    mixed = pd.concat([_frame(10_000).iloc[:4000], _frame(12_500, 1.0).iloc[4000:]], ignore_index=True)
    uid, d = _load(con, mixed, "b.csv")
    assert (d.added, d.changed, d.unchanged) == (2500, 6000, 4000)
    assert con.execute("SELECT count(*) FROM observation").fetchone()[0] == 12_500
    dups = con.execute("""SELECT count(*) FROM (SELECT 1 FROM observation GROUP BY indicator_id, period, area,
                          breakdown HAVING count(*) > 1)""").fetchone()[0]
    assert dups == 0
    assert db.rollback_upload(con, uid, "tester") == 8500
    assert db.content_checksum(con)["observation"] == first


def test_old_store_with_primary_key_is_migrated(tmp_path):
    path = tmp_path / "old.duckdb"
    raw = duckdb.connect(str(path))
    old_schema = db.SCHEMA.replace(
        "    source_row INTEGER\n",
        "    source_row INTEGER,\n    PRIMARY KEY (indicator_id, period, area, breakdown)\n",
        1,
    )
    assert old_schema != db.SCHEMA
    raw.execute(old_schema)
    raw.close()
    con = db.connect(path)
    _load(con, _frame(500))
    before = db.content_checksum(con)
    db.init_schema(con)
    assert (
        con.execute("""SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'observation'
                          AND constraint_type = 'PRIMARY KEY'""").fetchone()[0]
        == 0
    )
    after = db.content_checksum(con)
    assert after["observation"] == before["observation"] and after["observation"][0] == 500
    assert after["observation_change"] == before["observation_change"]
    con.close()
