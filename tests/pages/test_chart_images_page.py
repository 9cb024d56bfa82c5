"""A goal page with static chart images (exports/chart_images.py): the first view draws interactive charts and asks
for the images, the next one shows every chart as a <picture> (wide and narrow) with its summary as alt text and
its data table, and no Plotly chart. Real kaleido and Debian's chromium make the images."""

from __future__ import annotations

import re
import shutil

import pytest

from exports import chart_images
from tests.pages.test_pages import run_page

pytestmark = pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium")


def test_goal_page_switches_to_images_once_they_are_made(example_db, monkeypatch):
    monkeypatch.setenv("ASKER2030_CHART_IMAGES", "auto")
    first = run_page("app_pages/goal_13.py")
    charts = len(first.get("plotly_chart"))
    assert charts > 0 and not any("<picture" in m.value for m in first.markdown)
    assert chart_images.RENDERER.wait(300), "the renderer did not finish"
    folder = chart_images.cache_dir(example_db)
    assert len(list(folder.glob("*.svg"))) == 2 * charts  # one wide and one narrow image per chart

    second = run_page("app_pages/goal_13.py")
    assert not second.get("plotly_chart")
    pictures = [m.value for m in second.markdown if m.value.startswith("<picture")]
    assert len(pictures) == charts
    for html in pictures:  # one element per chart: the picture and its summary
        wide, narrow = (
            re.search(r'<img src="/chart-images/([0-9a-f]{32}\.svg)"', html),
            re.search(r'srcset="/chart-images/([0-9a-f]{32}\.svg)"', html),
        )
        assert wide and narrow and wide.group(1) != narrow.group(1), html
        assert (folder / wide.group(1)).is_file() and (folder / narrow.group(1)).is_file()
        alt = re.search(r'alt="([^"]+)"', html).group(1)
        assert alt.startswith("Diagram") and f'aria-hidden="true">{alt}</p>' in html  # shown once, read once
    # each chart keeps its data table behind «Tallene i diagrammet»
    assert sum(e.label == "Tallene i diagrammet" for e in second.expander) >= charts
