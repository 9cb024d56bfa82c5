"""The goal page: ambition, then each objective with its indicators' charts, statuses and explanations."""
from __future__ import annotations

import streamlit as st

from charts.indicator import indicator_figure
from indicators.progress import required_path, trend_path
from indicators.status import goal_summary, objective_summary
from indicators.tables import status_table, target_text
from store import queries
from ui import components, i18n, meetings_view, state
from ui.i18n import pick, t

i18n.register({
    "view": ("Visning", "View"),
    "view_charts": ("Diagrammer", "Charts"),
    "view_table": ("Tabell", "Table"),
    "no_indicators": ("Dette delmålet har ingen indikatorer ennå.", "This objective has no indicators yet."),
    "details": ("Detaljer", "Details"),
    "target_label": ("Mål", "Target"),
    "goal_status": ("Status for målet", "Status of the goal"),
    "on_track_share": ("{share} av de vurderte indikatorene er nådd eller i rute.",
                       "{share} of the assessed indicators are reached or on track."),
    "linked_from": ("Hører primært til delmål {id}, og måler også dette delmålet.",
                    "Belongs mainly to objective {id}, and also measures this one."),
})


def indicator_block(ind, assessment, lang: str, example: bool, key: str | None = None) -> None:
    # key: unique per place on the page (an indicator can measure two objectives of the same goal)
    key = key or ind.id
    con = state.connection()
    with st.container(border=True):
        head, badge = st.columns([3, 2])
        head.markdown(f"**{ind.name.get(lang)}**  \n{t('target_label')}: {target_text(ind, lang)}")
        with badge:
            components.status_badge(assessment.status)
        st.write(assessment.explanation(lang))
        series = state.headline_series(ind.id)  # one query per data version for all indicators
        if series["value"].notna().sum() == 0:
            st.info(t("no_series"))
            meetings_view.commentary_block(ind, lang, [], key=key)
            return
        fig = state.headline_figure(ind.id, lang, example, height=320)  # cached per data version
        components.chart(fig, f"chart-{key}", components.value_formatter(ind, lang), components.period_labels(series))
        left, right = st.columns([1, 2])
        left.page_link("app_pages/indicator.py", label=t("details"), icon=":material/arrow_forward:",
                       query_params=components.link_params(indikator=ind.id))
        with right:
            components.downloads(series[["period", "value", "flag", "note"]], f"asker2030-{ind.id}", fig,
                                 key=key)
        meetings_view.commentary_block(ind, lang, list(series.loc[series["value"].notna(), "period"]), key=key)


def render(goal_id: str) -> None:
    lang = i18n.lang()
    catalog = state.catalog()
    goal = catalog.goal(goal_id)
    assessments = state.assessments()
    example = queries.shows_example_data(state.connection())

    st.title(f"{t('goal')} {goal.id}: {goal.name.get(lang)}")
    st.markdown(f"*{goal.ambition.get(lang)}*")
    components.example_banner()
    summary = goal_summary(catalog, assessments, goal_id)
    st.markdown(f"**{t('goal_status')}:** " + components.summary_chips(summary), unsafe_allow_html=True)
    st.caption(summary.text(lang))

    view = st.segmented_control(t("view"), ["charts", "table"], default="charts", key="goal_view",
                                format_func=lambda v: t(f"view_{v}")) or "charts"
    for objective in goal.objectives:
        st.header(f"{objective.id} {objective.short.get(lang)}", divider="gray")
        st.caption(objective.text.get(lang))
        indicators = catalog.indicators_for_objective(objective.id)
        if not indicators:
            st.info(t("no_indicators"))
            continue
        osum = objective_summary(catalog, assessments, objective.id)
        st.markdown(components.summary_chips(osum), unsafe_allow_html=True)
        if view == "table":
            table = status_table(catalog, assessments, [i.id for i in indicators], lang)
            st.dataframe(table, hide_index=True)
            components.downloads(table, f"asker2030-delmaal-{objective.id}", key=f"table-{objective.id}")
            continue
        cols = st.columns(2)
        for n, ind in enumerate(indicators):
            with cols[n % 2]:
                indicator_block(ind, assessments[ind.id], lang, example,
                                key=ind.id if ind.objective == objective.id else f"{objective.id}-{ind.id}")
                if ind.objective != objective.id:
                    st.caption(t("linked_from", id=ind.objective))
    meetings_view.measures_block(goal_id, lang)
