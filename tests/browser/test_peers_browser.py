"""End to end: the indicator page shows Asker beside its comparison group in headless Chromium, on a wide screen
and on a phone, in both languages; screenshots go to test-artifacts/browser/."""

from __future__ import annotations

import pytest

from indicators.catalog import load_comparison
from tests.browser.test_browser import ARTIFACTS, pytestmark, wait_until_done  # noqa: F401
from tests.conftest import dashboard_server

GROUP = load_comparison()
FULL = "gjennomforing-vgo"  # the example data have every area of the group for this indicator


@pytest.fixture(scope="module")
def server(example_db_template, tmp_path_factory):
    yield from dashboard_server(example_db_template, tmp_path_factory.mktemp("peers-browser"))


@pytest.mark.parametrize("viewport, lang", [((1920, 1080), "nb"), ((390, 844), "nb"), ((1920, 1080), "en")])
def test_indicator_page_shows_the_peer_comparison(server, browser, viewport, lang):  # noqa: F811
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    width, height = viewport
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.goto(f"{server}/indikator?indikator={FULL}" + ("&lang=en" if lang == "en" else ""))
        wait_until_done(page)
        heading = "Asker sammenlignet med andre" if lang == "nb" else "Asker compared with others"
        section = page.get_by_role("heading", name=heading)
        section.scroll_into_view_if_needed()
        assert section.is_visible()
        rank = "sammenlignbare kommuner" if lang == "nb" else "comparable municipalities"
        assert page.get_by_text(rank).first.is_visible()
        # the group's chart: one dot per area, Asker's label marked
        chart = page.locator('[data-testid="stPlotlyChart"]', has_text="▶ Asker")
        chart.scroll_into_view_if_needed()
        assert chart.locator(".scatterlayer .point").count() == len(GROUP)
        assert page.locator('[data-testid="stPlotlyChart"] text', has_text="▶ Asker").count() == 1
        # the peers' status is named as trend-only
        assert page.get_by_text("trendstatus uten mål" if lang == "nb" else "trend-only status").first.is_visible()
        assert page.locator('[data-testid="stDataFrame"]').count() >= 2  # the method table and the peer table
        assert page.locator('[data-testid="stException"]').count() == 0
        page.screenshot(path=str(ARTIFACTS / f"peers-{FULL}-{width}x{height}-{lang}.png"), full_page=True)
        chart.screenshot(path=str(ARTIFACTS / f"peers-chart-{width}x{height}-{lang}.png"))
        table = page.locator('[data-testid="stDataFrame"]').nth(1)
        table.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"peers-table-{width}x{height}-{lang}.png"))
    finally:
        page.close()
