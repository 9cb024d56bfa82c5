"""Text from files (areas, breakdowns, file and sheet names) is stored as text and shown as text: never a link,
markup or a formula, on the upload page (Markdown), in charts (plotly renders <a href> and <b> in trace names)
and on the public Utforsk page in a real browser."""

from __future__ import annotations

import shutil
import urllib.parse
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from charts.indicator import compare_figure
from etl.load import commit, prepare
from indicators.catalog import load_catalog
from store import db, queries
from tests.upload_samples import DASHBOARD
from ui.components import md_text

AREA = '<a href="http://evil.example">Klikk her</a>'
BREAKDOWN_VALUE = "**fet** [lenke](http://evil.example)"
FILE_NAME = "[klikk](http://evil.example) <b>x</b> :red[rød] www.evil.example.csv"
QUOTED = AREA.replace('"', '""')  # CSV doubles the quotes inside a quoted field
HOSTILE = (
    "indicator_id,year,value,area,kjønn\n"
    f'sykefravaer,2022,5.5,"{QUOTED}",\n'
    f'sykefravaer,2023,5.4,"{QUOTED}",\n'
    f'sykefravaer,2023,5.1,Asker,"{BREAKDOWN_VALUE}"\n'
).encode()


def _load(path: Path, name: str = FILE_NAME) -> None:
    con = db.connect(path)
    try:
        catalog = db.effective_catalog(con, load_catalog())
        p = prepare(con, HOSTILE, name, catalog)
        assert p.ok, [x.text("en") for x in p.report.errors]
        commit(con, p, "tester")
    finally:
        con.close()


def test_areas_and_breakdowns_are_stored_as_the_text_they_are(example_db):
    _load(example_db)
    con = db.connect(example_db, read_only=True)
    try:
        assert AREA in queries.all_areas(con)
        s = queries.series(con, "sykefravaer", "Asker", f"kjønn={BREAKDOWN_VALUE}")
        assert s["value"].tolist() == [5.1]
    finally:
        con.close()


def test_chart_legends_show_areas_and_breakdowns_as_text(example_db):
    _load(example_db)
    con = db.connect(example_db, read_only=True)
    try:
        frame = queries.series_many(con, ["sykefravaer"], ["Asker", AREA], None, 2015, 2030)
    finally:
        con.close()
    fig = compare_figure(frame, {"sykefravaer": "Sykefravær"}, {"sykefravaer": "prosent"})
    names = [t.name for t in fig.data]
    assert '&lt;a href="http://evil.example"&gt;Klikk her&lt;/a&gt;' in names
    assert not any("<a" in n or "<b" in n for n in names)


def test_md_text_escapes_every_markdown_and_link_form():
    text = md_text(FILE_NAME + " $x$ # h\n> q")
    for raw in ("[klikk](", "<b>", ":red[", "$x$", "\n"):
        assert raw not in text
    assert "\\# h \\> q" in text  # no heading, no quote block
    # Escaped, GFM would still link these by themselves: an invisible word joiner (U+2060) breaks them.
    assert md_text("http://x.no") == "http\u2060\\:\\/\\/x\\.no"
    assert md_text("www.x.no a@b.no") == "www\u2060\\.x\\.no a\u2060\\@b\\.no"


@pytest.fixture
def local_mode():
    old = config.get_option("server.address")
    config.set_option("server.address", "localhost")
    yield
    config.set_option("server.address", old)


def test_the_upload_page_shows_a_file_name_as_text(example_db, local_mode):
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    at.switch_page("app_pages/upload.py")
    at.run()
    at.file_uploader[0].set_value([(FILE_NAME, HOSTILE, "text/csv")])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    heads = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert heads and heads[0].startswith(f"#### {md_text(FILE_NAME)} ")
    at.button(key="upload_commit").click()
    at.run()
    done = [s.value for s in at.success]
    assert done and md_text(FILE_NAME) in done[0] and "[klikk](" not in done[0]


# --- what a citizen sees on Utforsk, in Chromium ---------------------------------------------------------------


@pytest.mark.browser
def test_utforsk_shows_a_hostile_area_as_text_not_a_link(example_db_template, tmp_path):
    from bench.serve import CHROMIUM, CHROMIUM_ARGS, VIEWER_ADDRESS, running_dashboard

    if not Path(CHROMIUM).exists():
        pytest.skip("needs Debian's chromium")
    from playwright.sync_api import sync_playwright

    store = tmp_path / "asker2030.duckdb"
    shutil.copy(example_db_template, store)
    _load(store)
    query = urllib.parse.urlencode({"ind": "sykefravaer", "omr": f"Asker,{AREA}", "fra": "2015", "til": "2026"})
    with running_dashboard(store, timeout_s=90, address=VIEWER_ADDRESS) as (url, _pid), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            page.goto(f"{url}/utforsk?{query}")
            page.wait_for_selector("[data-testid='stPlotlyChart'] .legendtext", timeout=90_000)
            page.wait_for_timeout(1000)
            legend = page.eval_on_selector_all(".legendtext", "els => els.map(e => e.textContent)")
            assert any(AREA in text for text in legend), legend
            assert page.locator("a[href*='evil.example']").count() == 0
            page.screenshot(path=str(tmp_path / "utforsk.png"))
        finally:
            browser.close()
