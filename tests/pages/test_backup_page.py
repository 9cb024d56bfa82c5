"""The dashboard names the backup/restore commands when its database cannot be opened, and analysts can back
up from inside the running dashboard (where the CLI cannot open the file)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from store import db

DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")


def _app() -> AppTest:
    return AppTest.from_file(DASHBOARD, default_timeout=120)


@pytest.mark.parametrize("garbage", [b"this is not a database" * 2000, b"\x00" * 70_000], ids=["text", "zeros"])
def test_damaged_database_gives_a_message_not_a_stack_trace(tmp_path, monkeypatch, garbage):
    path = tmp_path / "asker2030.duckdb"
    path.write_bytes(garbage)
    monkeypatch.setenv("ASKER2030_DB", str(path))
    at = _app().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error and "Databasen kan ikke åpnes" in at.error[0].value
    assert any("python -m etl restore" in i.value for i in at.info)


@pytest.fixture
def small_store(tmp_path, monkeypatch):
    """A store with one upload, so the dashboard does not load the example data."""
    from etl.bootstrap import init_store

    path = tmp_path / "asker2030.duckdb"
    con = db.connect(path)
    catalog = init_store(con, with_example=False)
    ind = catalog.indicators[0].id
    db.apply_upload(
        con,
        pd.DataFrame(
            [
                dict(
                    indicator_id=ind,
                    period="2020",
                    year=2020,
                    time=2020.0,
                    period_kind="year",
                    area="Asker",
                    breakdown="",
                    value=1.0,
                    missing="",
                    flag="",
                    note="",
                    source_row=2,
                )
            ]
        ),
        file_name="a.csv",
        file_sha256="a",
        file_format="canonical",
        uploaded_by="tester",
        now=datetime(2030, 1, 1),
    )
    con.close()
    monkeypatch.setenv("ASKER2030_DB", str(path))
    monkeypatch.setenv("ASKER2030_AUTO_BACKUP", "0")
    return path


def test_analyst_backs_up_from_the_running_dashboard(small_store, monkeypatch):
    from ui import auth

    monkeypatch.setattr(auth, "listens_locally", lambda: True)  # local analyst mode
    at = _app().run()
    at.switch_page("app_pages/backup.py").run()
    assert not at.exception, [e.value for e in at.exception]
    button = next(b for b in at.button if b.label == "Ta sikkerhetskopi nå")
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    backups = db.list_backups(path=small_store)
    assert len(backups) == 1 and backups[0].parent == small_store.parent / "backups"
    assert any("Sikkerhetskopi skrevet" in s.value for s in at.success)
    assert len(at.dataframe) == 1


def test_viewers_cannot_open_the_backup_page(small_store, monkeypatch):
    from ui import auth

    monkeypatch.setattr(auth, "listens_locally", lambda: False)  # served on a network without sign-in
    at = _app().run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # not registered for viewers
        at.switch_page("app_pages/backup.py")
