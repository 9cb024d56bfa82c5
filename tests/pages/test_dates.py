"""Dates that say what they mean: "Data per …" names the newest period of the data a page shows, when the store
was last updated is said apart (under the title and in the sidebar), and an indicator whose latest value is older
than its update frequency says so, with the year, next to its status."""

import pytest

from indicators.format import fmt_date
from store import db, queries
from store.status import assess_all
from tests.pages.test_pages import CATALOG, GOAL_IDS, html_texts, run_page
from ui.cards import text as html_escaped


@pytest.fixture(scope="module")
def facts(example_db_template):
    con = db.connect(example_db_template, read_only=True)
    try:
        return {
            "assessments": assess_all(con, CATALOG),
            "updated": queries.data_as_of(con),
            "climate": queries.series(con, "klimagassutslipp"),
        }
    finally:
        con.close()


def captions(at) -> list[str]:
    """The page's captions and the lines of its HTML elements (a goal page draws its dates inside one)."""
    lines = [line.strip() for body in html_texts(at) for line in body.split("  ")]
    return [c.value for c in at.main.caption] + [line for line in lines if line]


@pytest.mark.parametrize("goal_id", GOAL_IDS)
def test_goal_page_names_its_newest_period_and_the_store_update(example_db, facts, goal_id):
    at = run_page(f"app_pages/goal_{goal_id}.py")
    ids = {i.id for i in CATALOG.indicators_for_goal(goal_id)}
    newest = max(a.latest_year for iid, a in facts["assessments"].items() if iid in ids and a.latest_year)
    line = next(c for c in captions(at) if c.startswith("Data per "))
    assert line.startswith(f"Data per {newest} (nyeste periode som vises)"), line
    assert f"Databasen oppdatert {fmt_date(facts['updated'], 'nb')}" in line
    # the sidebar says only when the store changed: a date after "Data per" would read as the data's period
    side = [c.value for c in at.sidebar.caption]
    assert f"Databasen oppdatert {fmt_date(facts['updated'], 'nb')}" in side
    assert not any(c.startswith("Data per") for c in side)


def test_overview_names_the_newest_period_of_all_data(example_db, facts):
    at = run_page("app_pages/overview.py", "en")
    newest = max(a.latest_year for a in facts["assessments"].values() if a.latest_year)
    line = next(c for c in captions(at) if c.startswith("Data as of "))
    assert line.startswith(f"Data as of {newest} (the newest period shown)")
    assert f"Store updated {fmt_date(facts['updated'], 'en')}" in line


def test_indicator_page_names_the_chosen_series_latest_period(example_db, facts):
    at = run_page("app_pages/indicator.py", indikator="klimagassutslipp")
    series = facts["climate"]
    latest = series[series["value"].notna()]["period"].iloc[-1]
    assert any(c.startswith(f"Data per {latest} ") for c in captions(at)), captions(at)


def test_old_data_is_said_with_its_year_next_to_the_status(example_db, facts):
    stale = {iid: a for iid, a in facts["assessments"].items() if a.stale}
    fresh = {iid: a for iid, a in facts["assessments"].items() if not a.stale and a.latest_year}
    assert stale and fresh, "the example data has both current and old series"
    iid, a = next(iter(stale.items()))
    goal = CATALOG.indicator(iid).objective.split(".")[0]
    at = run_page(f"app_pages/goal_{goal}.py")

    def block(ind):  # the indicator's card starts with its name, escaped as text
        return next(
            el.proto.body for el in at.get("html") if f"<h3>{html_escaped(ind.name.get('nb'))}</h3>" in el.proto.body
        )

    assert f"Gamle data: siste tall fra {a.latest_year}" in block(CATALOG.indicator(iid))
    for other in CATALOG.indicators_for_goal(goal):
        if other.id in fresh:
            assert "Gamle data" not in block(other), other.id
    en = run_page("app_pages/indicator.py", "en", indikator=iid)
    assert any(f"Old data: latest figure from {a.latest_year}" in m.value for m in en.markdown)
