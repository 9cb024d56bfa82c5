"""Command line for meetings: `python -m etl measures FILE` (import measures) and
`python -m etl report [--goal 13 …] [--format pdf|pptx …] [--out DIR]` (status reports for scheduled jobs).
The same code as the dashboard's «Tiltak» and «Rapporter» pages."""
from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

import duckdb

COMMANDS = ("measures", "report")
READ_ONLY = ("report",)


def add_parsers(sub) -> None:
    p_meas = sub.add_parser("measures", help="import measures (tiltak) from a CSV file (all or nothing)")
    p_meas.add_argument("file", type=Path)
    p_meas.add_argument("--user", default=getpass.getuser())
    p_meas.add_argument("--check", action="store_true", help="only check the file; write nothing")
    p_rep = sub.add_parser("report", help="write a PDF and/or PowerPoint status report (one goal or all six)")
    p_rep.add_argument("--goal", action="append", metavar="ID",
                       help="goal id, e.g. 13 (repeat for several; default: all six goals)")
    p_rep.add_argument("--format", action="append", choices=["pdf", "pptx"], dest="formats",
                       help="pdf or pptx (repeat for both; default pdf)")
    p_rep.add_argument("--out", type=Path, default=Path("."), help="folder for the files (created if missing)")


def run(args: argparse.Namespace, con, catalog) -> int:
    try:
        if args.command == "measures":
            return _measures(args, con, catalog)
        return _report(args, con, catalog)
    except duckdb.CatalogException as exc:
        print(f"error: the database has no tables for comments and measures yet ({str(exc).splitlines()[0]}); "
              "run `python -m etl init` once, or open the dashboard, and try again", file=sys.stderr)
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


def _report(args, con, catalog) -> int:
    from exports.report_data import build_report
    from exports.report_pdf import write_pdf
    from exports.report_pptx import write_pptx
    from store import db

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
