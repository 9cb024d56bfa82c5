"""A goal page with static chart images (exports/chart_images.py): the first view draws interactive charts and asks
for the images, the next one shows every chart as a <picture> (wide and narrow) with its summary as alt text and
its data table, and no Plotly chart. Real kaleido and Debian's chromium make the images."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape

import pytest
from streamlit import config

from exports import chart_images
from tests.pages.test_pages import CATALOG, run_page

pytestmark = pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium")


@pytest.fixture
def listening_on():
    """Set Streamlit's server.address for one test: 0.0.0.0 serves viewers, localhost an analyst (ui/auth.py)."""
    old = config.get_option("server.address")
    yield lambda address: config.set_option("server.address", address)
    config.set_option("server.address", old)


def test_goal_page_switches_to_images_once_they_are_made(example_db, monkeypatch, listening_on):
    monkeypatch.setenv("ASKER2030_CHART_IMAGES", "auto")
    listening_on("0.0.0.0")
    first = run_page("app_pages/goal_13.py")
    charts = len(first.get("plotly_chart"))
    assert charts > 0 and not any("<picture" in m.value for m in first.markdown)
    assert chart_images.RENDERER.wait(300), "the renderer did not finish"
    folder = chart_images.cache_dir(example_db)
    assert len(list(folder.glob("*.webp"))) == 2 * charts  # one wide and one narrow image per chart

    second = run_page("app_pages/goal_13.py")
    assert not second.get("plotly_chart")
    bodies = [el.proto.body for el in second.get("html")]
    # a viewer's objectives are one element: each one's heading, intro and grid of cards (ui/cards.py)
    (body,) = [b for b in bodies if "class='a2030-grid'" in b]
    objectives = [o for o in CATALOG.goal("13").objectives if CATALOG.indicators_for_objective(o.id)]
    assert body.count("class='a2030-grid'") == len(objectives)
    for objective in CATALOG.goal("13").objectives:  # the anchors the linked cards point to
        assert f"<h2 id='delmal-{objective.id.replace('.', '-')}'>{objective.id} " in body
    assert not [h for h in second.header if h.anchor.startswith("delmal-")], "no Streamlit header per objective"
    grids = [body]
    pictures = re.findall(r"<picture.*?</picture><p class='chart-summary'[^>]*>.*?</p>", "".join(grids), re.S)
    assert len(pictures) == charts
    for html in pictures:  # the picture and its summary
        wide, narrow = (
            re.search(r'<img src="/chart-images/([0-9a-f]{32}\.webp)"', html),
            re.search(r'srcset="/chart-images/([0-9a-f]{32}\.webp)"', html),
        )
        assert wide and narrow and wide.group(1) != narrow.group(1), html
        assert (folder / wide.group(1)).is_file() and (folder / narrow.group(1)).is_file()
        alt = re.search(r'alt="([^"]+)"', html).group(1)
        assert alt.startswith("Diagram") and f"aria-hidden='true'>{alt}</p>" in html  # shown once, read once
    # each chart keeps its data behind «Tallene i diagrammet», a native disclosure carrying the table's cells (built
    # into a table when opened, tests/browser/test_chart_images_browser.py)
    tables = re.findall(
        r'<details data-a2030-table="([^"]+)"><summary>.*?Tallene i diagrammet</summary>', "".join(grids)
    )
    assert len(tables) == charts
    for data in (json.loads(unescape(t)) for t in tables):
        assert data["columns"][0] == "Periode" and len(data["columns"]) > 1 and len(data["rows"]) > 3, data
    assert any("__a2030Tables" in b for b in bodies)  # the builder comes with the page
    # and its links: the indicator page and the open-data CSV
    for ind in (i for o in objectives for i in CATALOG.indicators_for_objective(o.id)):
        assert f'href="indikator?indikator={ind.id}"' in "".join(grids)
        assert f'href="api/v1/indicators/{ind.id}.csv"' in "".join(grids)


def test_analyst_keeps_the_comment_forms_with_images(example_db, monkeypatch, listening_on):
    """An analyst's goal page has a comment form under each chart, so it keeps Streamlit's elements, with the
    pictures once they are made."""
    monkeypatch.setenv("ASKER2030_CHART_IMAGES", "auto")
    run_page("app_pages/goal_13.py")
    assert chart_images.RENDERER.wait(300), "the renderer did not finish"
    listening_on("localhost")
    at = run_page("app_pages/goal_13.py")
    bodies = [el.proto.body for el in at.get("html")]
    assert not any("class='a2030-grid'" in b for b in bodies)
    assert any("<picture" in b for b in bodies) and not at.get("plotly_chart")
    assert at.get("form"), "an analyst writes comments under the charts"
