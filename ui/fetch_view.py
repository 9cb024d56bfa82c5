"""Fetching from the dashboard: the indicator page's «Hent nye tall» button (analysts) and the Datakvalitet page's
table of fetches. The work is etl.fetch's, committed through the dashboard's writer (ui.state.writer)."""

from __future__ import annotations

import contextlib
import datetime as dt

import streamlit as st

from etl.fetch import fetch
from etl.fetch.run import Store
from indicators.quality import fetch_overview
from store import queries
from ui import auth, i18n, state
from ui.i18n import t

AGENCY = {"ssb": "SSB", "fhi": "FHI", "udir": "Udir", "url": "kilden"}


class DashboardStore(Store):
    """Commits under the dashboard's writer (the cross-process lock, one transaction each); reads its snapshot."""

    def writer(self):
        return state.writer()

    def reader(self):
        return contextlib.nullcontext(state.connection())


def fetch_button(ind) -> None:
    """An analyst's button to fetch one indicator now; nothing for viewers or indicators without a fetch spec."""
    if ind.fetch is None or not auth.can_upload():
        return
    agency = AGENCY.get(ind.fetch.api, ind.fetch.api)
    if not st.button(
        t("fetch_now"), key=f"fetch-{ind.id}", icon=":material/cloud_download:", help=t("fetch_help", agency=agency)
    ):
        return
    with st.spinner(t("fetching", agency=agency)):
        [r] = fetch([ind], state.catalog(), DashboardStore(), user=auth.user_name())
    state.clear_caches()
    if not r.ok:
        st.error(t("fetch_failed", error=r.error.text(i18n.lang())))
    elif r.upload_ids:
        st.success(t("fetch_done", added=r.total("added"), changed=r.total("changed"), uploads=len(r.upload_ids)))
        if r.total("removed"):
            st.info(t("fetch_removed", n=r.total("removed")))
    else:
        st.info(t("fetch_unchanged"))
    for nb, en in r.notes:
        st.caption(en if i18n.lang() == "en" else nb)


def fetch_table(catalog, lang: str) -> None:
    """The Datakvalitet page's per-indicator fetch table."""
    st.subheader(t("fetch_title"))
    st.caption(t("fetch_caption"))
    con = state.connection()
    frame = fetch_overview(catalog, queries.fetch_status(con), state.freshness(), dt.date.today(), lang)
    if frame.empty:
        st.caption(t("fetch_none"))
        return
    st.dataframe(frame, hide_index=True)
