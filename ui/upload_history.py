"""The «Opplastinger» page's parts: the audit trail of uploads and undo (the rollback itself is `store.db`'s)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from etl import new_indicator, preview
from store import db
from ui import auth, i18n, state
from ui.i18n import N_, t
from ui.upload_view import fmt_count, pick_text

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
        format_func=lambda i: f"#{i} {names[i]} ({pick_text(preview.STATES.get(states[i], (states[i],) * 2))})",
        placeholder=t("choose_one"),
    )
    st.markdown(f"**{t('uploads_changes', id=chosen)}**")
    # A national upload changes millions of rows: show the first ones and say how many there are.
    table, total = _changes_table(state.data_version(), int(chosen), lang)
    if total > len(table):
        st.caption(t("uploads_changes_first", shown=fmt_count(len(table)), total=fmt_count(total)))
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
        st.session_state["uploads_done"] = t("rollback_done", id=chosen, n=fmt_count(n))
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
