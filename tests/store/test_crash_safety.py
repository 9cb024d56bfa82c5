"""A load killed at any moment (SIGKILL, no clean-up) leaves the store exactly as before or exactly as after it.

A subprocess opens a copy of a store that already holds one upload and writes a second, large upload
(~100k rows: half of them change stored values, half are new) through store.db.apply_upload. The test
kills it at several moments spread over that load and its commit/checkpoint, reopens the file and compares
every table (row counts and row checksums) with the state before and the state after a load that was let
finish. The audit trail must agree with the data in every outcome.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from store import db

ROOT = Path(__file__).resolve().parents[2]
N_ROWS = 100_000

# Moments to kill at, as fractions of how long an undisturbed load (apply_upload + close) takes.
KILL_AT = [0.02, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9, 1.05]

FRAME_CODE = '''
import numpy as np, pandas as pd

def make_frame(n, offset):
    """n rows over 100 indicators x 40 years x areas; `offset` shifts every value (so a reload changes them)."""
    i = np.arange(n)
    year = 1990 + (i // 100) % 40
    return pd.DataFrame({
        "indicator_id": pd.Series(i % 100).map(lambda k: f"ind{k:03d}"),
        "period": year.astype(str), "year": year, "time": year.astype(float), "period_kind": "year",
        "area": pd.Series(i // 4000).map(lambda k: f"Kommune {k:04d}"), "breakdown": "",
        "value": i * 0.5 + offset, "missing": "", "flag": "", "note": "", "source_row": i + 2})
'''
exec(FRAME_CODE)  # defines make_frame here too

WORKER = (
    FRAME_CODE
    + """
import sys, time
from datetime import datetime
from store import db

path = sys.argv[1]
con = db.connect(path)
# rows 0..49 999 are stored (changed by the offset), rows 50 000.. are new
frame = make_frame(int(sys.argv[2]), 1.0)
print("start", flush=True)
t0 = time.perf_counter()
db.apply_upload(con, frame, file_name="big.csv", file_sha256="big", file_format="canonical",
                uploaded_by="crash-test", now=datetime(2030, 1, 1, 12, 0, 0))
con.close()  # the commit may leave work for the checkpoint on close: kills land there too
print("done", time.perf_counter() - t0, flush=True)
"""
)


def _start(path: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(path), str(N_ROWS)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    line = proc.stdout.readline()
    assert line.strip() == "start", proc.stderr.read()
    return proc


def _state(path: Path) -> dict:
    con = db.connect(path)  # must always open again
    try:
        _check_audit(con)
        return db.content_checksum(con)
    finally:
        con.close()


def _check_audit(con) -> None:
    """The upload list agrees with the data: nothing stored from an upload that is not committed, and each
    upload's counts match its history rows (recorded, or implied by observation.upload_id)."""
    orphans = con.execute("""SELECT count(*) FROM observation o LEFT JOIN upload u ON u.id = o.upload_id
                             AND u.state = 'committed' WHERE u.id IS NULL""").fetchone()[0]
    assert orphans == 0, f"{orphans} observations point at an upload that is not committed"
    stray = con.execute("""SELECT count(*) FROM observation_change c LEFT JOIN upload u ON u.id = c.upload_id
                           WHERE u.id IS NULL""").fetchone()[0]
    assert stray == 0, f"{stray} change rows belong to no upload"
    wrong = con.execute("""SELECT u.id FROM upload u
                           LEFT JOIN (SELECT upload_id, count(*) AS n FROM observation_history GROUP BY 1) c
                                  ON c.upload_id = u.id
                           WHERE coalesce(c.n, 0) <> u.rows_added + u.rows_changed""").fetchall()
    assert not wrong, f"uploads whose counts disagree with their change rows: {wrong}"


@pytest.fixture(scope="module")
def base_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("crash") / "base.duckdb"
    con = db.connect(path)
    db.init_schema(con)
    db.apply_upload(
        con,
        make_frame(N_ROWS // 2, 0.0),  # noqa: F821  (defined by exec(FRAME_CODE) above)
        file_name="first.csv",
        file_sha256="first",
        file_format="canonical",
        uploaded_by="crash-test",
        now=datetime(2029, 1, 1, 12, 0, 0),
    )
    con.close()
    return path


def test_killed_load_leaves_before_or_after_state(base_store, tmp_path):
    before = _state(base_store)

    finished = tmp_path / "finished.duckdb"
    shutil.copy(base_store, finished)
    proc = _start(finished)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    duration = float(out.split()[-1])
    after = _state(finished)
    assert after != before
    assert after["observation"][0] == N_ROWS and after["upload"][0] == 2

    outcomes = []
    for n, fraction in enumerate(KILL_AT):
        path = tmp_path / f"killed-{n}.duckdb"
        shutil.copy(base_store, path)
        proc = _start(path)
        time.sleep(fraction * duration)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        state = _state(path)
        assert state in (before, after), f"killed at {fraction:.2f} × {duration:.2f} s: a state in between"
        outcomes.append("before" if state == before else "after")
    print(f"load {duration:.2f} s; outcomes {outcomes}")
    # the earliest kill lands inside the load, so at least one outcome is "before"
    assert "before" in outcomes, outcomes
