"""Upload history: inserted rows are recorded by observation.upload_id alone, changed rows by observation_change,
and observation_history shows both, through later changes and rollbacks; stores that recorded every insert
explicitly (before 2026-11-26) read and roll back the same way."""

import pytest

from store import db, queries
from tests.store.test_db import CATALOG, frame, load


@pytest.fixture
def con(tmp_path):
    c = db.connect(tmp_path / "history.duckdb")
    db.init_schema(c)
    db.sync_catalog(c, CATALOG)
    yield c
    c.close()


def _history(con, upload_id):
    df = queries.upload_changes(con, upload_id)
    return sorted(
        (r.period, r.action, None if r.old_value != r.old_value else r.old_value, r.new_value) for r in df.itertuples()
    )


def test_a_first_load_writes_no_change_rows_but_its_history_is_complete(con):
    uid, d = load(con, [("sykefravaer", 2015, 6.1), ("sykefravaer", 2016, 6.0)])
    assert (d.added, d.changed) == (2, 0)
    assert con.execute("SELECT count(*) FROM observation_change").fetchone()[0] == 0
    assert _history(con, uid) == [("2015", "insert", None, 6.1), ("2016", "insert", None, 6.0)]
    assert queries.upload_change_count(con, uid) == 2
    assert queries.uploads_for_indicator(con, "sykefravaer")["rows_touched"].tolist() == [2]


def test_history_of_inserted_rows_survives_a_later_change_and_its_rollback(con):
    first, _ = load(con, [("sykefravaer", 2015, 6.1), ("sykefravaer", 2016, 6.0)], "a.csv")
    second, d = load(con, [("sykefravaer", 2016, 5.5), ("sykefravaer", 2017, 5.2)], "b.csv")
    assert (d.added, d.changed, d.unchanged) == (1, 1, 0)
    assert _history(con, first) == [("2015", "insert", None, 6.1), ("2016", "insert", None, 6.0)]
    assert _history(con, second) == [("2016", "update", 6.0, 5.5), ("2017", "insert", None, 5.2)]
    assert queries.uploads_for_indicator(con, "sykefravaer").set_index("id")["rows_touched"].to_dict() == {
        first: 2,
        second: 2,
    }

    with pytest.raises(db.RollbackRefused) as refused:
        db.rollback_upload(con, first, "tester")
    assert refused.value.code == "later_uploads" and f"#{second}" in refused.value.params["later"]

    assert db.rollback_upload(con, second, "tester") == 2
    stored = dict(con.execute("SELECT period, value FROM observation").fetchall())
    assert stored == {"2015": 6.1, "2016": 6.0}
    # The rolled-back upload still shows what it did, including the row it had inserted.
    assert _history(con, second) == [("2016", "update", 6.0, 5.5), ("2017", "insert", None, 5.2)]
    assert _history(con, first) == [("2015", "insert", None, 6.1), ("2016", "insert", None, 6.0)]

    assert db.rollback_upload(con, first, "tester") == 2
    assert con.execute("SELECT count(*) FROM observation").fetchone()[0] == 0
    assert _history(con, first) == [("2015", "insert", None, 6.1), ("2016", "insert", None, 6.0)]


def test_a_chain_of_changes_keeps_every_uploads_values(con):
    a, _ = load(con, [("sykefravaer", 2015, 6.1)], "a.csv")
    b, _ = load(con, [("sykefravaer", 2015, 6.2)], "b.csv")
    c, _ = load(con, [("sykefravaer", 2015, 6.3)], "c.csv")
    assert _history(con, a) == [("2015", "insert", None, 6.1)]
    assert _history(con, b) == [("2015", "update", 6.1, 6.2)]
    assert _history(con, c) == [("2015", "update", 6.2, 6.3)]
    with pytest.raises(db.RollbackRefused):
        db.rollback_upload(con, b, "tester")
    for uid, value in ((c, 6.2), (b, 6.1)):
        db.rollback_upload(con, uid, "tester")
        assert con.execute("SELECT value FROM observation").fetchone()[0] == value
    # After b and c are undone, a new upload changes a's row again: a's values are still a's.
    d, _ = load(con, [("sykefravaer", 2015, 7.0)], "d.csv")
    assert _history(con, a) == [("2015", "insert", None, 6.1)]
    assert _history(con, d) == [("2015", "update", 6.1, 7.0)]
    db.rollback_upload(con, d, "tester")
    db.rollback_upload(con, a, "tester")
    assert con.execute("SELECT count(*) FROM observation").fetchone()[0] == 0


def test_a_store_that_recorded_every_insert_reads_and_rolls_back_alike(con):
    """Before 2026-11-26 each inserted row also had an 'insert' row in observation_change."""
    a, _ = load(con, [("sykefravaer", 2015, 6.1), ("sykefravaer", 2016, 6.0)], "a.csv")
    con.execute("""INSERT INTO observation_change
                   SELECT upload_id, indicator_id, period, area, breakdown, 'insert', NULL, NULL, NULL, NULL,
                          NULL, NULL, NULL, NULL, NULL, NULL, value, missing, flag, note, TIMESTAMP '2026-01-01'
                   FROM observation""")
    b, _ = load(con, [("sykefravaer", 2016, 5.0)], "b.csv")
    con.execute(
        """INSERT INTO observation_change
                   SELECT upload_id, indicator_id, period, area, breakdown, 'insert', NULL, NULL, NULL, NULL,
                          NULL, NULL, NULL, NULL, NULL, NULL, value, missing, flag, note, TIMESTAMP '2026-01-01'
                   FROM observation WHERE upload_id = ? AND period <> '2016'""",
        [b],
    )  # none: b only changed
    assert _history(con, a) == [("2015", "insert", None, 6.1), ("2016", "insert", None, 6.0)]
    assert _history(con, b) == [("2016", "update", 6.0, 5.0)]
    assert db.rollback_upload(con, b, "tester") == 1
    assert db.rollback_upload(con, a, "tester") == 2
    assert con.execute("SELECT count(*) FROM observation").fetchone()[0] == 0
    assert _history(con, a) == [("2015", "insert", None, 6.1), ("2016", "insert", None, 6.0)]


def test_duplicate_keys_are_refused_without_writing(con):
    before = db.content_fingerprint(con)
    with pytest.raises(ValueError, match="may occur once"):
        load(con, [("sykefravaer", 2015, 6.1), ("sykefravaer", 2015, 6.2)])
    assert db.content_fingerprint(con) == before


def test_normalising_an_upload_leaves_the_readers_frame_as_it_was():
    rows = frame([("sykefravaer", 2015, 6.1), ("sykefravaer", 2016, None)])
    rows.loc[0, "note"] = None
    before = rows.copy()
    normalised = db._normalise(rows)
    assert normalised.loc[0, "note"] == "" and normalised["year"].dtype == "int32"
    import pandas as pd

    pd.testing.assert_frame_equal(rows, before)
