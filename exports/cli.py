"""The reports command of the command line: `report [--goal ID …] [--format pdf|pptx …] [--out DIR]`, the same
PDF and PowerPoint status reports as the dashboard's «Rapporter» page, for scheduled jobs. Reads the newest
published snapshot, so it never waits for or blocks a writer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from indicators.catalog import CatalogError, load_catalog
from store import db


def add_commands(sub) -> None:
    p_rep = sub.add_parser("report", help="write a PDF and/or PowerPoint status report (one goal or all six)")
    p_rep.add_argument(
        "--goal", action="append", metavar="ID", help="goal id, e.g. 13 (repeat for several; default: all six goals)"
    )
    p_rep.add_argument(
        "--format",
        action="append",
        choices=["pdf", "pptx"],
        dest="formats",
        help="pdf or pptx (repeat for both; default pdf)",
    )
    p_rep.add_argument("--out", type=Path, default=Path("."), help="folder for the files (created if missing)")
    p_rep.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        catalog = load_catalog()
        db.require_initialised(None, args.db)
        with db.reader(args.db) as con:
            db.require_initialised(con, args.db)
            try:
                return _report(args, con, catalog)
            except duckdb.CatalogException as exc:
                print(
                    f"error: the database has no tables for comments and measures yet "
                    f"({str(exc).splitlines()[0]}); run `asker2030 init` once, or open the dashboard, and try "
                    "again",
                    file=sys.stderr,
                )
                return 2
    except (CatalogError, db.StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, (CatalogError, db.StoreDamagedError, db.StoreMissingError)) else 1


def _report(args, con, catalog) -> int:
    from exports.report_data import build_report
    from exports.report_pdf import write_pdf
    from exports.report_pptx import write_pptx

    effective = db.effective_catalog(con, catalog)
    known = [g.id for g in effective.goals]
    goals = args.goal or known
    unknown = [g for g in goals if g not in known]
    if unknown:
        print(f"error: unknown goal(s) {', '.join(unknown)}; choose from {', '.join(known)}", file=sys.stderr)
        return 2
    content = build_report(con, effective, goals, args.lang, strict=False)
    for fmt in dict.fromkeys(args.formats or ["pdf"]):
        path = (write_pdf if fmt == "pdf" else write_pptx)(content, args.out)
        print(f"wrote {path}")
    missing = {i.indicator.id: i.chart_error for i in content.missing_charts}
    if missing:
        for iid, reason in missing.items():
            print(f"warning: no chart for {iid}: {reason} (the report says so in its place)", file=sys.stderr)
        return 1
    return 0
