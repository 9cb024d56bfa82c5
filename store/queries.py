"""Read queries: small parameterised functions that return DataFrames for the engine, pages and reports."""
from __future__ import annotations

from typing import Sequence

import duckdb
import numpy as np
import pandas as pd

HEADLINE_AREA = "Asker"
TOTAL = ""


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence = ()) -> pd.DataFrame:
    cur = con.cursor()
    try:
        return cur.execute(sql, list(params)).df()
    finally:
        cur.close()


def _scalar(con, sql: str, params: Sequence = ()):
    cur = con.cursor()
    try:
        row = cur.execute(sql, list(params)).fetchone()
        return row[0] if row else None
    finally:
        cur.close()


def goals(con) -> pd.DataFrame:
    return _df(con, "SELECT * FROM goal ORDER BY sort")


def objectives(con, goal_id: str | None = None) -> pd.DataFrame:
    if goal_id is None:
        return _df(con, "SELECT * FROM objective ORDER BY sort")
    return _df(con, "SELECT * FROM objective WHERE goal_id = ? ORDER BY sort", [str(goal_id)])


def indicator_counts(con) -> pd.DataFrame:
    """Number of indicators per objective (primary or linked) and how many have any data."""
    return _df(con, """
        SELECT o.goal_id, o.id AS objective_id, count(l.indicator_id) AS n_indicators,
               count(DISTINCT d.indicator_id) AS n_with_data
        FROM objective o
        LEFT JOIN indicator_objective l ON l.objective_id = o.id
        LEFT JOIN (SELECT DISTINCT indicator_id FROM observation WHERE value IS NOT NULL) d
               ON d.indicator_id = l.indicator_id
        GROUP BY o.goal_id, o.id, o.sort ORDER BY o.sort""")


def headline_observations(con, indicator_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Asker's total series (the ones targets apply to) for all or some indicators."""
    sql = """SELECT indicator_id, period, year, time, period_kind, value, missing, flag, note
             FROM observation WHERE area = ? AND breakdown = ?"""
    params: list = [HEADLINE_AREA, TOTAL]
    if indicator_ids is not None:
        sql += " AND list_contains(?, indicator_id)"
        params.append(list(indicator_ids))
    return _df(con, sql + " ORDER BY indicator_id, time", params)


def series(con, indicator_id: str, area: str = HEADLINE_AREA, breakdown: str = TOTAL) -> pd.DataFrame:
    return _df(con, """SELECT period, year, time, period_kind, value, missing, flag, note, upload_id
                       FROM observation WHERE indicator_id = ? AND area = ? AND breakdown = ?
                       ORDER BY time""", [indicator_id, area, breakdown])


def headline_series(con) -> pd.DataFrame:
    """Asker's total series of every indicator in one scan, with the columns `series` returns (the dashboard
    caches it per data version instead of asking once per indicator)."""
    return _df(con, """SELECT indicator_id, period, year, time, period_kind, value, missing, flag, note, upload_id
                       FROM observation WHERE area = ? AND breakdown = ?
                       ORDER BY indicator_id, time""", [HEADLINE_AREA, TOTAL])


def indicator_series(con, indicator_id: str) -> pd.DataFrame:
    """Every series (area × breakdown) of one indicator in one query, with the columns `series` returns."""
    return _df(con, """SELECT area, breakdown, period, year, time, period_kind, value, missing, flag, note, upload_id
                       FROM observation WHERE indicator_id = ?
                       ORDER BY area, breakdown, time""", [indicator_id])


def observations(con, indicator_id: str) -> pd.DataFrame:
    """Every stored row of one indicator (all areas and breakdowns), for the detail page's table."""
    return _df(con, """SELECT area, breakdown, period, year, value, missing, flag, note, upload_id,
                              source_file, source_row
                       FROM observation WHERE indicator_id = ?
                       ORDER BY area <> 'Asker', area, breakdown, time""", [indicator_id])


def series_many(con, indicator_ids: Sequence[str], areas: Sequence[str] | None = None,
                breakdowns: Sequence[str] | None = None, year_from: int | None = None,
                year_to: int | None = None) -> pd.DataFrame:
    sql = """SELECT indicator_id, area, breakdown, period, year, time, value, flag
             FROM observation WHERE list_contains(?, indicator_id) AND value IS NOT NULL"""
    params: list = [list(indicator_ids)]
    if areas:
        sql += " AND list_contains(?, area)"
        params.append(list(areas))
    if breakdowns is not None:
        sql += " AND list_contains(?, breakdown)"
        params.append(list(breakdowns))
    if year_from is not None:
        sql += " AND year >= ?"
        params.append(int(year_from))
    if year_to is not None:
        sql += " AND year <= ?"
        params.append(int(year_to))
    return _df(con, sql + " ORDER BY indicator_id, area, breakdown, time", params)


def areas_and_breakdowns(con, indicator_id: str) -> pd.DataFrame:
    return _df(con, """SELECT area, breakdown, count(value) AS n, min(year) AS first_year, max(year) AS last_year
                       FROM observation WHERE indicator_id = ? GROUP BY area, breakdown
                       ORDER BY area <> 'Asker', area, breakdown""", [indicator_id])


def all_areas(con) -> list[str]:
    cur = con.cursor()
    try:
        return [r[0] for r in cur.execute(
            "SELECT DISTINCT area FROM observation ORDER BY area <> 'Asker', area").fetchall()]
    finally:
        cur.close()


def year_range(con) -> tuple[int | None, int | None]:
    cur = con.cursor()
    try:
        return tuple(cur.execute("SELECT min(year), max(year) FROM observation").fetchone())
    finally:
        cur.close()


def freshness(con) -> pd.DataFrame:
    """Per indicator: latest year with a value (Asker total), number of values and when data last changed."""
    return _df(con, """
        SELECT i.id AS indicator_id, i.objective_id, i.frequency,
               max(o.year) FILTER (WHERE o.value IS NOT NULL) AS latest_year,
               count(o.value) AS n_values,
               max(u.uploaded_at) AS last_upload_at
        FROM indicator i
        LEFT JOIN observation o ON o.indicator_id = i.id AND o.area = 'Asker' AND o.breakdown = ''
        LEFT JOIN upload u ON u.id = o.upload_id
        GROUP BY i.id, i.objective_id, i.frequency, i.sort ORDER BY i.sort""")


def uploads(con, limit: int = 200) -> pd.DataFrame:
    return _df(con, """SELECT id, uploaded_by, uploaded_at, file_name, file_sha256, file_format, rows_read,
                              rows_added, rows_changed, rows_unchanged, n_warnings, is_example, state,
                              rolled_back_at, rolled_back_by
                       FROM upload ORDER BY id DESC LIMIT ?""", [int(limit)])


def uploads_for_indicator(con, indicator_id: str) -> pd.DataFrame:
    return _df(con, """
        SELECT u.id, u.uploaded_by, u.uploaded_at, u.file_name, u.state, count(*) AS rows_touched
        FROM observation_history c JOIN upload u ON u.id = c.upload_id
        WHERE c.indicator_id = ? GROUP BY ALL ORDER BY u.id DESC""", [indicator_id])


def upload_changes(con, upload_id: int, limit: int | None = None) -> pd.DataFrame:
    """The rows one upload inserted or changed (the first `limit` when given: a national file has millions)."""
    sql = """SELECT indicator_id, area, breakdown, period, action, old_value, new_value
             FROM observation_history WHERE upload_id = ?
             ORDER BY indicator_id, area, breakdown, period"""
    params: list = [int(upload_id)]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return _df(con, sql, params)


def upload_change_count(con, upload_id: int) -> int:
    return int(_scalar(con, "SELECT count(*) FROM observation_history WHERE upload_id = ?", [int(upload_id)]) or 0)


def upload_by_hash(con, sha256: str) -> int | None:
    return _scalar(con, "SELECT max(id) FROM upload WHERE file_sha256 = ? AND state = 'committed'", [sha256])


def shows_example_data(con) -> bool:
    """True while any stored value came from the bundled example data."""
    # Look up the (few) example uploads first: a store without them answers without scanning observations,
    # and with them the scan compares integers only (every page asks this on every run).
    ids = [r[0] for r in _rows(con, "SELECT id FROM upload WHERE is_example")]
    if not ids:
        return False
    return bool(_scalar(con, "SELECT EXISTS (SELECT 1 FROM observation WHERE list_contains(?, upload_id))", [ids]))


def _rows(con, sql: str, params: Sequence = ()) -> list:
    cur = con.cursor()
    try:
        return cur.execute(sql, list(params)).fetchall()
    finally:
        cur.close()


def data_as_of(con):
    """When the data last changed (latest committed upload), or None for an empty store."""
    return _scalar(con, "SELECT max(uploaded_at) FROM upload WHERE state = 'committed'")


def series_stats(con, keys: pd.DataFrame) -> pd.DataFrame:
    """History of the series an upload touches (indicator × area × breakdown): range, median, last year.
    Used for upload warnings (value far outside history, unit looks different, gaps)."""
    cur = con.cursor()
    try:
        cur.register("upload_keys", keys[["indicator_id", "area", "breakdown"]].drop_duplicates())
        return cur.execute("""
            SELECT o.indicator_id, o.area, o.breakdown, min(o.value) AS hist_min, max(o.value) AS hist_max,
                   median(o.value) AS hist_median, count(o.value) AS hist_n, max(o.year) AS hist_last_year
            FROM observation o JOIN upload_keys k USING (indicator_id, area, breakdown)
            WHERE o.value IS NOT NULL GROUP BY ALL""").df()
    finally:
        cur.close()


def stored_years(con, keys: pd.DataFrame) -> pd.DataFrame:
    cur = con.cursor()
    try:
        cur.register("upload_keys", keys[["indicator_id", "area", "breakdown"]].drop_duplicates())
        return cur.execute("""
            SELECT o.indicator_id, o.area, o.breakdown, o.year, o.value FROM observation o
            JOIN upload_keys k USING (indicator_id, area, breakdown)
            WHERE o.period_kind IN ('year', 'school_year') AND o.value IS NOT NULL""").df()
    finally:
        cur.close()


def export_frame(con) -> pd.DataFrame:
    """All observations in the canonical long format (`year` holds the period label)."""
    return _df(con, """SELECT indicator_id, period AS year, value, area, breakdown, flag, note, missing
                       FROM observation ORDER BY indicator_id, area, breakdown, time""")


def data_version(con) -> tuple:
    """A token that changes with every committed or rolled-back upload and every catalog sync."""
    cur = con.cursor()
    try:
        return tuple(cur.execute("""SELECT coalesce(max(id), 0), count(*) FILTER (WHERE state = 'rolled_back'),
                                           (SELECT count(*) FROM indicator)
                                    FROM upload""").fetchone())
    finally:
        cur.close()


# --- checks of an upload against the stored series (set-based; see etl.load.check_against_store) ----------

def upload_checks(con, data: pd.DataFrame, indicators: pd.DataFrame, limit: int) -> dict:
    """Find what etl.load.check_against_store warns about, in SQL over the whole upload at once.

    `data`: the upload's rows (indicator_id, area, breakdown, year, period, period_kind, value, source_row) in
    file order; rows without a value are left out here. `indicators`: indicator_id, unit, step (years between expected values).
    Returns the first `limit` hits of each kind (in the order the warnings are listed) and how many there are:
    far (+ n_far), jumps (+ n_jumps), gaps (+ n_gaps, with each series' years) and units (one row per percent
    indicator, with what the unit check needs)."""
    cur = con.cursor()
    try:
        cols = ["indicator_id", "area", "breakdown", "year", "period", "period_kind", "value", "source_row"]
        # Copied once into DuckDB (file order kept in _pos); every query below reads the copy, not pandas.
        import pyarrow as pa
        cur.register("chk_frame", pa.Table.from_pandas(
            pd.DataFrame({**{c: data[c] for c in cols}, "_pos": np.arange(len(data))}), preserve_index=False))
        cur.execute("CREATE TEMP TABLE chk_new AS SELECT * FROM chk_frame WHERE value IS NOT NULL")
        cur.unregister("chk_frame")
        cur.register("chk_ind", indicators[["indicator_id", "unit", "step"]])
        cur.execute("""
            CREATE TEMP TABLE chk_stats AS
            SELECT o.indicator_id, o.area, o.breakdown, min(o.value) AS hist_min, max(o.value) AS hist_max,
                   median(o.value) AS hist_median, count(o.value) AS hist_n
            FROM observation o JOIN (SELECT DISTINCT indicator_id, area, breakdown FROM chk_new) k
                 USING (indicator_id, area, breakdown)
            WHERE o.value IS NOT NULL GROUP BY ALL""")
        # Far outside: beyond the historic range widened by its own width (or 50 % of the level if flat).
        far = cur.execute("""
            WITH m AS (
                SELECT n.*, s.hist_min, s.hist_max,
                       CASE WHEN s.hist_max - s.hist_min > 0 THEN s.hist_max - s.hist_min
                            ELSE abs(s.hist_median) * 0.5 END AS width
                FROM chk_new n JOIN chk_stats s USING (indicator_id, area, breakdown) WHERE s.hist_n >= 3)
            SELECT indicator_id, area, breakdown, value, source_row, hist_min, hist_max, count(*) OVER () AS n
            FROM m WHERE value > hist_max + width OR value < hist_min - width
            ORDER BY _pos LIMIT ?""", [int(limit)]).df()
        units = cur.execute("""
            SELECT n.indicator_id, bool_and(n.value > 0 AND n.value <= 1) AS looks_share,
                   median(s.hist_median) AS hist_median, count(s.hist_median) AS n_hist,
                   arg_min(n.source_row, n._pos) AS first_row, arg_min(n.value, n._pos) AS first_value
            FROM chk_new n LEFT JOIN chk_stats s USING (indicator_id, area, breakdown)
            WHERE n.indicator_id IN (SELECT indicator_id FROM chk_ind WHERE unit = 'percent')
            GROUP BY n.indicator_id ORDER BY n.indicator_id""").df()
        # Annual series as they would be after the upload: stored values overlaid by the new ones.
        cur.execute("""
            CREATE TEMP TABLE chk_annual AS
            WITH n AS (SELECT indicator_id, area, breakdown, year, value, source_row, TRUE AS is_new
                       FROM chk_new WHERE period_kind IN ('year', 'school_year')),
                 s AS (SELECT o.indicator_id, o.area, o.breakdown, o.year, o.value,
                              CAST(NULL AS BIGINT) AS source_row, FALSE AS is_new
                       FROM observation o JOIN (SELECT DISTINCT indicator_id, area, breakdown FROM n) k
                            USING (indicator_id, area, breakdown)
                       WHERE o.period_kind IN ('year', 'school_year') AND o.value IS NOT NULL)
            SELECT * FROM n UNION ALL SELECT * FROM s ANTI JOIN n USING (indicator_id, area, breakdown, year)""")
        # A jump is measured against the year before (a value further back is not "a jump from last year").
        jumps = cur.execute("""
            SELECT n.indicator_id, n.area, n.breakdown, n.year, n.value, n.source_row, p.value AS prev,
                   p.year AS prev_year, abs(n.value - p.value) / abs(p.value) AS rel, count(*) OVER () AS n
            FROM chk_annual n JOIN chk_annual p
                 ON p.indicator_id = n.indicator_id AND p.area = n.area AND p.breakdown = n.breakdown
                AND p.year = n.year - 1
            WHERE n.is_new AND abs(p.value) > 0 AND abs(n.value - p.value) / abs(p.value) > 0.5
            ORDER BY n.indicator_id, n.area, n.breakdown, n.year LIMIT ?""", [int(limit)]).df()
        # A gap: two stored-or-new years further apart than twice the indicator's step. Only series with a
        # year missing between their first and last can have one, so the window runs on those alone.
        gaps = cur.execute("""
            WITH span AS (
                SELECT indicator_id, area, breakdown FROM chk_annual GROUP BY ALL
                HAVING max(year) - min(year) + 1 > count(*)),  -- one row per series and year (see chk_annual)
            a AS (
                SELECT a.indicator_id, a.area, a.breakdown, a.year,
                       a.year - lag(a.year) OVER (PARTITION BY a.indicator_id, a.area, a.breakdown
                                                  ORDER BY a.year) AS step_from_prev
                FROM chk_annual a JOIN span USING (indicator_id, area, breakdown)),
            g AS (
                SELECT a.indicator_id, a.area, a.breakdown, max(a.step_from_prev) AS widest,
                       coalesce(any_value(i.step), 1) AS step, list(a.year ORDER BY a.year) AS years
                FROM a LEFT JOIN chk_ind i USING (indicator_id) GROUP BY ALL)
            SELECT indicator_id, area, breakdown, step, years, count(*) OVER () AS n FROM g
            WHERE widest >= 2 * step ORDER BY indicator_id, area, breakdown LIMIT ?""", [int(limit)]).df()
        for table in ("chk_new", "chk_stats", "chk_annual"):
            cur.execute(f"DROP TABLE {table}")
    finally:
        cur.close()
    return {"far": far, "n_far": int(far["n"].iloc[0]) if len(far) else 0, "units": units,
            "jumps": jumps, "n_jumps": int(jumps["n"].iloc[0]) if len(jumps) else 0,
            "gaps": gaps, "n_gaps": int(gaps["n"].iloc[0]) if len(gaps) else 0}


def unchanged_since(con, sha256: str) -> dict | None:
    """The latest upload, when it is committed, has this file hash and nothing was rolled back since: then the
    store still holds exactly what that file says. Returns its id, rows_read, file_format and the load record
    it wrote (meta 'last_load'); None otherwise."""
    row = _rows(con, """SELECT u.id, u.rows_read, u.file_format, m.value FROM upload u
                        LEFT JOIN meta m ON m.key = 'last_load'
                        WHERE u.id = (SELECT max(id) FROM upload) AND u.state = 'committed' AND u.file_sha256 = ?
                          AND NOT EXISTS (SELECT 1 FROM upload r WHERE r.rolled_back_at >= u.uploaded_at)""",
                [sha256])
    if not row:
        return None
    import json
    upload_id, rows_read, file_format, last = row[0]
    return {"upload_id": upload_id, "rows_read": rows_read, "file_format": file_format,
            "last_load": json.loads(last) if last else None}
