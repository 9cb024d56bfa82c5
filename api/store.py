"""The one way the open-data routes reach the store, and results kept per data version.

Every route reads through `connection()`; nothing here or in the routes writes."""
from __future__ import annotations

import contextlib
import hashlib
import threading
from collections import OrderedDict
from typing import Callable, Iterator

from indicators.catalog import CATALOG_DIR, Catalog, load_catalog
from indicators.status import assess_all
from store import db, queries


@contextlib.contextmanager
def connection() -> Iterator:
    """A connection for one request. For now a cursor on the dashboard process's own connection (DuckDB lets one
    process hold the file, and the dashboard holds it); to become a read-only snapshot reader (store.db.reader)."""
    from ui import state  # the process's connection lives in the dashboard's resource cache

    cur = state.connection().cursor()
    try:
        yield cur
    finally:
        cur.close()


def _catalog_fingerprint() -> str:
    """Changes when the reviewed YAML catalog changes (the store's data version does not see that)."""
    digest = hashlib.sha256()
    for path in sorted(CATALOG_DIR.glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


CATALOG_FINGERPRINT = _catalog_fingerprint()
_FILE_CATALOG: list[Catalog] = []


def version(con) -> str:
    """A short token for the data as published now: changes with every upload, rollback and catalog change."""
    token = repr((queries.data_version(con), CATALOG_FINGERPRINT))
    return hashlib.sha256(token.encode()).hexdigest()[:20]


class PerVersion:
    """Results computed once per data version (and key), the last few kept: a national store takes seconds to
    assess or pack, and every viewer of an embed asks again."""

    def __init__(self, max_entries: int = 8):
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries

    def get(self, key, build: Callable):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = build()  # outside the lock: two first requests may both build; both get a correct answer
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._max:
                self._items.popitem(last=False)
        return value


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
