"""Two dashboard replicas behind Debian's nginx, configured from deploy/nginx/asker2030.conf: websockets pass
through, sessions stick to one replica, and a `python -m etl load` while both serve shows on both."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bench.serve import CHROMIUM, CHROMIUM_ARGS, free_port, running_dashboard
from store import snapshots
from tests.upload_samples import ROOT

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SITE = ROOT / "deploy" / "nginx" / "asker2030.conf"

pytestmark = [
    pytest.mark.nginx,
    pytest.mark.browser,
    pytest.mark.skipif(not Path(NGINX).exists(), reason="needs Debian's nginx (apt-get install nginx)"),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium"),
]


def site_for_test(ports: list[int], listen: int) -> str:
    """The shipped site, with the test's loopback ports (the only change)."""
    text = SITE.read_text(encoding="utf-8")
    text = re.sub(r"^\s*listen \[::\]:80;\n", "", text, flags=re.M)
    text = re.sub(r"listen 80;", f"listen 127.0.0.1:{listen};", text)
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;\n" for p in ports)
    text = re.sub(
        r"(upstream asker2030_dashboard \{\n    hash [^\n]+\n)(?:    server [^\n]+\n)+", r"\g<1>" + servers, text
    )
    assert all(f"127.0.0.1:{p}" in text for p in ports)
    return text


@contextlib.contextmanager
def running_nginx(site: str, folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "site.conf").write_text(site, encoding="utf-8")
    conf = folder / "nginx.conf"
    conf.write_text(
        f"""
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
worker_processes 1;
events {{ worker_connections 1024; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/site.conf;
}}
""",
        encoding="utf-8",
    )
    check = subprocess.run([NGINX, "-t", "-c", str(conf), "-p", str(folder)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen(
        [NGINX, "-c", str(conf), "-p", str(folder), "-g", "daemon off;"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield proc
    finally:
        proc.terminate()
        proc.wait(10)


def _replica_for(base: str, cookie: str) -> str:
    req = urllib.request.Request(base + "/_stcore/health", headers={"Cookie": f"asker2030_route={cookie}"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.headers["X-Asker2030-Replica"]


def _wait_http(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_two_replicas_behind_nginx_both_show_a_load_made_while_they_serve(example_db_template, tmp_path):
    db_file = tmp_path / "asker2030.duckdb"
    shutil.copy2(example_db_template, db_file)
    shutil.copytree(snapshots.snapshot_dir(example_db_template), snapshots.snapshot_dir(db_file))
    with (
        running_dashboard(db_file, timeout_s=120) as (url_a, _),
        running_dashboard(db_file, timeout_s=120) as (url_b, _),
    ):
        ports = [int(url_a.rsplit(":", 1)[1]), int(url_b.rsplit(":", 1)[1])]
        listen = free_port()
        with running_nginx(site_for_test(ports, listen), tmp_path / "nginx"):
            base = f"http://127.0.0.1:{listen}"
            _wait_http(base + "/_stcore/health")
            # A first visit gets its route cookie; the same cookie always reaches the same replica.
            with urllib.request.urlopen(base + "/", timeout=10) as r:
                assert "asker2030_route=" in (r.headers.get("Set-Cookie") or "")
            cookies = {}
            for k in range(200):
                replica = _replica_for(base, f"c{k}")
                cookies.setdefault(replica, f"c{k}")
                if len(cookies) == 2:
                    break
            assert sorted(int(r.rsplit(":", 1)[1]) for r in cookies) == sorted(ports), cookies
            for replica, cookie in cookies.items():
                assert {_replica_for(base, cookie) for _ in range(5)} == {replica}

            data = tmp_path / "ny.csv"
            data.write_text("indicator_id,year,value\nvalgdeltakelse,2026,71.5\n", encoding="utf-8")
            done = subprocess.run(
                [sys.executable, "-m", "etl", "--db", str(db_file), "load", str(data)],
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                capture_output=True,
                text=True,
                timeout=180,
            )
            assert done.returncode == 0, done.stderr

            from playwright.sync_api import sync_playwright

            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                try:
                    for _replica, cookie in cookies.items():
                        context = browser.new_context(viewport={"width": 1920, "height": 1080})
                        context.add_cookies([{"name": "asker2030_route", "value": cookie, "url": base}])
                        page = context.new_page()
                        page.goto(base + "/", wait_until="domcontentloaded")
                        # Rendered through the websocket, which nginx passed through to this replica.
                        page.wait_for_function(
                            "() => [...document.querySelectorAll('[data-testid=\"stCaptionContainer\"]')]"
                            ".some(e => e.innerText.includes('Nyeste data: 2026'))",
                            timeout=60_000,
                        )
                        context.close()
                finally:
                    browser.close()
