"""Concurrent uploads: inside the dashboard process commits are serialised (nothing lost); a command-line load
while another process writes waits for the writer lock, says so, and then commits; past the wait it stops with a
message naming the writer, and changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from etl.load import commit, prepare
from indicators.catalog import load_catalog
from store import db, queries
from tests.upload_samples import ROOT

HEADER = "indicator_id,year,value\n"


def _csv(rows) -> bytes:
    return (HEADER + "".join(f"{i},{y},{v}\n" for i, y, v in rows)).encode()


@pytest.fixture
def store(example_db):
    con = db.connect(example_db)
    yield con, db.effective_catalog(con, load_catalog())
    con.close()


def _run_together(*jobs):
    """Start every job at the same moment (a barrier), wait for all; re-raise the first failure."""
    barrier = threading.Barrier(len(jobs))
    errors, results = [], [None] * len(jobs)

    def run(k, job):
        try:
            barrier.wait()
            results[k] = job()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(k, j)) for k, j in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    return results


def test_two_sessions_uploading_at_once_lose_nothing(store):
    """Like two analysts in two browser tabs: each prepares and commits its own file on the shared connection."""
    con, catalog = store
    n_before = len(queries.uploads(con))
    for round_ in range(8):
        # Years before the example data's (a year after the current one is refused unless the catalog allows it)
        a = [
            ("valgdeltakelse", 1951 + round_ * 4, 70.0 + round_),
            ("befolkningsvekst", 1990 + round_, 1.0 + round_ / 10),
        ]
        b = [("materialgjenvinning", 1990 + round_, 40.0 + round_), ("elbilandel", 1990 + round_, 50.0 + round_)]

        def job(rows, name):
            return lambda: commit(con, prepare(con, _csv(rows), name, catalog), f"analyst-{name}")

        ra, rb = _run_together(job(a, f"a{round_}.csv"), job(b, f"b{round_}.csv"))
        assert ra.upload_id and rb.upload_id and ra.upload_id != rb.upload_id
        for indicator, year, value in a + b:
            s = queries.series(con, indicator)
            assert s.set_index("period").loc[str(year), "value"] == pytest.approx(value)
    audit = queries.uploads(con)
    assert len(audit) == n_before + 16
    assert sorted(audit["id"].head(16)) == list(range(audit["id"].max() - 15, audit["id"].max() + 1))
    assert (audit.head(16)["rows_added"] == 2).all()


def test_two_commits_of_the_same_value_are_both_kept_in_history(store):
    """Both write befolkningsvekst 1999: the later upload wins, the earlier one's value is in the history, and
    undoing newest first restores the original exactly."""
    con, catalog = store
    before = db.content_fingerprint(con)["observation"]
    pa = prepare(con, _csv([("befolkningsvekst", 1999, 1.5)]), "a.csv", catalog)
    pb = prepare(con, _csv([("befolkningsvekst", 1999, 1.7)]), "b.csv", catalog)
    ra, rb = _run_together(lambda: commit(con, pa, "a"), lambda: commit(con, pb, "b"))
    first, last = sorted([(ra.upload_id, 1.5), (rb.upload_id, 1.7)])
    stored = queries.series(con, "befolkningsvekst").set_index("period").loc["1999"]
    assert stored["value"] == pytest.approx(last[1]) and stored["upload_id"] == last[0]
    later = queries.upload_changes(con, last[0]).iloc[0]
    assert (later["action"], later["old_value"], later["new_value"]) == ("update", first[1], last[1])
    with pytest.raises(db.RollbackRefused) as refused:
        db.rollback_upload(con, first[0], "tester")
    assert refused.value.code == "later_uploads"
    db.rollback_upload(con, last[0], "tester")
    db.rollback_upload(con, first[0], "tester")
    assert db.content_fingerprint(con)["observation"] == before


HOLDER = """
import sys
from store import db
w = db.writer(sys.argv[1], who="a long upload in the dashboard")
con = w.__enter__()              # hold the writer lock, as an upload's transaction does
print("ready", flush=True)
sys.stdin.readline()             # until the test says go on
w.__exit__(None, None, None)
print("released", flush=True)
sys.stdin.read()
"""


def _cli(*args, db_path, env=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "etl", "--db", str(db_path), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done, time.monotonic() - start


def test_cli_past_the_wait_names_the_writer_and_changes_nothing(example_db, tmp_path):
    con = db.connect(example_db)
    before = db.content_fingerprint(con)
    con.close()
    data = tmp_path / "ny.csv"
    data.write_bytes(_csv([("valgdeltakelse", 1987, 70.0)]))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(example_db)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready", holder.stderr.read()
        for args in (("load", str(data)), ("rollback", "1")):
            done, seconds = _cli(*args, db_path=example_db, env={"ASKER2030_LOCK_WAIT": "1"})
            assert done.returncode == 1, (args, done.stdout, done.stderr)
            assert "waiting for the database: a long upload in the dashboard" in done.stderr, done.stderr
            assert "is being written by a long upload in the dashboard (pid" in done.stderr, done.stderr
            assert "since 20" in done.stderr and "ASKER2030_LOCK_WAIT" in done.stderr
            assert "stop the dashboard" not in done.stderr.lower() and "Traceback" not in done.stderr
            assert seconds < 30
        # validate only reads the published snapshot: it neither waits nor fails
        done, seconds = _cli("validate", str(data), db_path=example_db, env={"ASKER2030_LOCK_WAIT": "1"})
        assert done.returncode == 0 and "waiting" not in done.stderr, done.stderr
    finally:
        holder.stdin.close()
        holder.wait(30)
    con = db.connect(example_db)
    try:
        assert db.content_fingerprint(con) == before  # the refused load changed nothing
    finally:
        con.close()


def test_cli_load_waits_for_the_writer_then_commits(example_db, tmp_path):
    data = tmp_path / "ny.csv"
    data.write_bytes(_csv([("valgdeltakelse", 1987, 70.0)]))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(example_db)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready", holder.stderr.read()
        load = subprocess.Popen(
            [sys.executable, "-m", "etl", "--db", str(example_db), "load", str(data), "--user", "kari"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        waiting = load.stderr.readline()
        assert "waiting for the database: a long upload in the dashboard" in waiting, waiting
        time.sleep(0.5)
        assert load.poll() is None  # still waiting, not failed
        holder.stdin.write("go\n")
        holder.stdin.flush()
        out, err = load.communicate(timeout=120)
        assert load.returncode == 0, err
        assert "upload #" in out
    finally:
        holder.stdin.close()
        holder.wait(30)

    con = db.connect(example_db)
    try:
        assert queries.series(con, "valgdeltakelse").set_index("period").loc["1987", "value"] == 70.0
        assert queries.uploads(con).iloc[0]["uploaded_by"] == "kari"
    finally:
        con.close()
