"""Commentary (vurdering) and measures (tiltak): parameterised reads and writes, one transaction per write.

Comments are only ever added (a new one never replaces an old one). Measures are edited in place; who changed
them last and when is kept on the row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import duckdb
import pandas as pd

from indicators.catalog import Catalog
from indicators.measures import InvalidInput, Measure, check_comment, check_measure
from store.db import WRITE_LOCK

EXAMPLE_MEASURES_KEY = "example_measures_loaded"
MEASURE_COLUMNS = [
    "id",
    "goal_id",
    "title",
    "description",
    "responsible",
    "status",
    "due_date",
    "is_example",
    "created_by",
    "created_at",
    "updated_by",
    "updated_at",
    "indicator_ids",
]


def _now(now: datetime | None) -> datetime:
    return now or datetime.now().replace(microsecond=0)


def _df(con, sql: str, params: Sequence = ()) -> pd.DataFrame:
    cur = con.cursor()
    try:
        return cur.execute(sql, list(params)).df()
    finally:
        cur.close()


class _Transaction:
    """`with _Transaction(con) as cur:` takes the write lock, begins, commits, or rolls back on any error."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def __enter__(self):
        WRITE_LOCK.acquire()
        self.cur = self.con.cursor()
        self.cur.begin()
        return self.cur

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc_type is None:
                self.cur.commit()
            else:
                self.cur.rollback()
        finally:
            self.cur.close()
            WRITE_LOCK.release()
        return False


# --- commentary -----------------------------------------------------------------------------------------


def add_comment(
    con, indicator_id: str, period: str, author: str, text: str, planned_action: str = "", now: datetime | None = None
) -> int:
    """Add an assessment of one indicator for one period; returns its id. Raises InvalidInput."""
    problems = check_comment(text, period)
    if problems:
        raise InvalidInput(problems)
    with _Transaction(con) as cur:
        new_id = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM commentary").fetchone()[0]
        cur.execute(
            "INSERT INTO commentary VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                new_id,
                indicator_id,
                str(period).strip(),
                author,
                _now(now),
                text.strip(),
                (planned_action or "").strip(),
            ],
        )
    return int(new_id)


def comments(con, indicator_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """All comments (of some indicators), newest first."""
    sql = "SELECT id, indicator_id, period, author, written_at, text, planned_action FROM commentary"
    params: list = []
    if indicator_ids is not None:
        sql += " WHERE list_contains(?, indicator_id)"
        params.append(list(indicator_ids))
    return _df(con, sql + " ORDER BY written_at DESC, id DESC", params)


def latest_comments(con, indicator_ids: Iterable[str]) -> dict[str, dict]:
    """The newest comment per indicator, as a dict (id, period, author, written_at, text, planned_action)."""
    frame = _df(
        con,
        """
        SELECT id, indicator_id, period, author, written_at, text, planned_action FROM commentary
        WHERE list_contains(?, indicator_id)
        QUALIFY row_number() OVER (PARTITION BY indicator_id ORDER BY written_at DESC, id DESC) = 1""",
        [list(indicator_ids)],
    )
    return {r["indicator_id"]: r for r in frame.to_dict("records")}


# --- measures -------------------------------------------------------------------------------------------


def _check(m: Measure, catalog: Catalog) -> None:
    problems = check_measure(m, [g.id for g in catalog.goals], {i.id: i.goal for i in catalog.indicators})
    if problems:
        raise InvalidInput(problems)


def _insert(cur, m: Measure, by: str, now: datetime) -> int:
    new_id = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM measure").fetchone()[0]
    cur.execute(
        "INSERT INTO measure VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            new_id,
            str(m.goal_id),
            m.title.strip(),
            (m.description or "").strip(),
            (m.responsible or "").strip(),
            m.status,
            m.due_date,
            bool(m.is_example),
            by,
            now,
            by,
            now,
        ],
    )
    _link(cur, new_id, m.indicator_ids)
    return int(new_id)


def _link(cur, measure_id: int, indicator_ids: Iterable[str]) -> None:
    cur.execute("DELETE FROM measure_indicator WHERE measure_id = ?", [measure_id])
    ids = list(dict.fromkeys(indicator_ids))
    if ids:
        cur.executemany("INSERT INTO measure_indicator VALUES (?, ?)", [[measure_id, i] for i in ids])


def _update(cur, measure_id: int, m: Measure, by: str, now: datetime) -> None:
    cur.execute(
        """UPDATE measure SET goal_id = ?, title = ?, description = ?, responsible = ?, status = ?,
                          due_date = ?, updated_by = ?, updated_at = ? WHERE id = ?""",
        [
            str(m.goal_id),
            m.title.strip(),
            (m.description or "").strip(),
            (m.responsible or "").strip(),
            m.status,
            m.due_date,
            by,
            now,
            measure_id,
        ],
    )
    _link(cur, measure_id, m.indicator_ids)


def add_measure(con, m: Measure, by: str, catalog: Catalog, now: datetime | None = None) -> int:
    """Save a new measure; returns its id. Raises InvalidInput naming the fields that are wrong."""
    _check(m, catalog)
    with _Transaction(con) as cur:
        return _insert(cur, m, by, _now(now))


def update_measure(con, measure_id: int, m: Measure, by: str, catalog: Catalog, now: datetime | None = None) -> None:
    _check(m, catalog)
    with _Transaction(con) as cur:
        if cur.execute("SELECT count(*) FROM measure WHERE id = ?", [int(measure_id)]).fetchone()[0] == 0:
            raise KeyError(f"measure {measure_id} does not exist")
        _update(cur, int(measure_id), m, by, _now(now))


def measures(con, goal_id: str | None = None) -> pd.DataFrame:
    """Measures (of one goal) with their linked indicator ids as a list; ordered by goal, status, due date."""
    sql = """
        SELECT m.id, m.goal_id, m.title, m.description, m.responsible, m.status, m.due_date, m.is_example,
               m.created_by, m.created_at, m.updated_by, m.updated_at,
               coalesce(l.ids, []::VARCHAR[]) AS indicator_ids
        FROM measure m
        LEFT JOIN (SELECT measure_id, list(indicator_id ORDER BY indicator_id) AS ids
                   FROM measure_indicator GROUP BY measure_id) l ON l.measure_id = m.id
        {where}
        ORDER BY try_cast(m.goal_id AS INTEGER), m.goal_id,
                 CASE m.status WHEN 'in_progress' THEN 0 WHEN 'planned' THEN 1 WHEN 'done' THEN 2 ELSE 3 END,
                 m.due_date NULLS LAST, m.id"""
    if goal_id is None:
        out = _df(con, sql.format(where=""))
    else:
        out = _df(con, sql.format(where="WHERE m.goal_id = ?"), [str(goal_id)])
    out["indicator_ids"] = out["indicator_ids"].map(lambda v: list(v) if v is not None else [])
    out["due_date"] = out["due_date"].map(lambda d: None if pd.isna(d) else pd.Timestamp(d).date())
    return out[MEASURE_COLUMNS]


def get_measure(con, measure_id: int) -> Measure | None:
    frame = _df(con, "SELECT id FROM measure WHERE id = ?", [int(measure_id)])
    if frame.empty:
        return None
    rows = measures(con)
    r = rows[rows["id"] == int(measure_id)].iloc[0]
    return Measure(
        goal_id=r["goal_id"],
        title=r["title"],
        description=r["description"],
        responsible=r["responsible"],
        status=r["status"],
        due_date=r["due_date"],
        indicator_ids=list(r["indicator_ids"]),
        is_example=bool(r["is_example"]),
    )


def import_measures(
    con,
    items: Sequence[tuple[int | None, Measure]],
    by: str,
    catalog: Catalog,
    now: datetime | None = None,
    mark_example_loaded: bool = False,
) -> dict[str, int]:
    """Save many measures in one transaction (all or nothing). Each item is (id or None, measure): with an id
    the stored measure is updated; without, a measure of the same goal and title (case-insensitive) is updated,
    so importing the same file twice changes nothing. Returns counts of added, updated and unchanged."""
    for _, m in items:
        _check(m, catalog)
    now = _now(now)
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    with _Transaction(con) as cur:
        for measure_id, m in items:
            if measure_id is None:
                row = cur.execute(
                    "SELECT min(id) FROM measure WHERE goal_id = ? AND lower(trim(title)) = ?",
                    [str(m.goal_id), m.title.strip().lower()],
                ).fetchone()
                measure_id = row[0] if row else None
            elif cur.execute("SELECT count(*) FROM measure WHERE id = ?", [int(measure_id)]).fetchone()[0] == 0:
                raise InvalidInput([_unknown_id(measure_id)])
            if measure_id is None:
                _insert(cur, m, by, now)
                counts["added"] += 1
                continue
            if _same(cur, int(measure_id), m):
                counts["unchanged"] += 1
                continue
            _update(cur, int(measure_id), m, by, now)
            counts["updated"] += 1
        if mark_example_loaded:
            cur.execute("INSERT INTO meta VALUES (?, 'yes') ON CONFLICT DO NOTHING", [EXAMPLE_MEASURES_KEY])
    return counts


def _unknown_id(measure_id):
    from indicators.measures import Problem

    return Problem(
        "id", f"Det finnes ikke noe tiltak med id {measure_id}.", f"There is no measure with id {measure_id}."
    )


def _same(cur, measure_id: int, m: Measure) -> bool:
    row = cur.execute(
        """SELECT goal_id, title, description, responsible, status, due_date FROM measure
                         WHERE id = ?""",
        [measure_id],
    ).fetchone()
    links = sorted(
        r[0]
        for r in cur.execute("SELECT indicator_id FROM measure_indicator WHERE measure_id = ?", [measure_id]).fetchall()
    )
    return tuple(row) == (
        str(m.goal_id),
        m.title.strip(),
        (m.description or "").strip(),
        (m.responsible or "").strip(),
        m.status,
        m.due_date,
    ) and links == sorted(dict.fromkeys(m.indicator_ids))


def example_measures_loaded(con) -> bool:
    cur = con.cursor()
    try:
        return cur.execute("SELECT count(*) FROM meta WHERE key = ?", [EXAMPLE_MEASURES_KEY]).fetchone()[0] > 0
    finally:
        cur.close()


def version(con) -> tuple:
    """Changes with every comment or measure written; pages key cached meeting data on it."""
    cur = con.cursor()
    try:
        return tuple(
            cur.execute("""SELECT (SELECT coalesce(max(id), 0) FROM commentary),
                                           (SELECT coalesce(max(updated_at), TIMESTAMP '2000-01-01') FROM measure),
                                           (SELECT count(*) FROM measure)""").fetchone()
        )
    finally:
        cur.close()
