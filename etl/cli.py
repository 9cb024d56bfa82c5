"""The ETL commands of the command line (`asker2030 …` and `python -m etl …`): init, load, validate, export,
export-indicators, uploads, rollback, measures and fetch. Each writes through the store's writer lock or reads
the newest published snapshot, so all of them run beside the dashboard."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

import duckdb

from etl.fetch import cli as fetch_cli
from indicators.catalog import CatalogError, load_catalog
from store import db, queries

COMMANDS = ("init", "load", "validate", "export", "export-indicators", "uploads", "rollback", "measures")


def _print_report(prepared, lang: str) -> None:
    for p in prepared:
        status = "OK" if p.ok else ("FEIL" if lang == "nb" else "ERROR")
        print(f"{p.name}: {status} ({p.report.summary(lang)}; format {p.read.format})")
        for problem in p.report.problems:
            mark = "✖" if problem.level == "error" else "⚠"
            print(f"  {mark} {problem.text(lang)}")
        if p.diff is not None:
            d = p.diff
            print(f"  rows {d.rows_read}: new {d.added}, changed {d.changed}, unchanged {d.unchanged}")


def _total(text: str) -> tuple[str, str]:
    column, sep, value = text.partition("=")
    if not sep or not column.strip() or not value.strip():
        raise argparse.ArgumentTypeError(f'write COLUMN=VALUE, e.g. "alder=0 år" (got {text!r})')
    return column.strip(), value.strip()


def _reading(args) -> dict:
    """What load and validate pass on to the reader from the command line."""
    return dict(indicator_id=args.indicator, drop=tuple(args.drop), totals=dict(args.total))


def add_commands(sub) -> None:
    p_init = sub.add_parser("init", help="create the database and load the example data if it is empty")
    p_init.add_argument("--no-example", action="store_true", help="do not load the bundled example data")
    p_load = sub.add_parser("load", help="validate and load files (all or nothing)")
    p_load.add_argument("files", nargs="+", type=Path)
    p_load.add_argument("--user", default=getpass.getuser())
    p_val = sub.add_parser("validate", help="check files and show what a load would change; writes nothing")
    p_val.add_argument("files", nargs="+", type=Path)
    for p in (p_load, p_val):  # what the upload page's «Kolonner og indikator» offers
        p.add_argument("--indicator", help="indicator id for files whose source matches none or several indicators")
        p.add_argument(
            "--drop",
            action="append",
            default=[],
            metavar="COLUMN",
            help="a column read as a breakdown that is not one (e.g. --drop alder when every row is 0 år)",
        )
        p.add_argument(
            "--total",
            action="append",
            default=[],
            metavar="COLUMN=VALUE",
            type=_total,
            help='the value of a breakdown column that means all of them, e.g. --total "alder=0 år"',
        )
    p_exp = sub.add_parser("export", help="write all observations as canonical CSV")
    p_exp.add_argument("--out", type=Path, default=Path("asker2030-observations.csv"))
    sub.add_parser("export-indicators", help="print the indicators analysts defined on the upload page as catalog YAML")
    sub.add_parser("uploads", help="list uploads")
    p_rb = sub.add_parser("rollback", help="undo an upload")
    p_rb.add_argument("upload_id", type=int)
    p_rb.add_argument("--user", default=getpass.getuser())
    p_meas = sub.add_parser("measures", help="import measures (tiltak) from a CSV file (all or nothing)")
    p_meas.add_argument("file", type=Path)
    p_meas.add_argument("--user", default=getpass.getuser())
    p_meas.add_argument("--check", action="store_true", help="only check the file; write nothing")
    for name in COMMANDS:
        sub.choices[name].set_defaults(run=run)
    fetch_cli.add_parser(sub)
    sub.choices["fetch"].set_defaults(run=fetch_cli.run)  # opens the store per commit itself


def run(args: argparse.Namespace) -> int:
    try:
        catalog = load_catalog()
        if args.command in WRITES:
            return _write_command(args, catalog)
        db.require_initialised(None, args.db)  # before opening: a mistyped --db leaves no empty file behind
        with db.reader(args.db) as con:
            db.require_initialised(con, args.db)
            return _read_command(args, con, catalog)
    except (CatalogError, db.StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        # 2: the store (or catalog) cannot be used at all; 1: the command ran and was refused or waited too long
        return 2 if isinstance(exc, (CatalogError, db.StoreDamagedError, db.StoreMissingError)) else 1


# Commands that write open the store only for their transactions, under the writer lock (a second writer
# waits for it); the others read the newest published snapshot and never wait for or block a writer.
WRITES = ("init", "load", "rollback", "measures")


def _read_command(args, con, catalog) -> int:
    if args.command == "validate":
        from etl.load import CLI_MAX_BYTES, prepare

        if (code := _missing_files(args.files)) is not None:
            return code
        effective = db.effective_catalog(con, catalog)
        prepared = [prepare(con, f, f.name, effective, max_bytes=CLI_MAX_BYTES, **_reading(args)) for f in args.files]
        _print_report(prepared, args.lang)
        return 0 if all(p.ok for p in prepared) else 1
    if args.command == "export":
        from etl.load import export_observations

        n = export_observations(con, args.out)
        print(f"wrote {n} observations to {args.out}")
        return 0
    if args.command == "export-indicators":
        from etl.new_indicator import analyst_indicators, indicators_yaml

        print(indicators_yaml(analyst_indicators(db.effective_catalog(con, catalog))), end="")
        return 0
    if args.command == "uploads":
        print(queries.uploads(con).to_string(index=False))
        return 0
    return 2


def _missing_files(files) -> int | None:
    missing = [f for f in files if not f.is_file()]
    if missing:
        print(f"error: no such file: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    return None


def _write_command(args, catalog) -> int:
    who = f"python -m etl {args.command} ({getpass.getuser()})"
    if args.command != "init":  # the others need a store: say how to make one rather than create an empty file
        db.require_initialised(None, args.db)
    if args.command == "init":
        from etl.bootstrap import init_store

        with db.writer(args.db, who=who) as con:
            init_store(con, catalog, with_example=not args.no_example)
        print(f"database ready: {db.db_path(args.db)}")
        return 0
    if args.command == "rollback":
        with db.writer(args.db, who=who) as con:
            db.require_initialised(con, args.db)
            n = db.rollback_upload(con, args.upload_id, args.user)
        print(f"upload #{args.upload_id} rolled back ({n} values restored)")
        return 0
    if args.command == "measures":
        if args.check:
            with db.reader(args.db) as con:
                db.require_initialised(con, args.db)
                return _measures_guarded(args, con, catalog)
        with db.writer(args.db, who=who) as con:
            db.require_initialised(con, args.db)
            return _measures_guarded(args, con, catalog)
    # load: every file is read and checked against the newest snapshot first (no lock held meanwhile); then
    # each file is committed in its own transaction under the writer lock, classified against the store itself.
    from etl.load import CLI_MAX_BYTES, commit, prepare

    if (code := _missing_files(args.files)) is not None:
        return code
    with db.reader(args.db) as con:
        db.require_initialised(con, args.db)
        effective = db.effective_catalog(con, catalog)
        prepared = [
            prepare(con, f, f.name, effective, max_bytes=CLI_MAX_BYTES, preview=False, **_reading(args))
            for f in args.files
        ]  # no preview: the commit classifies and counts
    _print_report(prepared, args.lang)
    if not all(p.ok for p in prepared):
        print("nothing was loaded: fix the errors above and run the command again", file=sys.stderr)
        return 1
    for p in prepared:
        with db.writer(args.db, who=f"{who}: {p.name}") as con:
            r = commit(con, p, args.user)
        what = f"upload #{r.upload_id}" if r.upload_id else "no changes"
        print(f"{r.name}: {what} (new {r.diff.added}, changed {r.diff.changed}, unchanged {r.diff.unchanged})")
    return 0


def _measures_guarded(args, con, catalog) -> int:
    try:
        return _measures(args, con, catalog)
    except duckdb.CatalogException as exc:
        print(
            f"error: the database has no tables for comments and measures yet ({str(exc).splitlines()[0]}); "
            "run `asker2030 init` once, or open the dashboard, and try again",
            file=sys.stderr,
        )
        return 2


def _measures(args, con, catalog) -> int:
    from etl.measures import commit_measures, read_measures
    from store import db

    if not args.file.is_file():
        print(f"error: no such file: {args.file}", file=sys.stderr)
        return 2
    effective = db.effective_catalog(con, catalog)
    imported = read_measures(args.file, args.file.name, effective)
    status = "OK" if imported.ok else ("FEIL" if args.lang == "nb" else "ERROR")
    print(f"{args.file.name}: {status} ({imported.report.summary(args.lang)}; {len(imported.items)} measures)")
    for problem in imported.report.problems:
        print(f"  {'✖' if problem.level == 'error' else '⚠'} {problem.text(args.lang)}")
    if not imported.ok:
        print("nothing was imported: fix the errors above and run the command again", file=sys.stderr)
        return 1
    if args.check:
        return 0
    counts = commit_measures(con, imported, args.user, effective)
    print(f"imported: new {counts['added']}, changed {counts['updated']}, unchanged {counts['unchanged']}")
    return 0
