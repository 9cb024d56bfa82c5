"""`python -m etl …`: the application's command line under its first name (README, scheduled jobs); the same
commands as `asker2030 …` (asker2030/cli.py), of which etl/cli.py holds the data commands."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from asker2030.cli import main as asker2030_main  # an entry point: it may stand above every package

    return asker2030_main(argv, prog="python -m etl")


if __name__ == "__main__":
    sys.exit(main())
