"""One writer at a time, readers on published snapshots: the cross-process writer lock and the read-only copies.

DuckDB lets one process hold a file read-write, so no process keeps the store open. A writer takes an exclusive
`flock` on `<store>.lock` (released by the kernel when the process dies, even by SIGKILL), opens the store for one
transaction, closes it (DuckDB checkpoints on close, so the file is whole) and copies it into the snapshot folder
under a temporary name that is then renamed: a reader sees the old snapshot or the new one, never half of one.
Snapshots are named by a version number that only grows (`asker2030-v000042.duckdb`); readers open the newest
read-only, and any number of processes may read one at once. A reader holds a shared `flock` on the snapshot it
reads, so cleaning never deletes a file in use on this host (on shared storage across hosts, where flock may not
reach, old snapshots are also kept for a grace period; an unlinked file stays readable to whoever has it open).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

SNAPSHOT_RE = re.compile(r"^(?P<stem>.+)-v(?P<version>\d{6,})\.duckdb$")
PUBLISHED = "published.json"  # what the newest snapshot was copied from (the store's size and mtime)
KEEP = 2  # snapshots always kept (the newest and the one before it)
GRACE_S = 600.0  # older ones are deleted once unused here and this old (readers on other hosts)
DEFAULT_WAIT_S = 60.0


class LockTimeout(Exception):
    """The writer lock was not free within the wait; `holder` says who has it (pid, host, who, since)."""

    def __init__(self, holder: dict, waited: float):
        self.holder, self.waited = holder, waited
        super().__init__(describe_holder(holder))


def snapshot_dir(store: Path) -> Path:
    """$ASKER2030_SNAPSHOTS, else a folder `<store name>-snapshots` beside the store file."""
    env = os.environ.get("ASKER2030_SNAPSHOTS")
    return Path(env) if env else store.with_name(f"{store.stem}-snapshots")


def lock_path(store: Path) -> Path:
    return store.with_name(store.name + ".lock")


def wait_seconds() -> float:
    try:
        return float(os.environ.get("ASKER2030_LOCK_WAIT", DEFAULT_WAIT_S))
    except ValueError:
        return DEFAULT_WAIT_S


def describe_holder(holder: dict) -> str:
    if not holder:
        return "another process (it did not say who)"
    since = holder.get("since", "?")
    return (
        f"{holder.get('who') or 'a process'} (pid {holder.get('pid', '?')} on {holder.get('host', '?')}, since {since})"
    )


# --- the writer lock -------------------------------------------------------------------------------------

_local = threading.local()  # per thread: how deep in writer sections, per store
_process_locks: dict[str, threading.Lock] = {}
_process_locks_guard = threading.Lock()


def _thread_lock(key: str) -> threading.Lock:
    # flock on separate open files conflicts even inside one process, but a thread lock first keeps the
    # dashboard's own threads queueing in order instead of polling against each other.
    with _process_locks_guard:
        return _process_locks.setdefault(key, threading.Lock())


def read_holder(store: Path) -> dict:
    try:
        text = lock_path(store).read_text(encoding="utf-8")
        return json.loads(text) if text.strip() else {}
    except (OSError, ValueError):
        return {}


@contextlib.contextmanager
def write_lock(
    store: Path, who: str, wait: float | None = None, on_wait: Callable[[dict], None] | None = None
) -> Iterator[bool]:
    """Hold the store's writer lock. Re-entrant within a thread (yields False when already held, True when this
    call took it). Waits up to `wait` seconds (default $ASKER2030_LOCK_WAIT or 60), calling `on_wait(holder)` once
    when it has to wait; past the wait raises LockTimeout naming the holder."""
    key = str(store.resolve())
    depth = getattr(_local, "depth", {})
    _local.depth = depth
    if depth.get(key):
        depth[key] += 1
        try:
            yield False
        finally:
            depth[key] -= 1
        return
    wait = wait_seconds() if wait is None else wait
    deadline = time.monotonic() + wait
    tlock = _thread_lock(key)
    told = False
    if not tlock.acquire(blocking=False):
        told = True
        if on_wait:
            on_wait({"who": "another part of this process", "pid": os.getpid(), "host": socket.gethostname()})
        if not tlock.acquire(timeout=max(0.0, wait)):
            raise LockTimeout(
                {"who": "another part of this process", "pid": os.getpid(), "host": socket.gethostname()}, wait
            )
    try:
        lp = lock_path(store)
        lp.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lp, os.O_RDWR | os.O_CREAT, 0o664)
        try:
            delay = 0.02
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if not told:
                        told = True
                        if on_wait:
                            on_wait(read_holder(store))
                    if time.monotonic() >= deadline:
                        raise LockTimeout(read_holder(store), wait) from None
                    time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
                    delay = min(delay * 2, 0.25)
            holder = {
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "who": who,
                "since": datetime.now().isoformat(timespec="seconds"),
            }
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(holder).encode(), 0)
            depth[key] = 1
            try:
                yield True
            finally:
                depth[key] = 0
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, 0)
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
    finally:
        tlock.release()


def holds_lock(store: Path) -> bool:
    return bool(getattr(_local, "depth", {}).get(str(store.resolve())))


# --- snapshots -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    version: int
    path: Path


class PublishError(Exception):
    """A snapshot could not be written (e.g. a full disk); the previous snapshot stays in use."""


def snapshots(store: Path) -> list[Snapshot]:
    """Published snapshots of `store`, oldest first."""
    folder = snapshot_dir(store)
    out = []
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return []
    for e in entries:
        m = SNAPSHOT_RE.match(e.name)
        if m and m.group("stem") == store.stem:
            out.append(Snapshot(int(m.group("version")), Path(e.path)))
    return sorted(out, key=lambda s: s.version)


def latest(store: Path) -> Snapshot | None:
    found = snapshots(store)
    return found[-1] if found else None


def _store_stat(store: Path) -> dict:
    try:
        st = os.stat(store)
    except FileNotFoundError:
        return {}
    wal = store.with_name(store.name + ".wal")
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "wal": wal.exists() and wal.stat().st_size > 0}


def store_stat(store: Path) -> dict:
    return _store_stat(store)


def published_from(store: Path) -> dict:
    try:
        return json.loads((snapshot_dir(store) / PUBLISHED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def is_current(store: Path) -> bool:
    """Whether the newest snapshot was copied from the store as it is now (a failed publish leaves it behind)."""
    snap = latest(store)
    if snap is None:
        return False
    src = published_from(store)
    return src.get("version") == snap.version and src.get("stat") == _store_stat(store)


def publish(store: Path) -> Snapshot:
    """Copy the (closed, checkpointed) store into the next snapshot. Call with the writer lock held.
    On failure (a full disk) nothing half-written is left and the previous snapshot stays the newest."""
    folder = snapshot_dir(store)
    prev = latest(store)
    if _store_stat(store).get("wal"):
        raise PublishError(
            f"The store {store.name} still has changes in its write-ahead log (another connection "
            f"kept it open), so no consistent snapshot could be copied. Viewers keep seeing version "
            f"{prev.version if prev else 'none'}; the next write publishes again."
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PublishError(f"The snapshot folder {folder} cannot be created: {exc.strerror or exc}.") from exc
    version = (prev.version + 1) if prev else 1
    final = folder / f"{store.stem}-v{version:06d}.duckdb"
    tmp = folder / f".{final.name}.{os.getpid()}.partial"
    try:
        with open(store, "rb") as src, open(tmp, "wb") as dst:
            shutil.copyfileobj(src, dst, 4 * 1024 * 1024)
            dst.flush()
            os.fsync(dst.fileno())
        os.rename(tmp, final)
        _fsync_dir(folder)
        meta = folder / f".{PUBLISHED}.{os.getpid()}.partial"
        meta.write_text(
            json.dumps(
                {
                    "version": version,
                    "stat": _store_stat(store),
                    "published_at": datetime.now().isoformat(timespec="seconds"),
                }
            ),
            encoding="utf-8",
        )
        os.replace(meta, folder / PUBLISHED)
    except OSError as exc:
        for leftover in folder.glob(f".*.{os.getpid()}.partial"):
            with contextlib.suppress(OSError):
                leftover.unlink()
        if final.exists() and (prev is None or final != prev.path):
            # the rename happened but the record did not: the snapshot is whole, so keep it
            pass
        raise PublishError(
            f"The snapshot for readers could not be written in {folder}: {exc.strerror or exc}. "
            f"Viewers keep seeing the previous data (version {prev.version if prev else 'none'}) "
            f"until a later write publishes again; free space in {folder}."
        ) from exc
    clean(store)
    return Snapshot(version, final)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def clean(store: Path, keep: int = KEEP, grace_s: float = GRACE_S) -> list[Path]:
    """Delete old snapshots that no reader on this host holds (a non-blocking exclusive flock succeeds) and that
    are older than the grace period; the newest `keep` are always kept. Returns what was deleted."""
    gone = []
    now = time.time()
    for snap in snapshots(store)[:-keep] if keep else snapshots(store):
        try:
            if now - snap.path.stat().st_mtime < grace_s:
                continue
            fd = os.open(snap.path, os.O_RDONLY)
        except OSError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a reader has it open
            snap.path.unlink()
            gone.append(snap.path)
        except OSError:
            pass
        finally:
            os.close(fd)
    for stale in snapshot_dir(store).glob(".*.partial"):  # left by a writer killed while publishing
        with contextlib.suppress(OSError):
            if now - stale.stat().st_mtime > 60:
                stale.unlink()
    return gone


class ReaderHold:
    """A shared flock on one snapshot file while a reader uses it (so clean() leaves it alone)."""

    def __init__(self, snap: Snapshot):
        self.snapshot = snap
        self._fd = os.open(snap.path, os.O_RDONLY)
        fcntl.flock(self._fd, fcntl.LOCK_SH)

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


def log_wait(holder: dict) -> None:
    """The default message while a writer waits (on stderr, so scripted output stays clean)."""
    print(f"waiting for the database: {describe_holder(holder)} is writing to it …", file=sys.stderr, flush=True)
