"""Time the open-data routes of a running dashboard: first answer, warm answer and 304 revalidation, with sizes.

    python bench/open_data.py                    # the example store (built in a temporary folder)
    python bench/open_data.py --store PATH       # a copy of another store, e.g. a national snapshot

The store is copied first, so nothing is written to PATH."""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from api.routes import DOCUMENTED, PREFIX  # noqa: E402
from bench.serve import running_dashboard  # noqa: E402


def timed(client: httpx.Client, path: str, headers: dict | None = None) -> tuple[float, httpx.Response]:
    start = time.perf_counter()
    r = client.get(path, headers=headers or {})
    return time.perf_counter() - start, r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a DuckDB store to copy (default: the example data)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "asker2030.duckdb"
        if args.store:
            shutil.copy2(args.store, store)
        else:
            from etl.bootstrap import init_store
            from store import db

            with db.writer(store, who="bench") as con:
                init_store(con)
        with running_dashboard(store, timeout_s=600) as (url, _pid):
            with httpx.Client(base_url=url + PREFIX, timeout=600) as client:
                print(f"{'route':48} {'first s':>8} {'warm s':>8} {'304 s':>8} {'bytes':>11}")
                for route in DOCUMENTED:
                    first, r = timed(client, route.example)
                    warm = statistics.median(timed(client, route.example)[0] for _ in range(args.repeat))
                    tag = {"If-None-Match": r.headers["etag"]}
                    revalidate = statistics.median(timed(client, route.example, tag)[0] for _ in range(args.repeat))
                    print(f"{route.example:48} {first:8.3f} {warm:8.3f} {revalidate:8.3f} {len(r.content):11,}")


if __name__ == "__main__":
    main()
