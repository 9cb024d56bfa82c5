"""The goal page: ambition, then each objective with its indicators' charts, statuses and explanations."""

from __future__ import annotations

import streamlit as st

from indicators.status import goal_summary, objective_summary
from indicators.tables import series_frame, status_table, target_text
from ui import auth, components, embed, i18n, meetings_view, state
from ui.i18n import N_, t

# Ids built at run time below, t(f"view_{view}"), marked for extraction (docs/translations.md).
_VIEW_IDS = (N_("view_charts"), N_("view_table"))


def indicator_block(
    ind,
    assessment,
    lang: str,
    example: bool,
    key: str | None = None,
    comments: list[dict] | None = None,
    charts: state.HeadlineCharts | None = None,
    ranks: dict | None = None,
    can_write: bool | None = None,
) -> None:
    # key: unique per place on the page (an indicator can measure two objectives of the same goal).
    # comments: the indicator's comments, newest first (None: state.comments);
    # charts: the page's state.headline_charts (series, sentences and figures shared by every view);
    # ranks: state.peer_ranks() and can_write: auth.can_upload() (asked once for the page).
    # Every element costs the server time on every view of every viewer, so rows are horizontal containers (one
    # block) rather than st.columns (a block per column and one for the row), what few viewers use is drawn only
    # when opened (downloads, embed code), and nothing is computed that only a click needs (the download's table).
    key = key or ind.id
    charts = charts or state.headline_charts(lang, example)
    ranks = state.peer_ranks() if ranks is None else ranks
    with st.container(border=True):
        # Name, target, status chip (icon + word), the status sentence and the rank among the comparison group in
        # one element (each element costs every view). The chip is our HTML; names and targets can come from an
        # analyst's upload, so they are escaped as text.
        text = (
            f"**{components.plain_text(ind.name.get(lang))}**  \n"
            f"{t('target_label')}: {components.plain_text(target_text(ind, lang))}\n\n"
            f"{components.status_chip(assessment.status)}"
            f"{components.old_data_chip(assessment)}\n\n{charts.explanation(ind.id)}"
        )
        rank = ranks.get(ind.id)  # one query and one pass per data version for all indicators
        if rank is not None and rank.home_rank is not None:
            text += f"\n\n:gray[:material/leaderboard: {rank.rank_text(lang)}]"  # our words and numbers
        st.markdown(text, unsafe_allow_html=True)
        series = charts.series(ind.id)  # one query per data version for all indicators
        periods = charts.observed_periods(ind.id)
        if not periods:
            st.info(t("no_series"))
            meetings_view.commentary_block(ind, lang, [], key=key, rows=comments, can_write=can_write)
            return
        fig = charts.figure(ind.id)  # built and serialised once per data version
        fmt, labels = components.value_formatter(ind, lang), components.period_labels(series)
        # Static images once they are made (a page of two dozen Plotly charts took the browser 5-9 s to draw);
        # the interactive chart is one click away, on the indicator page («Detaljer»).
        images = charts.images(ind.id)
        if images:
            components.static_chart(images, fig, fmt, labels)
        else:
            components.chart(fig, f"chart-{key}", fmt, labels)
        row = st.container(horizontal=True, vertical_alignment="center")
        row.page_link(
            "app_pages/indicator.py",
            label=t("details"),
            icon=":material/arrow_forward:",
            query_params=components.link_params(indikator=ind.id),
        )
        with row:  # the embed shows this same chart: Asker's total on the indicator page
            embed.embed_popover(
                "indikator",
                components.link_params(indikator=ind.id),
                f"Asker 2030: {ind.name.get(lang)}",
                key=key,
                lazy=True,
            )
        components.downloads_menu(
            lambda: series_frame(series, lang),
            f"asker2030-{ind.id}",
            fig,
            key=key,
            container=row,
            title=ind.name.get(lang),
        )
        meetings_view.commentary_block(ind, lang, periods, key=key, rows=comments, can_write=can_write)


def objective_anchor(objective_id: str) -> str:
    return "delmal-" + objective_id.replace(".", "-")


def linked_block(ind, assessment, lang: str, charts) -> None:
    """An indicator that also measures a second objective of the same goal: its name, status and sentence here,
    and a link to where its chart and details are (one chart per indicator and page)."""
    with st.container(border=True):
        st.markdown(
            f"**{components.plain_text(ind.name.get(lang))}**\n\n"
            f"{components.status_chip(assessment.status)}"
            f"{components.old_data_chip(assessment)}\n\n"
            f"{charts.explanation(ind.id)}\n\n"
            f"[:material/arrow_forward: {t('shown_under', id=ind.objective)}](#{objective_anchor(ind.objective)})",
            unsafe_allow_html=True,
        )


def render(goal_id: str) -> None:
    lang = i18n.lang()
    catalog = state.catalog()
    goal = catalog.goal(goal_id)
    assessments = state.assessments()
    example_ids = state.example_indicators()  # the marker only where example values remain

    st.title(f"{t('goal')} {goal.id}: {goal.name.get(lang)}")
    st.markdown(f"*{goal.ambition.get(lang)}*")
    goal_indicators = [i.id for i in catalog.indicators_for_goal(goal_id)]
    components.data_dates(indicator_ids=set(goal_indicators))
    components.example_banner(goal_indicators)
    summary = goal_summary(catalog, assessments, goal_id)
    st.markdown(f"**{t('goal_status')}:** " + components.summary_chips(summary), unsafe_allow_html=True)
    st.caption(summary.text(lang))

    view = (
        st.segmented_control(
            t("view"), ["charts", "table"], default="charts", key="goal_view", format_func=lambda v: t(f"view_{v}")
        )
        or "charts"
    )
    if view == "charts":
        charts, ranks, comments = state.headline_charts(lang, bool(example_ids)), state.peer_ranks(), state.comments()
        can_write = auth.can_upload()
    for objective in goal.objectives:
        st.header(f"{objective.id} {objective.short.get(lang)}", divider="gray", anchor=objective_anchor(objective.id))
        st.caption(objective.text.get(lang))
        indicators = catalog.indicators_for_objective(objective.id)
        if not indicators:
            st.info(t("no_indicators"))
            continue
        osum = objective_summary(catalog, assessments, objective.id)
        st.markdown(components.summary_chips(osum), unsafe_allow_html=True)
        if view == "table":
            table = status_table(catalog, assessments, [i.id for i in indicators], lang)
            components.table(table, download=f"asker2030-delmaal-{objective.id}", key=f"table-{objective.id}")
            continue
        cols = st.columns(2)
        for n, ind in enumerate(indicators):
            with cols[n % 2]:
                if ind.objective != objective.id and ind.goal == goal_id:  # in full once, under its own objective
                    linked_block(ind, assessments[ind.id], lang, charts)
                    continue
                indicator_block(
                    ind,
                    assessments[ind.id],
                    lang,
                    ind.id in example_ids,
                    key=ind.id if ind.objective == objective.id else f"{objective.id}-{ind.id}",
                    comments=comments.get(ind.id, []),
                    charts=charts,
                    ranks=ranks,
                    can_write=can_write,
                )
                if ind.objective != objective.id:
                    st.caption(t("linked_from", id=ind.objective))
    meetings_view.measures_block(goal_id, lang)
