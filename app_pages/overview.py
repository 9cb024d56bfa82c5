"""Oversikt: the six goals as cards with their status mix, data freshness and a link to each goal page."""

import pandas as pd
import streamlit as st

from indicators.format import fmt_percent
from indicators.status import goal_summary
from ui import components, i18n, state
from ui.i18n import t

lang = i18n.lang()
catalog = state.catalog()
assessments = state.assessments()
freshness = state.freshness()

st.title(t("overview_title"))
st.caption(t("overview_intro"))
components.data_dates()
components.example_banner()
if freshness["n_values"].sum() == 0:
    st.info(t("empty_store"))

for row in (catalog.goals[:3], catalog.goals[3:]):
    for col, goal in zip(st.columns(3), row):
        summary = goal_summary(catalog, assessments, goal.id)
        ids = {i.id for o in goal.objectives for i in catalog.indicators_for_objective(o.id)}
        latest = freshness[freshness["indicator_id"].isin(ids)]["latest_year"].max()
        with col.container(border=True, height="stretch"):
            st.subheader(f"{goal.id} {goal.name.get(lang)}", anchor=False)
            st.caption(goal.ambition.get(lang))
            st.markdown(components.summary_chips(summary), unsafe_allow_html=True)
            facts = [t("card_counts", n_obj=len(goal.objectives), n_ind=summary.n_indicators)]
            if summary.share_on_track is not None:
                # every indicator of the goal is the denominator, with or without data (docs/methodology.md § 5)
                facts.append(
                    t(
                        "share_ok",
                        good=summary.n_good,
                        n=summary.n_indicators,
                        share=fmt_percent(summary.share_on_track * 100, 0, lang),
                    )
                )
            if pd.notna(latest):
                facts.append(t("latest_data", year=int(latest)))
            st.caption(" · ".join(facts))
            st.page_link(
                f"app_pages/goal_{goal.id}.py",
                label=t("open_goal", id=goal.id),
                icon=":material/arrow_forward:",
                query_params=components.link_params(),
            )
