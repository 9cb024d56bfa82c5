"""Comments are only ever added; measures are saved in one transaction each and imports are all or nothing."""

from datetime import date, datetime

import pytest

from indicators.catalog import load_catalog
from indicators.measures import InvalidInput, Measure
from store import db, meetings

CATALOG = load_catalog()


@pytest.fixture
def con(tmp_path):
    c = db.connect(tmp_path / "meetings.duckdb")
    db.init_schema(c)
    db.sync_catalog(c, CATALOG)
    yield c
    c.close()


def test_new_comments_never_overwrite_old_ones_and_come_newest_first(con):
    first = meetings.add_comment(con, "klimagassutslipp", "2023", "kari", "Første", now=datetime(2025, 1, 1))
    second = meetings.add_comment(con, "klimagassutslipp", "2023", "ola", "Andre", "Tiltak X", now=datetime(2025, 2, 1))
    meetings.add_comment(con, "elbilandel", "2024", "kari", "Om elbiler", now=datetime(2025, 3, 1))
    rows = meetings.comments(con, ["klimagassutslipp"])
    assert list(rows["id"]) == [second, first]
    assert list(rows["text"]) == ["Andre", "Første"]
    latest = meetings.latest_comments(con, ["klimagassutslipp", "elbilandel", "bostedslose"])
    assert latest["klimagassutslipp"]["planned_action"] == "Tiltak X"
    assert latest["elbilandel"]["text"] == "Om elbiler"
    assert "bostedslose" not in latest


def test_same_second_comments_are_ordered_by_id(con):
    now = datetime(2025, 1, 1, 12, 0, 0)
    ids = [meetings.add_comment(con, "elbilandel", "2024", "kari", f"nr {n}", now=now) for n in range(3)]
    assert list(meetings.comments(con, ["elbilandel"])["id"]) == ids[::-1]


@pytest.mark.parametrize(
    "text, period, field",
    [("", "2023", "text"), ("   ", "2023", "text"), ("Tekst", "", "period"), ("x" * 4001, "2023", "text")],
)
def test_invalid_comment_is_refused_and_nothing_is_written(con, text, period, field):
    with pytest.raises(InvalidInput) as err:
        meetings.add_comment(con, "elbilandel", period, "kari", text)
    assert field in [p.field for p in err.value.problems]
    assert meetings.comments(con).empty


def measure(**kw):
    base = dict(
        goal_id="13",
        title="Ladepunkter",
        description="Ved alle bygg",
        responsible="Teknisk",
        status="in_progress",
        due_date=date(2026, 6, 30),
        indicator_ids=["elbilandel"],
    )
    return Measure(**{**base, **kw})


def test_add_and_update_a_measure(con):
    mid = meetings.add_measure(con, measure(), "kari", CATALOG, now=datetime(2025, 1, 1))
    frame = meetings.measures(con, "13")
    assert frame.iloc[0]["title"] == "Ladepunkter" and frame.iloc[0]["indicator_ids"] == ["elbilandel"]
    assert frame.iloc[0]["due_date"] == date(2026, 6, 30)
    changed = measure(status="done", indicator_ids=["elbilandel", "klimagassutslipp"], due_date=None)
    meetings.update_measure(con, mid, changed, "ola", CATALOG, now=datetime(2025, 2, 1))
    row = meetings.measures(con, "13").iloc[0]
    assert row["status"] == "done" and row["due_date"] is None
    assert row["indicator_ids"] == ["elbilandel", "klimagassutslipp"]
    assert (row["created_by"], row["updated_by"]) == ("kari", "ola")
    assert meetings.get_measure(con, mid).status == "done"
    assert meetings.get_measure(con, 999) is None
    assert meetings.measures(con, "3").empty


@pytest.mark.parametrize(
    "kw, field",
    [
        (dict(goal_id="99"), "goal"),
        (dict(title=" "), "title"),
        (dict(status="ferdig"), "status"),
        (dict(indicator_ids=["nope"]), "indicators"),
    ],
)
def test_invalid_measure_names_the_field(con, kw, field):
    with pytest.raises(InvalidInput) as err:
        meetings.add_measure(con, measure(**kw), "kari", CATALOG)
    assert [p.field for p in err.value.problems] == [field]
    assert meetings.measures(con).empty


def test_import_matches_goal_and_title_so_a_second_import_changes_nothing(con):
    items = [(None, measure()), (None, measure(title="Sykkelveier", indicator_ids=[]))]
    assert meetings.import_measures(con, items, "kari", CATALOG) == {"added": 2, "updated": 0, "unchanged": 0}
    before = db.content_fingerprint(con)
    assert meetings.import_measures(con, items, "kari", CATALOG) == {"added": 0, "updated": 0, "unchanged": 2}
    assert db.content_fingerprint(con) == before
    items[0] = (None, measure(title="LADEPUNKTER", status="done"))
    assert meetings.import_measures(con, items, "ola", CATALOG)["updated"] == 1
    assert len(meetings.measures(con)) == 2


def test_a_failing_import_leaves_nothing_behind(con):
    meetings.add_measure(con, measure(), "kari", CATALOG)
    before = db.content_fingerprint(con)
    items = [(None, measure(title="Ny")), (None, measure(status="done")), (424242, measure(title="Ukjent id"))]
    with pytest.raises(InvalidInput):
        meetings.import_measures(con, items, "ola", CATALOG)
    assert db.content_fingerprint(con) == before


def test_example_flag_is_remembered(con):
    assert not meetings.example_measures_loaded(con)
    meetings.import_measures(con, [(None, measure())], "eksempeldata", CATALOG, mark_example_loaded=True)
    assert meetings.example_measures_loaded(con)
