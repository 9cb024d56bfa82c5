"""Building blocks of the analysts' upload page: the files, their report, file panels, preview and commit; the
column mapping and new indicators are in `ui.upload_mapping`, the audit trail and undo in `ui.upload_history`.

The logic lives in `etl` (prepare, commit, preview tables, new-indicator checks); this module only lays it out.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.upload_preview import before_after_figure
from etl import load as loader
from etl import new_indicator, preview
from indicators.format import fmt_number
from store import db
from ui import auth, components, i18n, state
from ui.components import md_text
from ui.i18n import N_, t
from ui.upload_mapping import file_key, mapping_editor, mapping_overrides, new_indicator_form

FILE_TYPES = ["csv", "txt", "tsv", "xlsx", "xls", "json"]
MAX_CHARTS = 12  # indicators charted per file; the rest are listed in the summary table
# Message ids of the separators and decimal marks a file was read with (the texts are in the catalogs).
SEPARATOR_NAMES = {";": N_("sep_semicolon"), ",": N_("sep_comma"), "\t": N_("sep_tab"), "|": N_("sep_bar")}
# cp1252 is what SSB's "ISO-8859-1" files decode as (it is a superset for every printable character).
ENCODING_NAMES = {
    "cp1252": "Windows-1252 / ISO-8859-1",
    "iso-8859-1": "ISO-8859-1",
    "utf-8": "UTF-8",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "cp865": "DOS 865",
    "utf-8+cp1252": "UTF-8 + Windows-1252",
}
DECIMAL_NAMES = {",": N_("dec_comma"), ".": N_("dec_point")}


def pick_text(pair, lang=None) -> str:
    return pair[1] if (lang or i18n.lang()) == "en" else pair[0]


def fmt_count(x) -> str:
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


def prepare_all(files: list) -> list[loader.PreparedUpload]:
    """Read and check every file against the store (cached per file, chosen mapping and data version)."""
    con = state.connection()
    catalog = state.catalog()
    version = state.data_version()
    cache: dict = st.session_state.setdefault("upload_prepared", {})
    keys, todo = [], []
    for f in files:
        fkey = file_key(f)
        mapping, indicator_id = mapping_overrides().get(fkey, (None, None))
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
        files=fmt_count(tot["files"]),
        errors=fmt_count(tot["errors"]),
        warnings=fmt_count(tot["warnings"]),
        new=fmt_count(tot["new"]),
        changed=fmt_count(tot["changed"]),
        unchanged=fmt_count(tot["unchanged"]),
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
    parts = [
        f"{t('detail_format')}: {pick_text(preview.FORMAT_NAMES.get(p.read.format, (p.read.format, p.read.format)))}"
    ]
    if d.get("encoding"):
        enc = str(d["encoding"]).lower()
        parts.append(f"{t('detail_encoding')}: {ENCODING_NAMES.get(enc, enc.upper())}")
    if d.get("separator"):
        sep = d["separator"]
        parts.append(f"{t('detail_separator')}: {t(SEPARATOR_NAMES[sep]) if sep in SEPARATOR_NAMES else repr(sep)}")
    if d.get("decimal"):
        dec = d["decimal"]
        parts.append(f"{t('detail_decimal')}: {t(DECIMAL_NAMES[dec]) if dec in DECIMAL_NAMES else repr(dec)}")
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
            f"{row.name}: {t('n_new_changed', new=fmt_count(row.new), changed=fmt_count(row.changed))}", expanded=k == 0
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
                        new=fmt_count(result.diff.added),
                        changed=fmt_count(result.diff.changed),
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
