"""The local analyst mode in the running app: straight from this machine a browser gets the analyst pages; the same
dashboard reached through Debian's nginx (the shipped site, which adds X-Forwarded-For) never does. The open data
answers through the proxy as well."""

from __future__ import annotations

import shutil

import httpx
import pytest

from bench.serve import free_port, running_dashboard
from store import snapshots
from tests.browser.test_browser import wait_until_done
from tests.deploy.test_nginx import _wait_http, pytestmark, running_nginx, site_for_test  # noqa: F401


@pytest.fixture(scope="module")
def addresses(example_db_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("proxy")
    db_file = folder / "asker2030.duckdb"
    shutil.copy2(example_db_template, db_file)
    shutil.copytree(snapshots.snapshot_dir(example_db_template), snapshots.snapshot_dir(db_file))
    with running_dashboard(db_file, timeout_s=120) as (direct, _pid):  # listens on localhost: local mode
        listen = free_port()
        with running_nginx(site_for_test([int(direct.rsplit(":", 1)[1])], listen), folder / "nginx"):
            proxied = f"http://127.0.0.1:{listen}"
            _wait_http(proxied + "/_stcore/health")
            yield {"direct": direct, "proxied": proxied}


def sidebar(browser, url: str) -> str:
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        page.goto(url)
        wait_until_done(page)
        return page.locator('[data-testid="stSidebar"]').inner_text()
    finally:
        page.close()


def test_straight_from_this_machine_is_the_analyst(addresses, browser):
    text = sidebar(browser, addresses["direct"] + "/")
    assert "Last opp" in text and "Opplastinger" in text
    assert "Lokal analytikermodus" in text


def test_through_a_proxy_is_never_the_analyst_without_sign_in(addresses, browser):
    text = sidebar(browser, addresses["proxied"] + "/")
    assert "Last opp" not in text and "Opplastinger" not in text
    assert "kom via en mellomtjener (proxy)" in text
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:  # the bookmarked URL leads nowhere either: the page is not registered for this session
        page.goto(addresses["proxied"] + "/last-opp")
        wait_until_done(page)
        assert page.locator('[data-testid="stFileUploader"]').count() == 0
        assert page.get_by_text("Last opp data").count() == 0
    finally:
        page.close()


def test_open_data_answers_through_the_proxy(addresses):
    r = httpx.get(
        addresses["proxied"] + "/api/v1/indicators.json", headers={"Origin": "https://example.org"}, timeout=120
    )
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"
    assert r.json()["indicators"]
