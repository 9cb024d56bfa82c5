"""What a viewer waits for in Chromium: per page, the time from opening its URL until the first status is visible,
until every status (and its sentence, drawn in the same element) is, and until what is on screen is drawn (charts
included), each beside a bare Streamlit page with one chart (bench/one_chart_app.py) measured in the same run.

    python bench/drawing.py [--visits 3] [--db FILE]      (alone, on a fresh copy of the example store)

bench/run.py runs it as its «drawing» section. Warm: every page is opened once first, then `visits` times; medians
are reported; each visit is a new tab of one browser context (a returning viewer, with Streamlit's and Plotly's
code in the browser's cache). Times are the page's own clock (performance.now(), from the start of navigation), sampled every
animation frame by a script added before the page loads, so the benchmark's round trips do not count.

A page is *drawn* when Streamlit's script run is over, no element is still a loading skeleton (outside a closed
expander, whose contents Streamlit mounts only when opened) and every plotly chart outside a closed expander has
its SVG: the whole page, charts below the fold included.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.serve import CHROMIUM, CHROMIUM_ARGS, running_dashboard  # noqa: E402

FIRST_STATUS_GOAL_S = 1.5  # issue 14: statuses and sentences on screen within 1.5 s …
DRAWN_GOAL_S = 2.5  # … and every chart within 2.5 s (warm, one viewer, this machine)
VIEWPORT = {"width": 1920, "height": 1080}

# Added to every page before it loads: each animation frame notes when the first status chip is visible, how many
# there are (the time the final count was first reached is "every status"), and when the page is drawn.
PROBE = """
(() => {
  const marks = window.__drawing = {first: null, counts: [], drawn: null};
  const visible = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const drawn = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector('[data-testid="stStatusWidget"]') || !document.querySelector('h1')) return false;
    if ([...document.querySelectorAll('[data-testid="stSkeleton"]')].some(s => !s.closest('details:not([open])')))
      return false;
    const open = el => !el.closest('details:not([open])');
    const plots = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].filter(open);
    const images = [...document.querySelectorAll('[data-testid="stMain"] img')].filter(open);
    marks.plotly = plots.length; marks.images = images.length;
    return plots.every(c => c.querySelector('.main-svg')) && images.every(i => i.complete && i.naturalWidth > 0);
  };
  let settled = 0;
  const tick = () => {
    const now = performance.now();
    const chips = [...document.querySelectorAll('.status-chip')].filter(visible).length;
    if (chips && marks.first === null) marks.first = now;
    const last = marks.counts[marks.counts.length - 1];
    if (!last || last[1] !== chips) marks.counts.push([now, chips]);
    if (drawn()) { if (++settled === 1) marks.drawn = now; } else { settled = 0; marks.drawn = null; }
    if (settled < 30) requestAnimationFrame(tick);  // drawn and unchanged for 30 frames: done
  };
  requestAnimationFrame(tick);
})();
"""
DONE = "() => window.__drawing && window.__drawing.drawn !== null && document.querySelector('h1') !== null"


def pages(catalog=None) -> list[str]:
    """The overview, every goal page, the indicator page, Utforsk and the meeting view (their URL paths)."""
    from indicators.catalog import load_catalog

    catalog = catalog or load_catalog()
    return [
        "",
        *[f"mal-{g.id}" for g in catalog.goals],
        "indikator?indikator=klimagassutslipp",
        "utforsk?ind=klimagassutslipp,sykefravaer",
        "mote",
    ]


async def _visit(context, url: str, timeout_ms: int = 120_000) -> dict:
    """One visit in a new tab of `context` (a returning viewer: the browser has Streamlit's and Plotly's code in its
    cache, as the issue's "warm" means; a first-time viewer also downloads and compiles ~6 MB of scripts)."""
    page = await context.new_page()
    try:
        await page.goto(url, timeout=timeout_ms)
        await page.wait_for_function(DONE, timeout=timeout_ms, polling=100)
        await page.wait_for_timeout(600)  # the probe's 30 quiet frames
        marks = await page.evaluate("() => window.__drawing")
    finally:
        await page.close()
    counts = marks["counts"]
    final = counts[-1][1] if counts else 0
    every = next((t for t, n in counts if n == final), None) if final else None
    ms = lambda v: None if v is None else v / 1000  # noqa: E731
    return {
        "first_status": ms(marks["first"]),
        "every_status": ms(every),
        "drawn": ms(marks["drawn"]),
        "statuses": final,
        "plotly": marks["plotly"],
        "images": marks["images"],
    }


def _median(rows: list[dict], key: str) -> float | None:
    values = [r[key] for r in rows if r[key] is not None]
    return statistics.median(values) if values else None


def wait_for_images(folder: Path, quiet_s: float = 6.0, limit_s: float = 600.0) -> int:
    """Until the renderer has stopped adding images to `folder` for `quiet_s`; returns how many there are."""
    import time

    deadline, last, since = time.monotonic() + limit_s, -1, time.monotonic()
    while time.monotonic() < deadline:
        now = len(list(folder.glob("*.webp"))) + len(list(folder.glob(".*.tmp")))
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            break
        time.sleep(0.5)
    return len(list(folder.glob("*.webp")))


async def measure(url: str, bare_url: str, paths: list[str], visits: int = 3, images_dir: Path | None = None) -> dict:
    """{path: {first_status, every_status, drawn, statuses}} (medians of `visits` warm visits), and "bare" for the
    one-chart page, whose first status is its heading's chip and whose drawn is its chart."""
    from playwright.async_api import async_playwright

    out: dict[str, dict] = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = await browser.new_context(viewport=VIEWPORT)
        await context.add_init_script(PROBE)
        targets = {"bare": bare_url, **{path: f"{url}/{path}" for path in paths}}
        for target in targets.values():  # warm: the server's caches, the browser's cached code and fonts
            await _visit(context, target)
        if images_dir is not None:  # …and the goal pages' chart images, which the first visits asked for
            await asyncio.to_thread(wait_for_images, images_dir)
        rows: dict[str, list[dict]] = {name: [] for name in targets}
        for _ in range(visits):  # interleaved, so a busy moment on the machine falls on several pages alike
            for name, target in targets.items():
                rows[name].append(await _visit(context, target))
        await browser.close()
    for name, got in rows.items():
        out[name] = {key: _median(got, key) for key in ("first_status", "every_status", "drawn")}
        out[name]["statuses"] = got[-1]["statuses"]
        out[name]["plotly"], out[name]["images"] = got[-1]["plotly"], got[-1]["images"]
        out[name]["worst_drawn"] = max((r["drawn"] for r in got if r["drawn"] is not None), default=None)
    return out


def run(db_path: Path, visits: int = 3, log_dir: Path | None = None, images: bool = True) -> dict:
    """Start the dashboard (as a viewer sees it) and the bare page on `db_path`, and measure every page.
    images=False: the goal pages draw every chart with Plotly (as before the static images), for comparison."""
    import contextlib

    from exports.chart_images import cache_dir

    with contextlib.ExitStack() as stack:
        logs = [stack.enter_context(open(log_dir / f"drawing-{n}.log", "w")) if log_dir else None for n in (1, 2)]
        env = {"ASKER2030_AUTO_BACKUP": "0", "ASKER2030_CHART_IMAGES": "auto" if images else "off"}
        from bench.serve import VIEWER_ADDRESS

        url, _ = stack.enter_context(running_dashboard(db_path, log=logs[0], env=env, address=VIEWER_ADDRESS))
        bare, _ = stack.enter_context(running_dashboard(db_path, "bench/one_chart_app.py", log=logs[1], env=env))
        return asyncio.run(measure(url, bare, pages(), visits, cache_dir(db_path) if images else None))


def lines(got: dict) -> list[str]:
    """One line per page: its times against the goals and the bare page."""
    bare = got["bare"]
    f = lambda v: "   –  " if v is None else f"{v:5.2f} s"  # noqa: E731
    out = [
        f"{'page':44} {'first status':>13} {'every status':>13} {'drawn':>9}   (goals ≤ {FIRST_STATUS_GOAL_S} s, "
        f"≤ {DRAWN_GOAL_S} s)",
        f"{'bare Streamlit page, one chart':44} {f(bare['first_status']):>13} {'':>13} {f(bare['drawn']):>9}",
    ]
    for path, r in got.items():
        if path == "bare":
            continue
        ok = (r["every_status"] or r["first_status"] or 0) <= FIRST_STATUS_GOAL_S and (r["drawn"] or 99) <= DRAWN_GOAL_S
        out.append(
            f"{'/' + path:44} {f(r['first_status']):>13} {f(r['every_status']):>13} {f(r['drawn']):>9}   "
            f"{'✔' if ok else '✘'} ({r['statuses']} statuses, {r['images']} images, {r['plotly']} Plotly charts; "
            f"drawn {r['drawn'] / bare['drawn']:.1f}× the bare page)"
            if r["drawn"] and bare["drawn"]
            else f"{'/' + path:44} not drawn"
        )
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=3)
    parser.add_argument("--db", type=Path, help="a store to copy (default: a fresh example store)")
    parser.add_argument(
        "--no-images", action="store_true", help="goal pages draw every chart with Plotly (the old way, to compare)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db_file = Path(tmp) / "asker2030.duckdb"
        if args.db:
            shutil.copy(args.db, db_file)
        else:
            from etl.bootstrap import init_store
            from store import db

            with db.writer(db_file, who="bench") as con:
                init_store(con)
        got = run(db_file, args.visits, images=not args.no_images)
    print("\n".join(lines(got)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
