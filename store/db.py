"""The one module that opens the DuckDB file, owns its schema and writes to it (loads, rollbacks, catalog sync)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import threading
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import yaml

from indicators.catalog import (
    Catalog,
    Indicator,
    indicator_to_yaml_dict,
    parse_indicator,
)
from store import snapshots

SCHEMA = (Path(__file__).parent / "schema.sql").read_text(encoding="utf-8")
SCHEMA_VERSION = "1"
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "asker2030.duckdb"
KEY = ["indicator_id", "period", "area", "breakdown"]
OBS_COLUMNS = [
    "indicator_id",
    "period",
    "year",
    "time",
    "period_kind",
    "area",
    "breakdown",
    "value",
    "missing",
    "flag",
    "note",
    "source_row",
]

# Inside one process, writes on a shared connection are also serialised by this lock (the cross-process
# writer lock in store.snapshots decides which process may open the file at all).
WRITE_LOCK = threading.RLock()


class StoreError(Exception):
    """A problem with the database that the user can act on; `hint` says what to do."""

    def __init__(self, message: str, hint: str = ""):
        self.message, self.hint = message, hint
        super().__init__(f"{message} {hint}".strip())


class StoreBusyError(StoreError):
    """Another writer held the lock past the wait; `holder` (who, pid, host, since) and `waited` (s) say more."""

    def __init__(self, message: str, hint: str = "", holder: dict | None = None, waited: float = 0.0):
        super().__init__(message, hint)
        self.holder, self.waited = holder or {}, waited


class StoreDamagedError(StoreError):
    pass


class StoreMissingError(StoreError):
    """The database file has not been created (a new --db path)."""


class RollbackRefused(StoreError):
    """`code` (missing | already_rolled_back | later_uploads) and `params` let the dashboard word it in bokmål."""

    def __init__(self, message: str, hint: str = "", code: str = "", **params):
        super().__init__(message, hint)
        self.code, self.params = code, params


def db_path(path: str | Path | None = None) -> Path:
    return Path(path or os.environ.get("ASKER2030_DB") or DEFAULT_PATH)


def connect(path: str | Path | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the store; turns DuckDB's lock and corruption errors into messages that say what to do."""
    path = db_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        text = str(exc)
        # DuckDB: 'Could not set lock on file …: Conflicting lock is held in …' (match the phrase, not "block").
        if "could not set lock" in text.lower() or "conflicting lock" in text.lower():
            raise StoreBusyError(
                f"The database {path.name} is open for writing in another program that does not take the "
                f"writer lock ({text.splitlines()[0]}).",
                "Asker 2030's own programs take turns through the lock; close the other program (a DuckDB shell "
                "or notebook holding the file) and run the command again.",
            ) from None
        raise StoreDamagedError(
            f"The database file {path} cannot be opened: {text.splitlines()[0]}",
            restore_hint(path),
        ) from None
    except (
        duckdb.SerializationException,
        duckdb.InternalException,
        duckdb.InvalidInputException,
        duckdb.CatalogException,
    ) as exc:
        raise StoreDamagedError(
            f"The database file {path} is damaged or was written by an incompatible DuckDB version "
            f"({type(exc).__name__}: {str(exc).splitlines()[0]}).",
            restore_hint(path),
        ) from None


def _default_who() -> str:
    return " ".join([Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python", *sys.argv[1:3]]).strip()


# What went wrong in the last publish of this process (the dashboard shows it to analysts); None when fine.
last_publish_error: str | None = None


@contextlib.contextmanager
def writer_lock(
    path: str | Path | None = None, *, who: str | None = None, wait: float | None = None, on_wait=snapshots.log_wait
):
    """Hold the cross-process writer lock without opening the store (restore swaps the file meanwhile); on
    leaving, publish a snapshot if the file changed. Yields (path, outermost)."""
    global last_publish_error
    path = db_path(path)
    try:
        with snapshots.write_lock(path, who or _default_who(), wait, on_wait) as outermost:
            if not outermost:
                yield path, False
                return
            before = snapshots.store_stat(path)
            behind = bool(before) and not snapshots.is_current(path)
            try:
                yield path, True
            finally:
                if path.exists() and (behind or snapshots.store_stat(path) != before):
                    try:
                        snapshots.publish(path)
                        last_publish_error = None
                    except snapshots.PublishError as exc:
                        last_publish_error = str(exc)
                        print(f"warning: {exc}", file=sys.stderr, flush=True)
    except snapshots.LockTimeout as exc:
        raise StoreBusyError(
            f"The database {path.name} is being written by {snapshots.describe_holder(exc.holder)}; "
            f"waited {exc.waited:.0f} s for it to finish.",
            "Run the command again when that is done, or wait longer with ASKER2030_LOCK_WAIT=SECONDS. If that "
            "process no longer runs, the lock is already free: the operating system releases it when a process ends.",
            holder=exc.holder,
            waited=exc.waited,
        ) from None


@contextlib.contextmanager
def writer(
    path: str | Path | None = None, *, who: str | None = None, wait: float | None = None, on_wait=snapshots.log_wait
):
    """Open the store for writing, under the cross-process writer lock, for one unit of work (one transaction,
    or a few that belong together); then close it and publish a read-only snapshot for the readers.

    A second writer waits for the lock (up to `wait` s, default $ASKER2030_LOCK_WAIT or 60; `on_wait` is told
    once); past the wait it gets StoreBusyError naming who holds the lock and since when. Nested calls in one
    thread reuse the outer connection. A snapshot is published only when the file changed (or the newest
    snapshot is behind it, after a failed publish)."""
    with writer_lock(path, who=who, wait=wait, on_wait=on_wait) as (path, outermost):
        key = str(Path(path).absolute())
        if not outermost:
            yield _open_writers[key]
            return
        con = connect(path)
        _open_writers[key] = con
        try:
            with WRITE_LOCK:
                yield con
        finally:
            _open_writers.pop(key, None)
            try:
                # Fold the WAL into the file before it is copied: closing would do it too, but not while another
                # connection of this process still has the database open (tests, a DuckDB shell in-process).
                con.execute("CHECKPOINT")
            except duckdb.Error:
                pass  # publish() refuses a file whose WAL still holds changes and says so
            finally:
                con.close()


_open_writers: dict[str, duckdb.DuckDBPyConnection] = {}


class SnapshotReader:
    """A read-only connection to one published snapshot, holding it against cleaning until closed."""

    def __init__(self, snap: snapshots.Snapshot):
        self.snapshot = snap
        self._hold = snapshots.ReaderHold(snap)
        try:
            self.con = duckdb.connect(str(snap.path), read_only=True)
        except BaseException:
            self._hold.release()
            raise

    @property
    def version(self) -> int:
        return self.snapshot.version

    def close(self) -> None:
        try:
            self.con.close()
        finally:
            self._hold.release()


def open_reader(path: str | Path | None = None) -> SnapshotReader:
    """The newest snapshot of the store, opened read-only. Publishes the first one if there is none yet (a store
    made before snapshots existed); never opens the store file itself otherwise, so it never blocks a writer."""
    path = db_path(path)
    for _ in range(5):
        snap = snapshots.latest(path)
        if snap is None:
            if os.environ.get("ASKER2030_READ_ONLY", "").strip().lower() in ("1", "true", "yes", "on"):
                raise StoreError(
                    f"No snapshot of {path.name} in {snapshots.snapshot_dir(path)} yet.",
                    "This replica only reads (ASKER2030_READ_ONLY): start the writing replica, or "
                    "check that ASKER2030_SNAPSHOTS names the shared folder.",
                )
            if not path.exists():
                raise StoreMissingError(
                    f"The database {path} has not been created yet.",
                    "Run `python -m etl init` (or start the dashboard once) to create it.",
                )
            with writer(path, who="first snapshot for readers"):
                pass  # the writer publishes: the store has no snapshot yet
            snap = snapshots.latest(path)
            if snap is None:
                raise StoreError(
                    f"No snapshot of {path} could be published: {last_publish_error}",
                    "Free disk space in the snapshot folder and try again.",
                )
        try:
            return SnapshotReader(snap)
        except FileNotFoundError:
            continue  # cleaned between listing and opening: take the newer one
        except duckdb.Error as exc:
            raise StoreDamagedError(
                f"The snapshot {snap.path} cannot be read: {str(exc).splitlines()[0]}",
                "Delete the snapshot folder; the next write or start publishes a new one.",
            ) from None
    raise StoreError(f"Could not open a snapshot of {path}.", "Try again.")


@contextlib.contextmanager
def reader(path: str | Path | None = None):
    """A read-only connection to the newest published snapshot, for reports, exports, backups and checks."""
    r = open_reader(path)
    try:
        yield r.con
    finally:
        r.close()


def init_schema(con: duckdb.DuckDBPyConnection) -> None:
    _migrate(con)  # before SCHEMA: its views name columns that older stores lack
    con.execute(SCHEMA)
    con.execute("INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING", [SCHEMA_VERSION])
    _drop_observation_primary_key(con)


# Columns added to tables after stores were in use: (table, column, type). CREATE TABLE IF NOT EXISTS leaves an
# existing table as it was, so each is added here when missing (an empty value for the rows already there).
ADDED_COLUMNS = [("upload", "source_url", "VARCHAR")]


def _migrate(con: duckdb.DuckDBPyConnection) -> None:
    for table, column, kind in ADDED_COLUMNS:
        exists = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [table]).fetchone()[0]
        if exists:
            con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {kind}")


def _drop_observation_primary_key(con: duckdb.DuckDBPyConnection) -> None:
    """Stores made before the national-scale benchmarks carry a PRIMARY KEY on observation; rebuild the
    table without it (same rows, one transaction). See the comment in schema.sql."""
    has_pk = con.execute("""SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'observation'
                            AND constraint_type = 'PRIMARY KEY'""").fetchone()[0]
    if not has_pk:
        return
    create = SCHEMA[SCHEMA.index("CREATE TABLE IF NOT EXISTS observation (") :]
    create = create[: create.index(");") + 2]
    with WRITE_LOCK:
        con.begin()
        try:
            con.execute("ALTER TABLE observation RENAME TO observation_with_pk")
            con.execute(create)
            con.execute("INSERT INTO observation SELECT * FROM observation_with_pk")
            con.execute("DROP TABLE observation_with_pk")
            con.commit()
        except Exception:
            con.rollback()
            raise


def _indicator_row(ind: Indicator, sort: int) -> list:
    return [
        ind.id,
        ind.objective,
        sort,
        ind.name.nb,
        ind.name.en,
        ind.unit,
        ind.direction,
        ind.baseline_year,
        ind.baseline_value,
        ind.target.kind,
        json.dumps(asdict(ind.target), ensure_ascii=False),
        ind.source.agency,
        ind.source.table,
        ind.source.variable,
        ind.source.url,
        ind.sector.nb,
        ind.sector.en,
        ind.frequency,
        ind.definition.nb,
        ind.definition.en,
        ind.decimals,
        ind.origin,
        yaml.safe_dump(indicator_to_yaml_dict(ind), allow_unicode=True, sort_keys=False)
        if ind.origin == "upload"
        else None,
    ]


def sync_catalog(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> None:
    """Mirror the catalog files into the catalog tables (analyst-defined indicators are kept). Writes nothing
    when the store already mirrors this catalog (a fingerprint in meta), so a restart publishes no new snapshot."""
    goals, objectives, rows, links, fingerprint = _catalog_tables(catalog)
    stored = con.execute("SELECT value FROM meta WHERE key = 'catalog_fingerprint'").fetchone()
    if stored and stored[0] == fingerprint:
        return
    with WRITE_LOCK:
        con.begin()
        try:
            con.execute("DELETE FROM goal")
            con.execute("DELETE FROM objective")
            con.execute("DELETE FROM indicator WHERE origin = 'catalog'")
            con.execute(
                "DELETE FROM indicator_objective WHERE indicator_id NOT IN "
                "(SELECT id FROM indicator WHERE origin = 'upload')"
            )
            con.executemany("INSERT INTO goal VALUES (?, ?, ?, ?, ?, ?)", goals)
            con.executemany("INSERT INTO objective VALUES (?, ?, ?, ?, ?, ?, ?)", objectives)
            if rows:
                con.executemany(f"INSERT OR REPLACE INTO indicator VALUES ({', '.join('?' * 23)})", rows)
            if links:
                con.executemany("INSERT OR REPLACE INTO indicator_objective VALUES (?, ?, ?)", links)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('catalog_fingerprint', ?)", [fingerprint])
            con.commit()
        except Exception:
            con.rollback()
            raise


def _catalog_tables(catalog: Catalog):
    import hashlib

    goals = [[g.id, n, g.name.nb, g.name.en, g.ambition.nb, g.ambition.en] for n, g in enumerate(catalog.goals)]
    objectives = [
        [o.id, o.goal, n, o.short.nb, o.short.en, o.text.nb, o.text.en] for n, o in enumerate(catalog.objectives)
    ]
    rows = [_indicator_row(i, n) for n, i in enumerate(catalog.indicators) if i.origin == "catalog"]
    links = [[i.id, o, o == i.objective] for i in catalog.indicators if i.origin == "catalog" for o in i.objectives]
    fingerprint = hashlib.sha256(
        json.dumps([SCHEMA_VERSION, goals, objectives, rows, links], default=str, ensure_ascii=False).encode()
    ).hexdigest()
    return goals, objectives, rows, links, fingerprint


def catalog_is_synced(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> bool:
    """Whether the store (or a snapshot of it) mirrors this catalog file set."""
    try:
        return catalog_fingerprint(con) == _catalog_tables(catalog)[4]
    except duckdb.Error:
        return False


def catalog_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key = 'catalog_fingerprint'").fetchone()
    return row[0] if row else None


def effective_catalog(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> Catalog:
    """The file catalog plus indicators analysts defined in the upload page."""
    rows = con.execute("SELECT definition_yaml FROM indicator WHERE origin = 'upload' ORDER BY sort, id").fetchall()
    out = catalog
    objective_ids = [o.id for o in catalog.objectives]
    for (text,) in rows:
        ind = parse_indicator(yaml.safe_load(text), objective_ids, "database", origin="upload")
        if not catalog.has_indicator(ind.id):
            out = out.with_indicator(ind)
    return out


def save_indicator(con: duckdb.DuckDBPyConnection, ind: Indicator) -> None:
    """Keep an analyst-defined indicator (already validated by parse_indicator)."""
    with WRITE_LOCK:
        sort = con.execute("SELECT coalesce(max(sort), 0) + 1 FROM indicator").fetchone()[0]
        con.begin()
        try:
            con.execute(f"INSERT OR REPLACE INTO indicator VALUES ({', '.join('?' * 23)})", _indicator_row(ind, sort))
            con.execute("DELETE FROM indicator_objective WHERE indicator_id = ?", [ind.id])
            con.executemany(
                "INSERT INTO indicator_objective VALUES (?, ?, ?)",
                [[ind.id, o, o == ind.objective] for o in ind.objectives],
            )
            con.commit()
        except Exception:
            con.rollback()
            raise


# --- loading ----------------------------------------------------------------------------------------


@dataclass
class Diff:
    """What an upload would do: counts and the changed/new rows (old → new), before anything is written."""

    rows_read: int
    added: int
    changed: int
    unchanged: int
    changes: pd.DataFrame  # KEY + action + old_value + new_value (new, changed and removed rows only)
    removed: int = 0  # example values of the upload's indicators that real data replaces (see _EXAMPLES)


def _normalise(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[OBS_COLUMNS]  # copy-on-write (pandas 3): the columns below are replaced, never changed in place
    for c in ("missing", "flag", "note", "breakdown"):
        out[c] = out[c].fillna("").astype(str)
    out["area"] = out["area"].fillna("Asker").astype(str)
    out["year"] = out["year"].astype("int32")
    out["time"] = out["time"].astype("float64")
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype("float64")
    out["source_row"] = pd.to_numeric(out["source_row"], errors="coerce").astype("Int64")
    return out


def _incoming(frame: pd.DataFrame):
    """The normalised frame as an Arrow table: DuckDB scans it in place (twice as fast as a pandas frame).
    Text columns become one plain `string` array each: DuckDB inserted the national file's rows from chunked
    `large_string` columns (as pandas and the fast reader hand them over) at half the speed (0.58 s vs 0.28 s)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    table = pa.Table.from_pandas(_normalise(frame), preserve_index=False)
    columns = []
    for column in table.columns:
        if pa.types.is_large_string(column.type):
            try:
                column = pc.cast(column, pa.string())
            except pa.ArrowInvalid:  # over 2 GB of text in one column: keep the large offsets
                pass
        columns.append(column)
    return pa.table(columns, names=table.column_names).combine_chunks()


def _classified(join: str) -> str:
    """The incoming rows joined to what is stored, with the stored values and what the upload does to each row:
    'insert' (nothing stored), 'unchanged' or 'update'. `IS NOT DISTINCT FROM` treats NULL = NULL. With an
    inner JOIN only the stored keys remain (a first load of new series joins nothing)."""
    return f"""
    SELECT i.*, o.value AS old_value, o.missing AS old_missing, o.flag AS old_flag, o.note AS old_note,
           o.year AS old_year, o.time AS old_time, o.period_kind AS old_period_kind,
           o.upload_id AS old_upload_id, o.source_file AS old_source_file, o.source_row AS old_source_row,
           CASE WHEN o.indicator_id IS NULL THEN 'insert'
                WHEN o.value IS NOT DISTINCT FROM i.value AND o.missing = i.missing AND o.flag = i.flag
                     AND o.note = i.note AND o.year = i.year AND o.time = i.time
                     AND o.period_kind = i.period_kind THEN 'unchanged'
                ELSE 'update' END AS action
    FROM incoming i
    {join} observation o USING (indicator_id, period, area, breakdown)
"""


_CLASSIFY = _classified("LEFT JOIN")  # every incoming row (the preview)
_MATCHED = _classified("JOIN")  # the rows already stored (the commit: the others are new)

# Real data replaces example data: once an upload that is not example data brings values of an indicator, that
# indicator's values from the bundled example uploads go, in every area and breakdown (those with a key the upload
# brings are updated as any stored row). Each is recorded as a 'delete' in observation_change, so rolling the
# upload back brings it back.
_EXAMPLES = """
    SELECT o.* FROM observation o
    WHERE o.upload_id IN (SELECT id FROM upload WHERE is_example AND state = 'committed')
      AND o.indicator_id IN (SELECT DISTINCT indicator_id FROM incoming)
      AND NOT EXISTS (SELECT 1 FROM incoming i WHERE i.indicator_id = o.indicator_id AND i.period = o.period
                      AND i.area = o.area AND i.breakdown = o.breakdown)
"""


def diff(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, is_example: bool = False) -> Diff:
    """Compare an observation frame with the store without writing anything: the counts and the changed rows
    (the upload page's preview; the command line's load leaves classifying to the commit). Example values the
    upload would replace are listed with action 'delete' (none for an example upload)."""
    incoming = _incoming(frame)
    cur = con.cursor()
    try:
        cur.register("incoming", incoming)
        # Classify once (one join), then count and list from the result.
        cur.execute(
            f"CREATE TEMP TABLE diff_classified AS SELECT indicator_id, period, area, breakdown, action, "
            f"old_value, value AS new_value, old_missing, missing AS new_missing FROM ({_CLASSIFY})"
        )
        if not is_example:
            cur.execute(
                f"INSERT INTO diff_classified SELECT indicator_id, period, area, breakdown, 'delete', value, "
                f"NULL, missing, NULL FROM ({_EXAMPLES})"
            )
        counts = dict(cur.execute("SELECT action, count(*) FROM diff_classified GROUP BY action").fetchall())
        # Through Arrow: a first national load lists 1.3 million new rows (.df() took 0.8 s, this 0.2 s).
        changes = (
            cur.sql(
                "SELECT * FROM diff_classified WHERE action <> 'unchanged' "
                "ORDER BY indicator_id, area, breakdown, period"
            )
            .to_arrow_table()
            .to_pandas()
        )
        cur.execute("DROP TABLE diff_classified")
    finally:
        cur.close()
    return Diff(
        incoming.num_rows,
        counts.get("insert", 0),
        counts.get("update", 0),
        counts.get("unchanged", 0),
        changes,
        counts.get("delete", 0),
    )


def _check_unique_keys(cur) -> None:
    """The store keeps one row per indicator × period × area × breakdown (there is no PRIMARY KEY to say so).
    Distinct key hashes as many as rows proves it cheaply (0.06 s for a national file); only when they are
    fewer (a duplicate, or in theory a hash collision) is the exact, slower grouping run."""
    n, distinct = cur.execute(
        "SELECT count(*), count(DISTINCT hash(indicator_id, period, area, breakdown)) FROM incoming"
    ).fetchone()
    if n == distinct:
        return
    dup = cur.execute("""SELECT indicator_id, period, area, breakdown, count(*) FROM incoming
                         GROUP BY ALL HAVING count(*) > 1 LIMIT 1""").fetchone()
    if dup:
        raise ValueError(
            f"The upload has {dup[4]} rows for {dup[0]} {dup[1]} {dup[2]} [{dup[3]}]; "
            "each indicator × period × area × breakdown may occur once."
        )


def apply_upload(
    con: duckdb.DuckDBPyConnection,
    frame: pd.DataFrame,
    *,
    file_name: str,
    file_sha256: str,
    file_format: str,
    uploaded_by: str,
    report_json: str = "[]",
    n_warnings: int = 0,
    is_example: bool = False,
    now: datetime | None = None,
    load_key: str | None = None,
    keys_checked: bool = False,
    source_url: str | None = None,
) -> tuple[int | None, Diff]:
    """Write one upload in one transaction. Returns (upload id, diff); id is None when nothing changed,
    so loading the same file twice leaves the database exactly as it was. `keys_checked`: the caller has
    proven each indicator × period × area × breakdown occurs once (etl's readers refuse duplicates, naming
    the rows), so the store need not check again.

    New rows are written once, into observation (their upload_id is their history: see schema.sql);
    changed rows are updated in place and their former values kept in observation_change. An upload that is not
    example data removes the example values of its indicators (see _EXAMPLES). `source_url`: the API request a
    fetched upload came from (etl.fetch)."""
    incoming = _incoming(frame)
    now = now or datetime.now().replace(microsecond=0)
    with WRITE_LOCK:
        cur = con.cursor()
        cur.begin()
        try:
            cur.register("incoming", incoming)
            if not keys_checked:
                _check_unique_keys(cur)
            cur.execute(f"CREATE TEMP TABLE matched AS {_MATCHED}")
            changed, unchanged = cur.execute(
                "SELECT count(*) FILTER (WHERE action = 'update'), "
                "count(*) FILTER (WHERE action = 'unchanged') FROM matched"
            ).fetchone()
            removed = 0
            if not is_example:
                cur.execute(f"CREATE TEMP TABLE replaced_examples AS {_EXAMPLES}")
                removed = cur.execute("SELECT count(*) FROM replaced_examples").fetchone()[0]
            d = Diff(
                incoming.num_rows, incoming.num_rows - changed - unchanged, changed, unchanged, pd.DataFrame(), removed
            )
            if d.added == 0 and d.changed == 0 and d.removed == 0:
                cur.rollback()
                return None, d
            # max+1 inside the transaction (not a sequence): a rolled-back load must not even move a counter.
            upload_id = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM upload").fetchone()[0]
            cur.execute(
                """INSERT INTO upload (id, uploaded_by, uploaded_at, file_name, file_sha256, file_format,
                               rows_read, rows_added, rows_changed, rows_unchanged, n_warnings, report_json, is_example,
                               state, source_url)
                           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'committed', ?)""",
                [
                    upload_id,
                    uploaded_by,
                    now,
                    file_name,
                    file_sha256,
                    file_format,
                    d.rows_read,
                    d.added,
                    d.changed,
                    d.unchanged,
                    n_warnings,
                    report_json,
                    is_example,
                    source_url,
                ],
            )
            if removed:
                cur.execute(
                    """
                    INSERT INTO observation_change
                    SELECT ?, indicator_id, period, area, breakdown, 'delete',
                           value, missing, flag, note, year, time, period_kind, upload_id, source_file, source_row,
                           NULL, NULL, NULL, NULL, ?
                    FROM replaced_examples""",
                    [upload_id, now],
                )
                cur.execute("""
                    DELETE FROM observation WHERE (indicator_id, period, area, breakdown) IN (
                        SELECT (indicator_id, period, area, breakdown) FROM replaced_examples)""")
                cur.execute("DROP TABLE replaced_examples")
            # What this upload was read with (etl.load.load_key): lets an identical re-load skip re-reading.
            cur.execute(
                "INSERT OR REPLACE INTO meta VALUES ('last_load', ?)",
                [json.dumps({"upload_id": upload_id, "key": load_key})],
            )
            if d.changed:
                cur.execute(
                    """
                    INSERT INTO observation_change
                    SELECT ?, indicator_id, period, area, breakdown, action,
                           old_value, old_missing, old_flag, old_note, old_year, old_time, old_period_kind,
                           old_upload_id, old_source_file, old_source_row,
                           value, missing, flag, note, ?
                    FROM matched WHERE action = 'update'""",
                    [upload_id, now],
                )
                cur.execute(
                    """
                    UPDATE observation o SET year = c.year, time = c.time, period_kind = c.period_kind,
                        value = c.value, missing = c.missing, flag = c.flag, note = c.note, upload_id = ?,
                        source_file = ?, source_row = c.source_row
                    FROM matched c
                    WHERE c.action = 'update' AND o.indicator_id = c.indicator_id AND o.period = c.period
                      AND o.area = c.area AND o.breakdown = c.breakdown""",
                    [upload_id, file_name],
                )
            if d.added:
                new_rows = (
                    "incoming"
                    if d.added == d.rows_read
                    else "(SELECT * FROM incoming ANTI JOIN matched USING (indicator_id, period, area, breakdown))"
                )
                cur.execute(
                    f"""
                    INSERT INTO observation
                    SELECT indicator_id, period, year, time, period_kind, area, breakdown, value, missing, flag,
                           note, ?, ?, source_row
                    FROM {new_rows}""",
                    [upload_id, file_name],
                )
            cur.execute("DROP TABLE matched")
            cur.commit()
            return upload_id, d
        except Exception:
            cur.rollback()
            raise
        finally:
            cur.close()


def rollback_upload(con: duckdb.DuckDBPyConnection, upload_id: int, by: str, now: datetime | None = None) -> int:
    """Restore exactly the values an upload replaced. Refused when already rolled back or when a later
    upload changed the same observations (roll that one back first). Returns the number of rows restored."""
    now = now or datetime.now().replace(microsecond=0)
    with WRITE_LOCK:
        cur = con.cursor()
        try:
            row = cur.execute("SELECT state FROM upload WHERE id = ?", [upload_id]).fetchone()
            if row is None:
                raise RollbackRefused(
                    f"Upload #{upload_id} does not exist.",
                    "Pick an upload from the list.",
                    code="missing",
                    upload_id=upload_id,
                )
            if row[0] == "rolled_back":
                raise RollbackRefused(
                    f"Upload #{upload_id} has already been rolled back.",
                    "Nothing to do; load the file again if you want its values back.",
                    code="already_rolled_back",
                    upload_id=upload_id,
                )
            later = cur.execute(
                """
                SELECT DISTINCT o.upload_id FROM observation_history h
                JOIN observation o USING (indicator_id, period, area, breakdown)
                WHERE h.upload_id = ? AND o.upload_id <> ? ORDER BY 1""",
                [upload_id, upload_id],
            ).fetchall()
            # A later upload that removed this upload's (example) values holds them: it goes first too.
            later = sorted(
                {
                    *later,
                    *cur.execute(
                        """
                SELECT DISTINCT c.upload_id FROM observation_change c JOIN upload u ON u.id = c.upload_id
                WHERE c.action = 'delete' AND c.old_upload_id = ? AND u.state = 'committed'""",
                        [upload_id],
                    ).fetchall(),
                }
            )
            if later:
                ids = ", ".join(f"#{r[0]}" for r in later)
                raise RollbackRefused(
                    f"Upload #{upload_id} cannot be rolled back: later upload(s) {ids} changed the same values.",
                    f"Roll back {ids} first, newest first.",
                    code="later_uploads",
                    upload_id=upload_id,
                    later=ids,
                )
            cur.begin()
            try:
                n = cur.execute("SELECT count(*) FROM observation_history WHERE upload_id = ?", [upload_id]).fetchone()[
                    0
                ]
                # The rows it inserted are about to go: record them, so the audit still shows what it did.
                # (observation_history's second part; the view cannot tell these from inserts recorded by old stores.)
                cur.execute(
                    """
                    INSERT INTO observation_change
                    SELECT o.upload_id, o.indicator_id, o.period, o.area, o.breakdown, 'insert',
                           NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                           o.value, o.missing, o.flag, o.note, (SELECT uploaded_at FROM upload WHERE id = ?)
                    FROM observation o
                    WHERE o.upload_id = ? AND NOT EXISTS (
                        SELECT 1 FROM observation_change c WHERE c.upload_id = o.upload_id
                          AND c.indicator_id = o.indicator_id AND c.period = o.period AND c.area = o.area
                          AND c.breakdown = o.breakdown)""",
                    [upload_id, upload_id],
                )
                cur.execute(
                    """
                    DELETE FROM observation WHERE (indicator_id, period, area, breakdown) IN (
                        SELECT (indicator_id, period, area, breakdown) FROM observation_change
                        WHERE upload_id = ? AND action = 'insert')""",
                    [upload_id],
                )
                cur.execute(
                    """
                    UPDATE observation o SET value = c.old_value, missing = c.old_missing, flag = c.old_flag,
                        note = c.old_note, year = c.old_year, time = c.old_time, period_kind = c.old_period_kind,
                        upload_id = c.old_upload_id, source_file = c.old_source_file, source_row = c.old_source_row
                    FROM observation_change c
                    WHERE c.upload_id = ? AND c.action = 'update' AND o.indicator_id = c.indicator_id
                      AND o.period = c.period AND o.area = c.area AND o.breakdown = c.breakdown""",
                    [upload_id],
                )
                cur.execute(
                    """
                    INSERT INTO observation
                    SELECT indicator_id, period, old_year, old_time, old_period_kind, area, breakdown, old_value,
                           old_missing, old_flag, old_note, old_upload_id, old_source_file, old_source_row
                    FROM observation_change WHERE upload_id = ? AND action = 'delete'""",
                    [upload_id],
                )
                cur.execute(
                    "UPDATE upload SET state = 'rolled_back', rolled_back_at = ?, rolled_back_by = ? WHERE id = ?",
                    [now, by, upload_id],
                )
                cur.commit()
                return n
            except Exception:
                cur.rollback()
                raise
        finally:
            cur.close()


def content_fingerprint(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    """Every row of every table, sorted: tests use it to prove a rejected load changed nothing."""
    out = {}
    for (table,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1").fetchall():
        rows = con.execute(f'SELECT * FROM "{table}"').fetchall()
        out[table] = sorted(map(repr, rows))
    return out


def content_checksum(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int]]:
    """Per table: (row count, order-independent checksum of every row). Cheap enough for a million rows,
    so backups, restores and the crash-safety test can compare whole stores."""
    out = {}
    for (table,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1").fetchall():
        n, total = con.execute(f'SELECT count(*), coalesce(sum(hash(t)::HUGEINT), 0) FROM "{table}" t').fetchone()
        out[table] = (int(n), int(total))
    return out


# --- backup and restore -----------------------------------------------------------------------------
# A backup is a folder written by DuckDB's `EXPORT DATABASE … (FORMAT parquet)` (schema.sql, load.sql and one
# parquet file per table) plus our backup.json (when, which DuckDB, and per table its file, SHA-256, row count and
# content checksum). It is written under a temporary name and renamed when complete, so a folder named
# asker2030-YYYY-MM-DD-HHMMSS is always whole. Restore never runs the folder's SQL: it builds the schema from
# store/schema.sql and loads only the parquet files the manifest lists, after checking them (see restore).

BACKUP_PREFIX = "asker2030-"
BACKUP_MANIFEST = "backup.json"


def backup_root(out_dir: str | Path | None = None, path: str | Path | None = None) -> Path:
    """Where backups go: --out, else $ASKER2030_BACKUP_DIR, else a `backups` folder beside the database file."""
    return Path(out_dir or os.environ.get("ASKER2030_BACKUP_DIR") or db_path(path).parent / "backups")


def list_backups(root: str | Path | None = None, path: str | Path | None = None) -> list[Path]:
    """Complete backups in `root`, oldest first (the dated names sort in time order)."""
    root = backup_root(root, path)
    if not root.is_dir():
        return []
    return sorted(
        p for p in root.iterdir() if p.is_dir() and p.name.startswith(BACKUP_PREFIX) and (p / BACKUP_MANIFEST).is_file()
    )


def restore_hint(path: str | Path | None = None) -> str:
    """What to do about a database that cannot be opened, naming the newest backup when there is one."""
    backups = list_backups(path=path)
    where = f"`python -m etl restore {backups[-1]}`" if backups else "`python -m etl restore BACKUP_DIR`"
    return (
        f"Restore the latest backup with {where} (the damaged file is kept beside it; backups are made "
        "daily by the dashboard and with `python -m etl backup`), or move the file away and run "
        "`python -m etl init` to start afresh."
    )


def require_initialised(con: duckdb.DuckDBPyConnection | None, path: str | Path | None = None) -> None:
    """Refuse, with what to run, a store that was never initialised (a new or mistyped --db path). With `con`
    None only the file is looked for: call it so before opening a store for writing, which would create an
    empty file; with a connection, the store must have our tables (an empty DuckDB file has none)."""
    path = db_path(path)
    hint = (
        f"Run `python -m etl --db {path} init` to create it (with the bundled example data; add --no-example "
        "for an empty store), or give the right file with --db or $ASKER2030_DB."
    )
    if con is None:
        if not path.exists():
            raise StoreMissingError(f"The database {path} has not been created yet.", hint)
        return
    has_meta = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'meta' AND NOT temporary"
    ).fetchone()[0]
    if not has_meta or not con.execute("SELECT count(*) FROM meta WHERE key = 'schema_version'").fetchone()[0]:
        raise StoreMissingError(
            f"The database {path} exists but was never initialised (it has no Asker 2030 tables).", hint
        )


def backup(
    con: duckdb.DuckDBPyConnection,
    out_dir: str | Path | None = None,
    *,
    path: str | Path | None = None,
    now: datetime | None = None,
) -> Path:
    """Write a consistent, dated snapshot of the whole store; returns its folder.

    Works on the dashboard's own connection while viewers keep reading: the export runs in one read
    transaction (one snapshot of every table) and holds WRITE_LOCK so no upload in this process interleaves."""
    now = now or datetime.now()
    root = backup_root(out_dir, path)
    root.mkdir(parents=True, exist_ok=True)
    final = root / f"{BACKUP_PREFIX}{now:%Y-%m-%d-%H%M%S}"
    n = 1
    while final.exists():  # two backups in the same second: never overwrite one
        final = root / f"{BACKUP_PREFIX}{now:%Y-%m-%d-%H%M%S}-{n}"
        n += 1
    partial = root / f".{final.name}.partial"
    if partial.exists():
        import shutil

        shutil.rmtree(partial)
    with WRITE_LOCK:
        cur = con.cursor()
        try:
            cur.begin()
            try:
                cur.execute(f"EXPORT DATABASE '{_sql_path(partial)}' (FORMAT parquet)")
                checksums = content_checksum(cur)
                version = cur.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            finally:
                cur.rollback()  # read only: nothing to commit
        finally:
            cur.close()
    manifest = {
        "created_at": now.isoformat(timespec="seconds"),
        "duckdb_version": duckdb.__version__,
        "schema_version": version[0] if version else None,
        "tables": {
            t: {"rows": n, "checksum": str(c), "file": f"{t}.parquet", "sha256": _file_sha256(partial / f"{t}.parquet")}
            for t, (n, c) in checksums.items()
        },
    }
    (partial / BACKUP_MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    partial.rename(final)
    return final


def prune_backups(keep: int, root: str | Path | None = None, path: str | Path | None = None) -> list[Path]:
    """Delete all but the newest `keep` backups in `root`; returns what was deleted."""
    import shutil

    backups = list_backups(root, path)
    gone = backups[:-keep] if keep > 0 else []
    for p in gone:
        shutil.rmtree(p, ignore_errors=True)
    return gone


def _sql_path(p: Path) -> str:
    return str(p).replace("'", "''")


def _file_sha256(p: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(p, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _schema_tables() -> dict[str, list[str]]:
    """Our tables and their columns in order, from store/schema.sql (built in memory)."""
    con = duckdb.connect()
    try:
        con.execute(SCHEMA)
        cols: dict[str, list[str]] = {}
        for table, column in con.execute("""SELECT table_name, column_name FROM duckdb_columns()
                                            WHERE NOT internal AND table_name IN
                                              (SELECT table_name FROM duckdb_tables() WHERE NOT temporary)
                                            ORDER BY table_name, column_index""").fetchall():
            cols.setdefault(table, []).append(column)
        return cols
    finally:
        con.close()


_PARQUET_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}\.parquet$")


def _refuse(backup_dir: Path, what: str) -> StoreError:
    return StoreError(
        f"The backup {backup_dir} is refused: {what}.",
        "Use a backup folder made by `python -m etl backup` as it was written; this one is incomplete or was changed.",
    )


def _checked_manifest(backup_dir: Path) -> dict[str, dict]:
    """The manifest's tables (table -> entry with its file's path), after checking that every name is one of
    our tables, every file a plain parquet file directly in the folder with the SHA-256 the manifest gives."""
    manifest_file = backup_dir / BACKUP_MANIFEST
    if not backup_dir.is_dir() or not manifest_file.is_file():
        raise StoreError(
            f"{backup_dir} is not a backup folder (it has no {BACKUP_MANIFEST}).",
            "Give a folder made by `python -m etl backup`, e.g. data/backups/asker2030-2030-01-31-030000.",
        )
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _refuse(backup_dir, f"{BACKUP_MANIFEST} is not valid JSON ({exc})") from None
    tables = manifest.get("tables") if isinstance(manifest, dict) else None
    if not isinstance(tables, dict) or not tables:
        raise _refuse(backup_dir, f"{BACKUP_MANIFEST} lists no tables")
    version = manifest.get("schema_version")
    if version is not None and str(version) != SCHEMA_VERSION:
        raise _refuse(backup_dir, f"it was made with schema version {version}, this program has {SCHEMA_VERSION}")
    ours = _schema_tables()
    unknown = sorted(set(map(str, tables)) - set(ours))
    if unknown:
        raise _refuse(backup_dir, f"it lists tables this store does not have ({', '.join(unknown[:5])})")
    folder = backup_dir.resolve()
    out = {}
    for table, entry in tables.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("rows"), int) or "checksum" not in entry:
            raise _refuse(backup_dir, f"the manifest's entry for {table} has no row count and checksum")
        name = entry.get("file", f"{table}.parquet")
        if not isinstance(name, str) or not _PARQUET_NAME.match(name):
            raise _refuse(backup_dir, f"the file name {name!r} for {table} is not a parquet file in the folder")
        p = backup_dir / name
        if p.is_symlink() or not p.is_file() or p.resolve().parent != folder:
            raise _refuse(backup_dir, f"{name} is missing or is not a plain file in the folder")
        if entry.get("sha256") is not None and _file_sha256(p) != entry["sha256"]:
            raise _refuse(backup_dir, f"{name} is not the file that was saved (its SHA-256 differs)")
        try:
            out[table] = {**entry, "path": p, "checksum": int(entry["checksum"])}
        except (TypeError, ValueError):
            raise _refuse(backup_dir, f"the manifest's checksum for {table} is not a number") from None
    return out


def _load_backup(con: duckdb.DuckDBPyConnection, backup_dir: Path, files: dict[str, dict]) -> dict:
    """Our schema, then each listed table's rows from its parquet file into the columns the schema names (the
    file must have exactly those); the connection may read nothing but the backup folder meanwhile. Returns the
    content checksums, which must be the manifest's."""
    con.execute(SCHEMA)  # the project's own schema; the backup's schema.sql and load.sql are never read
    ours = _schema_tables()
    con.execute(f"SET allowed_directories = ['{_sql_path(backup_dir.resolve())}{os.sep}']")
    con.execute("SET enable_external_access = false")  # cannot be switched back on by this connection
    con.begin()
    for table, entry in files.items():
        source = str(entry["path"].resolve())
        found = [r[0] for r in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [source]).fetchall()]
        if sorted(found) != sorted(ours[table]):
            con.rollback()
            raise _refuse(
                backup_dir, f"{entry['path'].name} has the columns {', '.join(found[:12])}, not those of {table}"
            )
        columns = ", ".join(f'"{c}"' for c in ours[table])  # our own names, never the file's
        con.execute(f'INSERT INTO "{table}" ({columns}) SELECT {columns} FROM read_parquet(?)', [source])
    got = content_checksum(con)
    wrong = [t for t, e in files.items() if got.get(t) != (e["rows"], e["checksum"])]
    if wrong:
        con.rollback()
        raise _refuse(backup_dir, f"the rows of {', '.join(wrong)} are not those that were saved")
    if not con.execute("SELECT count(*) FROM meta WHERE key = 'schema_version'").fetchone()[0]:
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
        got = content_checksum(con)
    con.commit()
    return got


@dataclass
class RestoreResult:
    path: Path
    backup: Path
    rows: dict[str, int]
    replaced: Path | None  # where the previous database file was moved, if there was one


def restore(backup_dir: str | Path, path: str | Path | None = None, force: bool = False) -> RestoreResult:
    """Bring a backup back as the database file. Builds the new file beside the target and swaps it in only
    when it is complete and its checksums match the backup's; the previous file is renamed, never deleted.

    Nothing in the folder is run: the schema is the project's own (store/schema.sql), and only the parquet files
    the manifest lists are loaded, each after its name, place and SHA-256 are checked, into the columns our
    schema has; then every table's row count and content checksum must match the manifest. The connection that
    reads them may touch no file outside the backup folder. Anything else is refused (StoreError).

    Refuses a non-empty database unless `force`; a database that cannot be opened (damaged or from an
    incompatible DuckDB) holds nothing readable, so it is moved aside without `force`."""
    backup_dir = Path(backup_dir)
    files = _checked_manifest(backup_dir)
    path = db_path(path)
    wal = path.with_name(path.name + ".wal")
    if path.exists():
        try:
            con = connect(path)
        except StoreDamagedError:
            pass  # unreadable: nothing to lose by moving it aside
        else:  # StoreBusyError propagates: never swap a file under a running dashboard
            try:
                rows = sum(n for n, _ in content_checksum(con).values())
            finally:
                con.close()
            if rows and not force:
                raise StoreError(
                    f"The database {path} is not empty ({rows} rows); restore refuses to replace it.",
                    "Restore into a new file with --db NEW_FILE, or add --force to replace it (the "
                    "current file is kept as a .replaced-… copy).",
                )
    tmp = path.with_name(path.name + ".restoring")
    for stale in (tmp, tmp.with_name(tmp.name + ".wal")):
        if stale.exists():
            stale.unlink()
    done = False
    try:
        con = duckdb.connect(str(tmp))
        try:
            got = _load_backup(con, backup_dir, files)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        done = True
    except duckdb.Error as exc:
        raise StoreError(
            f"The backup {backup_dir} could not be read: {str(exc).splitlines()[0]}", "Use another backup folder."
        ) from None
    finally:
        if not done:
            for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
                if leftover.exists():
                    leftover.unlink()
    replaced = None
    if path.exists() or wal.exists():
        replaced = path.with_name(f"{path.name}.replaced-{datetime.now():%Y-%m-%d-%H%M%S}")
        if path.exists():
            path.rename(replaced)
        if wal.exists():
            wal.rename(replaced.with_name(replaced.name + ".wal"))
    os.replace(tmp, path)
    return RestoreResult(path, backup_dir, {t: n for t, (n, _) in got.items()}, replaced)
