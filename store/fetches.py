"""Writes the fetch log (table fetch_run): one row per indicator each fetch tried. Reads are in store.queries."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from store.db import WRITE_LOCK


@dataclass
class FetchRun:
    run_id: str
    indicator_id: str
    agency: str
    started_at: datetime
    finished_at: datetime
    state: str  # changed | unchanged | failed
    triggered_by: str
    request_urls: list[str] = field(default_factory=list)
    upload_ids: list[int] = field(default_factory=list)
    rows_read: int = 0
    rows_added: int = 0
    rows_changed: int = 0
    rows_unchanged: int = 0
    rows_removed: int = 0
    error_code: str | None = None
    error_nb: str | None = None
    error_en: str | None = None


def record_fetch_run(con: duckdb.DuckDBPyConnection, run: FetchRun) -> int:
    """Add one row to the fetch log in its own transaction; returns its id."""
    with WRITE_LOCK:
        cur = con.cursor()
        cur.begin()
        try:
            new_id = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM fetch_run").fetchone()[0]
            cur.execute(
                """INSERT INTO fetch_run (id, run_id, indicator_id, agency, started_at, finished_at, state,
                               triggered_by, requests, request_urls, upload_ids, rows_read, rows_added, rows_changed,
                               rows_unchanged, rows_removed, error_code, error_nb, error_en)
                           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [
                    new_id,
                    run.run_id,
                    run.indicator_id,
                    run.agency,
                    run.started_at,
                    run.finished_at,
                    run.state,
                    run.triggered_by,
                    len(run.request_urls),
                    json.dumps(run.request_urls, ensure_ascii=False),
                    json.dumps(run.upload_ids),
                    run.rows_read,
                    run.rows_added,
                    run.rows_changed,
                    run.rows_unchanged,
                    run.rows_removed,
                    run.error_code,
                    run.error_nb,
                    run.error_en,
                ],
            )
            cur.commit()
            return new_id
        except Exception:
            cur.rollback()
            raise
        finally:
            cur.close()
