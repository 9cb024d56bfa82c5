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
from ui import i18n
from ui.i18n import t

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

i18n.register(
    {
        "nav_backup": ("Sikkerhetskopi", "Backup"),
        "backup_title": ("Sikkerhetskopi", "Backup"),
        "backup_intro": (
            "Dashbordet tar en sikkerhetskopi av hele databasen hver dag (de {keep} nyeste beholdes). "
            "Du kan også ta en her, eller med `python -m etl backup` (for eksempel fra en planlagt jobb) mens "
            "dashbordet kjører.",
            "The dashboard backs up the whole database every day (the newest {keep} are kept). "
            "You can also take one here, or with `python -m etl backup` (from a scheduled job, say) while the "
            "dashboard runs.",
        ),
        "backup_folder": ("Kopiene lagres i `{folder}`.", "Backups are saved in `{folder}`."),
        "backup_now": ("Ta sikkerhetskopi nå", "Back up now"),
        "backup_done": ("Sikkerhetskopi skrevet: `{folder}`", "Backup written: `{folder}`"),
        "backup_failed": ("Sikkerhetskopien feilet: {error}", "The backup failed: {error}"),
        "backup_list": ("Sikkerhetskopier", "Backups"),
        "backup_none": ("Ingen sikkerhetskopier ennå.", "No backups yet."),
        "backup_col_folder": ("Mappe", "Folder"),
        "backup_col_created_at": ("Laget", "Made"),
        "backup_col_observations": ("Målinger", "Observations"),
        "backup_col_uploads": ("Opplastinger", "Uploads"),
        "backup_col_size_mb": ("Størrelse (MB)", "Size (MB)"),
        "backup_restore": (
            "**Slik henter du tilbake en kopi:** kjør `python -m etl restore MAPPE` "
            "(legg til `--force` for å erstatte en database med data; den gamle filen beholdes som kopi). "
            "Dashbordet viser den gjenopprettede databasen innen et par sekunder.",
            "**To bring a backup back:** run `python -m etl restore FOLDER` "
            "(add `--force` to replace a database that holds data; the old file is kept as a copy). "
            "The dashboard shows the restored database within a couple of seconds.",
        ),
    }
)


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
