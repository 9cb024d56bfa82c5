"""The dashboard's read-only view of the store (the newest published snapshot), its writes (under the writer
lock, one unit of work at a time), the catalog, and cached data keyed on the snapshot's version."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

import duckdb
import streamlit as st

from etl.bootstrap import ensure_store, read_only_replica
from indicators import status as status_service
from indicators.catalog import Catalog, load_catalog
from indicators.explain import explanation
from store import db, queries, snapshots
from store import status as store_status
from ui import backup


@st.cache_resource(show_spinner="Åpner databasen …")
def _ready(path: str) -> bool:
    # Once per process: the first start creates the file and loads the examples; later starts (every replica)
    # only check that the newest snapshot mirrors the catalog. The store file is not kept open.
    try:
        ensure_store(path, load_catalog())
    except duckdb.Error as exc:  # the file opened but its tables cannot be read: say what to do, no stack trace
        raise db.StoreDamagedError(
            f"The database file {path} is damaged: {str(exc).splitlines()[0]}", db.restore_hint(path)
        ) from None
    if not read_only_replica():
        backup.start_daily_backups(path)
    return True


def db_file() -> str:
    return str(db.db_path(os.environ.get("ASKER2030_DB")))


# --- readers: one read-only connection per snapshot version, shared by every session of this process -------

_CHECK_EVERY_S = 1.0  # how often the snapshot folder is looked at (a commit elsewhere shows within ~1 s)
_RETIRE_AFTER_S = 60.0  # an older snapshot's connection is closed this long after a newer one took over


class _Readers:
    def __init__(self):
        self.lock = threading.Lock()
        self.current: db.SnapshotReader | None = None
        self.checked = 0.0
        self.by_version: dict[int, db.SnapshotReader] = {}
        self.retired: list[tuple[float, db.SnapshotReader]] = []


_READERS: dict[str, _Readers] = {}
_READERS_GUARD = threading.Lock()


def _readers(path: str) -> _Readers:
    with _READERS_GUARD:
        return _READERS.setdefault(path, _Readers())


def _current_reader() -> db.SnapshotReader:
    path = db_file()
    _ready(path)
    r = _readers(path)
    now = time.monotonic()
    cur = r.current
    if cur is not None and now - r.checked < _CHECK_EVERY_S:
        return cur
    with r.lock:
        if r.current is not None and now - r.checked < _CHECK_EVERY_S:
            return r.current
        newest = snapshots.latest(Path(path))
        if r.current is None or (newest is not None and newest.version != r.current.version):
            fresh = db.open_reader(path)
            if r.current is not None:
                r.retired.append((now, r.current))
            r.current = fresh
            r.by_version[fresh.version] = fresh
        keep = []
        for since, old in r.retired:  # close what no script run can still be using
            if now - since > _RETIRE_AFTER_S:
                r.by_version.pop(old.version, None)
                old.close()
            else:
                keep.append((since, old))
        r.retired = keep
        r.checked = now
        return r.current


def connection() -> duckdb.DuckDBPyConnection:
    """The newest snapshot, read-only (checked at most once a second)."""
    return _current_reader().con


def _con(version: tuple) -> duckdb.DuckDBPyConnection:
    """The connection of the snapshot a cached result is keyed on (so a result never mixes two versions)."""
    r = _readers(version[0])
    got = r.by_version.get(version[1])
    return got.con if got is not None else connection()


def busy_text(exc: db.StoreBusyError) -> str:
    """The page's words for a write that waited too long for another writer."""
    from ui.i18n import t

    return t("store_busy", who=snapshots.describe_holder(exc.holder), seconds=f"{exc.waited:.0f}")


def chart_images_on() -> bool:
    """Goal pages show their charts as static images once made (exports/chart_images.py) unless turned off."""
    return os.environ.get("ASKER2030_CHART_IMAGES", "auto").lower() not in ("off", "0", "no", "false")


def data_version() -> tuple:
    """(database file, snapshot version): changes with every commit by any process; cached data are keyed on
    it. It names the database file too, so two stores (tests, benchmarks) never share cached results."""
    reader = _current_reader()
    return (db_file(), reader.version)


@contextlib.contextmanager
def writer():
    """One unit of writing from the dashboard (an upload, an undo, a comment, a measure): the writer lock is
    held only meanwhile; afterwards every page of this process shows the new snapshot at once."""
    from ui import auth
    from ui.i18n import t

    def waiting(holder: dict) -> None:
        st.toast(t("store_waiting", who=snapshots.describe_holder(holder)), icon=":material/hourglass_top:")

    try:
        with db.writer(db_file(), who=f"dashboard ({auth.user_name()})", on_wait=waiting) as con:
            yield con
    finally:
        clear_caches()
    if db.last_publish_error:
        st.warning(t("store_publish_failed", error=db.last_publish_error))


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
    return db.effective_catalog(_con(version), file_catalog())


@st.cache_resource(**_PER_VERSION)
def _example_indicators(version) -> frozenset:
    return frozenset(queries.example_indicators(_con(version)))


def example_indicators() -> frozenset:
    """Indicators whose values still come (partly) from the bundled example data."""
    return _example_indicators(data_version())


def clear_caches() -> None:
    """Call after any write so every page shows the new data at once."""
    for r in list(_READERS.values()):
        r.checked = 0.0  # look at the snapshot folder on the next call
    st.cache_data.clear()
    for cached in (
        _effective_catalog,
        _assessments,
        _freshness,
        _headline_series,
        _headline_charts,
        _meeting_figure,
        _indicator_tables,
        _peer_ranks,
        _peer_comparison,
        _store_facts,
        _series_view,
        _peer_view,
        _comments,
        _measures,
        _example_indicators,
    ):
        cached.clear()


@st.cache_resource(**_PER_VERSION)
def _assessments(version):
    return store_status.assess_all(_con(version), catalog())


def assessments():
    """Assessment per indicator id for Asker's headline series."""
    return dict(_assessments(data_version()))


@st.cache_resource(**_PER_VERSION)
def _freshness(version):
    return queries.freshness(_con(version))


def freshness():
    return _freshness(data_version()).copy(deep=False)


# --- series, cached per data version (a national store has a million rows: ask once, not per chart) -------


@st.cache_resource(**_PER_VERSION)
def _headline_series(version) -> dict:
    frame = queries.headline_series(_con(version))
    return {
        iid: g.drop(columns="indicator_id").reset_index(drop=True)
        for iid, g in frame.groupby("indicator_id", sort=False)
    }


def headline_series(indicator_id: str):
    """Asker's total series of one indicator (the columns of queries.series), from one query per data version."""
    got = _headline_series(data_version()).get(indicator_id)
    return got.copy(deep=False) if got is not None else queries.series(connection(), indicator_id)


@st.cache_data(show_spinner=False)
def _series_statuses(version, indicator_id: str, lang: str):
    import pandas as pd

    frame = queries.indicator_series(_con(version), indicator_id)
    cat = catalog()
    rows = []
    for (area, breakdown), g in frame.groupby(["area", "breakdown"], sort=False):
        a = status_service.assess_series(cat, indicator_id, g.reset_index(drop=True), area, breakdown)
        rows.append((area, breakdown, a.status, explanation(a, lang)))
    return pd.DataFrame(rows, columns=["area", "breakdown", "status", "explanation"])


def series_statuses(indicator_id: str, lang: str):
    """Status and explanation of every series (area × breakdown) of one indicator: one query, cached."""
    return _series_statuses(data_version(), indicator_id, lang)


# --- small facts every page shows (the example banner, "data as of", comments and measures), per data version --


@st.cache_resource(**_PER_VERSION)
def _store_facts(version) -> dict:
    con = _con(version)
    return {"example": queries.shows_example_data(con), "as_of": queries.data_as_of(con)}


def shows_example_data() -> bool:
    """True while any stored value came from the bundled example data (asked by every page, answered once per
    data version)."""
    return _store_facts(data_version())["example"]


def data_as_of():
    """When the data last changed (the latest committed upload), or None."""
    return _store_facts(data_version())["as_of"]


@st.cache_resource(**_PER_VERSION)
def _comments(version) -> dict:
    from store import meetings

    out: dict[str, list[dict]] = {}
    for row in meetings.comments(_con(version)).to_dict("records"):
        out.setdefault(row["indicator_id"], []).append(row)
    return out


def comments(indicator_id: str | None = None):
    """An indicator's comments, newest first (rows as dicts), read once per data version for all indicators:
    a comment is a commit, so it makes a new version. Without an id: {indicator id: its comments}. Shared: do
    not change them."""
    every = _comments(data_version())
    return every if indicator_id is None else every.get(indicator_id, [])


@st.cache_resource(**_PER_VERSION)
def _measures(version):
    from store import meetings

    return meetings.measures(_con(version))


def measures(goal_id: str):
    """A goal's measures (store.meetings.measures), read once per data version for all goals."""
    frame = _measures(data_version())
    return frame[frame["goal_id"] == str(goal_id)].reset_index(drop=True)


class HeadlineCharts:
    """What a goal page shows of each indicator for one data version, language and example flag: Asker's series,
    the status sentence and the chart (built once, serialised once: charts.frozen), made the first time a view
    asks and then shared by every view. A page run looks this object up once, not once per chart (each lookup of
    a cached function hashes its arguments). Shared and read-only: do not change what it returns."""

    def __init__(self, version, lang: str, example: bool, height: int):
        self.version, self.lang, self.example, self.height = version, lang, example, height
        self._figures: dict = {}
        self._sentences: dict = {}
        self._periods: dict = {}
        self._images: dict = {}

    def series(self, indicator_id: str):
        got = _headline_series(self.version).get(indicator_id)
        return got if got is not None else queries.series(_con(self.version), indicator_id)

    def observed_periods(self, indicator_id: str) -> list:
        """The periods with a value (empty: nothing to chart), worked out once: pandas takes ~0.3 ms for it."""
        got = self._periods.get(indicator_id)
        if got is None:
            series = self.series(indicator_id)
            got = self._periods.setdefault(indicator_id, list(series.loc[series["value"].notna(), "period"]))
        return got

    def explanation(self, indicator_id: str) -> str:
        text = self._sentences.get(indicator_id)
        if text is None:
            text = self._sentences.setdefault(
                indicator_id, explanation(_assessments(self.version)[indicator_id], self.lang)
            )
        return text

    def figure(self, indicator_id: str):
        fig = self._figures.get(indicator_id)
        if fig is None:  # two views at once may both build it; the first one stored wins
            from charts.frozen import freeze
            from charts.indicator import indicator_figure
            from indicators.progress import required_path, trend_path

            ind = _effective_catalog(self.version).indicator(indicator_id)
            a = _assessments(self.version)[indicator_id]
            # the example marker only on charts whose values are still (partly) example data
            example = self.example and indicator_id in _example_indicators(self.version)
            fig = freeze(
                indicator_figure(
                    ind,
                    self.series(indicator_id),
                    a,
                    required_path(ind, a),
                    trend_path(a),
                    lang=self.lang,
                    example=example,
                    height=self.height,
                )
            )
            fig = self._figures.setdefault(indicator_id, fig)
        return fig

    def images(self, indicator_id: str) -> tuple[str, str] | None:
        """URLs of the chart as static images (wide for the page's column, narrow for a phone), or None while
        they are being made (the page then draws the interactive chart); asks the renderer for what is missing.
        Off with ASKER2030_CHART_IMAGES=off (every chart interactive)."""
        if not chart_images_on():
            return None
        got = self._images.get(indicator_id)
        if got is None:
            from exports import chart_images

            root = chart_images.cache_dir(db_file())
            spec = chart_images.figure_json(self.figure(indicator_id))
            jobs = [
                (root / chart_images.image_name(spec, width, self.height), spec, width, self.height)
                for width in (chart_images.WIDE, chart_images.NARROW)
            ]
            got = self._images.setdefault(indicator_id, [jobs, False])
        jobs, ready = got
        if not ready:
            if not all(job[0].exists() for job in jobs):
                from exports.chart_images import RENDERER

                RENDERER.request(jobs)
                return None
            got[1] = True
        base = (st.get_option("server.baseUrlPath") or "").strip("/")
        prefix = f"/{base}/chart-images/" if base else "/chart-images/"
        return prefix + jobs[0][0].name, prefix + jobs[1][0].name


@st.cache_resource(**_PER_VERSION)
def _headline_charts(version, lang: str, example: bool, height: int) -> HeadlineCharts:
    return HeadlineCharts(version, lang, example, height)


def headline_charts(lang: str, example: bool, height: int = 320) -> HeadlineCharts:
    return _headline_charts(data_version(), lang, example, height)


def headline_figure(indicator_id: str, lang: str, example: bool, height: int = 320):
    """The goal page's chart of one indicator, built once per data version and language (plotly figures take
    ~50 ms each to build: a goal page has up to a dozen, on every run of every viewer). Shared: do not change it."""
    return headline_charts(lang, example, height).figure(indicator_id)


@st.cache_resource(show_spinner=False, max_entries=256)
def _meeting_figure(version, indicator_id: str, lang: str, example: bool, height: int):
    from charts.frozen import freeze
    from charts.presentation import presentation_figure

    ind = _effective_catalog(version).indicator(indicator_id)
    series = _headline_series(version).get(indicator_id)
    if series is None:
        series = queries.series(_con(version), indicator_id)
    fig = presentation_figure(
        ind,
        series,
        _assessments(version)[indicator_id],
        lang=lang,
        example=example,
        height=height,
        font_size=18,
        legend=False,
    )
    return series, freeze(fig)


def meeting_figure(indicator_id: str, lang: str, example: bool, height: int):
    """The meeting view's large chart of one indicator and its series, built once per data version (not per
    view, like the goal pages' charts). Shared: do not change them."""
    return _meeting_figure(data_version(), indicator_id, lang, example, height)


@st.cache_resource(show_spinner=False, max_entries=64)
def _series_view(version, indicator_id: str, area: str, breakdown: str, lang: str, example: bool, height: int):
    from charts.frozen import freeze
    from charts.indicator import indicator_figure
    from indicators.progress import required_path, trend_path

    cat = _effective_catalog(version)
    ind = cat.indicator(indicator_id)
    series = queries.series(_con(version), indicator_id, area, breakdown)
    a = status_service.assess_series(cat, indicator_id, series, area, breakdown)
    path = required_path(ind, a) if (area, breakdown) == ("Asker", "") else None  # the target is Asker's
    fig = freeze(indicator_figure(ind, series, a, path, trend_path(a), lang=lang, example=example, height=height))
    return series, a, fig


def series_view(indicator_id: str, area: str, breakdown: str, lang: str, example: bool, height: int):
    """The indicator page's chosen series: (series frame, assessment, chart), read, assessed and drawn once per
    data version (each view would otherwise build the figure again: ~50 ms). Shared: do not change them."""
    return _series_view(data_version(), indicator_id, area, breakdown, lang, example, height)


@st.cache_resource(show_spinner=False, max_entries=64)
def _peer_view(version, group_key, indicator_id: str, lang: str, example: bool):
    from charts.frozen import freeze
    from charts.peers import peers_figure
    from indicators.peers import peer_table

    ind = _effective_catalog(version).indicator(indicator_id)
    comparison = _peer_comparison(version, group_key, indicator_id)
    if comparison is None or not comparison.has_peers:  # None: the comparison group could not be read
        return comparison, None, None
    # without a common period there is nothing to set side by side in one chart
    fig = freeze(peers_figure(ind, comparison, lang=lang, example=example)) if comparison.period else None
    return comparison, fig, peer_table(ind, comparison, lang)


def peer_view(indicator_id: str, lang: str, example: bool):
    """(comparison, chart, table) of the indicator page's peer section, once per data version and language."""
    return _peer_view(data_version(), _comparison_key(), indicator_id, lang, example)


@st.cache_resource(show_spinner=False, max_entries=64)
def _indicator_tables(version, indicator_id: str) -> dict:
    con = _con(version)
    return {
        "series_list": queries.areas_and_breakdowns(con, indicator_id),
        "observations": queries.observations(con, indicator_id),
        "history": queries.uploads_for_indicator(con, indicator_id),
    }


def indicator_table(indicator_id: str, name: str):
    """The indicator page's tables (series_list, observations, history), read once per data version: with
    every municipality stored, an indicator has thousands of rows. Shared: callers get a shallow copy."""
    return _indicator_tables(data_version(), indicator_id)[name].copy(deep=False)


# --- the comparison group (indicators/catalog/comparison.yaml) ---------------------------------------------


def _comparison_key() -> tuple:
    """The comparison file and its modification time: an edited file is read again, without a restart."""
    from indicators import catalog as catalog_module

    path = catalog_module.COMPARISON_FILE
    try:
        return str(path), path.stat().st_mtime_ns
    except OSError:
        return str(path), None


@st.cache_resource(max_entries=4)
def _comparison(path: str, mtime) -> tuple:
    from indicators.catalog import CatalogError, load_comparison

    try:
        return load_comparison(path), None
    except CatalogError as exc:  # a person's edit broke the file: pages say so instead of failing
        return [], exc


def comparison() -> list:
    """Asker's comparison group (indicators/catalog/comparison.yaml); empty when the file has an error."""
    return _comparison(*_comparison_key())[0]


def comparison_error():
    """The CatalogError of a broken comparison.yaml (file, area, what to fix), or None."""
    return _comparison(*_comparison_key())[1]


@st.cache_resource(**_PER_VERSION)
def _peer_ranks(version, group_key) -> dict:
    from indicators.peers import rank_all

    group = comparison()
    if not group:
        return {}
    frame = queries.peer_series(_con(version), [a.name for a in group])
    return rank_all(catalog().indicators, frame, group)


def peer_ranks() -> dict:
    """Asker's rank among the comparison group per indicator id (indicators.peers.PeerComparison, rank only):
    one query and one vectorised pass per data version for every goal page. Shared: do not change them."""
    return _peer_ranks(data_version(), _comparison_key())


@st.cache_resource(show_spinner=False, max_entries=64)
def _peer_comparison(version, group_key, indicator_id: str):
    from indicators.peers import compare

    group = comparison()
    if not group:
        return None
    frame = queries.peer_series(_con(version), [a.name for a in group], indicator_id)
    home = assessments().get(indicator_id)
    return compare(
        catalog().indicator(indicator_id), frame, group, target_value=home.target_value if home is not None else None
    )


def peer_comparison(indicator_id: str):
    """The indicator page's comparison with the group (values, trend-only statuses, ranks, target placement),
    computed once per data version; None when comparison.yaml has an error. Shared: do not change it."""
    return _peer_comparison(data_version(), _comparison_key(), indicator_id)
