"""Every page opens in both languages and shows what the catalog, the store and the progress engine say."""

import html
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl.bootstrap import init_store  # noqa: F401  (the store is built by the fixture)
from indicators.catalog import load_catalog
from indicators.explain import explanation
from indicators.progress import status_label
from store import db
from store.status import assess_all

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")
CATALOG = load_catalog()
GOAL_IDS = [g.id for g in CATALOG.goals]
PAGES = [
    "app_pages/overview.py",
    *[f"app_pages/goal_{g}.py" for g in GOAL_IDS],
    "app_pages/indicator.py",
    "app_pages/explore.py",
    "app_pages/quality.py",
    "app_pages/about.py",
]


def run_page(page: str, lang: str = "nb", **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    if lang == "en":
        at.query_params["lang"] = "en"
    at.run()
    if page != "app_pages/overview.py":
        at.switch_page(page)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def html_text(body: str) -> str:
    """What a reader of an st.html element sees: the text without its tags, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", body)).replace("  ", " ")


def html_texts(at: AppTest) -> list[str]:
    """The text of every st.html element on the page (the goal pages' cards, ui/cards.py)."""
    return [html_text(el.proto.body) for el in at.get("html")]


def texts(at: AppTest) -> str:
    parts = (
        [m.value for m in at.markdown]
        + html_texts(at)
        + [m.value for m in at.caption]
        + [h.value for h in at.title]
        + [h.value for h in at.header]
        + [h.value for h in at.subheader]
        + [i.value for i in at.info]
    )
    return "\n".join(parts)


def figures(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


@pytest.fixture(scope="module")
def assessments(example_db_template):
    con = db.connect(example_db_template, read_only=True)
    try:
        return assess_all(con, CATALOG)
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens(example_db, page, lang):
    at = run_page(page, lang)
    assert at.title, f"{page} shows no title"


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_overview_shows_six_goals_with_example_marker(example_db, lang):
    at = run_page("app_pages/overview.py", lang)
    shown = texts(at)
    for goal in CATALOG.goals:
        assert goal.name.get(lang) in shown
    assert at.warning and ("Eksempeldata" if lang == "nb" else "Example data") in at.warning[0].value


@pytest.mark.parametrize("goal_id", GOAL_IDS)
def test_goal_page_lists_objectives_statuses_and_explanations(example_db, assessments, goal_id):
    at = run_page(f"app_pages/goal_{goal_id}.py")
    shown = texts(at)
    goal = CATALOG.goal(goal_id)
    for objective in goal.objectives:
        assert f"{objective.id} {objective.short.nb}" in shown
        for ind in CATALOG.indicators_for_objective(objective.id):
            a = assessments[ind.id]
            assert explanation(a, "nb") in shown, ind.id
            assert status_label(a.status, "nb") in shown


def test_goal_chart_carries_target_and_required_path(example_db, assessments):
    at = run_page("app_pages/goal_13.py")
    figs = figures(at)
    assert figs, "goal 13 shows no chart"
    names = [trace.get("name", "") for fig in figs for trace in fig["data"]]
    assert any(n.startswith("Mål 2030") for n in names)
    assert "Nødvendig utvikling" in names
    # the climate target: 67 % below the 2009 value
    climate = next(i for i in CATALOG.indicators_for_objective("13.2") if i.target.kind == "relative")
    a = assessments[climate.id]
    assert a.target_value == pytest.approx(a.base_value * 0.33) if a.target_base_year == a.base_year else True


def test_goal_table_view(example_db, assessments):
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("app_pages/goal_3.py").run()
    at.segmented_control(key="goal_view").set_value("table").run()
    assert not at.exception
    assert len(at.dataframe) == len(CATALOG.goal("3").objectives)


def test_goal_page_downloads_are_drawn_when_their_menu_opens(example_db):
    """Each chart's CSV, Excel and PNG buttons sit behind «Last ned», drawn only once it is opened (they cost every
    view otherwise); opened, the three are there, each making its file only when clicked."""
    at = run_page("app_pages/goal_13.py")
    assert not at.get("download_button"), "a closed menu sends no buttons"
    ind = CATALOG.indicators_for_objective(CATALOG.goal("13").objectives[0].id)[0]
    at.session_state[f"dl-{ind.id}"] = True  # as a click on «Last ned» does
    at.run()
    assert not at.exception
    buttons = [b.proto for b in at.get("download_button")]
    assert sorted(b.label for b in buttons) == ["Bilde (PNG)", "CSV", "Excel"]
    assert all(b.deferred_file_id and not b.url for b in buttons)  # made on click, not on every view


def test_indicator_page_follows_the_url(example_db, assessments):
    ind = CATALOG.indicators[-1]
    at = run_page("app_pages/indicator.py", indikator=ind.id)
    assert at.title[0].value == ind.name.nb
    assert ind.definition.nb in texts(at)
    assert explanation(assessments[ind.id], "nb") in texts(at)


def test_explore_selection_comes_from_the_url(example_db):
    a, b = CATALOG.indicators[0].id, CATALOG.indicators[1].id
    at = run_page("app_pages/explore.py", ind=f"{a},{b}", fra="2016", indeks="2016")
    assert at.multiselect[0].value == [a, b]
    assert at.slider[0].value[0] == 2016
    assert at.toggle[0].value is True
    fig = figures(at)[0]
    assert "Indeks, 2016 = 100" in json.dumps(fig["layout"], ensure_ascii=False)
