"""Shared fixtures: a real DuckDB store filled with the bundled example data, built once per test session."""
from __future__ import annotations

import shutil

import pytest


@pytest.fixture(scope="session")
def example_db_template(tmp_path_factory):
    from etl.bootstrap import init_store
    from store import db

    path = tmp_path_factory.mktemp("example") / "asker2030.duckdb"
    con = db.connect(path)
    init_store(con)
    con.close()
    return path


@pytest.fixture
def example_db(example_db_template, tmp_path, monkeypatch):
    """A private copy of the example store; the app under test opens it through ASKER2030_DB."""
    path = tmp_path / "asker2030.duckdb"
    shutil.copy(example_db_template, path)
    monkeypatch.setenv("ASKER2030_DB", str(path))
    return path
