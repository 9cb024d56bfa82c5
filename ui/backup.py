"""Backups from the dashboard: a daily one (kept: 14) and one on demand on the analysts' «Sikkerhetskopi» page.
Both read the newest published snapshot, so they never wait for or block a writer; `python -m etl backup` and a
systemd timer (deploy/) do the same beside the running dashboard."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from datetime import date
from pathlib import Path

import streamlit as st

from store import db
from ui.i18n import N_, t

log = logging.getLogger(__name__)

CHECK_EVERY_S = 3600  # look once an hour whether today's backup exists


def keep() -> int:
    """How many backups to keep (older ones are deleted after each automatic backup)."""
    try:
        return max(1, int(os.environ.get("ASKER2030_BACKUP_KEEP", "14")))
    except ValueError:
        return 14


def auto_enabled() -> bool:
    """On unless ASKER2030_AUTO_BACKUP=0; off by default under the test runner (tests use throwaway stores)."""
    value = os.environ.get("ASKER2030_AUTO_BACKUP")
    if value is None:
        return "pytest" not in sys.modules
    return value.strip().lower() not in ("0", "off", "false", "no")


def first_delay_s() -> float:
    """Wait a little after start so the first viewers are not slowed by a snapshot."""
    try:
        return float(os.environ.get("ASKER2030_BACKUP_DELAY", "60"))
    except ValueError:
        return 60.0


def due(path: str, today: date | None = None) -> bool:
    today = today or date.today()
    stamp = f"{db.BACKUP_PREFIX}{today:%Y-%m-%d}"
    return not any(p.name.startswith(stamp) for p in db.list_backups(path=path))


def backup_now(path: str) -> Path:
    with db.reader(path) as con:
        folder = db.backup(con, path=path)
    db.prune_backups(keep(), path=path)
    return folder


def _daily_loop(path: str) -> None:
    time.sleep(first_delay_s())
    while True:
        try:
            if Path(path).exists() and due(path):
                folder = backup_now(path)
                log.info("daily backup written: %s", folder)
        except Exception:  # a failed backup must never take the dashboard down; try again in an hour
            log.exception("daily backup of %s failed", path)
        time.sleep(CHECK_EVERY_S)


def start_daily_backups(path: str) -> threading.Thread | None:
    """Start the daily backup thread for this dashboard process (called once per process and store)."""
    if not auto_enabled():
        return None
    thread = threading.Thread(target=_daily_loop, args=(path,), name="asker2030-daily-backup", daemon=True)
    thread.start()
    return thread


# --- the analysts' page ---------------------------------------------------------------------------------


def backup_table(path: str):
    import json

    import pandas as pd

    rows = []
    for folder in reversed(db.list_backups(path=path)):
        try:
            manifest = json.loads((folder / db.BACKUP_MANIFEST).read_text(encoding="utf-8"))
            tables = manifest.get("tables", {})
            created = manifest.get("created_at", "")
        except (OSError, ValueError):
            tables, created = {}, ""
        rows.append(
            {
                "folder": folder.name,
                "created_at": created,
                "observations": tables.get("observation", {}).get("rows"),
                "uploads": tables.get("upload", {}).get("rows"),
                "size_mb": round(sum(f.stat().st_size for f in folder.iterdir()) / 1e6, 1),
            }
        )
    frame = pd.DataFrame(rows, columns=["folder", "created_at", "observations", "uploads", "size_mb"])
    frame["created_at"] = pd.to_datetime(frame["created_at"], errors="coerce")
    return frame


# Ids built at run time below, t(f"backup_col_{column}"), marked for extraction (docs/translations.md).
_COLUMN_IDS = (
    N_("backup_col_created_at"),
    N_("backup_col_folder"),
    N_("backup_col_observations"),
    N_("backup_col_size_mb"),
    N_("backup_col_uploads"),
)


def render_page(path: str) -> None:
    st.title(t("backup_title"))
    st.write(t("backup_intro", keep=keep()))
    st.markdown(t("backup_folder", folder=db.backup_root(path=path)))  # not a caption: code there is below 4.5:1
    if st.button(t("backup_now"), icon=":material/backup:", type="primary"):
        try:
            with st.spinner(t("backup_now")):
                folder = backup_now(path)
            st.success(t("backup_done", folder=folder))
        except Exception as exc:
            st.error(t("backup_failed", error=exc))
    st.subheader(t("backup_list"))
    table = backup_table(path)
    if table.empty:
        st.caption(t("backup_none"))
    else:
        from ui import components

        components.table(table.rename(columns={c: t(f"backup_col_{c}") for c in table.columns}), key="backups")
    st.info(t("backup_restore"))
