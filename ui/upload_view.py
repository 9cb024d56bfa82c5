"""Building blocks of the analysts' upload page: file panels, column mapping, new indicators, report, preview, commit.

The logic lives in `etl` (prepare, commit, preview tables, new-indicator checks); this module only lays it out.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from charts.upload_preview import before_after_figure
from etl import load as loader
from etl import new_indicator, preview
from etl.read import ColumnMapping
from indicators.catalog import DIRECTIONS, FREQUENCIES, TARGET_KINDS, UNITS, CatalogError
from indicators.format import fmt_number
from store import db
from ui import auth, components, i18n, state
from ui.components import md_text
from ui.i18n import N_, t

FILE_TYPES = ["csv", "txt", "tsv", "xlsx", "xls", "json"]
MAX_CHARTS = 12  # indicators charted per file; the rest are listed in the summary table
MAPPING_ROLES = ("indicator", "period", "value", "area", "variable", "note", "flag")
# Ids built at run time below, t(f"map_{role}"), t(f"dir_{direction}") and t(f"kind_{target_kind}"), marked for
# extraction (docs/translations.md).
_LABEL_IDS = (
    N_("map_indicator"),
    N_("map_period"),
    N_("map_value"),
    N_("map_area"),
    N_("map_variable"),
    N_("map_note"),
    N_("map_flag"),
    N_("dir_up"),
    N_("dir_down"),
    N_("dir_band"),
    N_("kind_absolute"),
    N_("kind_relative"),
    N_("kind_keep"),
    N_("kind_band"),
)


SEPARATOR_NAMES = {
    ";": ("semikolon (;)", "semicolon (;)"),
    ",": ("komma (,)", "comma (,)"),
    "\t": ("tabulator", "tab"),
    "|": ("loddrett strek (|)", "vertical bar (|)"),
}
# cp1252 is what SSB's "ISO-8859-1" files decode as (it is a superset for every printable character).
ENCODING_NAMES = {
    "cp1252": "Windows-1252 / ISO-8859-1",
    "iso-8859-1": "ISO-8859-1",
    "utf-8": "UTF-8",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "cp865": "DOS 865 (nordisk)",
    "utf-8+cp1252": "UTF-8 + Windows-1252",
}
DECIMAL_NAMES = {",": ("komma (,)", "comma (,)"), ".": ("punktum (.)", "point (.)")}


def _pick(pair, lang=None) -> str:
    return pair[1] if (lang or i18n.lang()) == "en" else pair[0]


def _n(x) -> str:
    return fmt_number(x, 0, i18n.lang())


# --- access -------------------------------------------------------------------------------------------


def require_analyst() -> None:
    """Stop the page for anyone who may not upload (the router does not offer it to them either)."""
    if auth.can_upload():
        return
    st.error(t("upload_refused"), icon=":material/lock:")
    mode = auth.mode()
    if mode == "oidc":
        st.info(t("upload_refused_oidc"))
    elif mode == "open":
        st.info(t("upload_refused_open"))
    elif mode == "local":
        st.info(t("upload_refused_local"))
    st.stop()


# --- reading --------------------------------------------------------------------------------------


def uploader() -> list:
    """The drop zone. Its key changes after a commit so the committed files are cleared."""
    gen = st.session_state.setdefault("upload_gen", 0)
    mb = st.get_option("server.maxUploadSize")
    files = (
        st.file_uploader(
            t("upload_files", mb=mb), type=FILE_TYPES, accept_multiple_files=True, key=f"upload_files_{gen}"
        )
        or []
    )
    if not files:  # bounded memory: nothing prepared is kept once the files are removed
        st.session_state.pop("upload_prepared", None)
    return files


def max_bytes() -> int:
    """The upload limit in bytes: the same number of MB as the drop zone (server.maxUploadSize)."""
    return int(st.get_option("server.maxUploadSize")) * 1_000_000


def _file_key(f) -> str:
    return f"{f.name}:{f.file_id}"


def _overrides() -> dict:
    return st.session_state.setdefault("upload_overrides", {})


def prepare_all(files: list) -> list[loader.PreparedUpload]:
    """Read and check every file against the store (cached per file, chosen mapping and data version)."""
    con = state.connection()
    catalog = state.catalog()
    version = state.data_version()
    cache: dict = st.session_state.setdefault("upload_prepared", {})
    keys, todo = [], []
    for f in files:
        fkey = _file_key(f)
        mapping, indicator_id = _overrides().get(fkey, (None, None))
        key = (fkey, repr(mapping), indicator_id, version)
        keys.append(key)
        if key not in cache:
            todo.append((f, key, mapping, indicator_id))
    if todo:
        bar = st.progress(0.0, text=t("reading", name=md_text(todo[0][0].name), i=1, n=len(todo)))
        for n, (f, key, mapping, indicator_id) in enumerate(todo, start=1):
            bar.progress((n - 1) / len(todo), text=t("reading", name=md_text(f.name), i=n, n=len(todo)))
            cache[key] = loader.prepare(
                con, f.getvalue(), f.name, catalog, mapping=mapping, indicator_id=indicator_id, max_bytes=max_bytes()
            )
        bar.empty()
    for stale in set(cache) - set(keys):  # bounded memory: keep only what the page shows
        del cache[stale]
    return [cache[k] for k in keys]


# --- report ---------------------------------------------------------------------------------------


def summary(prepared: list[loader.PreparedUpload]) -> None:
    tot = preview.totals(prepared)
    text = t(
        "summary",
        files=_n(tot["files"]),
        errors=_n(tot["errors"]),
        warnings=_n(tot["warnings"]),
        new=_n(tot["new"]),
        changed=_n(tot["changed"]),
        unchanged=_n(tot["unchanged"]),
    )
    if tot["errors"]:
        st.error(text, icon=":material/error:")
        st.caption(t("summary_blocked", n=tot["blocked"]))
    elif tot["warnings"]:
        st.warning(text, icon=":material/warning:")
    else:
        st.success(text, icon=":material/check_circle:")


def report_table(prepared: list[loader.PreparedUpload]) -> None:
    lang = i18n.lang()
    st.subheader(t("report_title"))
    frame = preview.report_frame(prepared, lang)
    if frame.empty:
        st.caption(t("report_clean"))
        return
    heads = preview.headers(preview.REPORT_COLUMNS, lang)
    widths = {
        "level": "small",
        "file": "medium",
        "row": "small",
        "column": "small",
        "value": "small",
        "message": "large",
        "hint": "large",
    }
    components.table(
        frame.rename(columns=heads),
        width="stretch",
        key="upload_report",
        column_config={heads[k]: st.column_config.Column(width=w) for k, w in widths.items()},
    )


# --- one file ---------------------------------------------------------------------------------------


def _details_line(p: loader.PreparedUpload) -> str:
    lang = i18n.lang()
    d = p.read.details or {}
    parts = [f"{t('detail_format')}: {_pick(preview.FORMAT_NAMES.get(p.read.format, (p.read.format, p.read.format)))}"]
    if d.get("encoding"):
        enc = str(d["encoding"]).lower()
        parts.append(f"{t('detail_encoding')}: {ENCODING_NAMES.get(enc, enc.upper())}")
    if d.get("separator"):
        sep = d["separator"]
        parts.append(f"{t('detail_separator')}: {_pick(SEPARATOR_NAMES.get(sep, (repr(sep), repr(sep))))}")
    if d.get("decimal"):
        dec = d["decimal"]
        parts.append(f"{t('detail_decimal')}: {_pick(DECIMAL_NAMES.get(dec, (repr(dec), repr(dec))))}")
    if d.get("table"):
        parts.append(f"{t('detail_table')}: {md_text(d['table'])}")
    if d.get("sheet"):
        parts.append(f"{t('detail_sheet')}: {md_text(d['sheet'])}")
    if d.get("header_row") and d.get("header_row") != 1:
        parts.append(f"{t('detail_header_row')}: {d['header_row']}")
    if p.frame is not None:
        parts.append(f"{t('detail_rows')}: {fmt_number(len(p.frame), 0, lang)}")
    return " · ".join(parts)


def _matched_lines(p: loader.PreparedUpload) -> list[str]:
    if p.frame is None or p.frame.empty or p.catalog is None:
        return []
    out = []
    for iid in list(pd.unique(p.frame["indicator_id"]))[:10]:
        if not p.catalog.has_indicator(iid):
            continue
        ind = p.catalog.indicator(iid)
        src = " ".join(x for x in (ind.source.agency, ind.source.table) if x)
        if ind.source.variable:
            src += f" / {ind.source.variable}"
        out.append(t("matched", name=ind.name.get(i18n.lang()), id=iid, source=src or "–"))
    return out


def file_panel(n: int, f, p: loader.PreparedUpload) -> None:
    """What was found in one file, the column mapping, the new-indicator form and the preview."""
    with st.container(border=True):
        badge = (
            f":green-badge[:material/check: {t('file_ok')}]"
            if p.ok
            else f":red-badge[:material/close: {t('file_errors')}]"
        )
        st.markdown(f"#### {md_text(p.name)} {badge}")  # a file name is text, not markdown
        st.caption(_details_line(p))
        for line in _matched_lines(p):
            st.markdown(line)
        mapping_editor(n, f, p)
        unknown = new_indicator.unknown_series(p)
        if unknown:
            new_indicator_form(n, f, p, unknown[0])
        if p.ok and p.diff is not None:
            preview_panel(n, p)


def _columns(p: loader.PreparedUpload) -> list[str]:
    d = p.read.details or {}
    cols = d.get("columns") or []
    if not cols and p.read.mapping is not None:
        m = p.read.mapping
        cols = [c for _, c in m.columns()]
    return [str(c) for c in cols]


def mapping_editor(n: int, f, p: loader.PreparedUpload) -> None:
    """Selectboxes to correct the proposed mapping; the file is read again with the corrected choices."""
    lang = i18n.lang()
    columns = _columns(p)
    fkey = _file_key(f)
    current_mapping, current_id = _overrides().get(fkey, (None, None))
    m = current_mapping or p.read.mapping or ColumnMapping()
    fixed = current_id or m.indicator_id
    expanded = not p.ok or p.read.format != "canonical" or current_mapping is not None
    with st.expander(t("mapping_title"), expanded=expanded, icon=":material/table_view:"):
        st.caption(t("mapping_help"))
        with st.form(f"mapping_{n}", border=False):
            catalog = p.catalog or state.catalog()
            ids = [i.id for i in catalog.indicators]
            names = {i.id: i.name.get(lang) for i in catalog.indicators}
            options = [None] + ids
            chosen_id = st.selectbox(
                t("map_indicator_id"),
                options,
                index=options.index(fixed) if fixed in options else 0,
                format_func=lambda v: t("map_from_file") if v is None else f"{names.get(v, v)} ({v})",
                key=f"map_{n}_indicator_id",
                placeholder=t("choose_one"),
            )
            col_options = [None] + columns
            values = {}
            grid = st.columns(3)
            for k, role in enumerate(MAPPING_ROLES):
                cur = getattr(m, role, None)
                opts = col_options if cur in col_options else col_options + [cur]
                with grid[k % 3]:
                    values[role] = st.selectbox(
                        t(f"map_{role}"),
                        opts,
                        index=opts.index(cur),
                        format_func=lambda v: t("map_none") if v is None else str(v),
                        key=f"map_{n}_{role}",
                        placeholder=t("choose_one"),
                    )
            breakdown = st.multiselect(
                t("map_breakdown"),
                columns,
                default=[c for c in m.breakdown if c in columns],
                placeholder=t("map_none"),
                key=f"map_{n}_breakdown",
            )
            left, right = st.columns(2)
            apply = left.form_submit_button(t("map_apply"), icon=":material/refresh:")
            reset = right.form_submit_button(t("map_reset"), type="tertiary")
        if apply:
            mapping = replace(m, indicator_id=chosen_id, breakdown=list(breakdown), **values)
            _overrides()[fkey] = (mapping, chosen_id)
            st.rerun()
        if reset:
            _overrides().pop(fkey, None)
            st.rerun()


# --- new indicators -----------------------------------------------------------------------------------


def new_indicator_form(n: int, f, p: loader.PreparedUpload, guess: dict) -> None:
    lang = i18n.lang()
    catalog = state.catalog()
    what = guess.get("table") or guess.get("id") or "?"
    # An unknown id in the file is most likely a new indicator; an unknown source table is more often an
    # existing indicator to pick in the mapping above, so the form starts folded then.
    with st.expander(t("new_title"), expanded="table" not in guess, icon=":material/add_chart:"):
        st.caption(t("new_intro", what=md_text(what)))
        with st.form(f"new_indicator_{n}"):
            fields: dict = {}
            a, b = st.columns(2)
            fields["id"] = a.text_input(t("new_id"), value=guess.get("id", ""), key=f"new_{n}_id")
            objectives = [o.id for o in catalog.objectives]
            short = {o.id: o.short.get(lang) for o in catalog.objectives}
            fields["objective"] = b.selectbox(
                t("new_objective"),
                objectives,
                format_func=lambda o: f"{o} {short[o]}",
                key=f"new_{n}_objective",
                placeholder=t("choose_one"),
            )
            fields["name_nb"] = a.text_input(t("new_name_nb"), key=f"new_{n}_name_nb")
            fields["name_en"] = b.text_input(t("new_name_en"), key=f"new_{n}_name_en")
            fields["unit"] = a.selectbox(
                t("new_unit"),
                list(UNITS),
                format_func=lambda u: UNITS[u][lang],
                key=f"new_{n}_unit",
                placeholder=t("choose_one"),
            )
            fields["direction"] = b.selectbox(
                t("new_direction"),
                list(DIRECTIONS),
                format_func=lambda d: t(f"dir_{d}"),
                key=f"new_{n}_direction",
                placeholder=t("choose_one"),
            )
            fields["baseline_year"] = a.number_input(t("new_baseline_year"), 1990, 2030, 2015, key=f"new_{n}_by")
            fields["baseline_value"] = b.text_input(t("new_baseline_value"), key=f"new_{n}_bv")
            fields["target_kind"] = a.selectbox(
                t("new_target_kind"),
                list(TARGET_KINDS),
                format_func=lambda k: t(f"kind_{k}"),
                key=f"new_{n}_kind",
                placeholder=t("choose_one"),
            )
            fields["target_year"] = b.number_input(t("new_target_year"), 2020, 2100, 2030, key=f"new_{n}_ty")
            fields["target_value"] = a.text_input(t("new_target_value"), key=f"new_{n}_tv")
            fields["target_change_percent"] = b.text_input(t("new_target_change"), key=f"new_{n}_tc")
            fields["target_base_year"] = a.text_input(t("new_target_base_year"), key=f"new_{n}_tb")
            fields["target_low"] = b.text_input(t("new_target_low"), key=f"new_{n}_tl")
            fields["target_high"] = a.text_input(t("new_target_high"), key=f"new_{n}_th")
            fields["target_lowest_accepted"] = b.text_input(t("new_target_floor"), key=f"new_{n}_tf")
            fields["agency"] = a.text_input(t("new_agency"), value=guess.get("agency", ""), key=f"new_{n}_agency")
            fields["table"] = b.text_input(t("new_table"), value=guess.get("table", ""), key=f"new_{n}_table")
            fields["variable"] = a.text_input(t("new_variable"), key=f"new_{n}_variable")
            fields["url"] = b.text_input(t("new_url"), key=f"new_{n}_url")
            fields["sector_nb"] = a.text_input(t("new_sector_nb"), key=f"new_{n}_sector_nb")
            fields["sector_en"] = b.text_input(t("new_sector_en"), key=f"new_{n}_sector_en")
            fields["frequency"] = a.selectbox(
                t("new_frequency"),
                list(FREQUENCIES),
                format_func=lambda q: FREQUENCIES[q][lang],
                key=f"new_{n}_freq",
                placeholder=t("choose_one"),
            )
            fields["decimals"] = b.number_input(t("new_decimals"), 0, 4, 1, key=f"new_{n}_decimals")
            fields["definition_nb"] = st.text_area(t("new_definition_nb"), key=f"new_{n}_def_nb")
            fields["definition_en"] = st.text_area(t("new_definition_en"), key=f"new_{n}_def_en")
            submitted = st.form_submit_button(t("new_save"), type="primary", icon=":material/save:")
        if submitted:
            try:
                ind = new_indicator.indicator_from_form(fields, catalog)
            except CatalogError as exc:
                st.error(t("new_invalid", message=f"{exc.message}" + (f" ({exc.hint})" if exc.hint else "")))
                return
            with state.writer() as con:
                db.save_indicator(con, ind)
            if guess.get("table"):  # a source the catalog did not know: read this file as the new indicator
                mapping, _ = _overrides().get(_file_key(f), (None, None))
                _overrides()[_file_key(f)] = (mapping, ind.id)
            st.session_state["upload_new_indicator"] = ind.id
            st.rerun()


def saved_indicator_notice() -> None:
    """After a new indicator is saved: say so and offer its catalog YAML for review."""
    iid = st.session_state.get("upload_new_indicator")
    if not iid:
        return
    catalog = state.catalog()
    if not catalog.has_indicator(iid):
        return
    st.success(t("new_saved", id=iid), icon=":material/check_circle:")
    st.download_button(
        t("new_download"),
        new_indicator.indicators_yaml([catalog.indicator(iid)]),
        file_name=f"{iid}.yaml",
        mime="application/x-yaml",
        key="upload_new_yaml",
        on_click="ignore",
        icon=":material/download:",
    )


# --- preview --------------------------------------------------------------------------------------


def preview_panel(n: int, p: loader.PreparedUpload) -> None:
    lang = i18n.lang()
    catalog = p.catalog or state.catalog()
    st.markdown(f"**{t('preview_title')}**")
    summary_frame = preview.indicator_summary(p, catalog, lang)
    st.dataframe(
        summary_frame.rename(columns=preview.headers(preview.SUMMARY_COLUMNS, lang)),
        hide_index=True,
        width="stretch",
        key=f"upload_summary_{n}",
    )
    if p.diff.added == 0 and p.diff.changed == 0 and p.diff.removed == 0:
        st.caption(t("preview_nothing"))
        return
    touched = summary_frame[(summary_frame["new"] + summary_frame["changed"]) > 0]
    for k, row in enumerate(touched.head(MAX_CHARTS).itertuples()):
        with st.expander(
            f"{row.name}: {t('n_new_changed', new=_n(row.new), changed=_n(row.changed))}", expanded=k == 0
        ):
            before, after, area, breakdown = preview.preview_series(state.connection(), p, row.indicator_id)
            ind = catalog.indicator(row.indicator_id) if catalog.has_indicator(row.indicator_id) else None
            fig = before_after_figure(
                before, after, unit=ind.unit if ind else None, decimals=ind.decimals if ind else 1, lang=lang
            )
            # its data: the table of changes below (an expander cannot hold the chart's own table expander)
            periods = {**components.period_labels(before), **components.period_labels(after)}
            components.chart(
                fig,
                f"upload_chart_{n}_{k}",
                components.value_formatter(ind, lang) if ind else None,
                periods,
                config={"displayModeBar": False},
                table=False,
            )
            st.caption(
                t("preview_series", area=md_text(area), breakdown=f" ({md_text(breakdown)})" if breakdown else "")
            )
            changes = preview.changes_frame(p, row.indicator_id, catalog, lang)
            st.dataframe(
                changes.rename(columns=preview.headers(preview.CHANGE_COLUMNS, lang)),
                hide_index=True,
                width="stretch",
                key=f"upload_changes_{n}_{k}",
            )
    if len(touched) > MAX_CHARTS:
        st.caption(t("preview_more", n=len(touched) - MAX_CHARTS))


# --- commit ---------------------------------------------------------------------------------------


def commit_button(prepared: list[loader.PreparedUpload]) -> None:
    tot = preview.totals(prepared)
    blocked = tot["errors"] > 0
    nothing = tot["new"] == 0 and tot["changed"] == 0
    if blocked:
        st.caption(t("commit_blocked"))
    elif nothing:
        st.caption(t("commit_nothing"))
    if not st.button(
        t("commit"), type="primary", disabled=blocked or nothing, key="upload_commit", icon=":material/database_upload:"
    ):
        return
    user = auth.user_name()
    messages = []
    bar = st.progress(0.0)
    for i, p in enumerate(prepared, start=1):
        bar.progress((i - 1) / len(prepared), text=t("committing", name=md_text(p.name), i=i, n=len(prepared)))
        try:
            with state.writer() as con:  # one transaction per file, under the writer lock
                result = loader.commit(con, p, user)
        except db.StoreBusyError as exc:
            messages.append(("error", t("commit_failed", name=md_text(p.name), error=md_text(state.busy_text(exc)))))
            continue
        except Exception as exc:  # keep going: each file is its own upload and can be undone on its own
            messages.append(
                ("error", t("commit_failed", name=md_text(p.name), error=md_text(getattr(exc, "message", str(exc)))))
            )
            continue
        if result.upload_id is None:
            messages.append(("info", t("committed_none", name=md_text(p.name))))
        else:
            messages.append(
                (
                    "success",
                    t(
                        "committed",
                        name=md_text(p.name),
                        id=result.upload_id,
                        new=_n(result.diff.added),
                        changed=_n(result.diff.changed),
                    ),
                )
            )
    bar.progress(1.0)
    state.clear_caches()
    st.session_state["upload_results"] = messages
    st.session_state["upload_gen"] = st.session_state.get("upload_gen", 0) + 1
    st.session_state.pop("upload_prepared", None)
    st.session_state.pop("upload_overrides", None)
    st.rerun()


def last_results() -> None:
    """Messages from the commit just made (shown once, above the empty drop zone)."""
    for kind, text in st.session_state.pop("upload_results", []):
        getattr(st, kind)(text)


# --- the audit trail and undo ---------------------------------------------------------------------


_REFUSALS = {
    "already_rolled_back": N_("rollback_already"),
    "later_uploads": N_("rollback_later"),
    "missing": N_("rollback_missing"),
}
# and each one's hint, t(f"{key}_hint"), marked for extraction (docs/translations.md)
_HINT_IDS = (N_("rollback_already_hint"), N_("rollback_later_hint"), N_("rollback_missing_hint"))


def audit_table() -> pd.DataFrame:
    lang = i18n.lang()
    uploads = state_uploads()
    if uploads.empty:
        st.info(t("uploads_empty"))
        return uploads
    st.dataframe(
        preview.audit_frame(uploads, lang).rename(columns=preview.headers(preview.AUDIT_COLUMNS, lang)),
        hide_index=True,
        width="stretch",
        key="uploads_table",
    )
    return uploads


def state_uploads() -> pd.DataFrame:
    from store import queries

    return queries.uploads(state.connection(), limit=1000)


def refusal_text(exc: db.RollbackRefused) -> tuple[str, str]:
    """The reason a rollback was refused, and what to do, in the current language."""
    key = _REFUSALS.get(getattr(exc, "code", ""))
    if not key:
        return exc.message, exc.hint
    return t(key, **exc.params), t(f"{key}_hint", **exc.params)


CHANGES_SHOWN = 1000


@st.cache_resource(show_spinner=False, max_entries=16)
def _changes_table(version, upload_id: int, lang: str) -> tuple[pd.DataFrame, int]:
    """One upload's first changed rows, formatted (1 000 Norwegian numbers take ~50 ms: once per data version)."""
    from store import queries

    changes = queries.upload_changes(state.connection(), upload_id, limit=CHANGES_SHOWN)
    total = len(changes) if len(changes) < CHANGES_SHOWN else queries.upload_change_count(state.connection(), upload_id)
    return preview.upload_changes_frame(changes, state.catalog(), lang), total


def rollback_panel(uploads: pd.DataFrame) -> None:
    """Pick an upload, see its changes, and undo it (analysts only; refusals say why)."""
    lang = i18n.lang()
    ids = list(uploads["id"])
    names = dict(zip(uploads["id"], uploads["file_name"]))
    states = dict(zip(uploads["id"], uploads["state"]))
    repick = st.session_state.pop("uploads_repick", None)
    if repick in ids:  # after an undo: set the value again, so the browser redraws the chosen option's new state
        st.session_state["uploads_pick"] = repick  # (the same value alone keeps showing «Lagret»)
    chosen = st.selectbox(
        t("uploads_pick"),
        ids,
        key="uploads_pick",
        format_func=lambda i: f"#{i} {names[i]} ({_pick(preview.STATES.get(states[i], (states[i],) * 2))})",
        placeholder=t("choose_one"),
    )
    st.markdown(f"**{t('uploads_changes', id=chosen)}**")
    # A national upload changes millions of rows: show the first ones and say how many there are.
    table, total = _changes_table(state.data_version(), int(chosen), lang)
    if total > len(table):
        st.caption(t("uploads_changes_first", shown=_n(len(table)), total=_n(total)))
    st.dataframe(
        table.rename(columns={"indicator_id": t("indicator"), **preview.headers(preview.CHANGE_COLUMNS, lang)}),
        hide_index=True,
        width="stretch",
        key="uploads_changes",
    )
    sure = st.checkbox(t("rollback_confirm", id=chosen, file=names[chosen]), key=f"uploads_sure_{chosen}")
    if st.button(t("rollback_button"), disabled=not sure, key="uploads_rollback", icon=":material/undo:"):
        try:
            with state.writer() as con:
                n = db.rollback_upload(con, int(chosen), auth.user_name())
        except db.RollbackRefused as exc:
            message, hint = refusal_text(exc)
            st.error(message, icon=":material/block:")
            if hint:
                st.info(hint)
            return
        except db.StoreBusyError as exc:
            st.error(state.busy_text(exc), icon=":material/hourglass_top:")
            return
        state.clear_caches()
        st.session_state["uploads_done"] = t("rollback_done", id=chosen, n=_n(n))
        st.session_state.pop(f"uploads_sure_{chosen}", None)
        st.session_state["uploads_repick"] = chosen
        st.rerun()


def rollback_notice() -> None:
    done = st.session_state.pop("uploads_done", None)
    if done:
        st.success(done, icon=":material/check_circle:")


def analyst_indicators_download() -> None:
    defined = new_indicator.analyst_indicators(state.catalog())
    if defined:
        st.download_button(
            t("analyst_yaml"),
            new_indicator.indicators_yaml(defined),
            file_name="indicators-analysts.yaml",
            mime="application/x-yaml",
            on_click="ignore",
            key="uploads_yaml",
            icon=":material/download:",
        )
