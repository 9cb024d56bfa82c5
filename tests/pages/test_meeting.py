"""Meetings in the dashboard: comments beside the charts, measures added and changed by analysts, the meeting
view's navigation (URL ?mal=&delmal=), and the reports page. Uses the small store of tests/meeting_data.py."""

import json
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit import config
from streamlit.testing.v1 import AppTest

from indicators.catalog import load_catalog
from store import db
from tests.meeting_data import COMMENTS, build
from tests.pages.test_pages import html_texts

CATALOG = load_catalog()
ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = str(ROOT / "dashboard.py")


@pytest.fixture(scope="module")
def meeting_template(tmp_path_factory):
    return build(tmp_path_factory.mktemp("meeting") / "asker2030.duckdb")


@pytest.fixture
def meeting_db(meeting_template, tmp_path, monkeypatch):
    path = tmp_path / "asker2030.duckdb"
    shutil.copy(meeting_template, path)
    monkeypatch.setenv("ASKER2030_DB", str(path))
    # ui.state caches assessments on the data version only; another test's store can have the same version
    st.cache_data.clear()
    return path


@pytest.fixture
def analyst():
    """Listen on localhost without [auth]: the analyst's own machine (writing allowed)."""
    old = config.get_option("server.address")
    config.set_option("server.address", "localhost")
    yield
    config.set_option("server.address", old)


@pytest.fixture
def viewer():
    old = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    yield
    config.set_option("server.address", old)


def open_page(page: str, **params) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.run()
    at.switch_page(page)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(at: AppTest) -> str:
    return "\n".join(
        [m.value for m in at.markdown]
        + html_texts(at)
        + [c.value for c in at.caption]
        + [h.value for h in at.title]
        + [h.value for h in at.subheader]
        + [h.value for h in at.header]
    )


def stored(path, sql, params=()):
    con = db.connect(path)  # the app under test holds a read-write connection in this process: same config
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


# --- commentary on the goal page --------------------------------------------------------------------------


def test_goal_page_shows_latest_comment_and_keeps_earlier_ones(meeting_db, viewer):
    at = open_page("app_pages/goal_13.py")
    text = shown(at)
    older = COMMENTS["klimagassutslipp"][0]  # the newest, [1], is the text asserted below
    assert "Nedgangen fra veitrafikk fortsetter; må øke takten" in text.replace("\\", "")
    assert "Tidligere vurderinger (1)" in text  # a disclosure in the indicator's card (ui/cards.details)
    assert older[2].replace(",", "") in text.replace("\\", "").replace(",", "")
    assert not [f for f in at.get("form")], "viewers get no comment form"


def test_analyst_writes_a_comment_and_the_old_one_stays(meeting_db, analyst):
    at = open_page("app_pages/goal_13.py")
    key = "klimagassutslipp"
    at.selectbox(key=f"comment-period-{key}").set_value("2022")
    at.text_area(key=f"comment-text-{key}").input("Ny vurdering: 2024-tallene kommer i juni.")
    at.text_input(key=f"comment-action-{key}").input("Følge opp med Miljødirektoratet")
    at.button(key=f"comment-save-{key}").click().run()
    assert not at.exception
    rows = stored(
        meeting_db, "SELECT period, text, planned_action FROM commentary WHERE indicator_id = ? ORDER BY id", [key]
    )
    assert len(rows) == 3, "a new comment is added, never overwriting"
    assert rows[-1] == ("2022", "Ny vurdering: 2024-tallene kommer i juni.", "Følge opp med Miljødirektoratet")
    text = shown(at).replace("\\", "")
    assert "Ny vurdering: 2024-tallene kommer i juni." in text  # now the latest, shown in the same run
    assert "Tidligere vurderinger (2)" in text
    assert any("lagret" in s.value for s in at.success)


def test_empty_comment_is_refused_with_a_message(meeting_db, analyst):
    at = open_page("app_pages/goal_13.py")
    at.button(key="comment-save-elbilandel").click().run()
    assert any("Skriv en vurdering" in e.value for e in at.error)
    assert len(stored(meeting_db, "SELECT * FROM commentary WHERE indicator_id = 'elbilandel'")) == 1


def test_goal_page_lists_measures_read_only(meeting_db, viewer):
    at = open_page("app_pages/goal_13.py")
    text = shown(at).replace("\\", "")
    assert "Ladepunkter ved kommunale bygg" in text
    assert "Pågår" in text and "Fullført" in text


# --- measures page --------------------------------------------------------------------------------------


def test_analyst_adds_a_measure(meeting_db, analyst):
    at = open_page("app_pages/measures.py", mal="13")
    prefix = "add-13"
    at.text_input(key=f"{prefix}-title").input("Sykkelparkering ved alle skoler")
    at.text_area(key=f"{prefix}-description").input("Overbygd og låsbar – æøå.")
    at.text_input(key=f"{prefix}-responsible").input("Eiendom")
    at.selectbox(key=f"{prefix}-status").set_value("in_progress")
    at.multiselect(key=f"{prefix}-indicators").set_value(["klimagassutslipp"])
    at.button(key="measure-add-submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    rows = stored(
        meeting_db,
        "SELECT id, goal_id, status, responsible, description FROM measure WHERE title = ?",
        ["Sykkelparkering ved alle skoler"],
    )
    assert len(rows) == 1 and rows[0][1:] == ("13", "in_progress", "Eiendom", "Overbygd og låsbar – æøå.")
    links = stored(meeting_db, "SELECT indicator_id FROM measure_indicator WHERE measure_id = ?", [rows[0][0]])
    assert links == [("klimagassutslipp",)]
    assert any("lagt til" in s.value for s in at.success)


def test_measure_without_title_is_refused(meeting_db, analyst):
    at = open_page("app_pages/measures.py", mal="13")
    before = stored(meeting_db, "SELECT count(*) FROM measure")
    at.button(key="measure-add-submit").click().run()
    assert any("tittel" in e.value for e in at.error)
    assert stored(meeting_db, "SELECT count(*) FROM measure") == before


def test_analyst_changes_a_measure(meeting_db, analyst):
    at = open_page("app_pages/measures.py", mal="13")
    measure_id = stored(meeting_db, "SELECT id FROM measure WHERE title = 'Gjenåpning av bekker i sentrum'")[0][0]
    at.selectbox(key="measure-pick-13").set_value(measure_id).run()
    at.selectbox(key=f"edit-{measure_id}-status").set_value("stopped")
    at.text_input(key=f"edit-{measure_id}-responsible").input("Vann og avløp")
    at.button(key="measure-edit-submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    row = stored(meeting_db, "SELECT status, responsible, updated_by FROM measure WHERE id = ?", [measure_id])[0]
    assert row[:2] == ("stopped", "Vann og avløp")
    assert row[2].endswith("@localhost")
    assert any("lagret" in s.value for s in at.success)


def test_measures_csv_import_reports_row_and_column(meeting_db, analyst):
    at = open_page("app_pages/measures.py", mal="13")
    bad = "mål;tittel;status;frist\n13;Grønne tak;pågår;2026-13-01\n99;Noe;ukjent;\n".encode()
    at.file_uploader[0].set_value([("tiltak.csv", bad, "text/csv")])
    at.run()
    errors = " ".join(e.value for e in at.error)
    assert "rad 2" in errors and "«frist»" in errors
    assert "rad 3" in errors and "«mål»" in errors and "«status»" in errors


def test_measures_csv_import_commits_in_one_go(meeting_db, analyst):
    at = open_page("app_pages/measures.py", mal="11")
    good = (
        "goal,title,responsible,status,due,indicators\n"
        "11,Flere turstier,Park og idrett,planned,2027-06-01,tilgang-grontomrader\n"
        "11,Kildesortering av matavfall i alle boligområder,Renovasjon,done,,\n"
    ).encode()
    at.file_uploader[0].set_value([("tiltak.csv", good, "text/csv")])
    at.run()
    assert not at.error and any("2 tiltak er klare" in s.value for s in at.success)
    at.button(key="measures-import").click().run()
    assert not at.exception
    assert any("1 nye, 1 endret" in s.value for s in at.success)
    rows = dict(stored(meeting_db, "SELECT title, status FROM measure WHERE goal_id = '11'"))
    assert rows["Flere turstier"] == "planned"
    assert rows["Kildesortering av matavfall i alle boligområder"] == "done"  # matched on goal + title


def test_viewers_have_no_measures_page_but_meeting_and_reports(meeting_db, viewer):
    at = AppTest.from_file(DASHBOARD, default_timeout=120).run()
    scripts = {str(info.get("script_path")) for info in at._registered_pages.values()}  # noqa: SLF001
    assert any(s.endswith("app_pages/meeting.py") for s in scripts)
    assert any(s.endswith("app_pages/reports.py") for s in scripts)
    assert not any(s.endswith("app_pages/measures.py") for s in scripts)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app_pages/measures.py")


def test_measures_page_refuses_viewers_on_its_own(meeting_db, viewer):
    at = AppTest.from_file(str(ROOT / "app_pages/measures.py"), default_timeout=60).run()
    assert not at.exception
    assert any("Bare analytikere" in e.value for e in at.error)
    assert not at.button and not at.file_uploader


# --- meeting view ---------------------------------------------------------------------------------------


def meeting_title(at: AppTest) -> str:
    return at.title[0].value


def test_meeting_view_follows_the_url(meeting_db, viewer):
    at = open_page("app_pages/meeting.py", mal="13", delmal="2")
    objective = CATALOG.objective("13.2")
    assert meeting_title(at) == f"13.2 {objective.short.nb}"
    assert at.selectbox(key="meeting_goal").value == "13"
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert charts, "the objective's indicators are drawn"
    names = [tr.get("name", "") for fig in charts for tr in fig["data"]]
    assert "Nødvendig utvikling" in names and any(n.startswith("Mål 2030") for n in names)
    assert all(fig["layout"]["font"]["size"] >= 18 for fig in charts), "large type for the projector"
    assert "Nedgangen fra veitrafikk fortsetter" in "\n".join(m.value for m in at.markdown)


def test_next_and_previous_change_the_objective_and_the_url(meeting_db, viewer):
    at = open_page("app_pages/meeting.py", mal="13", delmal="1")
    assert meeting_title(at).startswith("13.1 ")
    at.button(key="meeting_next").click().run()
    assert meeting_title(at).startswith("13.2 ")
    assert at.query_params["mal"] == "13" and at.query_params["delmal"] == "2"
    # 13.2 has five indicators: three on its first screen, two on its second
    assert len(CATALOG.indicators_for_objective("13.2")) == 5 and len(at.subheader) == 3
    assert "skjerm" not in at.query_params
    at.button(key="meeting_next").click().run()
    assert meeting_title(at).startswith("13.2 ") and at.query_params["skjerm"] == "2"
    assert len(at.subheader) == 2
    at.button(key="meeting_next").click().run()  # past the goal's last objective: the next goal begins
    assert meeting_title(at).startswith("17.1 ")
    assert (at.query_params["mal"], at.query_params["delmal"]) == ("17", "1") and "skjerm" not in at.query_params
    assert at.selectbox(key="meeting_goal").value == "17"
    at.button(key="meeting_prev").click().run()
    assert meeting_title(at).startswith("13.2 ") and at.query_params["skjerm"] == "2"
    at.button(key="meeting_prev").click().run()
    at.button(key="meeting_prev").click().run()
    assert meeting_title(at).startswith("13.1 ")
    assert (at.query_params["mal"], at.query_params["delmal"]) == ("13", "1")


def test_goal_picker_starts_at_the_first_objective(meeting_db, viewer):
    at = open_page("app_pages/meeting.py", mal="13", delmal="2")
    at.selectbox(key="meeting_goal").set_value("9").run()
    assert meeting_title(at).startswith("9.1 ")
    assert (at.query_params["mal"], at.query_params["delmal"]) == ("9", "1")


def test_first_and_last_screens_disable_the_buttons_and_bad_urls_fall_back(meeting_db, viewer):
    at = open_page("app_pages/meeting.py", mal="3", delmal="1")
    assert at.button(key="meeting_prev").disabled and not at.button(key="meeting_next").disabled
    last = CATALOG.goals[-1]
    at = open_page("app_pages/meeting.py", mal=last.id, delmal=str(len(last.objectives)))
    assert not at.button(key="meeting_next").disabled  # 17.3 has five indicators: a second screen follows
    at = open_page("app_pages/meeting.py", mal=last.id, delmal=str(len(last.objectives)), skjerm="9")
    assert at.query_params["skjerm"] == "2", "a screen past the objective's last falls back to its last"
    assert at.button(key="meeting_next").disabled
    at = open_page("app_pages/meeting.py", mal="99", delmal="x")
    assert meeting_title(at).startswith(f"{CATALOG.goals[0].id}.1 ")
    assert at.query_params["mal"] == CATALOG.goals[0].id


def test_meeting_view_in_english(meeting_db, viewer):
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("app_pages/meeting.py")
    at.query_params.update({"lang": "en", "mal": "13", "delmal": "2"})
    at.run()
    assert not at.exception
    assert meeting_title(at) == f"13.2 {CATALOG.objective('13.2').short.en}"
    at.button(key="meeting_next").click().run()
    assert at.query_params.get("lang") == "en"


# --- reports page ---------------------------------------------------------------------------------------


def test_reports_page_offers_pdf_and_pptx(meeting_db, viewer):
    at = open_page("app_pages/reports.py")
    buttons = at.get("download_button")
    assert len(buttons) == 2
    at.selectbox(key="reports_goal").set_value("13").run()
    assert not at.exception


def test_a_comment_while_another_process_writes_too_long_says_who_and_saves_nothing(meeting_db, analyst, monkeypatch):
    import subprocess
    import sys

    from tests.upload_samples import ROOT

    monkeypatch.setenv("ASKER2030_LOCK_WAIT", "0.5")
    at = open_page("app_pages/goal_13.py")
    code = (
        "import sys; from store import db; w = db.writer(sys.argv[1], who='python -m etl fetch (natt)'); "
        "w.__enter__(); print('holding', flush=True); sys.stdin.read()"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(meeting_db)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        key = "klimagassutslipp"
        at.text_area(key=f"comment-text-{key}").input("Skrevet mens natt-jobben kjørte.")
        at.button(key=f"comment-save-{key}").click().run()
        assert not at.exception
        errors = [e.value for e in at.error]
        assert any(
            "Databasen er opptatt: python -m etl fetch (natt) (pid" in e and "Ingenting er lagret" in e for e in errors
        ), errors
        assert any("Venter på databasen" in tst.value for tst in at.toast), [x.value for x in at.toast]
    finally:
        holder.stdin.close()
        holder.wait(30)
    rows = stored(meeting_db, "SELECT * FROM commentary WHERE text = 'Skrevet mens natt-jobben kjørte.'")
    assert rows == []
