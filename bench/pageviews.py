"""Cost per page view, measured at the server: the dashboard driven through Streamlit's own websocket protocol
(bench/protocol.py), no browser, so the figures measure the server and not Chromiums sharing the cores.

For the overview, each goal page and the indicator page:
- the server's CPU seconds per warm page view: utime + stime of the `streamlit run` process from /proc over many
  views one after another, each a new viewer (a new session opening the page's URL); the least of three rounds;
- the median and worst time from request to `script_finished` with 1, 10 and 50 sessions opening it at once, and
  the number of views that failed (an exception box, an error alert, "page not found", a timeout, a refused
  connection);
- page views per second of one replica and of two, each behind the same nginx (a temporary configuration on
  loopback ports with sticky sessions and websocket pass-through), with the same number of viewers at once.

The dashboard serves as a viewer (a citizen) sees it: it listens on VIEWER_ADDRESS, which ui/auth.py does not treat
as local analyst mode, so no comment forms are drawn.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.protocol import Session, ViewResult, aview, viewer_cookie
from bench.serve import VIEWER_ADDRESS, free_port, running_dashboard

TICK = os.sysconf("SC_CLK_TCK")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
ROUTE_COOKIE = "asker2030_route"


def cpu_seconds(pid: int) -> float:
    """utime + stime of one process (all its threads), from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine from /proc/stat: how much else ran during a measurement."""
    values = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values[:8]) - idle, sum(values[:8])


def pages(catalog) -> list[tuple[str, str, str]]:
    """(label, url path, query string) of the pages measured."""
    out = [("overview", "", "")]
    out += [(f"goal_{g.id}", f"mal-{g.id}", "") for g in catalog.goals]
    out.append(("indicator", "indikator", "indikator=klimagassutslipp"))
    return out


@dataclass
class PageFigures:
    label: str
    cpu_per_view: float = 0.0
    cpu_rounds: list[float] = field(default_factory=list)
    wall_alone: list[float] = field(default_factory=list)
    crowds: dict[int, list[float]] = field(default_factory=dict)  # sessions at once -> wall times
    errors: dict[str, int] = field(default_factory=dict)  # where -> failed views
    error_samples: list[str] = field(default_factory=list)
    throughput: dict[str, float] = field(default_factory=dict)  # "1 replica" / "2 replicas" -> views per second
    replica_cores: dict[str, float] = field(default_factory=dict)  # the same -> replicas' CPU s per second
    elements: dict[str, int] = field(default_factory=dict)
    bytes_per_view: int = 0


def _count(fig: PageFigures, where: str, results: list[ViewResult]) -> None:
    bad = [r for r in results if not r.ok]
    fig.errors[where] = fig.errors.get(where, 0) + len(bad)
    for r in bad[:3]:
        fig.error_samples.append(f"{where}: {'; '.join(r.errors)[:300] or 'not finished'}")


async def _views_in_turn(url: str, page: str, query: str, n: int) -> list[ViewResult]:
    return [await aview(url, page, query) for _ in range(n)]


async def _crowd(url: str, page: str, query: str, sessions: int, timeout_s: float) -> list[ViewResult]:
    """`sessions` new viewers open the page at the same moment."""
    return list(await asyncio.gather(*(aview(url, page, query, viewer_cookie(), timeout_s) for _ in range(sessions))))


async def _throughput(url: str, page: str, query: str, workers: int, seconds: float) -> tuple[int, float, list]:
    """`workers` viewers at once, each opening the page in a new tab as soon as the last one finished, for
    `seconds`; (views finished, elapsed, failed results). Each viewer keeps its sticky cookie, as a browser does."""
    deadline = time.perf_counter() + seconds
    done, failed = [0], []

    async def worker():
        cookie = viewer_cookie()
        while time.perf_counter() < deadline:
            got = await aview(url, page, query, cookie)
            if got.ok:
                done[0] += 1
            else:
                failed.append(got)

    t = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(workers)))
    return done[0], time.perf_counter() - t, failed


def nginx_config(listen_port: int, upstreams: list[str], folder: Path) -> str:
    """An nginx site for replicas of the dashboard: sticky sessions (a Streamlit session lives in one process) by a
    consistent hash of the viewer's route cookie, and websocket pass-through for /_stcore/stream."""
    servers = "\n".join(f"        server {u};" for u in upstreams)
    return f"""# Written by bench/pageviews.py for one benchmark run; not the deployed site (deploy/nginx/).
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {folder}/tmp/body;
    proxy_temp_path {folder}/tmp/proxy;
    fastcgi_temp_path {folder}/tmp/fastcgi;
    uwsgi_temp_path {folder}/tmp/uwsgi;
    scgi_temp_path {folder}/tmp/scgi;
    upstream dashboard {{
        hash $cookie_{ROUTE_COOKIE} consistent;
{servers}
    }}
    server {{
        listen 127.0.0.1:{listen_port};
        location / {{
            proxy_pass http://dashboard;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_set_header Host $host;
            proxy_read_timeout 3600s;
            proxy_buffering off;
        }}
    }}
}}
"""


@contextlib.contextmanager
def running_nginx(upstreams: list[str]):
    """nginx in front of `upstreams` ("host:port") on a free loopback port; yields (url, pid)."""
    folder = Path(tempfile.mkdtemp(prefix="asker2030-nginx-"))
    (folder / "tmp").mkdir()
    os.chmod(folder / "tmp", 0o777)  # the worker process drops root
    port = free_port()
    conf = folder / "nginx.conf"
    conf.write_text(nginx_config(port, upstreams, folder))
    proc = subprocess.Popen(
        [NGINX, "-p", str(folder), "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=open(folder / "stderr.log", "w")
    )
    url = f"http://127.0.0.1:{port}"
    import urllib.request

    deadline = time.time() + 20
    while True:
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
            break
        except OSError as exc:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise RuntimeError(
                    f"nginx did not start: {(folder / 'stderr.log').read_text()[-1500:]}"
                    f"{(folder / 'error.log').read_text()[-1500:] if (folder / 'error.log').exists() else ''}"
                ) from exc
            time.sleep(0.2)
    try:
        yield url, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def resident_viewer(url: str):
    """One viewer who keeps the overview open meanwhile (a projector in a meeting room). Streamlit forgets its
    compiled scripts whenever the last session closes (runtime/websocket_session_manager.py), so views one after
    another with nobody else connected would each compile dashboard.py and the page again: a server with viewers
    does not. The session lives on a thread with its own event loop."""
    import threading

    ready, stop = threading.Event(), threading.Event()
    problem: list = []

    async def hold():
        try:
            async with Session(url) as session:
                got = await session.view("")
                if not got.ok:
                    problem.extend(got.errors)
                ready.set()
                while not stop.is_set():
                    await asyncio.sleep(0.2)
        except Exception as exc:  # noqa: BLE001 (reported below)
            problem.append(repr(exc))
        finally:
            ready.set()

    thread = threading.Thread(target=lambda: asyncio.run(hold()), daemon=True)
    thread.start()
    ready.wait(120)
    if problem:
        raise RuntimeError(f"the resident viewer could not open the overview: {problem}")
    try:
        yield
    finally:
        stop.set()
        thread.join(10)


def _dashboards(
    db_path: Path, n: int, stack: contextlib.ExitStack, logs: Path, first: int = 1
) -> list[tuple[str, int]]:
    out = []
    for i in range(first, first + n):
        log = stack.enter_context(open(logs / f"streamlit-replica-{i}.log", "w"))
        out.append(
            stack.enter_context(
                running_dashboard(db_path, log=log, address=VIEWER_ADDRESS, env={"ASKER2030_AUTO_BACKUP": "0"})
            )
        )
    return out


def measure(
    db_path: Path,
    catalog,
    logs: Path,
    views: int = 10,
    rounds: int = 3,
    crowd_sizes=(1, 10, 50),
    workers: int = 8,
    seconds: float = 8.0,
    only: set[str] | None = None,
    say=print,
) -> dict:
    """Every figure for every page; returns {"pages": {label: PageFigures}, "busy": share of the machine's other
    work, "client_cpu_s": …}."""
    measured = [p for p in pages(catalog) if not only or p[0] in only]
    figures = {label: PageFigures(label) for label, _, _ in measured}
    t0, times0, busy0 = time.perf_counter(), os.times(), machine_busy()
    with contextlib.ExitStack() as stack:
        ((url, pid),) = _dashboards(db_path, 1, stack, logs)
        stack.enter_context(resident_viewer(url))
        # CPU per view and the crowds, against one replica directly
        for label, page, query in measured:
            fig = figures[label]
            warm = asyncio.run(_views_in_turn(url, page, query, 3))  # caches filled, modules imported
            _count(fig, "warm-up", warm)
            fig.elements, fig.bytes_per_view = warm[-1].elements, warm[-1].bytes
            for _ in range(rounds):  # the least of a few rounds: other work on the machine only ever adds
                c0 = cpu_seconds(pid)
                got = asyncio.run(_views_in_turn(url, page, query, views))
                fig.cpu_rounds.append((cpu_seconds(pid) - c0) / views)
                fig.wall_alone += [r.seconds for r in got]
                _count(fig, "in turn", got)
            fig.cpu_per_view = min(fig.cpu_rounds)
            for size in crowd_sizes:
                crowd = asyncio.run(_crowd(url, page, query, size, timeout_s=300))
                fig.crowds[size] = [r.seconds for r in crowd]
                _count(fig, f"{size} at once", crowd)
            say(
                f"  {label}: {fig.cpu_per_view:.3f} CPU s per view; "
                + ", ".join(
                    f"{n} at once median {statistics.median(w):.2f} s worst {max(w):.2f} s"
                    for n, w in fig.crowds.items()
                )
                + f"; errors {sum(fig.errors.values())}"
            )
        # throughput: one replica against two, each behind its own nginx of the same configuration. The two set-ups
        # take turns for every page (one, two, two, one), so a busy moment of the shared machine weighs on both; the
        # replicas' own CPU time in each window says how much of the machine they got.
        ((url2, pid2),) = _dashboards(db_path, 1, stack, logs, first=2)
        stack.enter_context(resident_viewer(url2))
        for _label, page, query in measured:  # the second replica's caches filled too
            asyncio.run(_views_in_turn(url2, page, query, 2))
        setups = {"1 replica": ([url], [pid]), "2 replicas": ([url, url2], [pid, pid2])}
        proxies = {
            name: stack.enter_context(running_nginx([u.split("://", 1)[1] for u in urls]))[0]
            for name, (urls, _) in setups.items()
        }
        for proxy in proxies.values():
            asyncio.run(_throughput(proxy, "", "", workers, 1.0))  # connections and nginx warm
        for label, page, query in measured:
            fig = figures[label]
            done = {name: 0 for name in setups}
            spent = {name: 0.0 for name in setups}
            cpu = {name: 0.0 for name in setups}
            for name in ("1 replica", "2 replicas", "2 replicas", "1 replica"):
                pids = setups[name][1]
                c0 = sum(cpu_seconds(p) for p in pids)
                n, elapsed, failed = asyncio.run(_throughput(proxies[name], page, query, workers, seconds / 2))
                cpu[name] += sum(cpu_seconds(p) for p in pids) - c0
                done[name] += n
                spent[name] += elapsed
                _count(fig, f"throughput {name}", failed)
            for name in setups:
                fig.throughput[name] = done[name] / spent[name]
                fig.replica_cores[name] = cpu[name] / spent[name]
            say(
                f"  {label}: "
                + ", ".join(
                    f"{name} {fig.throughput[name]:.1f} views/s (the replicas used {fig.replica_cores[name]:.2f} cores)"
                    for name in setups
                )
            )
    # Everything this run started has exited and been reaped, so its CPU time is in os.times()' children fields:
    # what the machine did besides is the rest of /proc/stat's busy time (other users of the shared cores).
    times1, busy1, elapsed = os.times(), machine_busy(), time.perf_counter() - t0
    ours = sum(times1[:4]) - sum(times0[:4])
    machine = (busy1[0] - busy0[0]) / TICK
    cores = os.cpu_count() or 1
    return {
        "pages": figures,
        "elapsed_s": elapsed,
        "cores": cores,
        "client_cpu_s": (times1[0] - times0[0]) + (times1[1] - times0[1]),
        "ours_cpu_s": ours,
        "others_cores_busy": max(machine - ours, 0.0) / elapsed,
    }
