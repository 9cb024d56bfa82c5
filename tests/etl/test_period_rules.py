"""Stores filled under older period rules are moved once to today's: a moving average 2009-2023 was stored at
its midpoint (time 2016.0); since 2026-12-01 it sits at the year it is reported by (2023), like new loads."""

from __future__ import annotations

import pytest

from etl import bootstrap
from etl.load import commit, prepare
from indicators.catalog import load_catalog
from store import db

CATALOG = load_catalog()
FILE = (
    "indicator_id,period,area,value\n"
    "forventet-levealder,2022,Asker,83.1\n"
    "forventet-levealder,2009-2023,Asker,82.4\n"
    "forventet-levealder,2023-24,Asker,83.3\n"
)


@pytest.fixture
def old_store(tmp_path):
    """A store as the old rules left it: the multi-year period at its midpoint, no period_rules in meta."""
    con = db.connect(tmp_path / "old.duckdb")
    bootstrap.init_store(con, CATALOG, with_example=False)
    p = prepare(con, FILE.encode(), "old.csv", CATALOG)
    assert p.ok, [e.text("en") for e in p.report.errors]
    commit(con, p, "tester")
    con.execute("UPDATE observation SET time = 2016.0 WHERE period = '2009-2023'")
    con.execute("DELETE FROM meta WHERE key = 'period_rules'")
    yield con
    con.close()


def positions(con):
    return con.execute("SELECT period, period_kind, year, time, value FROM observation ORDER BY period").fetchall()


def test_the_next_start_moves_old_positions_and_nothing_else(old_store):
    uploads_before = old_store.execute("SELECT count(*) FROM upload").fetchone()[0]
    assert not bootstrap.periods_current(old_store)
    bootstrap.init_store(old_store, CATALOG, with_example=False)
    # 2009-2023: reported by its end year (year 2023, time 2023.0); 2023-24: a school year at its first year.
    assert positions(old_store) == [
        ("2009-2023", "multi_year", 2023, 2023.0, 82.4),
        ("2022", "year", 2022, 2022.0, 83.1),
        ("2023-24", "school_year", 2023, 2023.0, 83.3),
    ]
    assert bootstrap.periods_current(old_store)
    assert old_store.execute("SELECT count(*) FROM upload").fetchone()[0] == uploads_before  # values untouched


def test_it_moves_once(old_store):
    assert bootstrap.reposition_periods(old_store) == 1  # only the midpoint row differed
    assert bootstrap.reposition_periods(old_store) == 0


def test_a_new_store_starts_with_todays_rules(tmp_path):
    con = db.connect(tmp_path / "new.duckdb")
    bootstrap.init_store(con, CATALOG, with_example=False)
    assert bootstrap.periods_current(con)
    con.close()
