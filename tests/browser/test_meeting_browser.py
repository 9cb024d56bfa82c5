"""What a room and a phone see (issue 14): every meeting-view screen fits 1920×1080 without scrolling, with the
menu folded away and the example marker in view, stepped through with the → key; a moving-average indicator's
chart ends at the year its last period is reported by; at 390×844 no legend or toolbar covers a plot area."""

from __future__ import annotations

import math
import shutil

import duckdb
import pytest

from bench.serve import CHROMIUM, VIEWER_ADDRESS, running_dashboard
from indicators.catalog import load_catalog
from tests.browser.test_browser import wait_until_done

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which(CHROMIUM) and not __import__("os").path.exists(CHROMIUM),
        reason="needs Debian's chromium (apt-get install chromium)",
    ),
]

CATALOG = load_catalog()
PER_SCREEN = 3  # app_pages/meeting.py


@pytest.fixture(scope="module")
def store(example_db_template, tmp_path_factory):
    db_file = tmp_path_factory.mktemp("meeting-browser") / "asker2030.duckdb"
    shutil.copy(example_db_template, db_file)
    return db_file


@pytest.fixture(scope="module")
def server(store):
    try:  # as a viewer sees it (no analyst widgets): a citizen or a planner at the projector
        with running_dashboard(store, timeout_s=90, address=VIEWER_ADDRESS) as (url, _pid):
            yield url
    except RuntimeError as exc:
        pytest.fail(str(exc))


FITS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const root = document.scrollingElement;
  return {main: main.scrollHeight - main.clientHeight, page: root.scrollHeight - root.clientHeight,
          sidebar: (document.querySelector('[data-testid="stSidebar"]') || {}).offsetWidth || 0,
          sidebarOpen: (document.querySelector('[data-testid="stSidebar"]') || {ariaExpanded: "false"}).ariaExpanded,
          title: document.querySelector('h1').innerText, url: location.search};
}"""

IN_VIEW = """(text) => [...document.querySelectorAll('[data-testid="stMain"] *')]
  .filter(e => e.children.length === 0 && e.textContent.includes(text))
  .some(e => { const r = e.getBoundingClientRect();
               return r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; })"""


def expected_screens() -> list[tuple[str, str]]:
    return [
        (o.id, str(k))
        for o in CATALOG.objectives
        for k in range(1, max(1, math.ceil(len(CATALOG.indicators_for_objective(o.id)) / PER_SCREEN)) + 1)
    ]


ARRIVED = """([id, screen]) => {
  const h1 = document.querySelector('h1');
  const here = new URLSearchParams(location.search).get('skjerm') || '1';
  return h1 && h1.innerText.startsWith(id + ' ') && here === screen
         && !document.querySelector('[data-stale="true"]')
         && !document.querySelector('[data-testid="stStatusWidget"]');
}"""


def test_every_meeting_screen_fits_1920x1080_and_the_arrow_key_steps_through_them(server, browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        first = CATALOG.goals[0]
        page.goto(f"{server}/mote?mal={first.id}&delmal=1")
        wait_until_done(page)
        screens = expected_screens()
        for n, (objective_id, screen) in enumerate(screens):
            page.wait_for_function(ARRIVED, arg=[objective_id, screen], timeout=60_000)
            wait_until_done(page)
            got = page.evaluate(FITS)
            where = (objective_id, screen)
            assert got["main"] <= 1 and got["page"] <= 1, f"{where} scrolls: {got}"
            assert got["sidebarOpen"] != "true", f"{where}: the menu is open"
            assert page.evaluate(IN_VIEW, "Eksempeldata"), f"{where}: the example marker is not on screen"
            if n + 1 < len(screens):
                page.locator("h1").first.click()  # focus on the page, not on the goal picker
                page.keyboard.press("ArrowRight")
        assert page.locator('[data-testid="stButton"] button').last.is_disabled(), "the last screen has no next"
    finally:
        page.close()


def reported_end_year(store, indicator_id: str) -> int:
    """The year Asker's newest period of the indicator is reported by: the end year of '2010-2024'."""
    con = duckdb.connect(str(store), read_only=True)
    try:
        label = con.execute(
            """SELECT period FROM observation WHERE indicator_id = ? AND area = 'Asker'
                               AND breakdown = '' AND value IS NOT NULL ORDER BY year DESC LIMIT 1""",
            [indicator_id],
        ).fetchone()[0]
    finally:
        con.close()
    assert "-" in label and len(label) == 9, f"{indicator_id} is a moving average: {label}"
    return int(label.split("-")[1])


LAST_X = """(name) => [...document.querySelectorAll('.js-plotly-plot')].map(
  gd => gd._fullData.filter(tr => tr.name === name).map(tr => Number(tr.x[tr.x.length - 1]))).flat()"""


@pytest.mark.parametrize(
    "path, trace",
    [
        ("indikator?indikator=forventet-levealder", "Målt"),
        ("mote?mal=3&delmal=1", "Målt"),
        ("utforsk?ind=forventet-levealder&indeks=2015", "Asker"),
    ],
)
def test_moving_average_ends_at_its_reported_year(server, browser, store, path, trace):
    end = reported_end_year(store, "forventet-levealder")
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        page.goto(f"{server}/{path}")
        wait_until_done(page)
        last = page.evaluate(LAST_X, trace)
        assert last, f"no '{trace}' line on /{path}"
        assert last[0] == end, f"/{path}: the last point sits at {last[0]}, the period is reported by {end}"
        if path.startswith("indikator"):  # the sentence's latest year and the method table say the same
            assert (
                f"{end}:" in page.get_by_test_id("stDataFrame").first.inner_text()
                or page.get_by_text(str(end)).count() > 0
            )
    finally:
        page.close()


BOXES = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
  const r = e => { if (!e) return null; const b = e.getBoundingClientRect();
                   return b.width && b.height ? [b.left, b.top, b.right, b.bottom] : null; };
  return {plot: r(gd.querySelector('.nsewdrag')), legend: r(gd.querySelector('.infolayer .legend')),
          toolbar: r(gd.querySelector('.modebar')), name: (gd.data[0] || {}).name};
})"""


def overlap(a, b) -> bool:
    return bool(a and b) and a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1


@pytest.mark.parametrize(
    "path",
    [
        "mal-3",
        "mal-13",
        "indikator?indikator=innbyggere-uten-fastlege",
        "utforsk?ind=sykefravaer,valgdeltakelse",
        "mote?mal=3&delmal=1",
    ],
)
def test_no_legend_or_toolbar_covers_a_plot_on_a_phone(server, browser, path):
    page = browser.new_page(viewport={"width": 390, "height": 844}, has_touch=True)
    try:
        page.goto(f"{server}/{path}")
        wait_until_done(page)
        charts = page.locator(".js-plotly-plot")
        assert charts.count() > 0
        for i in range(charts.count()):  # the toolbar shows while a finger or the mouse is on the chart
            charts.nth(i).scroll_into_view_if_needed()
            charts.nth(i).hover()
            box = page.evaluate(BOXES)[i]
            assert box["plot"], f"/{path} chart {i} has no plot area"
            assert not overlap(box["legend"], box["plot"]), f"/{path} chart {i}: the legend covers the plot: {box}"
            assert not overlap(box["toolbar"], box["plot"]), f"/{path} chart {i}: the toolbar covers the plot: {box}"
    finally:
        page.close()


def test_oversikt_opens_the_overview(server, browser):
    """/oversikt (the overview's own name) is answered with the overview, not Streamlit's "Page not found"."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        page.goto(f"{server}/oversikt?lang=en")
        wait_until_done(page)
        assert page.get_by_text("Page not found").count() == 0
        assert page.locator("h1").first.inner_text().startswith("Asker 2030")
        assert "lang=en" in page.url, "the query string goes along"
    finally:
        page.close()


def test_after_undo_the_picker_shows_the_new_state(example_db_template, tmp_path, browser):
    """«Opplastinger» on the analyst's own machine: undo the newest upload; the picker then says «Angret» (it kept
    showing «Lagret», the state before, while the table above it said «Angret»)."""
    db_file = tmp_path / "asker2030.duckdb"
    shutil.copy(example_db_template, db_file)
    with running_dashboard(db_file, timeout_s=90, address="localhost") as (url, _pid):
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        try:
            page.goto(f"{url}/opplastinger")
            wait_until_done(page)
            shown = page.get_by_test_id("stSelectbox").first.locator("input[role=combobox]")
            assert "(Lagret" in shown.input_value(), shown.input_value()
            page.get_by_test_id("stCheckbox").first.click()
            page.get_by_role("button", name="Angre opplastingen").click()
            page.get_by_text("er angret").first.wait_for(timeout=60_000)
            wait_until_done(page)
            text = shown.input_value()
            assert "(Angret" in text and "(Lagret" not in text, text
        finally:
            page.close()
