"""In Chromium: an embed URL shows the chart, its status sentence, source and a link back without the sidebar, also
inside an iframe on another page; «Åpne data» opens at desktop and phone sizes and its example links answer."""

from __future__ import annotations

import httpx
import pytest

from indicators.catalog import load_catalog
from tests.browser.test_browser import ARTIFACTS, pytestmark, server, wait_until_done  # noqa: F401

SIZES = [(1920, 1080), (390, 844)]
INDICATOR = "klimagassutslipp"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width, height", SIZES)
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_embed_shows_chart_sentence_source_and_link_back_without_sidebar(server, browser, width, height, lang):
    ind = load_catalog().indicator(INDICATOR)
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        query = f"indikator={INDICATOR}" + ("&lang=en" if lang == "en" else "")
        page.goto(f"{server}/indikator?{query}&embed=true")
        wait_until_done(page)
        page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=60_000)
        shot(page, f"embed-{lang}-{width}")
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stSidebar"]').count() == 0
        assert page.locator('[data-testid="stSidebarCollapsedControl"]').count() == 0
        assert page.locator("h1").first.inner_text().strip() == ind.name.get(lang)
        assert page.locator('[data-testid="stPlotlyChart"]').count() == 1
        assert page.locator('[data-testid="stSelectbox"]').count() == 0  # no pickers
        body = page.inner_text("body")
        assert ind.source.agency in body
        back = page.get_by_role("link", name="Se hele indikatoren" if lang == "nb" else "See the whole indicator")
        href = back.get_attribute("href")
        assert href.startswith(server) and f"indikator={INDICATOR}" in href and "embed" not in href
        assert ("lang=en" in href) == (lang == "en")
    finally:
        page.close()


def test_the_full_page_keeps_its_sidebar(server, browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        page.goto(f"{server}/indikator?indikator={INDICATOR}")
        wait_until_done(page)
        assert page.locator('[data-testid="stSidebar"]').count() == 1
    finally:
        page.close()


def test_the_embed_snippet_works_inside_another_page(server, browser):
    """Copy the snippet from «Bygg inn» on a goal page and put it in a page of our own, as a web editor would."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        page.goto(f"{server}/mal-13")
        wait_until_done(page)
        # each indicator card has «Bygg inn» as a disclosure with the snippet as code (ui/goal_view.card_tail)
        page.locator("summary", has_text="Bygg inn").first.click()
        code = page.locator("details[open] pre code").first
        code.wait_for()
        snippet = code.inner_text().strip()
        assert snippet.startswith("<iframe") and "embed=true" in snippet
        host = browser.new_page(viewport={"width": 1200, "height": 900})
        try:
            host.set_content(f"<!doctype html><html lang='nb'><body><h1>Kommunens side</h1>{snippet}</body></html>")
            frame = host.frame_locator("iframe")
            frame.locator("h1").wait_for(timeout=60_000)
            frame.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=60_000)
            assert frame.locator('[data-testid="stSidebar"]').count() == 0
            host.wait_for_timeout(500)
            shot(host, "embed-in-host-page")
        finally:
            host.close()
    finally:
        page.close()


@pytest.mark.parametrize("width, height", SIZES)
def test_open_data_page_renders_and_its_examples_answer(server, browser, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.goto(f"{server}/apne-data")
        wait_until_done(page)
        shot(page, f"apne-data-{width}")
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator("h1").first.inner_text().strip() == "Åpne data"
        links = [a.get_attribute("href") for a in page.locator("a[href*='/api/v1/']").all()]
        assert len(links) >= 4
        for href in links:
            assert httpx.get(href, timeout=120).status_code == 200, href
    finally:
        page.close()


@pytest.mark.parametrize("width, height", SIZES)
def test_an_explore_embed_shows_only_the_chart_its_sources_and_a_link_back(server, browser, width, height):
    cat = load_catalog()
    a, b = "klimagassutslipp", cat.indicators[0].id
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.goto(f"{server}/utforsk?ind={a},{b}&indeks=2015&embed=true")
        wait_until_done(page)
        page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=60_000)
        shot(page, f"embed-utforsk-{width}")
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stSidebar"]').count() == 0
        assert page.locator('[data-testid="stMultiSelect"]').count() == 0
        assert page.locator('[data-testid="stPlotlyChart"]').count() == 1
        assert cat.indicator(a).name.nb in page.locator("h1").first.inner_text()
        href = page.get_by_role("link", name="Utforsk tallene i Asker 2030").get_attribute("href")
        assert "indeks=2015" in href and "embed" not in href
    finally:
        page.close()
