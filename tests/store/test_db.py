"""The store: loads are transactional and idempotent, history is kept, rollbacks restore exactly."""

from pathlib import Path

import pandas as pd
import pytest
import yaml

from indicators.catalog import Catalog, parse_goals, parse_indicator
from store import db, queries

GOALS = parse_goals(yaml.safe_load((Path("indicators/catalog/goals.yaml")).read_text(encoding="utf-8")))
OBJECTIVES = [o.id for g in GOALS for o in g.objectives]


def _indicator(iid="sykefravaer", objective="3.1"):
    return parse_indicator(
        {
            "id": iid,
            "objective": objective,
            "name": {"nb": "Sykefravær", "en": "Sickness absence"},
            "unit": "percent",
            "direction": "down",
            "baseline": {"year": 2015},
            "target": {"kind": "absolute", "value": 5.0},
            "source": {"agency": "SSB", "table": "12439"},
            "sector": {"nb": "Organisasjon", "en": "Organisation"},
            "frequency": "annual",
            "definition": {"nb": "Legemeldt og egenmeldt.", "en": "Certified and self-certified."},
        },
        OBJECTIVES,
    )


CATALOG = Catalog(GOALS, [_indicator(), _indicator("mobbing", "4.1")])


def frame(rows):
    """rows: (indicator, year, value[, area, breakdown])"""
    out = []
    for n, r in enumerate(rows, start=2):
        iid, year, value, *rest = r
        out.append(
            dict(
                indicator_id=iid,
                period=str(year),
                year=year,
                time=float(year),
                period_kind="year",
                area=rest[0] if rest else "Asker",
                breakdown=rest[1] if len(rest) > 1 else "",
                value=value,
                missing="" if value == value and value is not None else "not_available",
                flag="",
                note="",
                source_row=n,
            )
        )
    return pd.DataFrame(out)


@pytest.fixture
def con(tmp_path):
    c = db.connect(tmp_path / "test.duckdb")
    db.init_schema(c)
    db.sync_catalog(c, CATALOG)
    yield c
    c.close()


def load(con, rows, name="a.csv"):
    return db.apply_upload(
        con, frame(rows), file_name=name, file_sha256=name, file_format="canonical", uploaded_by="tester"
    )


def test_catalog_is_mirrored(con):
    assert len(queries.goals(con)) == 6
    assert len(queries.objectives(con)) == 22
    counts = queries.indicator_counts(con)
    assert counts.set_index("objective_id").loc["3.1", "n_indicators"] == 1


def test_second_identical_load_changes_nothing(con):
    rows = [("sykefravaer", 2015, 6.1), ("sykefravaer", 2016, 6.0), ("sykefravaer", 2017, None)]
    uid, d = load(con, rows)
    assert uid == 1 and d.added == 3
    before = db.content_fingerprint(con)
    uid2, d2 = load(con, rows, name="again.csv")
    assert uid2 is None and d2.unchanged == 3 and d2.added == d2.changed == 0
    assert db.content_fingerprint(con) == before


def test_changed_value_is_kept_in_history_and_rollback_restores_exactly(con):
    load(con, [("sykefravaer", 2015, 6.1), ("sykefravaer", 2016, 6.0)])
    before = queries.series(con, "sykefravaer")
    uid, d = load(con, [("sykefravaer", 2016, 5.8), ("sykefravaer", 2017, 5.7)], name="b.csv")
    assert (d.added, d.changed, d.unchanged) == (1, 1, 0)
    changes = queries.upload_changes(con, uid)
    upd = changes[changes.action == "update"].iloc[0]
    assert (upd.old_value, upd.new_value) == (6.0, 5.8)
    assert db.rollback_upload(con, uid, "tester") == 2
    after = queries.series(con, "sykefravaer")
    pd.testing.assert_frame_equal(before, after)
    assert queries.uploads(con).set_index("id").loc[uid, "state"] == "rolled_back"


def test_rollback_twice_or_out_of_order_is_refused(con):
    u1, _ = load(con, [("sykefravaer", 2015, 6.1)])
    u2, _ = load(con, [("sykefravaer", 2015, 6.3)], name="b.csv")
    with pytest.raises(db.RollbackRefused, match="#2"):
        db.rollback_upload(con, u1, "tester")
    db.rollback_upload(con, u2, "tester")
    with pytest.raises(db.RollbackRefused, match="already"):
        db.rollback_upload(con, u2, "tester")
    db.rollback_upload(con, u1, "tester")
    assert queries.series(con, "sykefravaer").empty


def test_areas_and_breakdowns_are_separate_series(con):
    load(
        con,
        [
            ("sykefravaer", 2015, 6.1),
            ("sykefravaer", 2015, 5.0, "Bærum"),
            ("sykefravaer", 2015, 7.0, "Asker", "kjønn=kvinner"),
        ],
    )
    ab = queries.areas_and_breakdowns(con, "sykefravaer")
    assert len(ab) == 3 and ab.iloc[0]["area"] == "Asker"
    assert len(queries.headline_observations(con)) == 1


def test_busy_database_gives_a_clear_message(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "busy.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time; c=duckdb.connect({str(path)!r}); print('ready',flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(db.StoreBusyError, match="another program"):
            db.connect(path)
    finally:
        holder.kill()


def test_damaged_file_names_the_restore_command(tmp_path):
    path = tmp_path / "damaged.duckdb"
    path.write_bytes(b"this is not a duckdb file" * 1000)
    with pytest.raises(db.StoreDamagedError, match="etl restore"):
        db.connect(path)
