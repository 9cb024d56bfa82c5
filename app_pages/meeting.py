"""Møtemodus: one objective per 1920×1080 screen in large type for the projector, the sidebar folded away. An
objective with more indicators than fit (three) is split over several screens; the position lives in the URL
(?mal=13&delmal=2&skjerm=2) so a planner can reload or share it. ← / → (or the buttons) step through every screen."""

import math
from html import escape

import streamlit as st

from charts.presentation import legend_entries
from indicators.explain import explanation
from indicators.status import objective_summary
from store import meetings
from ui import cards, components, i18n, meetings_view, state
from ui.i18n import t

PER_SCREEN = 3  # three charts side by side still read from the back of the room at 1920 px
CHART_HEIGHT = 470

# Large type for a 1920×1080 projector read from the back of the room; tight vertical rhythm so one screen holds
# the objective, its status and three indicators without scrolling (tests/browser/test_meeting_browser.py).
# Scoped to this page: the style element is part of this page's output only.
CSS = """<style>
[data-testid="stMainBlockContainer"] { max-width: 100%; padding: 4.4rem 2.2rem 0.5rem 2.2rem; }
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.55rem; }
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li { font-size: 1.4rem; line-height: 1.38; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2.7rem; line-height: 1.1; padding: 0.1rem 0 0 0; }
[data-testid="stMainBlockContainer"] h3 { font-size: 1.7rem; line-height: 1.15; padding: 0; }
[data-testid="stMainBlockContainer"] .status-chip { font-size: 1.3rem !important; padding: 2px 12px !important; }
[data-testid="stMainBlockContainer"] [data-testid="stCaptionContainer"] p { font-size: 1.1rem; }
[data-testid="stMainBlockContainer"] [data-baseweb="select"] * { font-size: 1.25rem !important; }
[data-testid="stMainBlockContainer"] button p { font-size: 1.25rem; }
.meeting-objective { font-size: 1.25rem !important; color: #31333F; display: -webkit-box; -webkit-line-clamp: 2;
                     -webkit-box-orient: vertical; overflow: hidden; margin: 0; }
.meeting-comment { font-size: 1.2rem; border-left: 6px solid #0072B2; padding: 0.2rem 0 0.2rem 0.8rem;
                   margin: 0; background: #f4f8fb; display: -webkit-box; -webkit-line-clamp: 3;
                   -webkit-box-orient: vertical; overflow: hidden; }
.meeting-comment small { font-size: 1.0rem; color: #555; }
.meeting-legend { font-size: 1.2rem; color: #31333F; margin: 0; }
.meeting-legend span.entry { margin-right: 1.6rem; display: inline-block; max-width: 100%; }
.meeting-legend span.line { display: inline-block; width: 2.4rem; height: 0; vertical-align: middle;
                            margin-right: 0.4rem; border-top-width: 5px; }
</style>"""

lang = i18n.lang()
catalog = state.catalog()
con = state.connection()
assessments = state.assessments()
goals = catalog.goals
goal_ids = [g.id for g in goals]


def parts(objective_id: str) -> int:
    """How many screens an objective takes: its indicators spread evenly over as few screens as hold them."""
    return max(1, math.ceil(len(catalog.indicators_for_objective(objective_id)) / PER_SCREEN))


def screen_indicators(objective_id: str, part: int) -> list:
    indicators = catalog.indicators_for_objective(objective_id)
    total = parts(objective_id)
    size = math.ceil(len(indicators) / total) if indicators else 0  # 8 → 3 + 3 + 2, 4 → 2 + 2
    return indicators[(part - 1) * size : part * size]


screens = [(g.id, n, k) for g in goals for n, o in enumerate(g.objectives, start=1) for k in range(1, parts(o.id) + 1)]


def position() -> tuple[str, int, int]:
    """(goal id, objective number 1…n, screen 1…k) from the URL; anything unknown falls back to the first one."""
    goal_id = st.query_params.get("mal", goal_ids[0])
    if goal_id not in goal_ids:
        goal_id = goal_ids[0]
    try:
        n = int(st.query_params.get("delmal", 1))
    except ValueError:
        n = 1
    n = min(max(n, 1), len(catalog.goal(goal_id).objectives))
    try:
        k = int(st.query_params.get("skjerm", 1))
    except ValueError:
        k = 1
    return goal_id, n, min(max(k, 1), parts(catalog.goal(goal_id).objectives[n - 1].id))


def go(goal_id: str, n: int, k: int = 1) -> None:
    st.query_params["mal"] = goal_id
    st.query_params["delmal"] = str(n)
    if k > 1:
        st.query_params["skjerm"] = str(k)
    else:
        st.query_params.pop("skjerm", None)


def pick_goal() -> None:
    go(st.session_state["meeting_goal"], 1)


goal_id, n, k = position()
go(goal_id, n, k)  # write the resolved position back, so the URL is always shareable
here = screens.index((goal_id, n, k))
previous = screens[here - 1] if here > 0 else None
following = screens[here + 1] if here + 1 < len(screens) else None
goal = catalog.goal(goal_id)
objective = goal.objectives[n - 1]
total_parts = parts(objective.id)
example_ids = state.example_indicators()  # real data has replaced the example values of the others

st.set_page_config(initial_sidebar_state="collapsed")  # the projector shows the objective, not the menu
st.html(CSS)
st.session_state["meeting_goal"] = goal_id  # keep the picker in step with the URL (buttons change goals too)
bar = st.columns([3, 4, 1.3, 1.3], vertical_alignment="center")
bar[0].selectbox(
    t("meeting_goal"),
    goal_ids,
    key="meeting_goal",
    on_change=pick_goal,
    label_visibility="collapsed",
    format_func=lambda g, word=t("goal"): f"{word} {g} {catalog.goal(g).name.get(lang)}",  # noqa: B008  (the word is looked up once, here)
    placeholder=t("choose_one"),
)
where = t("meeting_position", n=n, total=len(goal.objectives))
if total_parts > 1:
    where += " · " + t("meeting_screen", n=k, total=total_parts)
# The example marker on every screen (in the bar, so it never scrolls away), when any example value remains.
example_here = state.shows_example_data()
bar[1].markdown(
    f"**{where}**" + (f" &nbsp; :orange-badge[:material/science: {t('example_badge')}]" if example_here else "")
)
bar[2].button(
    t("meeting_prev"),
    key="meeting_prev",
    icon=":material/arrow_back:",
    width="stretch",
    disabled=previous is None,
    on_click=go,
    args=previous or (goal_id, n, k),
    shortcut="Left",
)
bar[3].button(
    t("meeting_next"),
    key="meeting_next",
    icon=":material/arrow_forward:",
    width="stretch",
    disabled=following is None,
    on_click=go,
    args=following or (goal_id, n, k),
    shortcut="Right",
    type="primary",
)

st.title(f"{objective.id} {objective.short.get(lang)}", anchor=False)
st.markdown(f"<p class='meeting-objective'>{escape(objective.text.get(lang))}</p>", unsafe_allow_html=True)
indicators = screen_indicators(objective.id, k)
if not indicators:
    st.info(t("meeting_no_indicators"))
    st.stop()
legend = "".join(
    f"<span class='entry'><span class='line' style='border-top-style:{e['line']};border-color:{e['colour']}'>"
    f"</span>{e['label']}</span>"
    if e["line"]
    else f"<span class='entry'><span aria-hidden='true' style='color:{e['colour']};font-size:1.5rem'>{e['marker']}"
    f"</span> {e['label']}</span>"
    for e in legend_entries(lang)
)
st.markdown(
    components.summary_chips(objective_summary(catalog, assessments, objective.id))
    + f"<p class='meeting-legend' aria-label='{t('meeting_legend')}'>{legend}</p>",
    unsafe_allow_html=True,
)
latest = meetings.latest_comments(con, [i.id for i in indicators])
n_cols = max(2, len(indicators))  # two on a screen: wider charts
cols = st.columns(n_cols, gap="medium")
# A longer status sentence takes the chart's room, so the screen never needs scrolling: about 46 characters a
# line in a third of the screen (70 in a half), 32 px a line at this type size.
per_line = 46 if n_cols == 3 else 70
lines = max(math.ceil(len(explanation(assessments[i.id], lang)) / per_line) for i in indicators)
height = CHART_HEIGHT - 32 * max(0, lines - 2)
for col, ind in zip(cols, indicators):
    a = assessments[ind.id]
    with col.container(border=True):
        st.subheader(ind.name.get(lang), anchor=False)
        st.markdown(
            components.status_chip(a.status)
            + components.old_data_chip(a)
            + f"\n\n{components.plain_text(explanation(a, lang))}",
            unsafe_allow_html=True,
        )
        series, fig = state.meeting_figure(ind.id, lang, ind.id in example_ids, height)
        if series["value"].notna().any():
            # theme=None: keep the figure's own large fonts (Streamlit's theme would shrink them); no toolbar
            # over a chart nobody clicks; the text alternative for screen readers only (no room on the screen).
            components.chart(
                fig,
                f"meeting-chart-{ind.id}",
                components.value_formatter(ind, lang),
                components.period_labels(series),
                theme=None,
                table=False,
                summary_visible=False,
                config={"displayModeBar": False, "displaylogo": False},
            )
        else:
            st.info(t("no_series"))
        comment = latest.get(ind.id)
        if comment:
            st.markdown(
                f"<div class='meeting-comment'>{cards.lines(comment['text'])}"
                + (
                    f" <b>{t('planned_action')}:</b> {cards.lines(comment['planned_action'])}"
                    if comment["planned_action"]
                    else ""
                )
                + f" <small>({cards.lines(meetings_view.comment_heading(comment, lang))})</small></div>",
                unsafe_allow_html=True,
            )
        else:
            st.caption(t("meeting_no_comment"))
st.caption(t("meeting_keys"))
