"""Datakvalitet: objectives without indicators or recent data, series older than their frequency allows, fetches
from the sources, latest uploads."""

import datetime as dt

import streamlit as st

from etl import preview
from indicators.quality import objective_coverage, stale_series
from store import queries
from ui import components, fetch_view, i18n, state
from ui.i18n import t

lang = i18n.lang()
catalog = state.catalog()
con = state.connection()
freshness = state.freshness()
today = dt.date.today()

st.title(t("quality_title"))
components.example_banner()

st.subheader(t("coverage"))
coverage = objective_coverage(catalog, freshness, today.year, lang)
if coverage.empty:
    st.success(t("coverage_ok"))
else:
    st.dataframe(coverage, hide_index=True)
    components.downloads(coverage, "asker2030-dekning", key="coverage")

st.subheader(t("stale"))
stale = stale_series(catalog, freshness, today, lang)
if stale.empty:
    st.success(t("stale_ok"))
else:
    st.dataframe(stale, hide_index=True)
    components.downloads(stale, "asker2030-utdaterte-serier", key="stale")

fetch_view.fetch_table(catalog, lang)

st.subheader(t("latest_uploads"))
uploads = queries.uploads(con, 20)
if uploads.empty:
    st.caption(t("no_uploads"))
else:
    st.dataframe(
        preview.audit_frame(uploads, lang).rename(columns=preview.headers(preview.AUDIT_COLUMNS, lang)), hide_index=True
    )
