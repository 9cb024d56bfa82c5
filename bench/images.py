"""Chart images with kaleido and Debian's chromium: the PNG download (issue 14, point 7: at most 1.5 s once the
page has warmed the shared browser) and the goal pages' WebP images (exports/chart_images.py), per chart.

    python bench/images.py [--repeat 5]

bench/run.py runs it as its «images» section. Medians of `repeat` images after one warm-up; the figures are the
example store's goal 11 (the goal page with the most charts)."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PNG_GOAL_S = 1.5
GOAL = "11"


def goal_figures(goal_id: str = GOAL) -> list[tuple[str, object]]:
    """(title, figure) of every chart of a goal page, built as the page builds them, from a fresh example store."""
    from charts.frozen import freeze
    from charts.indicator import indicator_figure
    from etl.bootstrap import ensure_store
    from indicators.catalog import load_catalog
    from indicators.progress import required_path, trend_path
    from store import db, queries
    from store.status import assess_all

    catalog = load_catalog()
    path = Path(tempfile.mkdtemp()) / "asker2030.duckdb"
    ensure_store(path)
    out = []
    with db.reader(path) as con:
        assessments = assess_all(con, catalog)
        for ind in catalog.indicators_for_goal(goal_id):
            series = queries.series(con, ind.id)
            if series.empty or series["value"].notna().sum() == 0:
                continue
            a = assessments[ind.id]
            fig = indicator_figure(ind, series, a, required_path(ind, a), trend_path(a), example=True, height=320)
            out.append((ind.name.nb, freeze(fig)))
    return out


def run(repeat: int = 5) -> dict:
    from exports import chart_images, images

    figures = goal_figures()
    title, fig = figures[0]
    images.warm()
    images.figure_png(fig, title=title)  # waits for the shared browser, as the first click after a page opens
    png = []
    for _ in range(repeat):
        started = time.perf_counter()
        images.figure_png(fig, title=title)
        png.append(time.perf_counter() - started)
    with tempfile.TemporaryDirectory() as tmp:
        jobs = []
        for _title, f in figures:
            spec = chart_images.figure_json(f)
            for width in (chart_images.WIDE, chart_images.NARROW):
                jobs.append((Path(tmp) / chart_images.image_name(spec, width, 320), spec, width, 320))
        renderer = chart_images.Renderer(nice=0)  # measured at normal priority: the cost, not the waiting
        started = time.perf_counter()
        renderer.request(jobs)
        renderer.wait(600)
        page_total = time.perf_counter() - started
        sizes = [p.stat().st_size for p, *_ in jobs if p.exists()]
    return {
        "png_s": statistics.median(png),
        "png_worst_s": max(png),
        "charts": len(figures),
        "page_images": len(sizes),
        "page_total_s": page_total,
        "page_per_image_s": page_total / max(len(jobs), 1),
        "page_kb": statistics.median(sizes) / 1024 if sizes else 0.0,
        "failed": len(renderer.failed),
    }


def lines(got: dict) -> list[str]:
    return [
        f"PNG download, warm: {got['png_s']:.2f} s (worst {got['png_worst_s']:.2f} s; goal ≤ {PNG_GOAL_S} s)",
        f"goal {GOAL}'s {got['charts']} charts as {got['page_images']} WebP images (wide and narrow): "
        f"{got['page_total_s']:.1f} s in the background, {got['page_per_image_s']:.2f} s each with Chromium's start, "
        f"{got['page_kb']:.0f} kB each; {got['failed']} failed",
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    print("\n".join(lines(run(args.repeat))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
