"""`asker2030 COMMAND …`: the whole application's command line, put together from the commands each package
keeps beside its work: etl.cli (data in: init, load, validate, export, export-indicators, uploads, rollback,
measures, fetch), store.cli (backup, restore) and exports.cli (report). `python -m etl` is the same command line
under its old name, so existing scheduled jobs keep working."""

from __future__ import annotations

import argparse
import sys

from etl import cli as etl_cli
from exports import cli as exports_cli
from store import cli as store_cli


def parser(prog: str = "asker2030") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog,
        description="Asker 2030: load, fetch, back up and report on the "
        "indicator store. Every command runs beside the dashboard.",
    )
    p.add_argument("--db", help="DuckDB file (default data/asker2030.duckdb or $ASKER2030_DB)")
    p.add_argument("--lang", choices=["nb", "en"], default="nb", help="language of messages")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    etl_cli.add_commands(sub)
    store_cli.add_commands(sub)
    exports_cli.add_commands(sub)
    return p


def main(argv: list[str] | None = None, prog: str = "asker2030") -> int:
    args = parser(prog).parse_args(argv)
    args.prog = prog  # messages name the command the way it was called (asker2030 or python -m etl)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
