"""Loading a large file again that is byte-identical to the latest committed upload is answered without
re-reading it, and only when that cannot miss a change (nothing rolled back, same catalog and reader)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from etl import load
from indicators.catalog import load_catalog
from store import db

CATALOG = load_catalog()
IDS = [i.id for i in CATALOG.indicators if i.frequency == "annual"][:3]


def _csv(n_areas: int = 1600, offset: float = 0.0) -> bytes:
    lines = ["indicator_id,year,value,area,breakdown,flag,note"]
    for iid in IDS:
        for a in range(n_areas):
            for y in range(2000, 2025):
                lines.append(f"{iid},{y},{(a * 7 + y) % 97 + offset:.1f},Kommune {a:04d},,,")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def big() -> bytes:
    data = _csv()
    assert len(data) > load.UNCHANGED_MIN_BYTES
    return data


@pytest.fixture
def con(tmp_path):
    c = db.connect(tmp_path / "s.duckdb")
    db.init_schema(c)
    db.sync_catalog(c, CATALOG)
    yield c
    c.close()


def _load(con, data, name="national.csv", catalog=CATALOG):
    prepared = load.prepare(con, data, name, catalog)
    assert prepared.ok, prepared.report.summary("en")
    return prepared, load.commit(con, prepared, "tester")


def test_identical_reload_is_not_read_again_and_changes_nothing(con, big):
    _, first = _load(con, big)
    assert first.upload_id == 1
    before = db.content_fingerprint(con)
    prepared, again = _load(con, big, name="same-again.csv")
    assert prepared.unchanged_since == 1 and prepared.frame.empty
    assert (prepared.diff.added, prepared.diff.changed, prepared.diff.unchanged) == (0, 0, first.diff.added)
    assert [p.code for p in prepared.report.problems] == ["already_loaded"]
    assert again.upload_id is None
    assert db.content_fingerprint(con) == before
    # the full reading agrees
    full = load.prepare(con, big, "national.csv", CATALOG, force_read=True)
    assert (full.diff.added, full.diff.changed, full.diff.unchanged) == (0, 0, first.diff.added)


def test_small_files_are_always_read(con):
    small = _csv(n_areas=10)
    _load(con, small)
    prepared = load.prepare(con, small, "again.csv", CATALOG)
    assert prepared.unchanged_since is None and len(prepared.frame) == len(IDS) * 10 * 25


def test_after_a_rollback_the_file_is_read_again(con, big):
    _load(con, big)
    _load(con, _csv(n_areas=20, offset=1.0), name="fix.csv")  # upload 2 changes some values
    db.rollback_upload(con, 2, "tester")
    prepared = load.prepare(con, big, "national.csv", CATALOG)
    assert prepared.unchanged_since is None  # upload 1 is not the latest any more


def test_rollback_of_an_earlier_upload_after_the_same_file_reads_it_again(con, big):
    # upload 1 holds rows the big file also has; the big file (upload 2) leaves those unchanged; rolling back
    # upload 1 afterwards changes them, so re-loading the big file must find those rows again.
    _load(con, _csv(n_areas=5), name="early.csv")
    _load(con, big)
    db.rollback_upload(con, 1, "tester")
    prepared = load.prepare(con, big, "national.csv", CATALOG)
    assert prepared.unchanged_since is None
    assert prepared.diff.added == len(IDS) * 5 * 25


def test_another_catalog_reads_it_again(con, big):
    _load(con, big)
    changed = replace(CATALOG.indicator(IDS[0]), unit="count")
    prepared = load.prepare(con, big, "national.csv", CATALOG.with_indicator(changed))
    assert prepared.unchanged_since is None


def test_store_changed_between_prepare_and_commit(con, big):
    _load(con, big)
    prepared = load.prepare(con, big, "national.csv", CATALOG)
    assert prepared.unchanged_since == 1
    _load(con, _csv(n_areas=20, offset=1.0), name="fix.csv")  # changes 20 areas' values
    result = load.commit(con, prepared, "tester")
    assert result.upload_id == 3 and result.diff.changed == len(IDS) * 20 * 25


def test_command_line_files_may_be_larger_than_the_web_upload(con, tmp_path):
    """A national export (~60 MB) is over the web upload's 50 MB; files named on the command line are not."""
    data = _csv(n_areas=40)
    f = tmp_path / "national.csv"
    f.write_bytes(data)
    results, prepared = load.load_paths(con, [f], CATALOG, "tester", max_bytes=len(data) - 1)
    assert not results and not prepared[0].ok  # too large for this limit
    results, prepared = load.load_paths(con, [f], CATALOG, "tester")
    assert results and results[0].upload_id == 1
    assert load.CLI_MAX_BYTES > 50_000_000
