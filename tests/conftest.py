"""Shared fixtures: a real DuckDB store filled with the bundled example data, built once per test session."""

from __future__ import annotations

import os
import shutil

# Goal pages show static chart images once a background renderer (kaleido, Chromium) has made them, and the
# interactive chart until then: which one a test sees would depend on timing. Tests see the interactive charts
# (this reaches the servers they start too); tests/exports/test_chart_images.py and
# tests/browser/test_chart_images_browser.py turn the images on and wait for them.
os.environ.setdefault("ASKER2030_CHART_IMAGES", "off")

import pytest


@pytest.fixture(scope="session")
def example_db_template(tmp_path_factory):
    from etl.bootstrap import init_store
    from store import db

    path = tmp_path_factory.mktemp("example") / "asker2030.duckdb"
    with db.writer(path, who="test fixture") as con:  # publishes the first snapshot too
        init_store(con)
    return path


@pytest.fixture
def example_db(example_db_template, tmp_path, monkeypatch):
    """A private copy of the example store and its published snapshot (copied with their times, so the snapshot
    is current); the app under test opens it through ASKER2030_DB."""
    from store import snapshots

    path = tmp_path / "asker2030.duckdb"
    shutil.copy2(example_db_template, path)
    shutil.copytree(snapshots.snapshot_dir(example_db_template), snapshots.snapshot_dir(path))
    monkeypatch.setenv("ASKER2030_DB", str(path))
    return path


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, headless, driven by playwright: one per test module (tests never download a browser)."""
    from playwright.sync_api import sync_playwright

    from bench.serve import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def dashboard_server(template, folder, timeout_s: float = 60, **kwargs):
    """`streamlit run` on a copy of the store `template` in `folder`, for a module-scoped `server` fixture to
    `yield from`: yields the address; a server that does not start fails the test with its output."""
    from bench.serve import running_dashboard

    db_file = folder / "asker2030.duckdb"
    shutil.copy(template, db_file)
    try:
        with running_dashboard(db_file, timeout_s=timeout_s, **kwargs) as (url, _pid):
            yield url
    except RuntimeError as exc:  # did not start
        pytest.fail(str(exc))
