"""A running dashboard and Debian's Chromium, for the benchmarks (bench/run.py) and the browser tests."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The same flags for every measurement and test: no sandbox (root in CI), no GPU, nothing fetched from outside.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-dev-shm-usage",
]
# Streamlit's own mark of a finished script run on a live connection (what its end-to-end tests wait for); the
# status widget alone shows only once a run has taken a while, so a slow run can look finished without this.
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"][data-test-connection-state="CONNECTED"]'


# Linux answers the whole of 127.0.0.0/8 on the loopback device; ui/auth.py treats only localhost, 127.0.0.1 and ::1
# as "local analyst mode", so a dashboard listening here serves the pages as a viewer sees them.
VIEWER_ADDRESS = "127.0.0.2"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_dashboard(
    db_path: Path,
    script: str = "dashboard.py",
    log: IO | None = None,
    env: dict | None = None,
    timeout_s: float = 120,
    address: str = "localhost",
    port: int | None = None,
):
    """`streamlit run` on `db_path` at a free local port; yields (url, pid) once it answers its health check and
    stops it afterwards. Output goes to `log` (an open file), else to a temporary file shown if it does not start.

    address: "localhost" gives local analyst mode (ui/auth.py); another loopback address such as VIEWER_ADDRESS
    serves the page as a viewer (a citizen) sees it, still on this machine only."""
    port = port or free_port()
    out = log or tempfile.TemporaryFile()  # a file, not a pipe: a pipe nobody reads can fill and stall the server
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            address,
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env={**os.environ, "ASKER2030_DB": str(db_path), **(env or {})},
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    url = f"http://{address}:{port}"
    deadline = time.time() + timeout_s
    started = False
    while time.time() < deadline and proc.poll() is None:
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
            started = True
            break
        except OSError:
            time.sleep(0.3)
    if not started:
        proc.kill()
        proc.wait()
        if log:
            raise RuntimeError(f"streamlit did not start; see {log.name}")
        out.seek(0)
        raise RuntimeError("streamlit did not start: " + out.read().decode(errors="replace")[-2000:])
    try:
        yield url, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        if not log:
            out.close()
