"""Reading time against the number of columns, for files of the same size: is reading linear in the file?

    python bench/columns.py [--cells 400000] [--columns 100,1000,5000] [--repeat 3]

Each file is a canonical CSV (indicator_id, year, value, area and N - 4 breakdown columns) holding the same
number of cells, so a reader that is linear in the file's size reads them all in about the same time, and one
with a cost per column grows with the columns, never faster than they do. Prints the median of `repeat` reads,
the time per column and per cell, and each time as a ratio to the narrowest file's. The columns limit is raised
for the run (ASKER2030_MAX_COLUMNS; the default refuses files of more than 1,000 columns).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from etl.read import read_file  # noqa: E402
from indicators.catalog import load_catalog  # noqa: E402


def wide_csv(columns: int, cells: int) -> bytes:
    """A canonical file of `columns` columns and about `cells` cells; every row a series of its own."""
    extra = columns - 4
    rows = max(1, cells // columns)
    header = ["indicator_id", "year", "value", "area"] + [f"c{j}" for j in range(extra)]
    lines = [",".join(header)]
    for r in range(rows):
        lines.append(
            ",".join(
                [
                    f"befolkningsvekst,{2000 + r % 20},{r % 97 / 10}",
                    f"Område {r // 20}",
                    *("x" * (1 + (r + j) % 3) for j in range(extra)),
                ]
            )
        )
    return ("\n".join(lines) + "\n").encode()


def measure(columns: list[int], cells: int, repeat: int) -> list[dict]:
    catalog = load_catalog()
    out = []
    for n in columns:
        data = wide_csv(n, cells)
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            result = read_file(data, f"wide-{n}.csv", catalog, max_columns=max(columns))
            times.append(time.perf_counter() - t)
        assert result.report.ok and len(result.frame) == cells // n, result.report.summary("en")
        out.append({"columns": n, "rows": cells // n, "bytes": len(data), "seconds": statistics.median(times)})
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=400_000)
    parser.add_argument("--columns", default="100,1000,5000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    columns = [int(c) for c in args.columns.split(",")]
    results = measure(columns, args.cells, args.repeat)
    base = results[0]
    print(
        f"{'columns':>8} {'rows':>7} {'MB':>6} {'seconds':>8} {'ms/column':>10} {'µs/cell':>8} "
        f"{'time ×':>7} {'columns ×':>10}"
    )
    for r in results:
        print(
            f"{r['columns']:>8} {r['rows']:>7} {r['bytes'] / 1e6:>6.2f} {r['seconds']:>8.2f} "
            f"{r['seconds'] / r['columns'] * 1000:>10.2f} {r['seconds'] / (r['rows'] * r['columns']) * 1e6:>8.2f} "
            f"{r['seconds'] / base['seconds']:>7.1f} {r['columns'] / base['columns']:>10.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
