"""Run every benchmark side by side and print each figure with its goal.

    python bench/run.py [--only etl,pages,memory,pageviews,browser,drawing,images] [--repeat 3] [--views 20] [--markdown FILE]

Most figures compare two things measured in the same run on the same machine (so a busy machine slows both): our
loader against DuckDB's bare CSV import, the national-scale store against the example store, two replicas against
one. The cost of a page view is measured at the server through Streamlit's own websocket protocol, no browser
(bench/pageviews.py): CPU seconds from /proc, which other work on the machine barely changes, against an absolute
goal. One viewer in Chromium gives what a person waits for. The national data set comes from bench/generate.py
(made when missing). Everything is written under bench/out/ (gitignored). Needs Debian's /usr/bin/chromium for
the browser parts and /usr/sbin/nginx for the replicas.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402
from serve import CHROMIUM, CHROMIUM_ARGS, running_dashboard  # noqa: E402

OUT = ROOT / "bench" / "out"
CLI_MAX_BYTES = 1_000_000_000


@dataclass
class Figure:
    """One printed figure. kind "ratio": ours / reference ≤ goal; "at_least": ours / reference ≥ goal;
    "at_most": ours itself ≤ goal (in its unit; 0 for error counts). goal None: shown for information."""

    section: str
    name: str
    ours: float
    reference: float | None
    goal: float | None  # None: shown for information, no goal
    unit: str = "s"
    note: str = ""
    kind: str = "ratio"

    @property
    def ratio(self) -> float:
        if self.reference is None:
            return float("nan")
        return self.ours / self.reference if self.reference else float("inf")

    @property
    def ok(self) -> bool:
        if self.goal is None:
            return True
        if self.kind == "at_most":
            return self.ours <= self.goal
        if self.kind == "at_least":
            return self.ratio >= self.goal
        return self.ratio <= self.goal

    @property
    def goal_text(self) -> str:
        if self.goal is None:
            return "info"
        if self.kind == "at_most":
            return f"≤ {self.goal:g} {self.unit}".rstrip() if self.unit else f"≤ {self.goal:g}"
        return f"{'≥' if self.kind == 'at_least' else '≤'} {self.goal:g}×"

    def _value(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        if self.kind == "at_most" or self.reference is None:
            return f"{self.ours:8.3f}{unit}"
        return f"{self.ratio:6.2f}×   {self.ours:8.3f} vs {self.reference:8.3f}{unit}"

    def line(self) -> str:
        mark = "info" if self.goal is None else "OK  " if self.ok else "MISS"
        return f"{mark} {self.section:<12} {self.name:<50} {self._value()} (goal {self.goal_text})" + (
            f"   {self.note}" if self.note else ""
        )


@dataclass
class Results:
    figures: list[Figure] = field(default_factory=list)
    details: dict = field(default_factory=dict)

    def add(self, fig: Figure) -> None:
        self.figures.append(fig)
        print(fig.line(), flush=True)


def say(text: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {text}", flush=True)


def fresh(path: Path) -> Path:
    for p in (path, path.with_name(path.name + ".wal")):
        if p.exists():
            p.unlink()
    return path


# --- ETL ---------------------------------------------------------------------------------------------


def bench_etl(results: Results, csv: Path, repeat: int) -> Path:
    """prepare + commit of the national file into an empty store, and again (nothing changes), each against
    DuckDB's bare CREATE TABLE … AS SELECT * FROM read_csv(file) of the same file, interleaved. As
    `python -m etl load` does it: counts, no listing of every changed row for a preview."""
    import duckdb

    from etl import load
    from store import db

    catalog = generate.bench_catalog()
    store = OUT / "national.duckdb"
    bare, first, again, reread, writes = [], [], [], [], []
    details = {}
    for n in range(repeat):
        gc.collect()
        ctas = fresh(OUT / "ctas.duckdb")
        con = duckdb.connect(str(ctas))
        t = time.perf_counter()
        con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{csv}')")
        bare.append(time.perf_counter() - t)
        con.close()

        con = db.connect(fresh(store))
        db.init_schema(con)
        db.sync_catalog(con, catalog)
        gc.collect()
        t = time.perf_counter()
        prepared = load.prepare(con, csv, csv.name, catalog, preview=False, max_bytes=CLI_MAX_BYTES)
        t_prepare = time.perf_counter() - t
        result = load.commit(con, prepared, "bench")
        first.append(time.perf_counter() - t)
        assert prepared.ok and result.upload_id == 1, prepared.report.summary("en")
        gc.collect()
        t = time.perf_counter()
        prepared2 = load.prepare(con, csv, csv.name, catalog, preview=False, max_bytes=CLI_MAX_BYTES)
        t_prepare2 = time.perf_counter() - t
        result2 = load.commit(con, prepared2, "bench")
        again.append(time.perf_counter() - t)
        assert result2.upload_id is None and result2.diff.unchanged == result.diff.added
        gc.collect()
        t = time.perf_counter()  # the same, reading and checking every row again (what the shortcut saves)
        prepared3 = load.prepare(con, csv, csv.name, catalog, preview=False, max_bytes=CLI_MAX_BYTES, force_read=True)
        result3 = load.commit(con, prepared3, "bench")
        reread.append(time.perf_counter() - t)
        assert result3.upload_id is None and result3.diff.unchanged == result.diff.added
        con.close()
        writes.append(_writes_only(prepared.frame))
        details = {
            "rows": result.diff.added,
            "warnings": len(prepared.report.warnings),
            "fast_reader": bool(prepared.read.details.get("fast_path")),
            "reload_skipped_reading": prepared2.unchanged_since is not None,
            "prepare_first_s": round(t_prepare, 2),
            "prepare_reload_s": round(t_prepare2, 2),
            "store_mb": round(store.stat().st_size / 1e6, 1),
            "ctas_mb": round(ctas.stat().st_size / 1e6, 1),
        }
        say(
            f"ETL round {n + 1}/{repeat}: bare {bare[-1]:.2f} s, first {first[-1]:.2f} s "
            f"(prepare {t_prepare:.2f}), reload {again[-1]:.2f} s (prepare {t_prepare2:.2f}), "
            f"reload read in full {reread[-1]:.2f} s"
        )
    b = statistics.median(bare)
    results.details["etl"] = {
        **details,
        "bare_s": [round(x, 2) for x in bare],
        "first_s": [round(x, 2) for x in first],
        "reload_s": [round(x, 2) for x in again],
        "reload_read_in_full_s": [round(x, 2) for x in reread],
        "writes_only_s": [round(x, 2) for x in writes],
    }
    rows = f"{details['rows']:,} rows"
    results.add(Figure("ETL", f"first load ({rows}) vs DuckDB read_csv", statistics.median(first), b, 2.0))
    results.add(
        Figure(
            "ETL",
            "unchanged reload vs DuckDB read_csv",
            statistics.median(again),
            b,
            1.5,
            note="identical file: not read again (etl/load.py)",
        )
    )
    results.add(Figure("ETL", "unchanged reload, every row read and checked", statistics.median(reread), b, None))
    results.add(
        Figure(
            "ETL",
            "floor: only writing the parsed rows",
            statistics.median(writes),
            b,
            None,
            note="no reading, checks or diff: what any load must write",
        )
    )
    return store


def _writes_only(frame) -> float:
    """The one INSERT a first load cannot avoid (its observations; their history is implied by upload_id), from
    rows already parsed and in memory, into an empty store: the floor under any load."""
    from store import db

    owner = db.connect(fresh(OUT / "writes.duckdb"))
    db.init_schema(owner)
    con = owner.cursor()
    con.register("parsed", db._incoming(frame))  # as apply_upload hands them to DuckDB
    gc.collect()
    t = time.perf_counter()
    con.begin()
    con.execute("""INSERT INTO observation SELECT indicator_id, period, year, time, period_kind, area, breakdown,
                   value, missing, flag, note, 1, 'national.csv', source_row FROM parsed""")
    con.commit()
    elapsed = time.perf_counter() - t
    con.close()
    owner.close()
    return elapsed


def dashboard_store(store: Path) -> Path:
    """The national store as the dashboard opens it (catalog synced from the files, no example data)."""
    from etl.bootstrap import init_store
    from store import db

    con = db.connect(store)
    init_store(con)
    con.close()
    return store


def example_store() -> Path:
    from etl.bootstrap import init_store
    from store import db

    path = fresh(OUT / "example.duckdb")
    con = db.connect(path)
    init_store(con)
    con.close()
    return path


# --- pages (AppTest) ---------------------------------------------------------------------------------


def discover_pages() -> list[tuple[str, str]]:
    """(script, url path) of every page the router registers for an analyst, read from dashboard.py."""
    from indicators.catalog import load_catalog

    text = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    pages = [
        (m.group(1), m.group(2))
        for m in re.finditer(r'st\.Page\("(app_pages/[a-z_0-9]+\.py)".*?url_path="([^"]+)"', text, re.S)
    ]
    goals = [(f"app_pages/goal_{g.id}.py", f"mal-{g.id}") for g in load_catalog().goals]
    home = [(pages[0][0], "")]  # the default page lives at the root ("/oversikt" answers "page not found")
    return home + goals + pages[1:]


PAGE_PARAMS = {"app_pages/indicator.py": {"indikator": "klimagassutslipp"}}


FIRST_RUNS = 2


def _page_worker(stores: dict[str, str], pages: list[str], warm_runs: int) -> dict:
    """Runs in a subprocess. For each page, the stores take turns run by run (so a busy moment hits both):
    runs with every cache cleared ("first run after start"), then warm runs. The best of each is reported
    (timeit's rule: interference from other work only ever adds time)."""
    os.environ["ASKER2030_AUTO_BACKUP"] = "0"
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    out: dict = {label: {} for label in stores}
    dashboard = str(ROOT / "dashboard.py")

    def use(label):
        os.environ["ASKER2030_DB"] = stores[label]  # the dashboard reads it on every run

    for page in pages:
        apps = {}
        for label in stores:
            use(label)
            at = AppTest.from_file(dashboard, default_timeout=600)
            at.run()  # the router and the overview: the process is started
            if page != "app_pages/overview.py":
                at.switch_page(page)
                for k, v in PAGE_PARAMS.get(page, {}).items():
                    at.query_params[k] = v
            apps[label] = at
        firsts = {label: [] for label in stores}
        for _ in range(FIRST_RUNS):
            for label, at in apps.items():
                use(label)
                st.cache_data.clear()
                st.cache_resource.clear()
                gc.collect()
                t = time.perf_counter()
                at.run()
                firsts[label].append(time.perf_counter() - t)
        for label, at in apps.items():  # fill both stores' caches again
            use(label)
            at.run()
        warm = {label: [] for label in stores}
        for _ in range(warm_runs):
            for label, at in apps.items():
                use(label)
                t = time.perf_counter()
                at.run()
                warm[label].append(time.perf_counter() - t)
        for label, at in apps.items():
            out[label][page] = {
                "first": min(firsts[label]),
                "warm": min(warm[label]),
                "warm_median": statistics.median(warm[label]),
                "errors": [str(e.value)[:300] for e in at.exception],
            }
        # Many series: the indicator page assesses them all only on request; time that too.
        for label, at in apps.items():
            toggles = [w for w in at.toggle if w.key == "all_series_show"]
            if not toggles:
                continue
            use(label)
            toggles[0].set_value(True)
            st.cache_data.clear()
            st.cache_resource.clear()
            t = time.perf_counter()
            at.run()
            first_all = time.perf_counter() - t
            warm_all = []
            for _ in range(warm_runs):
                t = time.perf_counter()
                at.run()
                warm_all.append(time.perf_counter() - t)
            out[label][page + "#all-series"] = {
                "first": first_all,
                "warm": min(warm_all),
                "errors": [str(e.value)[:300] for e in at.exception],
                "series": len(at.dataframe[1].value) if len(at.dataframe) > 1 else None,
            }
    return out


def bench_pages(results: Results, example: Path, national: Path, warm_runs: int) -> None:
    pages = [p for p, _ in discover_pages()]
    stores = {"example": str(example), "national": str(national)}
    code = (
        f"import json, sys; sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / 'bench')!r}]; import run; "
        f"print('RESULT' + json.dumps(run._page_worker({stores!r}, {pages!r}, {warm_runs})))"
    )
    say(f"pages: {len(pages)} pages with AppTest, example and national store in turn …")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=900)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT")), None)
    if line is None:
        raise RuntimeError(f"page worker failed:\n{proc.stderr[-3000:]}")
    timings = json.loads(line[len("RESULT") :])
    results.details["pages"] = timings
    for page in pages:
        ex, na = timings["example"][page], timings["national"][page]
        note = "; ".join(
            f"{k}: {e[:120]}"
            for k, e in (("example", "\n".join(ex["errors"])), ("national", "\n".join(na["errors"])))
            if e
        )
        name = page.removeprefix("app_pages/").removesuffix(".py")
        results.add(Figure("pages warm", name, na["warm"], ex["warm"], 1.5, note=note))
        results.add(Figure("pages first", name, na["first"], ex["first"], 3.0))
        extra = timings["national"].get(page + "#all-series")
        if extra:  # the example store shows all its series by default: its default run is the reference
            results.add(
                Figure(
                    "pages first",
                    f"{name}: all {extra['series']} series assessed (on request)",
                    extra["first"],
                    ex["first"],
                    None,
                )
            )
            results.add(
                Figure(
                    "pages warm",
                    f"{name}: all {extra['series']} series assessed (on request)",
                    extra["warm"],
                    ex["warm"],
                    None,
                )
            )


# --- a running dashboard -----------------------------------------------------------------------------


@contextlib.contextmanager
def dashboard(db_path: Path, script: str = "dashboard.py"):
    with (
        open(OUT / f"streamlit-{db_path.stem}-{Path(script).stem}.log", "w") as log,
        running_dashboard(db_path, script, log=log, env={"ASKER2030_AUTO_BACKUP": "0"}) as (url, pid),
    ):
        yield url, pid


def vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


# The run is over when the app says its script is not running and the running indicator is gone, and the
# page is drawn: Streamlit loads charts and some widgets lazily and shows a skeleton until their code has
# arrived, so "script not running" alone can come before the charts (the crowd then skipped drawing them).
WAIT_DONE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app && app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector('[data-testid="stStatusWidget"]') && document.querySelector('h1')
        && !document.querySelector('[data-testid="stSkeleton"]')
        && Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'))
               .every(c => c.querySelector('.main-svg'));
}"""
TITLE = "() => (document.querySelector('h1') || {}).innerText || ''"


async def open_and_wait(page, url: str, timeout_ms: int = 180_000) -> float:
    """Open a page and wait until the app has finished its run: a heading is shown, nothing is running."""
    t = time.perf_counter()
    await page.goto(url, timeout=timeout_ms)
    await page.wait_for_selector("h1", timeout=timeout_ms)
    await page.wait_for_function(WAIT_DONE, timeout=timeout_ms, polling=50)
    return time.perf_counter() - t


async def click_and_wait(page, path: str, timeout_ms: int = 180_000) -> float:
    """Go to another page the way a viewer does, by a link on the page (no reload of the app: the overview's
    cards link to the goal pages), and wait for its run."""
    t = time.perf_counter()
    before = await page.evaluate(TITLE)
    link = page.locator(
        ", ".join(
            f'a[data-testid="stPageLink-NavLink"][href{op}"{h}"]'
            for op, h in (("=", path), ("$=", "/" + path), ("^=", path + "?"), ("*=", f"/{path}?"))
        )
    )
    await link.first.click(timeout=timeout_ms)
    await page.wait_for_function(f"() => ({TITLE})() !== {json.dumps(before)}", timeout=timeout_ms, polling=50)
    await page.wait_for_function(WAIT_DONE, timeout=timeout_ms, polling=50)
    return time.perf_counter() - t


async def _visit_all(url: str, paths: list[str]) -> list[str]:
    from playwright.async_api import async_playwright

    problems = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = await browser.new_page(viewport={"width": 1600, "height": 1000})
        for path in paths:
            await open_and_wait(page, f"{url}/{path}")
            if await page.locator('[data-testid="stException"]').count():
                problems.append(path)
        await browser.close()
    return problems


def bench_memory(results: Results, example: Path, national: Path) -> None:
    paths = [u for _, u in discover_pages()]
    paths = [p + ("?indikator=klimagassutslipp" if p == "indikator" else "") for p in paths]
    peak = {}
    for label, path in (("example", example), ("national", national)):
        say(f"memory: dashboard on the {label} store, {len(paths)} pages in Chromium …")
        with dashboard(path) as (url, pid):
            problems = asyncio.run(_visit_all(url, paths))
            peak[label] = vm_hwm_mb(pid)
        if problems:
            say(f"  pages with an exception box on the {label} store: {', '.join(problems)}")
        results.details.setdefault("memory_errors", {})[label] = problems
    results.details["memory_mb"] = {k: round(v, 1) for k, v in peak.items()}
    results.add(
        Figure(
            "memory",
            "dashboard peak RSS (VmHWM), national vs example",
            peak["national"],
            peak["example"],
            2.0,
            unit="MB",
        )
    )


async def _session(browser, url: str, paths: list[str]) -> tuple[float, int]:
    context = await browser.new_context(viewport={"width": 1600, "height": 1000})
    page = await context.new_page()
    t = time.perf_counter()
    errors = 0
    for n, path in enumerate(paths):
        if n == 0:
            await open_and_wait(page, f"{url}/{path}")
        else:
            await click_and_wait(page, path)
        errors += await page.locator('[data-testid="stException"]').count()
    elapsed = time.perf_counter() - t
    await context.close()
    return elapsed, errors


TICK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """utime + stime of a process and of its children it has reaped (closed contexts' renderers)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(x) for x in fields[11:15]) / TICK


def _tree_cpu_seconds(root: int) -> float:
    """CPU seconds of a process tree (this process: the server, Playwright's driver and every Chromium
    process), so other work on the machine is not counted."""
    parent = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent[int(entry)] = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    tree, grown = {root}, True
    while grown:
        grown = False
        for pid, ppid in parent.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grown = True
    return sum(_cpu_seconds(pid) for pid in tree)


async def _metered(server_pid: int, sessions) -> tuple[list, float, float]:
    """Run sessions at once; (results, CPU s of everything, CPU s of the server). Closed contexts' renderers
    exit a moment after their session; the pauses (outside the timed sessions) let them be reaped first."""
    await asyncio.sleep(1.5)
    cpu0, srv0 = _tree_cpu_seconds(os.getpid()), _cpu_seconds(server_pid)
    got = await asyncio.gather(*sessions)
    await asyncio.sleep(1.5)
    return list(got), _tree_cpu_seconds(os.getpid()) - cpu0, _cpu_seconds(server_pid) - srv0


async def _concurrency(url: str, server_pid: int, viewers: int, paths: list[str], singles: int) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        await _session(browser, url, paths)  # warm the server's caches and the browser
        # one viewer alone before and after the crowd, so a busy moment of the machine weighs on both
        single, single_cpu, single_srv = [], [], []
        for n in range(2 * singles):
            if n == singles:
                together, crowd_cpu, crowd_srv = await _metered(
                    server_pid, [_session(browser, url, paths) for _ in range(viewers)]
                )
            (got,), cpu, srv = await _metered(server_pid, [_session(browser, url, paths)])
            single.append(got[0])
            single_cpu.append(cpu)
            single_srv.append(srv)
        await browser.close()
    return {
        "single": single,
        "together": [t for t, _ in together],
        "errors": sum(e for _, e in together),
        "cpu_s_per_session_single": statistics.median(single_cpu),
        "server_cpu_s_per_session_single": statistics.median(single_srv),
        "cpu_s_per_session_crowd": crowd_cpu / viewers,
        "server_cpu_s_per_session_crowd": crowd_srv / viewers,
    }


def bench_concurrency(results: Results, national: Path, viewers: int) -> None:
    paths = ["", "mal-13"]
    say(f"concurrency: {viewers} browser contexts open the overview, then {paths[1]}, at once (national store) …")
    with dashboard(national) as (url, pid):
        got = asyncio.run(_concurrency(url, pid, viewers, paths, singles=2))
    say("concurrency floor: the same with a minimal Streamlit app (bench/minimal_app.py) …")
    with dashboard(national, "bench/minimal_app.py") as (url, pid):
        floor = asyncio.run(_concurrency(url, pid, viewers, ["", "second"], singles=2))

    def rounded(d):
        return {
            k: ([round(x, 2) for x in v] if isinstance(v, list) else round(v, 3) if isinstance(v, float) else v)
            for k, v in d.items()
        }

    results.details["concurrency"] = rounded(got)
    results.details["concurrency_minimal_app"] = rounded(floor)
    cores = os.cpu_count() or 1
    single = statistics.median(got["single"])
    results.add(
        Figure(
            "concurrency",
            f"median of {viewers} viewers at once vs one alone",
            statistics.median(got["together"]),
            single,
            None,
            note=f"errors: {got['errors']}, slowest {max(got['together']):.2f} s",
        )
    )
    results.add(
        Figure(
            "concurrency",
            f"exception boxes with {viewers} browsers at once",
            got["errors"],
            None,
            0,
            unit="",
            kind="at_most",
        )
    )
    # Everything runs on the same cores, so the crowd cannot finish before its CPU time / cores.
    results.add(
        Figure(
            "concurrency",
            f"CPU floor: {viewers} × CPU per visit / {cores} cores vs one alone",
            viewers * got["cpu_s_per_session_crowd"] / cores,
            single,
            None,
            note=f"per visit {got['cpu_s_per_session_crowd']:.2f} CPU s, of which server "
            f"{got['server_cpu_s_per_session_crowd']:.2f}",
        )
    )
    results.add(
        Figure(
            "concurrency",
            "same protocol, minimal Streamlit app (floor)",
            statistics.median(floor["together"]),
            statistics.median(floor["single"]),
            None,
            note=f"what 10 browsers + Streamlit cost on this machine alone; per visit "
            f"{floor['cpu_s_per_session_crowd']:.2f} CPU s",
        )
    )


# --- cost per page view, at the protocol level (bench/pageviews.py) ------------------------------------

CPU_PER_VIEW_GOAL = 0.1  # server CPU seconds per warm view of a goal page (issue 11)
CROWD_ERRORS_GOAL = 0  # failed views with 50 sessions at once
REPLICAS_GOAL = 1.7  # page views per second of two replicas over one, each behind nginx


def bench_pageviews(results: Results, national: Path, views: int, seconds: float, workers: int) -> None:
    import pageviews

    from indicators.catalog import load_catalog

    sizes = (1, 10, 50)
    say(
        f"page views through Streamlit's websocket protocol (bench/protocol.py), national store: CPU per view "
        f"(3 rounds of {views} in turn), {', '.join(map(str, sizes))} sessions at once, then {workers} viewers for {seconds:g} s "
        f"per page on one replica and on two behind nginx …"
    )
    got = pageviews.measure(
        national, load_catalog(), OUT, views=views, crowd_sizes=sizes, workers=workers, seconds=seconds, say=say
    )
    details = {
        "elapsed_s": round(got["elapsed_s"], 1),
        "client_cpu_s": round(got["client_cpu_s"], 1),
        "ours_cpu_s": round(got["ours_cpu_s"], 1),
        "other_work_cores": round(got["others_cores_busy"], 2),
        "pages": {},
    }
    for label, fig in got["pages"].items():
        is_goal = label.startswith("goal_")
        alone = statistics.median(fig.wall_alone)
        results.add(
            Figure(
                "page views",
                f"{label}: server CPU per warm view",
                fig.cpu_per_view,
                None,
                CPU_PER_VIEW_GOAL if is_goal else None,
                kind="at_most",
                note=f"{fig.bytes_per_view / 1000:.0f} kB, {sum(fig.elements.values())} elements",
            )
        )
        for size, walls in fig.crowds.items():
            results.add(
                Figure(
                    "page views",
                    f"{label}: {size} at once, median",
                    statistics.median(walls),
                    alone,
                    None,
                    note=f"worst {max(walls):.2f} s; ratio against one view alone",
                )
            )
        crowd_errors = sum(n for where, n in fig.errors.items() if "at once" in where)
        results.add(
            Figure(
                "page views",
                f"{label}: failed views ({', '.join(map(str, sizes))} at once)",
                crowd_errors,
                None,
                CROWD_ERRORS_GOAL,
                unit="",
                kind="at_most",
                note="; ".join(fig.error_samples[:2]),
            )
        )
        one, two = fig.throughput.get("1 replica", 0.0), fig.throughput.get("2 replicas", 0.0)
        results.add(
            Figure(
                "page views",
                f"{label}: views/s, 2 replicas vs 1 (nginx)",
                two,
                one,
                REPLICAS_GOAL,
                unit="/s",
                kind="at_least",
                note=f"{workers} viewers at once; the replicas got "
                f"{fig.replica_cores.get('1 replica', 0):.2f} and "
                f"{fig.replica_cores.get('2 replicas', 0):.2f} cores; other failures: "
                f"{sum(n for where, n in fig.errors.items() if 'at once' not in where)}",
            )
        )
        details["pages"][label] = {
            "cpu_s_per_view": round(fig.cpu_per_view, 4),
            "cpu_s_rounds": [round(x, 4) for x in fig.cpu_rounds],
            "alone_s": [round(x, 3) for x in fig.wall_alone],
            "crowds": {
                n: {"median_s": round(statistics.median(w), 2), "worst_s": round(max(w), 2)}
                for n, w in fig.crowds.items()
            },
            "errors": fig.errors,
            "error_samples": fig.error_samples[:5],
            "views_per_s": {k: round(v, 2) for k, v in fig.throughput.items()},
            "replica_cores": {k: round(v, 2) for k, v in fig.replica_cores.items()},
            "bytes_per_view": fig.bytes_per_view,
            "elements": fig.elements,
        }
    results.details["pageviews"] = details
    say(
        f"  other work on the machine meanwhile: {got['others_cores_busy']:.2f} of {got['cores']} cores busy on "
        f"average; the benchmark's client used {got['client_cpu_s']:.1f} CPU s"
    )


# --- what a person waits for: one viewer in Chromium -----------------------------------------------------


async def _one_viewer(url: str, paths: list[str], visits: int) -> tuple[list[float], int]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        await _session(browser, url, paths)  # the server's caches and the browser warm
        got = [await _session(browser, url, paths) for _ in range(visits)]
        await browser.close()
    return [t for t, _ in got], sum(e for _, e in got)


def bench_drawing(results: Results, national: Path, visits: int = 3) -> None:
    """Issue 14: per page, until the first status, every status and the page drawn, against a bare page."""
    import drawing

    say("drawing: one viewer in Chromium opens every page (overview, goals, indicator, Utforsk, meeting) …")
    got = drawing.run(national, visits, log_dir=OUT)
    results.details["drawing_s"] = got
    bare = got["bare"]
    for path, r in got.items():
        if path == "bare":
            continue
        name = "/" + path.split("?")[0]
        first = r["every_status"] if r["every_status"] is not None else r["first_status"]
        if first is not None:
            results.add(
                Figure(
                    "drawing",
                    f"{name}: every status and sentence visible",
                    first,
                    bare["first_status"],
                    drawing.FIRST_STATUS_GOAL_S,
                    kind="at_most",
                    note=f"{r['statuses']} statuses; first after {r['first_status']:.2f} s; reference: "
                    f"the bare one-chart page's first element",
                )
            )
        if r["drawn"] is not None:
            results.add(
                Figure(
                    "drawing",
                    f"{name}: drawn (charts in view)",
                    r["drawn"],
                    bare["drawn"],
                    drawing.DRAWN_GOAL_S,
                    kind="at_most",
                    note=f"{r['drawn'] / bare['drawn']:.1f}× the bare one-chart page; worst {r['worst_drawn']:.2f} s",
                )
            )


def bench_images(results: Results) -> None:
    """The PNG download (issue 14, point 7) and the goal pages' WebP images (exports/chart_images.py)."""
    import images

    say("images: the PNG download, warm, and goal 11's charts as WebP images …")
    got = images.run()
    results.details["images"] = got
    results.add(
        Figure(
            "images",
            "PNG download with title, warm",
            got["png_s"],
            None,
            images.PNG_GOAL_S,
            kind="at_most",
            note=f"worst {got['png_worst_s']:.2f} s",
        )
    )
    results.add(
        Figure(
            "images",
            "one goal-page chart as a WebP image",
            got["page_per_image_s"],
            None,
            None,
            kind="at_most",
            note=f"{got['page_images']} images of goal 11 in {got['page_total_s']:.1f} s, made in the background; "
            f"{got['page_kb']:.0f} kB each; {got['failed']} failed",
        )
    )


def bench_browser(results: Results, national: Path, visits: int = 3) -> None:
    paths = ["", "mal-13"]
    say(f"browser: one viewer in Chromium opens the overview, then {paths[1]} by its link, until drawn …")
    with dashboard(national) as (url, _pid):
        times, errors = asyncio.run(_one_viewer(url, paths, visits))
    results.details["browser_one_viewer_s"] = [round(t, 2) for t in times]
    results.add(
        Figure(
            "browser",
            "one viewer: overview, then goal 13 by link, drawn",
            statistics.median(times),
            None,
            None,
            kind="at_most",
            note=f"charts included; exception boxes: {errors}; worst {max(times):.2f} s",
        )
    )


# --- report ------------------------------------------------------------------------------------------


def machine() -> str:
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal"))
    import duckdb
    import pandas
    import streamlit

    return (
        f"{os.cpu_count()} CPU cores ({cpu}), {mem / 1024 / 1024:.0f} GB RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, DuckDB {duckdb.__version__}, "
        f"pandas {pandas.__version__}, Streamlit {streamlit.__version__}; load average at start "
        f"{os.getloadavg()[0]:.1f}"
    )


def markdown(results: Results, started: datetime, elapsed: float, machine_text: str) -> str:
    with_notes = any(f.note for f in results.figures)
    lines = [
        f"Run {started:%Y-%m-%d %H:%M}, {elapsed / 60:.1f} min, on {machine_text}.",
        "",
        "| | figure | ratio | goal | ours | reference |" + (" note |" if with_notes else ""),
        "|---|---|---|---|---|---|" + ("---|" if with_notes else ""),
    ]
    for f in results.figures:
        ratio = "–" if f.kind == "at_most" or f.reference is None else f"{f.ratio:.2f}×"
        ref = "–" if f.reference is None else f"{f.reference:.3f} {f.unit}"
        lines.append(
            f"| {'–' if f.goal is None else '✔' if f.ok else '✘'} | {f.section}: {f.name} | "
            f"{ratio} | {f.goal_text} | {f.ours:.3f} {f.unit} | {ref} |" + (f" {f.note} |" if with_notes else "")
        )
    lines += ["", "Details (JSON):", "", "```json", json.dumps(results.details, indent=1, ensure_ascii=False), "```"]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        default="etl,pages,memory,pageviews,browser,drawing,images",
        help="sections, comma separated: etl, pages, memory, pageviews, browser, drawing, images, and browser-crowd "
        "(N Chromiums at once: the former concurrency figure, now for information)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="ETL rounds (medians are reported)")
    parser.add_argument("--warm-runs", type=int, default=5)
    parser.add_argument("--viewers", type=int, default=10, help="Chromiums at once for browser-crowd")
    parser.add_argument(
        "--views", type=int, default=10, help="page views in turn per round (three rounds) for the CPU per view"
    )
    parser.add_argument("--seconds", type=float, default=6.0, help="seconds of throughput per page and setup")
    parser.add_argument("--workers", type=int, default=8, help="viewers at once for the throughput")
    parser.add_argument("--markdown", type=Path, default=OUT / "results.md")
    args = parser.parse_args(argv)
    only = set(args.only.split(","))
    OUT.mkdir(parents=True, exist_ok=True)
    started, t0 = datetime.now(), time.perf_counter()
    machine_text = machine()
    say(f"machine: {machine_text}")
    csv = OUT / "national.csv"
    if not csv.exists():
        say("generating the national data set …")
        generate.generate(OUT)
    results = Results()
    store = OUT / "national.duckdb"
    if "etl" in only or not store.exists():
        bench_etl(results, csv, args.repeat if "etl" in only else 1)
    national = dashboard_store(store)
    example = example_store() if only & {"pages", "memory"} else None
    if "pages" in only:
        bench_pages(results, example, national, args.warm_runs)
    if "memory" in only:
        bench_memory(results, example, national)
    if "pageviews" in only:
        bench_pageviews(results, national, args.views, args.seconds, args.workers)
    if "browser" in only:
        bench_browser(results, national)
    if "drawing" in only:
        bench_drawing(results, national)
    if "images" in only:
        bench_images(results)
    if "browser-crowd" in only:
        bench_concurrency(results, national, args.viewers)
    elapsed = time.perf_counter() - t0
    print()
    for f in results.figures:
        print(f.line())
    missed = [f for f in results.figures if not f.ok]
    goals = [f for f in results.figures if f.goal is not None]
    print(f"\n{len(goals) - len(missed)} of {len(goals)} figures meet their goal; total {elapsed / 60:.1f} min")
    args.markdown.parent.mkdir(parents=True, exist_ok=True)
    args.markdown.write_text(markdown(results, started, elapsed, machine_text), encoding="utf-8")
    print(f"results written to {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
