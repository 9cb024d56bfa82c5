"""`python -m etl fetch [INDICATOR …] [--all] [--dry-run]`: what it prints and its exit code."""

from __future__ import annotations

import argparse
import getpass
import sys

from etl.fetch.run import IndicatorResult, PathStore, fetch, fetchable
from etl.fetch.settings import Settings
from indicators.catalog import CatalogError, load_catalog
from store import db

PREVIEW_ROWS = 12


def add_parser(sub) -> None:
    p = sub.add_parser(
        "fetch",
        help="fetch indicators from their sources' APIs (SSB, FHI, Udir) and load them",
        description="Each source request is read, checked and committed as one upload, which can be "
        "undone with `rollback`. Settings: README, section Fetching.",
    )
    p.add_argument("indicators", nargs="*", help="indicator ids (default with --all: every one with a fetch spec)")
    p.add_argument("--all", action="store_true", help="every indicator that has a fetch spec in the catalog")
    p.add_argument("--dry-run", action="store_true", help="fetch and show the report and preview; write nothing")
    p.add_argument("--user", default=getpass.getuser(), help="who the uploads are recorded as")


def _print_result(r: IndicatorResult, lang: str) -> None:
    en = lang == "en"
    head = {
        "failed": "FEIL" if not en else "FAILED",
        "changed": "endret" if not en else "changed",
        "unchanged": "uendret" if not en else "unchanged",
    }[r.state]
    print(
        f"{r.indicator_id}: {head} ({len(r.requests)} {'requests' if en else 'forespørsler'}; "
        f"{'rows' if en else 'rader'} {r.total('read')}: {'new' if en else 'nye'} {r.total('added')}, "
        f"{'changed' if en else 'endrede'} {r.total('changed')}, {'unchanged' if en else 'uendrede'} "
        f"{r.total('unchanged')}, {'example values removed' if en else 'eksempelverdier fjernet'} "
        f"{r.total('removed')})"
    )
    for rr in r.requests:
        print(f"  {rr.request.audit}")
        p = rr.prepared
        if p is None:
            continue
        for problem in p.report.problems:
            mark = "✖" if problem.level == "error" else "⚠"
            print(f"    {mark} {problem.text(lang)}")
        if rr.result is not None:
            what = (
                f"upload #{rr.result.upload_id}" if rr.result.upload_id else ("no changes" if en else "ingen endringer")
            )
            print(f"    → {what}")
        elif p.diff is not None:  # --dry-run: the preview
            d = p.diff
            print(
                f"    {'preview' if en else 'forhåndsvisning'}: {'new' if en else 'nye'} {d.added}, "
                f"{'changed' if en else 'endrede'} {d.changed}, {'unchanged' if en else 'uendrede'} {d.unchanged}, "
                f"{'example values removed' if en else 'eksempelverdier fjernes'} {d.removed}"
            )
            for row in d.changes.head(PREVIEW_ROWS).itertuples():
                old = (
                    ""
                    if row.action == "insert"
                    else f"{row.old_value if row.old_value == row.old_value else row.old_missing} → "
                )
                new = (
                    "–"
                    if row.action == "delete"
                    else (row.new_value if row.new_value == row.new_value else row.new_missing)
                )
                bd = f" [{row.breakdown}]" if row.breakdown else ""
                print(f"      {row.action:7} {row.area}{bd} {row.period}: {old}{new}")
            if len(d.changes) > PREVIEW_ROWS:
                print(f"      … {len(d.changes) - PREVIEW_ROWS} {'more' if en else 'flere'}")
    for nb, en_text in r.notes:
        print(f"  ⚠ {en_text if en else nb}")
    if r.error is not None:
        print(f"  ✖ {r.error.text(lang)}")
        if r.error.url:
            print(f"    {r.error.url}")


def run(args: argparse.Namespace) -> int:
    try:
        catalog = load_catalog()
    except CatalogError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not args.indicators and not args.all:
        print("error: name indicators, or use --all", file=sys.stderr)
        return 2
    store = PathStore(args.db, who=args.user)
    try:
        with store.writer() as con:  # the schema may be older than the fetch log (adds fetch_run, upload.source_url)
            db.init_schema(con)
        with store.reader() as con:
            catalog = db.effective_catalog(con, catalog)
    except db.StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    unknown = [i for i in args.indicators if not catalog.has_indicator(i)]
    if unknown:
        print(f"error: unknown indicator(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    chosen = [catalog.indicator(i) for i in args.indicators] if args.indicators else fetchable(catalog)
    results = fetch(
        chosen,
        catalog,
        store,
        Settings.from_env(),
        user=args.user,
        dry_run=args.dry_run,
        done=lambda r: _print_result(r, args.lang),
    )
    failed = [r for r in results if not r.ok]
    summary = (
        f"{len(results)} indicators, {len(failed)} failed"
        if args.lang == "en"
        else f"{len(results)} indikatorer, {len(failed)} feilet"
    )
    print(summary + (f": {', '.join(r.indicator_id for r in failed)}" if failed else ""))
    return 1 if failed else 0
