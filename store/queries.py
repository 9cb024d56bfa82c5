"""Read queries: small parameterised functions that return DataFrames for the engine, pages and reports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from indicators.catalog import HEADLINE_AREA, TOTAL  # noqa: F401  (queries.HEADLINE_AREA for callers)


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
    return _df(
        con,
        """
        SELECT o.goal_id, o.id AS objective_id, count(l.indicator_id) AS n_indicators,
               count(DISTINCT d.indicator_id) AS n_with_data
        FROM objective o
        LEFT JOIN indicator_objective l ON l.objective_id = o.id
        LEFT JOIN (SELECT DISTINCT indicator_id FROM observation WHERE value IS NOT NULL) d
               ON d.indicator_id = l.indicator_id
        GROUP BY o.goal_id, o.id, o.sort ORDER BY o.sort""",
    )


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
    return _df(
        con,
        """SELECT period, year, time, period_kind, value, missing, flag, note, upload_id
                       FROM observation WHERE indicator_id = ? AND area = ? AND breakdown = ?
                       ORDER BY time""",
        [indicator_id, area, breakdown],
    )


def headline_series(con) -> pd.DataFrame:
    """Asker's total series of every indicator in one scan, with the columns `series` returns (the dashboard
    caches it per data version instead of asking once per indicator)."""
    return _df(
        con,
        """SELECT indicator_id, period, year, time, period_kind, value, missing, flag, note, upload_id
                       FROM observation WHERE area = ? AND breakdown = ?
                       ORDER BY indicator_id, time""",
        [HEADLINE_AREA, TOTAL],
    )


def indicator_series(con, indicator_id: str) -> pd.DataFrame:
    """Every series (area × breakdown) of one indicator in one query, with the columns `series` returns."""
    return _df(
        con,
        """SELECT area, breakdown, period, year, time, period_kind, value, missing, flag, note, upload_id
                       FROM observation WHERE indicator_id = ?
                       ORDER BY area, breakdown, time""",
        [indicator_id],
    )


def observations(con, indicator_id: str) -> pd.DataFrame:
    """Every stored row of one indicator (all areas and breakdowns), for the detail page's table."""
    return _df(
        con,
        """SELECT area, breakdown, period, year, value, missing, flag, note, upload_id,
                              source_file, source_row
                       FROM observation WHERE indicator_id = ?
                       ORDER BY area <> 'Asker', area, breakdown, time""",
        [indicator_id],
    )


def series_many(
    con,
    indicator_ids: Sequence[str],
    areas: Sequence[str] | None = None,
    breakdowns: Sequence[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> pd.DataFrame:
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


def peer_series(con, areas: Sequence[str], indicator_id: str | None = None) -> pd.DataFrame:
    """The total series of the comparison group's areas: one indicator, or every indicator in one scan
    (the goal pages rank all their indicators from one query per data version)."""
    sql = """SELECT indicator_id, area, period, year, time, value, flag
             FROM observation WHERE breakdown = ? AND list_contains(?, area) AND value IS NOT NULL"""
    params: list = [TOTAL, list(areas)]
    if indicator_id is not None:
        sql += " AND indicator_id = ?"
        params.append(indicator_id)
    return _df(con, sql + " ORDER BY indicator_id, area, time", params)


def areas_and_breakdowns(con, indicator_id: str) -> pd.DataFrame:
    return _df(
        con,
        """SELECT area, breakdown, count(value) AS n, min(year) AS first_year, max(year) AS last_year
                       FROM observation WHERE indicator_id = ? GROUP BY area, breakdown
                       ORDER BY area <> 'Asker', area, breakdown""",
        [indicator_id],
    )


def all_areas(con) -> list[str]:
    cur = con.cursor()
    try:
        return [
            r[0] for r in cur.execute("SELECT DISTINCT area FROM observation ORDER BY area <> 'Asker', area").fetchall()
        ]
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
    return _df(
        con,
        """
        SELECT i.id AS indicator_id, i.objective_id, i.frequency,
               max(o.year) FILTER (WHERE o.value IS NOT NULL) AS latest_year,
               max(o.time) FILTER (WHERE o.value IS NOT NULL) AS latest_time,
               count(o.value) AS n_values,
               max(u.uploaded_at) AS last_upload_at
        FROM indicator i
        LEFT JOIN observation o ON o.indicator_id = i.id AND o.area = 'Asker' AND o.breakdown = ''
        LEFT JOIN upload u ON u.id = o.upload_id
        GROUP BY i.id, i.objective_id, i.frequency, i.sort ORDER BY i.sort""",
    )


def uploads(con, limit: int = 200) -> pd.DataFrame:
    return _df(
        con,
        """SELECT id, uploaded_by, uploaded_at, file_name, file_sha256, file_format, rows_read,
                              rows_added, rows_changed, rows_unchanged, n_warnings, is_example, state,
                              rolled_back_at, rolled_back_by, source_url
                       FROM upload ORDER BY id DESC LIMIT ?""",
        [int(limit)],
    )


def uploads_for_indicator(con, indicator_id: str) -> pd.DataFrame:
    return _df(
        con,
        """
        SELECT u.id, u.uploaded_by, u.uploaded_at, u.file_name, u.state, count(*) AS rows_touched
        FROM observation_history c JOIN upload u ON u.id = c.upload_id
        WHERE c.indicator_id = ? GROUP BY ALL ORDER BY u.id DESC""",
        [indicator_id],
    )


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
    return _df(
        con,
        """SELECT indicator_id, period AS year, value, area, breakdown, flag, note, missing
                       FROM observation ORDER BY indicator_id, area, breakdown, time""",
    )


# --- open data (api/): what the public routes publish; never who uploaded (a person's e-mail) -------------


def observations_all(con) -> pd.DataFrame:
    """Every stored row of every indicator, with the columns `observations` returns plus indicator_id."""
    return _df(
        con,
        """SELECT indicator_id, area, breakdown, period, year, value, missing, flag, note, upload_id,
                              source_file, source_row
                       FROM observation ORDER BY indicator_id, area <> 'Asker', area, breakdown, time""",
    )


def published_uploads(con) -> pd.DataFrame:
    """The upload list as the open data shows it: what came in when, not who sent it."""
    return _df(
        con,
        """SELECT id, uploaded_at, file_name, file_format, rows_added, rows_changed, is_example, state,
                              rolled_back_at
                       FROM upload ORDER BY id""",
    )


def last_change(con):
    """When the data last changed: the latest upload or rollback (None for an empty store)."""
    return _scalar(con, "SELECT greatest(max(uploaded_at), max(rolled_back_at)) FROM upload")


def data_version(con) -> tuple:
    """A token that changes with every committed or rolled-back upload and every catalog sync."""
    cur = con.cursor()
    try:
        return tuple(
            cur.execute("""SELECT coalesce(max(id), 0), count(*) FILTER (WHERE state = 'rolled_back'),
                                           (SELECT count(*) FROM indicator)
                                    FROM upload""").fetchone()
        )
    finally:
        cur.close()


# --- checks of an upload against the stored series (see etl.load.check_against_store) ----------------------
# The upload is checked in numpy on integer series numbers; the store is asked only about the series it holds
# (one aggregate; an empty store answers at once), and for stored annual values only where the upload does not
# overlay them all. A national file (1.3 million rows) is never copied into DuckDB for this.

ANNUAL_KINDS = ("year", "school_year")


def _arrow(column: pd.Series):
    """A frame column as one Arrow array (no copy for the readers' Arrow-backed strings)."""
    import pyarrow as pa

    arr = pa.array(column, from_pandas=True)
    arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    return arr.dictionary_decode() if pa.types.is_dictionary(arr.type) else arr  # a categorical column


def _first_and_number(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For the distinct values of `key` in ascending order: the position of each one's first occurrence, and
    for every entry the number of its value (np.unique does this too, but far slower in numpy 2.4)."""
    order = np.argsort(key, kind="stable")
    sk = key[order]
    new = np.r_[True, sk[1:] != sk[:-1]]
    number = np.empty(len(key), dtype=np.int64)
    number[order] = np.cumsum(new) - 1
    return order[new], number


class _Series:
    """The upload's series (indicator_id × area × breakdown), numbered 0… in their sort order.

    sid: each row's series number; keys: per series its indicator_id, area, breakdown (and sid), as Arrow;
    ind: per series the number of its indicator in `indicators` (the upload's indicator ids, sorted)."""

    def __init__(self, data: pd.DataFrame):
        import pyarrow.compute as pc

        n = len(data)
        cols = [_arrow(data[c]) for c in ("indicator_id", "area", "breakdown")]
        # A file keeps a series' rows together, so the text is compared only between neighbouring rows, and
        # only the first row of each run of equal keys is sorted and numbered (national file: 52 000 runs).
        new_run = np.zeros(n, dtype=bool)
        new_run[0] = True
        for col in cols:  # the keys are never NULL (readers fill area and breakdown; the store says NOT NULL)
            new_run[1:] |= pc.not_equal(col[1:], col[:-1]).to_numpy(zero_copy_only=False)
        starts = np.flatnonzero(new_run)
        key = np.zeros(len(starts), dtype=np.int64)
        ranks, self._values = [], []
        for col in cols:
            enc = pc.dictionary_encode(col.take(starts))
            # Arrow sorts UTF-8 bytewise, i.e. by code point, as DuckDB's ORDER BY and Python do.
            order = pc.sort_indices(enc.dictionary).to_numpy()
            rank = np.empty(len(order), dtype=np.int64)
            rank[order] = np.arange(len(order))
            ranks.append(rank[enc.indices.to_numpy()])
            key = key * len(order) + ranks[-1]
            self._values.append(enc.dictionary.take(order))  # the column's distinct values, sorted
        self.indicators = self._values[0].to_pylist()
        first_run, run_sid = _first_and_number(key)
        self._key = key[first_run]  # ascending: the series' numbers follow it
        self.n = len(first_run)
        self.starts, self.run_sid = starts, run_sid.astype(np.int64)  # runs of rows of one series
        self._n_rows = n
        self._sid: np.ndarray | None = None
        self.ind = ranks[0][first_run]
        self._cols, self._first_rows, self._keys = cols, starts[first_run], None

    @property
    def sid(self) -> np.ndarray:
        """Each row's series number (made when first asked for)."""
        if self._sid is None:
            self._sid = np.repeat(self.run_sid, np.diff(np.append(self.starts, self._n_rows)))
        return self._sid

    def sid_of(self, rows: np.ndarray) -> np.ndarray:
        """The series numbers of the given rows (ascending), without numbering every row."""
        if self._sid is not None:
            return self._sid[rows]
        return np.repeat(self.run_sid, np.diff(np.append(np.searchsorted(rows, self.starts), len(rows))))

    @property
    def keys(self):
        """Per series its sid, indicator_id, area, breakdown, as an Arrow table (made when first asked for)."""
        import pyarrow as pa

        if self._keys is None:
            rows = pa.array(self._first_rows)
            self._keys = pa.table(
                {
                    "sid": pa.array(np.arange(self.n)),
                    "indicator_id": self._cols[0].take(rows),
                    "area": self._cols[1].take(rows),
                    "breakdown": self._cols[2].take(rows),
                }
            )
        return self._keys

    def find(self, table) -> np.ndarray:
        """The series number of each row of an Arrow table with indicator_id, area, breakdown; -1 for a series
        not in the upload."""
        import pyarrow.compute as pc

        key = np.zeros(table.num_rows, dtype=np.int64)
        found = np.ones(table.num_rows, dtype=bool)
        for name, values in zip(("indicator_id", "area", "breakdown"), self._values):
            col = table[name]
            rank = pc.fill_null(pc.index_in(col, value_set=values.cast(col.type)), -1).to_numpy()
            found &= rank >= 0
            key = key * len(values) + rank
        at = np.minimum(np.searchsorted(self._key, key), self.n - 1)
        return np.where(found & (self._key[at] == key), at, -1)

    def names(self, sids: np.ndarray) -> dict:
        """indicator_id, area, breakdown of the given series, as lists (for the few rows reported)."""
        rows = self._first_rows[np.asarray(sids, dtype=np.int64)]
        return {c: col.take(rows).to_pylist() for c, col in zip(("indicator_id", "area", "breakdown"), self._cols)}


def _with_table(cur, name: str, table, sql: str, params: Sequence | dict = ()) -> dict:
    """Run `sql` with an Arrow table registered as `name`; the result as numpy arrays."""
    cur.register(name, table)
    try:
        return cur.execute(sql, params if isinstance(params, dict) else list(params)).fetchnumpy()
    finally:
        cur.unregister(name)


_ANNUAL_SQL = "period_kind IN ('year', 'school_year')"


def _stored_stats(cur, series: _Series, base: int) -> dict | None:
    """Per upload series, what the store holds: the range and count of its values, and in `years` bit y - base
    for each year y in base … base + 62 with a value (bit 63: a year outside those). None when the store holds
    no value of any of these series (a first load)."""
    if not _rows(
        cur,
        "SELECT EXISTS (SELECT 1 FROM observation WHERE value IS NOT NULL AND list_contains(?, indicator_id))",
        [series.indicators],
    )[0][0]:
        return None
    # The years are those of all stored values, not only the annual ones: this keeps the query cheap (no text
    # comparison per row), and a year too many only makes _annual fetch a series it could have skipped.
    got = cur.sql(
        """
        SELECT indicator_id, area, breakdown, min(value) AS hist_min, max(value) AS hist_max, count(*) AS hist_n,
               bit_or(CAST(1 AS UBIGINT) << CAST(CASE WHEN year BETWEEN $base AND $base + 62 THEN year - $base
                                                      ELSE 63 END AS UBIGINT)) AS years
        FROM observation WHERE value IS NOT NULL AND list_contains($ids, indicator_id) GROUP BY ALL""",
        params={"ids": series.indicators, "base": base},
    ).to_arrow_table()
    # Matched to the upload's series here rather than joined in DuckDB (a join on three text columns).
    sid = series.find(got)
    mine = sid >= 0
    if not mine.any():
        return None
    out: dict[str, Any] = {
        "hist_n": np.zeros(series.n, dtype=np.int64),
        "hist_min": np.full(series.n, np.nan),
        "hist_max": np.full(series.n, np.nan),
        "years": np.zeros(series.n, dtype=np.uint64),
    }
    for name, arr in out.items():
        arr[sid[mine]] = got[name].to_numpy()[mine]
    out["base"] = base
    return out


def _stored_annual(cur, series: _Series, sids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The stored annual values (series, year, value) of the given series."""
    got = _with_table(
        cur,
        "chk_fetch",
        series.keys.take(np.asarray(sids, dtype=np.int64)),
        f"""
        SELECT k.sid, o.year, o.value FROM observation o JOIN chk_fetch k USING (indicator_id, area, breakdown)
        WHERE o.value IS NOT NULL AND o.{_ANNUAL_SQL}""",
    )
    return (
        np.asarray(got["sid"], dtype=np.int64),
        np.asarray(got["year"], dtype=np.int64),
        np.asarray(got["value"], dtype=np.float64),
    )


def _far(series: _Series, stats: dict | None, value: np.ndarray, source_row: np.ndarray, limit: int) -> pd.DataFrame:
    """New values beyond the historic range widened by its own width (or 50 % of the level if flat), in file
    order; only series with at least three stored values."""
    cols = ["indicator_id", "area", "breakdown", "value", "source_row", "hist_min", "hist_max", "n"]
    if stats is None:
        return pd.DataFrame(columns=cols)
    lo, hi = stats["hist_min"], stats["hist_max"]
    # Values are finite (the readers refuse inf and nan), so a range of 0 means every value is equal: the
    # median is then hist_min itself and need not be computed for every series.
    width = np.where(hi - lo > 0, hi - lo, np.abs(lo) * 0.5)
    enough = stats["hist_n"] >= 3
    upper = np.where(enough, hi + width, np.inf)
    lower = np.where(enough, lo - width, -np.inf)
    sid = series.sid
    hits = np.flatnonzero((value > upper[sid]) | (value < lower[sid]))  # NaN (no value) compares False
    top = hits[:limit]
    s = sid[top]
    return pd.DataFrame(
        {
            **series.names(s),
            "value": value[top],
            "source_row": source_row[top],
            "hist_min": lo[s],
            "hist_max": hi[s],
            "n": len(hits),
        },
        columns=cols,
    )


def _units(
    cur, series: _Series, stats: dict | None, valid: np.ndarray, value: np.ndarray, source_row: np.ndarray, percent: set
) -> pd.DataFrame:
    """One row per percent indicator with a value in the upload: do all its values lie in (0, 1] (looks_share);
    how many of its rows have stored values in their series (n_hist); and, where the unit warning depends on
    them, the median over those rows of their series' stored median (hist_median) and its first row and value
    in file order (first_row, first_value)."""
    cols = ["indicator_id", "looks_share", "hist_median", "n_hist", "first_row", "first_value"]
    n_ind = len(series.indicators)
    is_pct = np.array([i in percent for i in series.indicators], dtype=bool)
    run_pct = is_pct[series.ind[series.run_sid]]
    if not run_pct.any():
        return pd.DataFrame(columns=cols)
    # Per run of a series' rows: how many values, and do they all look like shares (a missing value does not
    # count against that).
    starts = series.starts
    missing = np.flatnonzero(~valid)
    run_n = np.diff(np.append(starts, len(value))) - np.bincount(
        np.searchsorted(starts, missing, "right") - 1, minlength=len(starts)
    )
    with np.errstate(invalid="ignore"):
        share = np.logical_and.reduceat(~valid | ((value > 0) & (value <= 1)), starts)
    run_ind = series.ind[series.run_sid]
    use = run_pct & (run_n > 0)
    n_values = np.bincount(run_ind[use], weights=run_n[use], minlength=n_ind)
    present = np.flatnonzero(n_values > 0)
    looks_share = np.bincount(run_ind[use & ~share], minlength=n_ind)[present] == 0
    n_hist = np.zeros(n_ind, dtype=np.int64)
    if stats is not None:
        stored = use & (stats["hist_n"][series.run_sid] > 0)
        n_hist = np.bincount(run_ind[stored], weights=run_n[stored], minlength=n_ind).astype(np.int64)
    n_hist = n_hist[present]
    median = np.full(len(present), np.nan)
    first_row = np.full(len(present), np.nan)
    first_value = np.full(len(present), np.nan)
    if looks_share.any():  # rare: only now are the rows of these indicators looked at one by one
        flagged = np.zeros(n_ind, dtype=bool)
        flagged[present[looks_share]] = True
        rows = np.flatnonzero(valid & flagged[series.ind[series.sid]])
        sid = series.sid[rows]
        ind = series.ind[sid]
        first = np.flatnonzero(np.r_[True, sid[1:] != sid[:-1]])  # rows are in file order
        at, _ = _first_and_number(ind[first])
        got_ind = ind[first][at]
        where = np.searchsorted(present, got_ind)
        first_row[where] = source_row[rows[first[at]]]
        first_value[where] = value[rows[first[at]]]
        ask = looks_share & (n_hist > 0)
        if ask.any():
            ids = [series.indicators[i] for i in present[ask]]
            ask_ind = np.zeros(n_ind, dtype=bool)
            ask_ind[present[ask]] = True
            pick = ask_ind[ind]
            got = _with_table(
                cur,
                "chk_unit",
                series.keys.take(sid[pick]).select(["indicator_id", "area", "breakdown"]),
                """
                SELECT n.indicator_id, median(s.hist_median) AS hist_median
                FROM chk_unit n LEFT JOIN (
                    SELECT indicator_id, area, breakdown, median(value) AS hist_median FROM observation
                    WHERE value IS NOT NULL AND list_contains(?, indicator_id) GROUP BY ALL) s
                  USING (indicator_id, area, breakdown)
                GROUP BY n.indicator_id""",
                [ids],
            )
            by_id = dict(zip(got["indicator_id"].tolist(), got["hist_median"].tolist()))
            median[ask] = [by_id[i] for i in ids]
    return pd.DataFrame(
        {
            "indicator_id": [series.indicators[i] for i in present],
            "looks_share": looks_share,
            "hist_median": median,
            "n_hist": n_hist,
            "first_row": first_row,
            "first_value": first_value,
        },
        columns=cols,
    )


def upload_checks(con, data: pd.DataFrame, indicators: pd.DataFrame, limit: int) -> dict:
    """Find what etl.load.check_against_store warns about, over the whole upload at once.

    `data`: the upload's rows (indicator_id, area, breakdown, year, period_kind, value, source_row) in file
    order; rows without a value are left out here. `indicators`: indicator_id, unit, step (years between
    expected values). Returns the first `limit` hits of each kind (in the order the warnings are listed) and how
    many there are: far (+ n_far), jumps (+ n_jumps), gaps (+ n_gaps, with each series' years) and units (one
    row per percent indicator, with what the unit check needs)."""
    value = data["value"].to_numpy(dtype=np.float64, na_value=np.nan)
    valid = ~np.isnan(value)
    source_row = data["source_row"].to_numpy()
    series = _Series(data)
    steps = dict(zip(indicators["indicator_id"], indicators["step"].astype(int)))
    percent = set(indicators.loc[indicators["unit"] == "percent", "indicator_id"])
    cur = con.cursor()
    try:
        stats = _stored_stats(cur, series, int(data["year"].min()))
        far = _far(series, stats, value, source_row, limit)
        units = _units(cur, series, stats, valid, value, source_row, percent)
        jumps, n_jumps, gaps, n_gaps = _annual(cur, data, series, stats, valid, value, source_row, steps, limit)
    finally:
        cur.close()
    return {
        "far": far,
        "n_far": int(far["n"].iloc[0]) if len(far) else 0,
        "units": units,
        "jumps": jumps,
        "n_jumps": n_jumps,
        "gaps": gaps,
        "n_gaps": n_gaps,
    }


def _stable_order(key: np.ndarray) -> np.ndarray:
    """Positions that sort `key`, equal keys kept in their present order."""
    n = len(key)
    if n and 0 <= int(key.min()) and int(key.max()) < (1 << 62) // n:
        # Made unique with the position, numpy's (much faster) unstable sort gives the stable order.
        return np.argsort(key * n + np.arange(n))
    return np.argsort(key, kind="stable")


def _annual(
    cur,
    data: pd.DataFrame,
    series: _Series,
    stats: dict | None,
    valid: np.ndarray,
    value: np.ndarray,
    source_row: np.ndarray,
    steps: dict,
    limit: int,
) -> tuple[pd.DataFrame, int, pd.DataFrame, int]:
    """Jumps and gaps on the annual series as they would be after the upload: the new annual values, and the
    stored ones of the same series in years the upload does not have."""
    import pyarrow.compute as pc

    jump_cols = ["indicator_id", "area", "breakdown", "year", "value", "source_row", "prev", "prev_year", "rel"]
    gap_cols = ["indicator_id", "area", "breakdown", "step", "years"]
    kind = _arrow(data["period_kind"])
    annual = pc.or_(*[pc.equal(kind, k) for k in ANNUAL_KINDS]).to_numpy(zero_copy_only=False)
    pos = np.flatnonzero(valid & annual)  # row in the frame; -1 for a stored value (merged in below)
    if not len(pos):
        return pd.DataFrame(columns=jump_cols), 0, pd.DataFrame(columns=gap_cols), 0
    sid = series.sid_of(pos)
    year = data["year"].to_numpy(dtype=np.int64)[pos]
    val = value[pos]
    is_new = None  # all new, until stored values are merged in

    def by_series_and_year(sid, year, *more):
        """Sort the rows by series and year (ties keep their order)."""
        y0 = int(year.min())
        order = _stable_order(sid * (int(year.max()) - y0 + 1) + (year - y0))
        return [a[order] for a in (sid, year, *more)]

    def segments(sid, year):
        """Where each series starts, and the year steps between neighbouring rows."""
        return np.flatnonzero(np.r_[True, sid[1:] != sid[:-1]]), np.diff(year)

    # Files keep a series' rows together with the years ascending: then the rows are checked in file order
    # and only the hits are sorted. Otherwise everything is sorted once.
    start, dy = segments(sid, year)
    same = np.ones(len(sid) - 1, dtype=bool)
    same[start[1:] - 1] = False  # row i + 1 belongs to the series of row i
    one_per_year = ((dy > 0) | ~same).all() and not (np.diff(np.sort(sid[start])) == 0).any()
    if not one_per_year:
        sid, year, val, pos = by_series_and_year(sid, year, val, pos)
        start, dy = segments(sid, year)
        same = np.ones(len(sid) - 1, dtype=bool)
        same[start[1:] - 1] = False
    end = np.r_[start[1:], len(sid)]

    if stats is not None:
        # A stored series matters only where it has a year without a new value (a re-load overlays them all):
        # compare its stored years with the new ones, one bit per year.
        s = sid[start]
        # base is the upload's first year; bit 63 of the stored years (a year outside) is never covered.
        bit = np.r_[np.left_shift(np.uint64(1), np.arange(63, dtype=np.uint64)), np.uint64(0)]
        bits = bit[np.minimum(year - stats["base"], 63)]
        covered = (stats["years"][s] & ~np.bitwise_or.reduceat(bits, start)) == 0
        fetch = s[(stats["hist_n"][s] > 0) & ~covered]
        if len(fetch):
            o_sid, o_year, o_val = _stored_annual(cur, series, fetch)
            y0 = min(int(year.min()), int(o_year.min())) if len(o_year) else int(year.min())
            width = max(int(year.max()), int(o_year.max()) if len(o_year) else 0) - y0 + 1
            fetched = np.zeros(series.n, dtype=bool)
            fetched[fetch] = True
            mine = np.sort((sid * width + (year - y0))[fetched[sid]])
            o_key = o_sid * width + (o_year - y0)
            at = np.minimum(np.searchsorted(mine, o_key), len(mine) - 1)
            keep = mine[at] != o_key  # a stored value in a year the upload has is replaced by the new one
            n_keep = int(keep.sum())
            sid, year, val, pos, is_new = by_series_and_year(
                np.concatenate([sid, o_sid[keep]]),
                np.concatenate([year, o_year[keep]]),
                np.concatenate([val, o_val[keep]]),
                np.concatenate([pos, np.full(n_keep, -1)]),
                np.r_[np.ones(len(pos), dtype=bool), np.zeros(n_keep, dtype=bool)],
            )
            start, dy = segments(sid, year)
            same = np.ones(len(sid) - 1, dtype=bool)
            same[start[1:] - 1] = False
            end = np.r_[start[1:], len(sid)]
            one_per_year = False
    # Now each series' rows are together, the years ascending.

    # A jump is measured against the year before (a value further back is not "a jump from last year").
    if one_per_year or not (same & (dy == 0)).any():  # one value per series and year: the year before
        # is the row before (if in the same series)
        cand = same & (dy == 1)
        if is_new is not None:
            cand &= is_new[1:]
        size = np.abs(val[:-1])
        rel = np.subtract(val[1:], val[:-1])  # then |now - prev| / |prev|, in place (1.3 million rows)
        np.abs(rel, out=rel)
        with np.errstate(divide="ignore", invalid="ignore"):
            np.divide(rel, size, out=rel)
        cand &= size > 0
        cand &= rel > 0.5
        prev_i = np.flatnonzero(cand)
        cur_i, rel = prev_i + 1, rel[prev_i]
    else:  # a year given twice in a series (2023 and 2023-24): pair each new value with all of the year before
        y0 = int(year.min())
        key = sid * (int(year.max()) - y0 + 2) + (year - y0)  # sorted; +2: a series' first year has no "before"
        cur_all = np.arange(len(key)) if is_new is None else np.flatnonzero(is_new)
        first = np.searchsorted(key, key[cur_all] - 1, "left")
        count = np.searchsorted(key, key[cur_all] - 1, "right") - first
        cur_i = np.repeat(cur_all, count)
        prev_i = np.repeat(first - np.cumsum(count) + count, count) + np.arange(int(count.sum()))
        with np.errstate(divide="ignore", invalid="ignore"):
            rel = np.abs(val[cur_i] - val[prev_i]) / np.abs(val[prev_i])
        hit = (np.abs(val[prev_i]) > 0) & (rel > 0.5)
        cur_i, prev_i, rel = cur_i[hit], prev_i[hit], rel[hit]
    n_jumps = len(cur_i)
    if n_jumps:
        top = _stable_order(sid[cur_i] * (int(year.max()) - int(year.min()) + 1) + year[cur_i] - int(year.min()))
        top = top[:limit]  # by series and year
        cur_i, prev_i, rel = cur_i[top], prev_i[top], rel[top]
    jumps = pd.DataFrame(
        {
            **series.names(sid[cur_i]),
            "year": year[cur_i],
            "value": val[cur_i],
            "source_row": source_row[pos[cur_i]],
            "prev": val[prev_i],
            "prev_year": year[prev_i],
            "rel": rel,
        },
        columns=jump_cols,
    )

    # A gap: two stored-or-new years further apart than twice the indicator's step. Rows are counted as the
    # former SQL did: a year given twice (2023 and 2023-24) counts twice.
    seg_sid = sid[start]
    gap = year[end - 1] - year[start] + 1 > end - start
    if gap.any():
        widest = np.r_[0, dy]
        widest[start] = 0
        widest = np.maximum.reduceat(widest, start)
        step = np.array([steps.get(i, 1) for i in series.indicators], dtype=np.int64)[series.ind[seg_sid]]
        gap &= widest >= 2 * step
    g = np.flatnonzero(gap)
    top = g[_stable_order(seg_sid[g])][:limit]  # by series
    gaps = pd.DataFrame(
        {
            **series.names(seg_sid[top]),
            "step": [steps.get(series.indicators[series.ind[i]], 1) for i in seg_sid[top]],
            "years": [year[start[i] : end[i]].tolist() for i in top],
        },
        columns=gap_cols,
    )
    return jumps, n_jumps, gaps, len(g)


def unchanged_since(con, sha256) -> dict | None:
    """The latest upload, when it is committed, has this file hash and nothing was rolled back since: then the
    store still holds exactly what that file says. Returns its id, rows_read, file_format and the load record
    it wrote (meta 'last_load'); None otherwise. `sha256` is the hash or a function that gives it, called only
    when there is such an upload (so a large file's hash can be computed while it is being read)."""
    row = _rows(
        con,
        """SELECT u.id, u.rows_read, u.file_format, m.value, u.file_sha256 FROM upload u
                        LEFT JOIN meta m ON m.key = 'last_load'
                        WHERE u.id = (SELECT max(id) FROM upload) AND u.state = 'committed'
                          AND NOT EXISTS (SELECT 1 FROM upload r WHERE r.rolled_back_at >= u.uploaded_at)""",
    )
    if not row:
        return None
    import json

    upload_id, rows_read, file_format, last, file_sha256 = row[0]
    if file_sha256 != (sha256() if callable(sha256) else sha256):
        return None
    return {
        "upload_id": upload_id,
        "rows_read": rows_read,
        "file_format": file_format,
        "last_load": json.loads(last) if last else None,
    }


def example_indicators(con) -> set[str]:
    """Indicators that still show values from the bundled example data (the example marker goes only there)."""
    ids = [r[0] for r in _rows(con, "SELECT id FROM upload WHERE is_example")]
    if not ids:
        return set()
    return {
        r[0]
        for r in _rows(con, "SELECT DISTINCT indicator_id FROM observation WHERE list_contains(?, upload_id)", [ids])
    }


def fetch_status(con) -> pd.DataFrame:
    """Per indicator: its latest fetch (when, state, request addresses, counts, error) and its latest successful one."""
    return _df(
        con,
        """
        WITH ranked AS (
            SELECT *, row_number() OVER (PARTITION BY indicator_id ORDER BY finished_at DESC, id DESC) AS n,
                      row_number() OVER (PARTITION BY indicator_id, state <> 'failed'
                                         ORDER BY finished_at DESC, id DESC) AS n_ok
            FROM fetch_run)
        SELECT l.indicator_id, l.agency, l.finished_at AS last_attempt, l.state AS last_state, l.request_urls,
               l.rows_read, l.rows_added, l.rows_changed, l.rows_unchanged, l.rows_removed,
               l.error_code, l.error_nb, l.error_en,
               (SELECT max(finished_at) FROM ranked o WHERE o.indicator_id = l.indicator_id AND o.state <> 'failed')
                   AS last_success
        FROM ranked l WHERE l.n = 1 ORDER BY l.indicator_id""",
    )


def fetch_runs(con, indicator_id: str | None = None, limit: int = 50) -> pd.DataFrame:
    sql = """SELECT id, run_id, indicator_id, finished_at, state, triggered_by, requests, rows_added, rows_changed,
                    rows_removed, error_nb, error_en FROM fetch_run"""
    params: list = []
    if indicator_id is not None:
        sql += " WHERE indicator_id = ?"
        params.append(indicator_id)
    return _df(con, sql + " ORDER BY finished_at DESC, id DESC LIMIT ?", [*params, int(limit)])
