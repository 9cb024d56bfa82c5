"""The dashboard's one DuckDB connection, the catalog, and cached data that is cleared when data change."""
from __future__ import annotations

import os

import duckdb
import streamlit as st

from etl.bootstrap import init_store
from indicators.catalog import Catalog, load_catalog
from indicators import status as status_service
from store import db, queries
from ui import backup


@st.cache_resource(show_spinner="Åpner databasen …")
def _connection(path: str):
    # One read-write connection per dashboard process (DuckDB allows one writer); each script run
    # takes its own cursor through the query functions. First start creates the file and loads examples.
    con = db.connect(path)
    try:
        init_store(con, load_catalog())
    except duckdb.Error as exc:  # the file opened but its tables cannot be read: say what to do, no stack trace
        con.close()
        raise db.StoreDamagedError(f"The database file {path} is damaged: {str(exc).splitlines()[0]}",
                                   db.restore_hint(path)) from None
    # The CLI cannot open the file while this process holds it, so the dashboard backs it up itself, daily.
    backup.start_daily_backups(con, path)
    return con


def db_file() -> str:
    return str(db.db_path(os.environ.get("ASKER2030_DB")))


def connection():
    return _connection(db_file())


@st.cache_resource
def file_catalog() -> Catalog:
    return load_catalog()


def catalog() -> Catalog:
    """File catalog plus analyst-defined indicators (these change with uploads, so keyed on the data version)."""
    return _effective_catalog(data_version())


# Results derived from the store are kept per data version as shared, read-only objects (cache_resource): a
# cache_data hit unpickles a copy on every call, which cost ~50-100 ms per call and page run (and held the GIL
# while other viewers waited). Callers get shallow copies where a caller could change a frame or a dict.
_PER_VERSION = dict(show_spinner=False, max_entries=8)


@st.cache_resource(**_PER_VERSION)
def _effective_catalog(version) -> Catalog:
    return db.effective_catalog(connection(), file_catalog())


_VERSION_MEMO: dict[str, tuple[float, tuple]] = {}
_VERSION_TTL_S = 2.0


def data_version() -> tuple:
    """Changes whenever an upload is committed or rolled back; cached data are keyed on it. It names the
    database file too, so two stores (tests, benchmarks) never share cached results.

    Asked dozens of times per page run (every cached result is keyed on it), so the answer is reused for
    two seconds; every write in this process calls clear_caches(), which forgets it at once, and no other
    process can write the file while the dashboard holds it."""
    import time
    path = db_file()
    now = time.monotonic()
    hit = _VERSION_MEMO.get(path)
    if hit is not None and now - hit[0] < _VERSION_TTL_S:
        return hit[1]
    version = (path, *queries.data_version(connection()))
    _VERSION_MEMO[path] = (now, version)
    return version


def clear_caches() -> None:
    """Call after any write so every page shows the new data at once."""
    _VERSION_MEMO.clear()
    st.cache_data.clear()
    for cached in (_effective_catalog, _assessments, _freshness, _headline_series, _headline_figure,
                   _indicator_tables, _peer_ranks, _peer_comparison):
        cached.clear()


@st.cache_resource(**_PER_VERSION)
def _assessments(version):
    return status_service.assess_all(connection(), catalog())


def assessments():
    """Assessment per indicator id for Asker's headline series."""
    return dict(_assessments(data_version()))


@st.cache_resource(**_PER_VERSION)
def _freshness(version):
    return queries.freshness(connection())


def freshness():
    return _freshness(data_version()).copy(deep=False)


# --- series, cached per data version (a national store has a million rows: ask once, not per chart) -------

@st.cache_resource(**_PER_VERSION)
def _headline_series(version) -> dict:
    frame = queries.headline_series(connection())
    return {iid: g.drop(columns="indicator_id").reset_index(drop=True)
            for iid, g in frame.groupby("indicator_id", sort=False)}


def headline_series(indicator_id: str):
    """Asker's total series of one indicator (the columns of queries.series), from one query per data version."""
    got = _headline_series(data_version()).get(indicator_id)
    return got.copy(deep=False) if got is not None else queries.series(connection(), indicator_id)


@st.cache_data(show_spinner=False)
def _series_statuses(version, indicator_id: str, lang: str):
    import pandas as pd
    frame = queries.indicator_series(connection(), indicator_id)
    cat = catalog()
    rows = []
    for (area, breakdown), g in frame.groupby(["area", "breakdown"], sort=False):
        a = status_service.assess_series(cat, indicator_id, g.reset_index(drop=True), area, breakdown)
        rows.append((area, breakdown, a.status, a.explanation(lang)))
    return pd.DataFrame(rows, columns=["area", "breakdown", "status", "explanation"])


def series_statuses(indicator_id: str, lang: str):
    """Status and explanation of every series (area × breakdown) of one indicator: one query, cached."""
    return _series_statuses(data_version(), indicator_id, lang)


@st.cache_resource(show_spinner=False, max_entries=256)
def _headline_figure(version, indicator_id: str, lang: str, example: bool, height: int):
    from charts.indicator import indicator_figure
    from indicators.progress import required_path, trend_path
    ind = catalog().indicator(indicator_id)
    a = assessments()[indicator_id]
    return indicator_figure(ind, headline_series(indicator_id), a, required_path(ind, a), trend_path(a), lang=lang,
                            example=example, height=height)


def headline_figure(indicator_id: str, lang: str, example: bool, height: int = 320):
    """The goal page's chart of one indicator, built once per data version and language (plotly figures take
    ~50 ms each to build: a goal page has up to a dozen, on every run of every viewer). Shared: do not change it."""
    return _headline_figure(data_version(), indicator_id, lang, example, height)


@st.cache_resource(show_spinner=False, max_entries=64)
def _indicator_tables(version, indicator_id: str) -> dict:
    con = connection()
    return {"series_list": queries.areas_and_breakdowns(con, indicator_id),
            "observations": queries.observations(con, indicator_id),
            "history": queries.uploads_for_indicator(con, indicator_id)}


def indicator_table(indicator_id: str, name: str):
    """The indicator page's tables (series_list, observations, history), read once per data version: with
    every municipality stored, an indicator has thousands of rows. Shared: callers get a shallow copy."""
    return _indicator_tables(data_version(), indicator_id)[name].copy(deep=False)


# --- the comparison group (indicators/catalog/comparison.yaml) ---------------------------------------------

@st.cache_resource
def comparison():
    """Asker's comparison group (read once per process; edit the YAML and restart to change it)."""
    from indicators.catalog import load_comparison
    return load_comparison()


@st.cache_resource(**_PER_VERSION)
def _peer_ranks(version) -> dict:
    from indicators.peers import rank_all
    group = comparison()
    frame = queries.peer_series(connection(), [a.name for a in group])
    return rank_all(catalog().indicators, frame, group)


def peer_ranks() -> dict:
    """Asker's rank among the comparison group per indicator id (indicators.peers.PeerComparison, rank only):
    one query and one vectorised pass per data version for every goal page. Shared: do not change them."""
    return _peer_ranks(data_version())


@st.cache_resource(show_spinner=False, max_entries=64)
def _peer_comparison(version, indicator_id: str):
    from indicators.peers import compare
    group = comparison()
    frame = queries.peer_series(connection(), [a.name for a in group], indicator_id)
    home = assessments().get(indicator_id)
    return compare(catalog().indicator(indicator_id), frame, group,
                   target_value=home.target_value if home is not None else None)


def peer_comparison(indicator_id: str):
    """The indicator page's comparison with the group (values, trend-only statuses, ranks, target placement),
    computed once per data version. Shared: do not change it."""
    return _peer_comparison(data_version(), indicator_id)
