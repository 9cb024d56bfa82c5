"""End to end: `streamlit run dashboard.py`, every page in headless Chromium, no exception box, a screenshot each."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bench.serve import APP_IDLE, CHROMIUM
from tests.conftest import dashboard_server

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (apt-get install chromium)"),
]

# A shared link is often the first thing a fresh server is asked for: the deep link comes first on purpose.
PAGES = [
    "utforsk?ind=sykefravaer,valgdeltakelse",
    "",
    "mal-3",
    "mal-4",
    "mal-9",
    "mal-11",
    "mal-13",
    "mal-17",
    "indikator?indikator=klimagassutslipp",
    "utforsk?ind=klimagassutslipp&indeks=2015",
    "datakvalitet",
    "om",
    "?lang=en",
    "mal-13?lang=en",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", None}  # None: data: and blob: URLs


@pytest.fixture(scope="module")
def server(example_db_template, tmp_path_factory):
    yield from dashboard_server(example_db_template, tmp_path_factory.mktemp("browser"))


def wait_until_done(page, timeout_ms: int = 60_000) -> None:
    """The app has finished its run: content is shown and the 'running' indicator is gone."""
    page.wait_for_selector("h1", timeout=timeout_ms)
    page.wait_for_selector(APP_IDLE, timeout=timeout_ms)  # Streamlit's own mark of a finished run
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms)
    # Widgets and charts load their code after the run: wait until no placeholder skeleton is left
    # and every plotly chart has its SVG.
    page.wait_for_load_state("networkidle", timeout=timeout_ms)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout_ms)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
        ".every(c => c.querySelector('.main-svg'))",
        timeout=timeout_ms,
    )
    page.wait_for_timeout(500)


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_without_exception(server, browser, path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    # Nothing a visitor's browser asks for may leave our server (privacy, and sites without internet access):
    # no web fonts, icons or scripts from elsewhere.
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if urlsplit(r.url).hostname not in LOCAL_HOSTS else None)
    try:
        page.goto(f"{server}/{path}")
        wait_until_done(page)
        name = (path or "oversikt").replace("?", "_").replace("=", "-").replace("&", "_")
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        exceptions = page.locator('[data-testid="stException"]')
        assert exceptions.count() == 0, exceptions.first.inner_text()
        assert page.locator("h1").first.inner_text().strip()
        assert page.get_by_text("Page not found").count() == 0, f"/{path} is not a page"
        assert not outside, f"/{path} made the browser fetch from elsewhere: {outside}"
    finally:
        page.close()
