"""The store's commands of the command line: `backup [--out DIR]` (a dated copy of every table, read from the
newest snapshot) and `restore DIR [--force]` (under the writer lock; a running dashboard shows the result)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from store import db


def add_commands(sub) -> None:
    p_bk = sub.add_parser("backup", help="write a dated snapshot of the whole database (parquet files)")
    p_bk.add_argument("--out", type=Path, help="folder to put the snapshot in (default: backups/ beside the database)")
    p_rs = sub.add_parser("restore", help="bring a backup back as the database file")
    p_rs.add_argument("backup_dir", type=Path)
    p_rs.add_argument("--force", action="store_true", help="replace a database that holds data (it is kept as a copy)")
    for name in ("backup", "restore"):
        sub.choices[name].set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return _backup_or_restore(args)


def _backup_or_restore(args) -> int:
    """Backups read the newest snapshot (never waiting for a writer); restore swaps the file under the writer
    lock and publishes it, so a running dashboard shows the restored data within a couple of seconds."""
    try:
        if args.command == "backup":
            db.require_initialised(None, args.db)
            with db.reader(args.db) as con:
                db.require_initialised(con, args.db)
                folder = db.backup(con, args.out, path=args.db)
            print(f"backup written: {folder}")
            print(f"restore it with: {getattr(args, 'prog', 'asker2030')} restore {folder}")
            return 0
        with db.writer_lock(args.db, who=f"asker2030 restore ({getpass.getuser()})"):
            result = db.restore(args.backup_dir, args.db, force=args.force)
        print(
            f"restored {result.backup} into {result.path} "
            f"({result.rows.get('observation', 0)} observations, {result.rows.get('upload', 0)} uploads)"
        )
        if result.replaced:
            print(f"the previous file was kept as {result.replaced}")
        return 0
    except db.StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
