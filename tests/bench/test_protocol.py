"""The benchmark's client of Streamlit's websocket protocol (bench/protocol.py) against the running dashboard:
a page view reaches script_finished with the page's elements and no exception; failures are reported, not hidden;
a session can move on by link; the benchmark's own nginx passes the websocket through to a replica."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from bench import pageviews
from bench.protocol import Session, aview, view, viewer_cookie
from bench.serve import VIEWER_ADDRESS, running_dashboard
from indicators.catalog import load_catalog

CATALOG = load_catalog()


@pytest.fixture(scope="module")
def server(example_db_template, tmp_path_factory):
    from store import snapshots

    db_file = tmp_path_factory.mktemp("protocol") / "asker2030.duckdb"
    shutil.copy2(example_db_template, db_file)
    shutil.copytree(snapshots.snapshot_dir(example_db_template), snapshots.snapshot_dir(db_file))
    with running_dashboard(db_file, timeout_s=120, address=VIEWER_ADDRESS) as (url, pid):
        yield url, pid


def charted(goal_id: str) -> int:
    """Charts the goal page draws: one per indicator (one linked to two objectives of the goal is drawn once, and
    linked from the other)."""
    return len({i.id for o in CATALOG.goal(goal_id).objectives for i in CATALOG.indicators_for_objective(o.id)})


def test_a_goal_page_view_finishes_with_its_charts_and_no_exception(server):
    url, _ = server
    got = view(url, "mal-13")
    assert got.finished and got.ok, got.errors
    assert got.elements.get("exception", 0) == 0
    assert got.elements["plotly_chart"] == charted("13")  # the example store has data for every one
    assert got.elements["heading"] >= 1 + len(CATALOG.goal("13").objectives)  # title and one per objective
    assert got.first_delta_s is not None and 0 < got.first_delta_s <= got.seconds


def test_the_indicator_page_and_english_finish_too(server):
    url, _ = server
    for page, query in (("indikator", "indikator=klimagassutslipp"), ("", "lang=en"), ("mal-3", "lang=en")):
        got = view(url, page, query)
        assert got.ok, (page, query, got.errors)


def test_failures_are_reported_not_hidden(server):
    url, _ = server
    got = view(url, "no-such-page")
    assert not got.ok and any("page not found" in e for e in got.errors), got.errors
    refused = view("http://127.0.0.1:9", "", timeout_s=5)  # nothing listens on the discard port
    assert not refused.ok and refused.errors[0].startswith("connection:")


def test_a_session_moves_on_by_link_as_a_viewer_clicks(server):
    url, _ = server

    async def visit():
        async with Session(url) as session:
            first = await session.view("")
            assert "mal-3" in session.pages  # learned from the server's navigation message
            return first, await session.view("mal-3", by_link=True)

    first, second = asyncio.run(visit())
    assert first.ok and second.ok, (first.errors, second.errors)
    assert second.elements["plotly_chart"] == charted("3")


def test_a_crowd_of_viewers_gets_no_errors(server):
    url, pid = server
    before = pageviews.cpu_seconds(pid)
    crowd = asyncio.run(pageviews._crowd(url, "mal-9", "", 5, timeout_s=120))
    assert [r.errors for r in crowd if not r.ok] == []
    assert pageviews.cpu_seconds(pid) > before  # the server did the work (its CPU time from /proc grew)


@pytest.mark.nginx
@pytest.mark.skipif(not Path(pageviews.NGINX).exists(), reason="needs Debian's nginx (apt-get install nginx)")
def test_the_benchmarks_nginx_passes_the_websocket_to_a_replica(server):
    url, _ = server
    with pageviews.running_nginx([url.split("://", 1)[1]]) as (proxy, _):
        got = asyncio.run(aview(proxy, "mal-13", "", viewer_cookie()))
    assert got.ok, got.errors
    assert got.elements["plotly_chart"] == charted("13")
