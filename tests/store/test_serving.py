"""Jobs beside a running dashboard: every command works while `streamlit run dashboard.py` serves the same store;
writers take turns under the lock; viewers read published snapshots and see other processes' commits; killed
writers and readers, and a full disk while publishing, leave the store and the snapshots whole."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from bench.serve import running_dashboard
from store import db, queries, snapshots
from tests.upload_samples import ROOT

HEADER = "indicator_id,year,value\n"


def _csv(path: Path, rows) -> Path:
    path.write_text(HEADER + "".join(f"{i},{y},{v}\n" for i, y, v in rows), encoding="utf-8")
    return path


def etl(*args, db_path: Path, env: dict | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "etl", "--db", str(db_path), *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _value(db_path: Path, indicator: str, period: str):
    with db.reader(db_path) as con:
        s = queries.series(con, indicator).set_index("period")
    return s.loc[period, "value"] if period in s.index else None


def _store_state(db_path: Path) -> dict:
    """What the store itself holds (opened under the lock, so no writer is half-way)."""
    with db.writer(db_path, who="test: read the store") as con:
        return db.content_checksum(con)


# --- every command beside a running dashboard -------------------------------------------------------------


def test_every_command_succeeds_while_the_dashboard_runs(example_db, tmp_path):
    data = _csv(tmp_path / "ny.csv", [("valgdeltakelse", 2026, 71.5)])
    with running_dashboard(example_db, timeout_s=120) as (url, pid):
        # the dashboard has started and published; it holds no lock and no open store file
        assert snapshots.latest(example_db) is not None
        assert f"{example_db}" not in _open_files(pid)
        done = etl("validate", str(data), db_path=example_db)
        assert done.returncode == 0, done.stderr
        done = etl("load", str(data), "--user", "kari", db_path=example_db)
        assert done.returncode == 0, done.stderr
        upload_id = int(done.stdout.split("upload #")[1].split()[0])
        assert _value(example_db, "valgdeltakelse", "2026") == pytest.approx(71.5)
        out = tmp_path / "reports"
        done = etl("report", "--goal", "13", "--format", "pdf", "--out", str(out), db_path=example_db)
        assert done.returncode in (0, 1), done.stderr  # 1 only when a chart could not be drawn (said so)
        assert list(out.glob("*.pdf")), done.stdout + done.stderr
        done = etl("backup", "--out", str(tmp_path / "backups"), db_path=example_db)
        assert done.returncode == 0, done.stderr
        done = etl("export", "--out", str(tmp_path / "all.csv"), db_path=example_db)
        assert done.returncode == 0, done.stderr
        assert "valgdeltakelse,2026" in (tmp_path / "all.csv").read_text(encoding="utf-8")
        done = etl("rollback", str(upload_id), db_path=example_db)
        assert done.returncode == 0, done.stderr
        assert _value(example_db, "valgdeltakelse", "2026") is None
        for stream in (done.stdout, done.stderr):
            assert "stop the dashboard" not in stream.lower()


def _open_files(pid: int) -> str:
    fds = Path(f"/proc/{pid}/fd")
    out = []
    for fd in fds.iterdir():
        try:
            out.append(os.readlink(fd))
        except OSError:
            pass
    return "\n".join(out)


def test_a_viewer_sees_another_process_commit_without_a_restart(example_db, tmp_path):
    """The page (AppTest, in this process) keeps running; a CLI process commits; the next run shows it."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception
    before = _latest_data_lines(at)
    assert before and not any("2026" in b for b in before), before
    data = _csv(tmp_path / "ny.csv", [("valgdeltakelse", 2026, 71.5)])
    done = etl("load", str(data), db_path=example_db)
    assert done.returncode == 0, done.stderr
    deadline = time.monotonic() + 2.0  # the dashboard looks at the snapshot folder once a second
    while True:
        at.run()
        after = _latest_data_lines(at)
        if any("2026" in a for a in after) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert any("2026" in a for a in after), after


def _latest_data_lines(at) -> list[str]:
    return [e.value for e in [*at.markdown, *at.caption] if "Nyeste data" in str(e.value)]


# --- writers take turns --------------------------------------------------------------------------------------


def test_two_writers_started_at_once_both_commit_one_after_the_other(example_db, tmp_path):
    a = _csv(tmp_path / "a.csv", [("valgdeltakelse", 2026, 70.0), ("elbilandel", 2026, 50.0)])
    b = _csv(tmp_path / "b.csv", [("materialgjenvinning", 2026, 40.0), ("befolkningsvekst", 2026, 1.1)])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "etl", "--db", str(example_db), "load", str(f)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in (a, b)
    ]
    outs = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    with db.reader(example_db) as con:
        uploads = queries.uploads(con)
        ids = sorted(uploads.head(2)["id"])
        assert ids[1] == ids[0] + 1 and set(uploads.head(2)["file_name"]) == {"a.csv", "b.csv"}
    for indicator, value in (
        ("valgdeltakelse", 70.0),
        ("elbilandel", 50.0),
        ("materialgjenvinning", 40.0),
        ("befolkningsvekst", 1.1),
    ):
        assert _value(example_db, indicator, "2026") == pytest.approx(value)


def test_threads_of_one_process_and_nested_writers(example_db):
    """In one process (the dashboard's sessions) writers queue on the same lock; a nested writer reuses the
    outer connection and the snapshot is published once, when the outer one ends."""
    import threading

    first = snapshots.latest(example_db).version
    with db.writer(example_db, who="outer") as outer:
        with db.writer(example_db, who="inner") as inner:
            assert inner is outer
            inner.execute("INSERT INTO meta VALUES ('test', 'x')")
        assert snapshots.latest(example_db).version == first  # not yet: the outer writer still works
    assert snapshots.latest(example_db).version == first + 1
    order = []

    def job(k):
        with db.writer(example_db, who=f"thread {k}") as con:
            order.append(("in", k))
            con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [f"t{k}", str(k)])
            time.sleep(0.05)
            order.append(("out", k))

    threads = [threading.Thread(target=job, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(order[i][0] == "in" and order[i + 1] == ("out", order[i][1]) for i in range(0, 8, 2)), order
    with db.reader(example_db) as con:
        assert {k for (k,) in con.execute("SELECT key FROM meta WHERE key LIKE 't_'").fetchall()} == {
            "t0",
            "t1",
            "t2",
            "t3",
        }


def test_a_writer_that_changes_nothing_publishes_nothing(example_db):
    before = snapshots.snapshots(example_db)
    with db.writer(example_db, who="look only") as con:
        con.execute("SELECT count(*) FROM observation").fetchone()
    assert snapshots.snapshots(example_db) == before


def test_readers_never_block_a_writer_and_see_whole_commits(example_db):
    """A reader keeps its snapshot open across a commit: it goes on seeing the state it opened, the writer is not
    held up, and the next reader sees the commit."""
    r = db.open_reader(example_db)
    try:
        n_before = r.con.execute("SELECT count(*) FROM upload").fetchone()[0]
        with db.writer(example_db, who="test", wait=2) as con:
            con.execute("INSERT INTO meta VALUES ('while-reading', '1')")
        assert r.con.execute("SELECT count(*) FROM meta WHERE key = 'while-reading'").fetchone()[0] == 0
        assert r.con.execute("SELECT count(*) FROM upload").fetchone()[0] == n_before
        with db.reader(example_db) as fresh:
            assert fresh.execute("SELECT count(*) FROM meta WHERE key = 'while-reading'").fetchone()[0] == 1
    finally:
        r.close()


def test_old_snapshots_are_cleaned_once_no_reader_holds_them(example_db):
    held = db.open_reader(example_db)  # this one must survive the cleaning
    for k in range(4):
        with db.writer(example_db, who="test") as con:
            con.execute("INSERT OR REPLACE INTO meta VALUES ('n', ?)", [str(k)])
    assert held.snapshot.path.exists()
    gone = snapshots.clean(example_db, grace_s=0)
    kept = snapshots.snapshots(example_db)
    assert held.snapshot.path.exists() and held.snapshot in kept  # in use: kept
    assert len(kept) == snapshots.KEEP + 1 and gone
    assert held.con.execute("SELECT count(*) FROM observation").fetchone()[0] > 0
    held.close()
    snapshots.clean(example_db, grace_s=0)
    assert len(snapshots.snapshots(example_db)) == snapshots.KEEP


# --- faults ---------------------------------------------------------------------------------------------------

BIG_ROWS = 120_000


def _big_file(path: Path, value: float) -> Path:
    """A real-sized canonical file (many areas of one indicator), so a commit and its publish take a while."""
    with path.open("w", encoding="utf-8") as f:
        f.write("indicator_id,year,area,value\n")
        for k in range(BIG_ROWS):
            f.write(f"valgdeltakelse,{2000 + k % 25},Område {k // 25},{value + (k % 7) / 10}\n")
    return path


def _big_rows(con) -> tuple[int, int, int]:
    """(uploads, rows of the big file's areas, distinct uploads among those rows)."""
    n_up = con.execute("SELECT count(*) FROM upload").fetchone()[0]
    rows, ups = con.execute(
        "SELECT count(*), count(DISTINCT upload_id) FROM observation WHERE area LIKE 'Område %'"
    ).fetchone()
    return n_up, rows, ups


def test_sigkill_of_a_writer_while_the_dashboard_serves(example_db, tmp_path):
    """Kill `etl load` at random moments (reading, in the transaction, while publishing). Each time: the newest
    snapshot opens and holds a committed state (the one before, or the one after), the next writer gets the lock
    at once, the store holds the whole upload or none of it, and the dashboard goes on serving."""
    rng = random.Random(7)
    files = [_big_file(tmp_path / f"big{k}.csv", 50.0 + k) for k in range(2)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with db.reader(example_db) as con:
        committed = db.content_checksum(con)
    killed = 0
    with running_dashboard(example_db, timeout_s=120) as (url, pid):
        took = 6.0  # how long a whole load takes here: a guess until one runs to its end
        for attempt in range(5):
            proc = subprocess.Popen(
                [sys.executable, "-m", "etl", "--db", str(example_db), "load", str(files[attempt % 2])],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            # A moment within the load, scaled to this machine: a fixed 1-6 s let every load end first on a fast one.
            start, moment = time.monotonic(), rng.uniform(0.15, 0.9) * took
            while proc.poll() is None and time.monotonic() - start < moment:
                time.sleep(0.02)
            if proc.poll() is not None:
                took = time.monotonic() - start
            else:
                proc.send_signal(signal.SIGKILL)
                killed += 1
            proc.wait(60)
            # what readers see right after the kill: a whole, committed state
            snap = snapshots.latest(example_db)
            assert snap is not None and not snap.path.name.startswith(".")
            with db.reader(example_db) as con:
                published = db.content_checksum(con)
            # the next writer gets the lock at once; the store holds the upload whole or not at all
            start = time.monotonic()
            with db.writer(example_db, who="test: after the kill") as con:
                stored = db.content_checksum(con)
                n_up, rows, ups = _big_rows(con)
            assert time.monotonic() - start < 15
            before_up = committed["upload"][0]
            assert (stored == committed) or (n_up == before_up + 1 and rows == BIG_ROWS and ups == 1), (
                attempt,
                n_up,
                before_up,
                rows,
                ups,
            )
            assert published in (committed, stored), "the newest snapshot is not a committed state"
            committed = stored
            with urllib_open(f"{url}/_stcore/health") as r:
                assert r.status == 200
    assert killed, "no load was killed (the machine was too fast for the chosen moments)"


def urllib_open(url: str):
    import urllib.request

    return urllib.request.urlopen(url, timeout=10)


def test_a_reader_killed_mid_read_blocks_nobody(example_db):
    code = (
        f"import time; from store import db; r = db.open_reader({str(example_db)!r}); "
        "r.con.execute('SELECT count(*) FROM observation').fetchone(); print('reading', flush=True); "
        "time.sleep(60)"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "reading"
    held = snapshots.latest(example_db)
    proc.kill()
    proc.wait()
    with db.writer(example_db, who="test", wait=2) as con:
        con.execute("INSERT INTO meta VALUES ('after-kill', '1')")
    with db.writer(example_db, who="test", wait=2) as con:
        con.execute("INSERT INTO meta VALUES ('after-kill-2', '1')")
    snapshots.clean(example_db, grace_s=0)
    assert not held.path.exists()  # its shared lock died with the process
    with db.reader(example_db) as con:
        assert con.execute("SELECT count(*) FROM meta WHERE key LIKE 'after-kill%'").fetchone()[0] == 2


def test_the_lock_is_free_after_its_holder_is_killed(example_db):
    code = (
        f"import time; from store import db; w = db.writer({str(example_db)!r}, who='doomed'); w.__enter__(); "
        "print('holding', flush=True); time.sleep(60)"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "holding"
    with pytest.raises(db.StoreBusyError, match=r"doomed \(pid \d+ on .+, since 20"):
        with db.writer(example_db, who="test", wait=0.3):
            pass
    proc.kill()
    proc.wait()
    with db.writer(example_db, who="test", wait=2):
        pass


def _small_filesystem(folder: Path, size_bytes: int) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_bytes}", "tmpfs", str(folder)], capture_output=True
    )
    return done.returncode == 0


def test_a_full_disk_while_publishing_keeps_the_previous_snapshot_and_says_so(example_db, tmp_path, monkeypatch):
    size = example_db.stat().st_size
    folder = tmp_path / "snapshots"
    if not _small_filesystem(folder, int(size * 1.5) // 4096 * 4096 + 4096):
        pytest.skip("needs root to mount a small tmpfs (a real full disk)")
    try:
        monkeypatch.setenv("ASKER2030_SNAPSHOTS", str(folder))
        with db.writer(example_db, who="first publish") as con:
            con.execute("INSERT INTO meta VALUES ('one', '1')")
        first = snapshots.latest(example_db)
        assert first is not None and db.last_publish_error is None
        data = _csv(tmp_path / "ny.csv", [("valgdeltakelse", 2026, 71.5)])
        done = etl("load", str(data), db_path=example_db, env={"ASKER2030_SNAPSHOTS": str(folder)})
        assert done.returncode == 0, done.stderr  # the commit itself is kept
        assert "could not be written" in done.stderr and "previous data (version" in done.stderr, done.stderr
        assert "No space left" in done.stderr, done.stderr
        assert snapshots.latest(example_db) == first  # readers keep the previous snapshot
        assert not [p for p in folder.iterdir() if p.name.endswith(".partial")]  # nothing half-written left
        with db.reader(example_db) as con:
            assert con.execute("SELECT count(*) FROM meta WHERE key = 'one'").fetchone()[0] == 1
            assert queries.series(con, "valgdeltakelse").set_index("period").get("value", {}).get("2026") is None
        # with space again, the next writer publishes the committed state even if it changes nothing itself
        for p in snapshots.snapshots(example_db)[:-1]:
            p.path.unlink()
        subprocess.run(["mount", "-o", f"remount,size={size * 4}", str(folder)], check=True)
        with db.writer(example_db, who="after the disk was freed"):
            pass
        assert snapshots.latest(example_db).version == first.version + 1
        assert _value(example_db, "valgdeltakelse", "2026") == pytest.approx(71.5)
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_a_read_only_replica_never_opens_the_store(example_db, tmp_path, monkeypatch):
    """ASKER2030_READ_ONLY=1: reads the shared snapshot folder only; the store file may be absent on its host."""
    from etl.bootstrap import ensure_store

    shared = snapshots.snapshot_dir(example_db)
    elsewhere = tmp_path / "other-host" / "asker2030.duckdb"  # no such file on this "host"
    monkeypatch.setenv("ASKER2030_SNAPSHOTS", str(shared))
    monkeypatch.setenv("ASKER2030_READ_ONLY", "1")
    ensure_store(elsewhere, wait_s=1)
    with db.reader(elsewhere) as con:
        assert con.execute("SELECT count(*) FROM observation").fetchone()[0] > 0
    assert not elsewhere.exists()
    empty = tmp_path / "empty-snapshots"
    monkeypatch.setenv("ASKER2030_SNAPSHOTS", str(empty))
    with pytest.raises(db.StoreError, match="No snapshot"):
        ensure_store(elsewhere, wait_s=0.5)


def test_snapshot_files_are_read_only_copies_with_the_version_in_the_name(example_db):
    snap = snapshots.latest(example_db)
    assert snapshots.SNAPSHOT_RE.match(snap.path.name).group("version") == f"{snap.version:06d}"
    con = duckdb.connect(str(snap.path), read_only=True)
    try:
        with pytest.raises(duckdb.Error):
            con.execute("INSERT INTO meta VALUES ('x', 'y')")
    finally:
        con.close()
