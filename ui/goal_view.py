"""The goal page: ambition, then each objective with its indicators' charts, statuses and explanations."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import streamlit as st

from indicators.status import goal_summary, objective_summary
from indicators.tables import series_frame, status_table, target_text
from ui import auth, cards, components, embed, i18n, meetings_view, state
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
    """One indicator with Streamlit's elements: for an analyst (who has a comment form under it) and while its
    chart image is being made (the chart is then interactive). A viewer's goal page is objective_grid()."""
    # key: unique per place on the page (an indicator can measure two objectives of the same goal).
    # comments: the indicator's comments, newest first (None: state.comments);
    # charts: the page's state.headline_charts (series, sentences and figures shared by every view);
    # ranks: state.peer_ranks() and can_write: auth.can_upload() (asked once for the page).
    # Every element costs the server and the browser time on every view, so the texts are one HTML element
    # before the chart and one after it, the row is a horizontal container, and the downloads are drawn only
    # when their menu is opened.
    key = key or ind.id
    charts = charts or state.headline_charts(lang, example)
    ranks = state.peer_ranks() if ranks is None else ranks
    comments = state.comments(ind.id) if comments is None else comments
    can_write = auth.can_upload() if can_write is None else can_write
    with st.container(border=True):
        head = card_head(ind, assessment, lang, charts, ranks)
        tail = card_tail(ind, lang, comments)
        periods = charts.observed_periods(ind.id)
        if not periods:
            st.html(f"<div class='a2030-card'>{head}<p>{cards.text(t('no_series'))}</p>{tail}</div>")
            if can_write:
                meetings_view.comment_form(ind, lang, [], key)
            return
        fig = charts.figure(ind.id)  # built and serialised once per data version
        series = charts.series(ind.id)
        fmt, labels = components.value_formatter(ind, lang), components.period_labels(series)
        images = charts.images(ind.id)
        if images:
            summary, table = cards.chart_text(fig, lang, ind.name.get(lang), fmt, labels)
            st.html(
                f"<div class='a2030-card'>{head}{cards.chart(images, summary, table, t('chart_table'))}{tail}</div>"
            )
        else:
            st.html(f"<div class='a2030-card'>{head}</div>")
            components.chart(fig, f"chart-{key}", fmt, labels)
            st.html(f"<div class='a2030-card'>{tail}</div>")
        row = st.container(horizontal=True, vertical_alignment="center")
        row.page_link(
            "app_pages/indicator.py",
            label=t("details"),
            icon=":material/arrow_forward:",
            query_params=components.link_params(indikator=ind.id),
        )
        components.downloads_menu(
            lambda: series_frame(series, lang),
            f"asker2030-{ind.id}",
            fig,
            key=key,
            container=row,
            title=ind.name.get(lang),
        )
        if can_write:
            meetings_view.comment_form(ind, lang, periods, key)


def card_head(ind, assessment, lang: str, charts, ranks: dict) -> str:
    """Name (a heading under the objective's), target, status chips, the sentence and the rank, as HTML."""
    out = (
        f"<h3>{cards.text(ind.name.get(lang))}</h3>"
        f"<p>{cards.text(t('target_label'))}: {cards.text(target_text(ind, lang))}</p>"
        f"<p>{components.status_chip(assessment.status)}{components.old_data_chip(assessment)}</p>"
        f"<p>{cards.text(charts.explanation(ind.id))}</p>"
    )
    rank = ranks.get(ind.id)  # one query and one pass per data version for all indicators
    if rank is not None and rank.home_rank is not None:
        out += f"<p class='muted'>{cards.icon('leaderboard')} {cards.text(rank.rank_text(lang))}</p>"
    return out


def card_tail(ind, lang: str, comments: list[dict]) -> str:
    """The embed code (the same chart, Asker's total on the indicator page) and the comments, as HTML."""
    params = components.link_params(indikator=ind.id)
    code = (
        f"<pre><code>{cards.text(embed.snippet('indikator', params, f'Asker 2030: {ind.name.get(lang)}'))}</code></pre>"
    )
    out = cards.details(t("embed"), f"<p class='muted'>{cards.text(t('embed_help'))}</p>{code}", "code")
    if not comments:
        return out + f"<p class='muted'>{cards.text(t('no_comment'))}</p>"
    heading = lambda row: meetings_view.comment_heading(row, lang)  # noqa: E731
    out += f"<p><b>{cards.text(t('latest_comment'))}</b></p>" + cards.comment_html(
        comments[0], heading(comments[0]), t("planned_action")
    )
    if len(comments) > 1:
        earlier = "".join(cards.comment_html(row, heading(row), t("planned_action")) for row in comments[1:])
        out += cards.details(t("earlier_comments", n=len(comments) - 1), earlier)
    return out


def objective_grid(goal_id, objective_id, indicators, assessments, lang: str, charts, ranks, comments) -> str | None:
    """The objective's indicators as HTML cards in a grid (two columns on a wide screen, one on a phone), or None
    while one of their chart images is still being made (each missing one is asked for)."""
    images = {i.id: charts.images(i.id) for i in indicators if charts.observed_periods(i.id)}
    if any(urls is None for urls in images.values()):
        return None
    out = []
    for ind in indicators:
        a = assessments[ind.id]
        if ind.objective != objective_id and ind.goal == goal_id:  # in full once, under its own objective
            out.append(linked_card(ind, a, lang, charts, ranks))
            continue
        body = card_head(ind, a, lang, charts, ranks)
        urls = images.get(ind.id)
        if urls is None:
            body += f"<p>{cards.text(t('no_series'))}</p>"
        else:
            fmt, labels = components.value_formatter(ind, lang), components.period_labels(charts.series(ind.id))
            summary, table = cards.chart_text(charts.figure(ind.id), lang, ind.name.get(lang), fmt, labels)
            body += cards.chart(urls, summary, table, t("chart_table"))
        query = urlencode(components.link_params(indikator=ind.id))
        csv = f"api/v1/indicators/{quote(ind.id)}.csv" + (f"?lang={lang}" if lang != "nb" else "")
        body += (
            f"<p class='a2030-links'>{cards.link(f'indikator?{query}', t('details'), 'arrow_forward')}"
            f"{cards.link(csv, t('download_csv'), 'download', download=f'asker2030-{ind.id}.csv')}</p>"
            f"{card_tail(ind, lang, comments.get(ind.id, []))}"
        )
        if ind.objective != objective_id:
            body += f"<p class='muted'>{cards.text(t('linked_from', id=ind.objective))}</p>"
        out.append(f"<div class='a2030-box'>{body}</div>")
    return f"<div class='a2030-grid'>{''.join(out)}</div>"


def objectives_html(goal, catalog, assessments, lang: str, charts, ranks, comments) -> str | None:
    """Every objective of the goal as one HTML element: its heading (the anchor the cards link to), text, chips
    and grid of cards; None while a chart image is still being made. One element, not a header and a grid per
    objective: each Streamlit element costs the browser a render, a sanitizer pass and a commit of its own."""
    out = []
    for objective in goal.objectives:
        out.append(
            f"<h2 id='{objective_anchor(objective.id)}'>{cards.text(objective.id)} "
            f"{cards.text(objective.short.get(lang))}</h2><hr class='a2030-rule'>"
        )
        indicators = catalog.indicators_for_objective(objective.id)
        if not indicators:
            out.append(
                f"<p class='muted'>{cards.text(objective.text.get(lang))}</p>"
                f"<p class='a2030-note'>{cards.text(t('no_indicators'))}</p>"
            )
            continue
        grid = objective_grid(goal.id, objective.id, indicators, assessments, lang, charts, ranks, comments)
        if grid is None:
            return None
        out.append(objective_intro(catalog, assessments, objective, lang) + grid)
    return f"<div class='a2030-card'>{''.join(out)}</div>"


def objective_intro(catalog, assessments, objective, lang: str) -> str:
    """The objective's text and its status chips, as HTML."""
    osum = objective_summary(catalog, assessments, objective.id)
    return f"<p class='muted'>{cards.text(objective.text.get(lang))}</p><p>{components.summary_chips(osum)}</p>"


def objective_anchor(objective_id: str) -> str:
    return "delmal-" + objective_id.replace(".", "-")


def linked_card(ind, assessment, lang: str, charts, ranks: dict) -> str:
    """An indicator that also measures a second objective of the same goal: its name, status and sentence here,
    and a link to where its chart and details are (one chart per indicator and page)."""
    link = cards.link(f"#{objective_anchor(ind.objective)}", t("shown_under", id=ind.objective), "arrow_upward")
    return f"<div class='a2030-box'>{card_head(ind, assessment, lang, charts, ranks)}<p>{link}</p></div>"


def render(goal_id: str) -> None:
    lang = i18n.lang()
    catalog = state.catalog()
    goal = catalog.goal(goal_id)
    assessments = state.assessments()
    example_ids = state.example_indicators()  # the marker only where example values remain

    st.html(cards.STYLE)
    st.title(f"{t('goal')} {goal.id}: {goal.name.get(lang)}")
    goal_indicators = [i.id for i in catalog.indicators_for_goal(goal_id)]
    # The ambition and the dates, then the goal's status, each one HTML element (ui/cards.py: fewer elements
    # and no markdown parser on the way to the first status)
    dates = components.data_dates_text(indicator_ids=set(goal_indicators))
    summary = goal_summary(catalog, assessments, goal_id)
    st.html(
        f"<div class='a2030-card'><p><em>{cards.text(goal.ambition.get(lang))}</em></p>"
        + (f"<p class='muted'>{cards.text(dates)}</p>" if dates else "")
        + "</div>"
        + cards.TABLES,  # builds a chart's data table when its disclosure is opened
        unsafe_allow_javascript=True,
    )
    components.example_banner(goal_indicators)
    st.html(
        f"<div class='a2030-card'><p><b>{cards.text(t('goal_status'))}:</b> {components.summary_chips(summary)}</p>"
        f"<p class='muted'>{cards.text(summary.text(lang))}</p></div>"
    )

    view = (
        st.segmented_control(
            t("view"), ["charts", "table"], default="charts", key="goal_view", format_func=lambda v: t(f"view_{v}")
        )
        or "charts"
    )
    if view == "charts":
        charts, ranks, comments = state.headline_charts(lang, bool(example_ids)), state.peer_ranks(), state.comments()
        can_write = auth.can_upload()
        # A viewer sees every objective in one element once their chart images are made (ui/cards.py); an
        # analyst, who has a comment form under each chart, and the first viewer after new data see Streamlit's.
        body = None if can_write else objectives_html(goal, catalog, assessments, lang, charts, ranks, comments)
        if body is not None:
            st.html(body)
            meetings_view.measures_block(goal_id, lang)
            return
    for objective in goal.objectives:
        st.header(f"{objective.id} {objective.short.get(lang)}", divider="gray", anchor=objective_anchor(objective.id))
        indicators = catalog.indicators_for_objective(objective.id)
        if not indicators:
            st.caption(objective.text.get(lang))
            st.info(t("no_indicators"))
            continue
        intro = objective_intro(catalog, assessments, objective, lang)
        if view == "table":
            st.html(f"<div class='a2030-card'>{intro}</div>")
            table = status_table(catalog, assessments, [i.id for i in indicators], lang)
            components.table(table, download=f"asker2030-delmaal-{objective.id}", key=f"table-{objective.id}")
            continue
        st.html(f"<div class='a2030-card'>{intro}</div>")
        cols = st.columns(2)
        for n, ind in enumerate(indicators):
            with cols[n % 2]:
                if ind.objective != objective.id and ind.goal == goal_id:  # in full once, under its own objective
                    st.html(
                        f"<div class='a2030-card'>{linked_card(ind, assessments[ind.id], lang, charts, ranks)}</div>"
                    )
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
