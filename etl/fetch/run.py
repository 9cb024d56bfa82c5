"""Fetch indicators from their sources: plan the requests, send them, and pass each answer through the upload's own
path (etl.load.prepare → report and preview → etl.load.commit), one upload per source request.

Network waits never hold the store: each answer is read, checked and committed inside one short writer hold.
A failing indicator is recorded with its error in plain words, and the others go on.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from etl.fetch.base import Area, comparison_group
from etl.fetch.fhi import FhiSource
from etl.fetch.http import Client, FetchError, Request
from etl.fetch.settings import Settings
from etl.fetch.ssb import SsbSource
from etl.fetch.udir import UdirSource
from etl.fetch.url import UrlSource
from etl.load import LoadResult, PreparedUpload, commit, prepare
from indicators.catalog import Catalog, Indicator
from store import db
from store.fetches import FetchRun, record_fetch_run

SOURCES = {"ssb": SsbSource, "fhi": FhiSource, "udir": UdirSource, "url": UrlSource}
MAX_BYTES = 200_000_000  # one answer; SSB's 800 000 cells are ~20 MB of JSON-stat


class Store:
    """Where answers are checked and committed. `writer()` and `reader()` are context managers giving a
    connection; the fetch asks for one per source request, never across a network wait."""

    def writer(self) -> contextlib.AbstractContextManager:
        raise NotImplementedError

    def reader(self) -> contextlib.AbstractContextManager:
        raise NotImplementedError


class ConnectionStore(Store):
    """An open connection (the dashboard's, or a test's): DuckDB transactions inside db's functions."""

    def __init__(self, con):
        self.con = con

    @contextlib.contextmanager
    def writer(self) -> Iterator:
        yield self.con

    @contextlib.contextmanager
    def reader(self) -> Iterator:
        yield self.con


class PathStore(Store):
    """The store file (the command line and the nightly timer): each commit is one `db.writer` hold (the
    cross-process writer lock, a snapshot published after it); dry runs read the newest snapshot."""

    def __init__(self, path: str | Path | None = None, who: str = "fetch"):
        self.path, self.who = path, who

    def writer(self):
        return db.writer(self.path, who=self.who)

    def reader(self):
        return db.reader(self.path)


@dataclass
class RequestResult:
    request: Request
    prepared: PreparedUpload | None = None
    result: LoadResult | None = None


@dataclass
class IndicatorResult:
    indicator_id: str
    agency: str
    requests: list[RequestResult] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    error: FetchError | None = None
    started_at: datetime = field(default_factory=datetime.now)
    finished_at: datetime | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None

    def total(self, what: str) -> int:
        out = 0
        for r in self.requests:
            d = r.result.diff if r.result is not None else (r.prepared.diff if r.prepared is not None else None)
            if d is not None:
                out += {
                    "read": d.rows_read,
                    "added": d.added,
                    "changed": d.changed,
                    "unchanged": d.unchanged,
                    "removed": d.removed,
                }[what]
        return out

    @property
    def upload_ids(self) -> list[int]:
        return [r.result.upload_id for r in self.requests if r.result is not None and r.result.upload_id]

    @property
    def state(self) -> str:
        if self.error is not None:
            return "failed"
        return (
            "changed"
            if (
                self.upload_ids
                or (self.dry_run and (self.total("added") or self.total("changed") or self.total("removed")))
            )
            else "unchanged"
        )


def fetchable(catalog: Catalog) -> list[Indicator]:
    return [i for i in catalog.indicators if i.fetch is not None]


def _unreadable(prepared: PreparedUpload, request: Request) -> FetchError:
    first = "; ".join(p.text("nb") for p in prepared.report.errors[:3])
    first_en = "; ".join(p.text("en") for p in prepared.report.errors[:3])
    return FetchError(
        "unreadable",
        f"Svaret kunne ikke leses som en opplasting: {first}",
        f"The answer could not be read as an upload: {first_en}",
        request.audit,
    )


def fetch_indicator(
    ind: Indicator,
    catalog: Catalog,
    store: Store,
    client: Client,
    settings: Settings,
    user: str,
    areas: list[Area],
    dry_run: bool = False,
    progress: Callable[[str], None] | None = None,
) -> IndicatorResult:
    """Fetch one indicator; never raises for the source's or the answer's faults (they become `error`)."""
    result = IndicatorResult(ind.id, ind.fetch.api if ind.fetch else "", dry_run=dry_run)
    try:
        if ind.fetch is None:
            raise FetchError(
                "no_spec",
                f"{ind.id} har ingen hentespesifikasjon (fetch) i katalogen; last opp filen "
                "for hånd, eller legg til en.",
                f"{ind.id} has no fetch spec in the catalog; upload its file by hand, or add one.",
            )
        source = SOURCES[ind.fetch.api](settings)
        plan = source.plan(client, ind, ind.fetch, areas)
        result.notes = plan.notes
        for request in plan.requests:
            if progress:
                progress(request.audit)
            rr = RequestResult(request)
            result.requests.append(rr)
            data = source.adapt(client.send(request), request, ind, ind.fetch, areas)
            if data is None:  # e.g. a page of Udir's rows with none of the comparison group's areas
                continue
            hold = store.reader() if dry_run else store.writer()
            with hold as con:  # one short hold per source request: read, check, commit
                prepared = prepare(
                    con, data, request.name, catalog, indicator_id=ind.id, max_bytes=MAX_BYTES, preview=dry_run
                )
                prepared.source_url = request.audit
                rr.prepared = prepared
                if not prepared.ok:
                    raise _unreadable(prepared, request)
                if not dry_run:
                    rr.result = commit(con, prepared, user)
    except FetchError as exc:
        result.error = exc
    except Exception as exc:  # a fault of ours or of the store: reported, and the other indicators go on
        result.error = FetchError(
            "internal", f"Uventet feil: {type(exc).__name__}: {exc}", f"Unexpected error: {type(exc).__name__}: {exc}"
        )
    result.finished_at = datetime.now()
    return result


def record(store: Store, result: IndicatorResult, run_id: str, user: str) -> None:
    e = result.error
    run = FetchRun(
        run_id=run_id,
        indicator_id=result.indicator_id,
        agency=result.agency or "-",
        started_at=result.started_at.replace(microsecond=0),
        finished_at=(result.finished_at or datetime.now()).replace(microsecond=0),
        state=result.state,
        triggered_by=user,
        request_urls=[r.request.audit for r in result.requests] or ([e.url] if e is not None and e.url else []),
        upload_ids=result.upload_ids,
        rows_read=result.total("read"),
        rows_added=result.total("added"),
        rows_changed=result.total("changed"),
        rows_unchanged=result.total("unchanged"),
        rows_removed=result.total("removed"),
        error_code=e.code if e else None,
        error_nb=e.nb if e else None,
        error_en=e.en if e else None,
    )
    with store.writer() as con:
        record_fetch_run(con, run)


def fetch(
    indicators: list[Indicator],
    catalog: Catalog,
    store: Store,
    settings: Settings | None = None,
    user: str = "fetch",
    dry_run: bool = False,
    client: Client | None = None,
    areas: list[Area] | None = None,
    progress: Callable[[str], None] | None = None,
    done: Callable[[IndicatorResult], None] | None = None,
) -> list[IndicatorResult]:
    """Fetch each indicator in turn and (unless `dry_run`) log each in fetch_run. Returns one result per
    indicator; `done` is called as each finishes (the command prints it at once)."""
    settings = settings or Settings.from_env()
    areas = comparison_group() if areas is None else areas
    run_id = f"{datetime.now():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"
    own = client is None
    client = client or Client(settings)
    results = []
    try:
        for ind in indicators:
            res = fetch_indicator(ind, catalog, store, client, settings, user, areas, dry_run, progress)
            if not dry_run:
                try:
                    record(store, res, run_id, user)
                except Exception as exc:  # the log must not hide the fetch's own outcome
                    res.notes.append((f"Hentingen ble ikke logget: {exc}", f"The fetch was not logged: {exc}"))
            results.append(res)
            if done:
                done(res)
    finally:
        if own:
            client.close()
    return results
