"""Norwegian throughout, as a person sees it in Chromium: no bokmål page shows a raw column name (a store column
such as `uploaded_at`, or any snake_case word) as a table header, nor one of Streamlit's English widget texts that
Streamlit lets us set (select box and multiselect placeholders). Tables are read from the DOM Streamlit keeps for
screen readers beside its canvas grid, and from the markdown tables behind each chart."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from bench.serve import CHROMIUM
from tests.browser.test_accessibility import PAGES, url_for
from tests.browser.test_browser import wait_until_done
from tests.conftest import dashboard_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (apt-get install chromium)"),
]

# Streamlit's defaults for the texts it lets a page set (placeholder=...): seen on a page, one was forgotten.
ENGLISH_DEFAULTS = {"Choose an option", "Choose options", "Select...", "No options to select", "Add options"}
SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")

READ_TABLES = """() => {
  const text = el => (el.textContent || '').trim();
  const grids = [...document.querySelectorAll('[data-testid="stDataFrame"]')].map(
      d => [...d.querySelectorAll('th, [role=columnheader]')].map(text));
  const markdown = [...document.querySelectorAll('[data-testid="stMarkdownContainer"] table')].map(
      t => [...t.querySelectorAll('th')].map(text));
  const placeholders = [...document.querySelectorAll('input[placeholder], textarea[placeholder]')].map(
      i => i.placeholder);
  return {tables: [...grids, ...markdown], placeholders};
}"""


@pytest.fixture(scope="module")
def store_columns(example_db_template):
    """Every column name of every table in the store: what a header must never be."""
    con = duckdb.connect(str(example_db_template), read_only=True)
    try:
        return {
            name for (name,) in con.execute("SELECT DISTINCT column_name FROM information_schema.columns").fetchall()
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def server(example_db_template, tmp_path_factory):  # localhost: the analyst pages too
    yield from dashboard_server(example_db_template, tmp_path_factory.mktemp("norwegian"))


def seen(page) -> dict:
    """Headers and placeholders on the page, with the goal pages' table view and every expander opened."""
    for expander in page.locator('[data-testid="stExpander"] summary').all():
        expander.click()
    page.wait_for_timeout(300)
    got = page.evaluate(READ_TABLES)
    table_view = page.get_by_role("radio", name="Tabell")  # the segmented control's buttons are radios
    if table_view.count():  # a goal page: its summary tables are the other view
        table_view.first.click()
        wait_until_done(page)
        more = page.evaluate(READ_TABLES)
        got["tables"] += more["tables"]
        got["placeholders"] += more["placeholders"]
    return got


@pytest.mark.parametrize(
    "path", [p for p in PAGES if "embed=true" not in p] + ["utforsk?ind=klimagassutslipp,sykefravaer"]
)
def test_no_raw_column_name_or_english_widget_text(server, browser, store_columns, path):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        page.goto(url_for(server, path, "nb"))
        wait_until_done(page)
        got = seen(page)
        headers = [h for table in got["tables"] for h in table if h]
        raw = sorted({h for h in headers if h in store_columns or SNAKE.match(h)})
        assert not raw, f"/{path}: raw column names as headers: {raw}"
        english = sorted(set(got["placeholders"]) & ENGLISH_DEFAULTS)
        assert not english, f"/{path}: Streamlit's English texts where Norwegian ones can be set: {english}"
        if path.startswith(("indikator", "utforsk", "datakvalitet", "opplastinger")):
            assert headers, f"/{path}: no table was read, so nothing was checked"
    finally:
        page.close()
