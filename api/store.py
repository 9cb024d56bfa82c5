"""The one way the open-data routes reach the store (read-only snapshot connections), and results kept per data
version. Every route reads through `connection()`; nothing here or in the routes writes."""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from indicators.catalog import CATALOG_DIR, Catalog, load_catalog
from store import db, snapshots
from store.status import assess_all


@dataclass(frozen=True)
class Reading:
    """One request's view of the store: a read-only cursor on one published snapshot, and that data's version."""

    con: object
    version: str


_CHECK_EVERY_S = 1.0  # how often the snapshot folder is looked at (a commit anywhere shows within ~1 s)


class _Readers:
    """Read-only snapshot connections shared by the requests of this process: opening one takes ~0.1 s, so the
    newest is kept open; an older one is closed when the last request still reading it is done."""

    def __init__(self, path: Path):
        self.path = path
        self.lock = threading.Lock()
        self.current: db.SnapshotReader | None = None
        self.checked = 0.0
        self.users: dict[int, int] = {}  # id(reader) -> requests reading it now
        self.retired: list[db.SnapshotReader] = []

    def acquire(self) -> db.SnapshotReader:
        with self.lock:
            now = time.monotonic()
            if self.current is None or now - self.checked >= _CHECK_EVERY_S:
                newest = snapshots.latest(self.path)
                if self.current is None or (newest is not None and newest.version != self.current.version):
                    fresh = db.open_reader(self.path)  # raises StoreError with a hint when there is nothing to read
                    if self.current is not None:
                        self.retired.append(self.current)
                    self.current = fresh
                self.checked = now
            self.users[id(self.current)] = self.users.get(id(self.current), 0) + 1
            self._close_unused()
            return self.current

    def release(self, reader: db.SnapshotReader) -> None:
        with self.lock:
            self.users[id(reader)] -= 1
            self._close_unused()

    def _close_unused(self) -> None:
        keep = []
        for old in self.retired:
            if self.users.get(id(old), 0) > 0:
                keep.append(old)
            else:
                self.users.pop(id(old), None)
                old.close()
        self.retired = keep


_READERS: dict[str, _Readers] = {}
_READERS_GUARD = threading.Lock()


def store_path() -> Path:
    return db.db_path(os.environ.get("ASKER2030_DB"))


@contextlib.contextmanager
def connection() -> Iterator[Reading]:
    """The newest published snapshot of the store, read-only (store.db's snapshot readers): the API never opens the
    store file itself, so it never waits for or blocks a writer."""
    path = store_path()
    with _READERS_GUARD:
        readers = _READERS.setdefault(str(path.absolute()), _Readers(path))
    reader = readers.acquire()
    try:
        cur = reader.con.cursor()
        try:
            yield Reading(cur, version_of(path, reader.version))
        finally:
            cur.close()
    finally:
        readers.release(reader)


def _catalog_fingerprint() -> str:
    """Changes when the reviewed YAML catalog changes (the store's data version does not see that)."""
    digest = hashlib.sha256()
    for path in sorted(CATALOG_DIR.glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


CATALOG_FINGERPRINT = _catalog_fingerprint()
_FILE_CATALOG: list[Catalog] = []


def version_of(path: Path, snapshot_version: int) -> str:
    """A short token for the data as published: changes with every snapshot (every commit) and catalog change."""
    token = repr((str(path.absolute()), snapshot_version, CATALOG_FINGERPRINT))
    return hashlib.sha256(token.encode()).hexdigest()[:20]


class PerVersion:
    """Results computed once per data version (and key), the last few kept: a national store takes seconds to
    assess or pack, and every viewer of an embed asks again."""

    def __init__(self, max_entries: int = 8):
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict = {}  # key -> lock held while one request builds it (the others wait for it)
        self._max = max_entries

    def _hit(self, key):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return True, self._items[key]
            return False, self._building.setdefault(key, threading.Lock())

    def get(self, key, build: Callable):
        found, value = self._hit(key)
        if found:
            return value
        with value:  # one build per key: a national data package takes many seconds of CPU
            found, again = self._hit(key)
            if found:
                return again
            result = build()
            with self._lock:
                self._items[key] = result
                self._building.pop(key, None)
                while len(self._items) > self._max:
                    self._items.popitem(last=False)
            return result


_CACHE = PerVersion()


def cached(key: tuple, build: Callable):
    return _CACHE.get(key, build)


def catalog(con, data_version: str) -> Catalog:
    """The file catalog plus analyst-defined indicators (those change with uploads)."""
    if not _FILE_CATALOG:
        _FILE_CATALOG.append(load_catalog())
    return cached(("catalog", data_version), lambda: db.effective_catalog(con, _FILE_CATALOG[0]))


def assessments(con, data_version: str) -> dict:
    """Status of every indicator's headline series (Asker, total), from indicators/."""
    cat = catalog(con, data_version)
    return cached(("assessments", data_version), lambda: assess_all(con, cat))
