"""Møtemodus: one objective per screen in large type for the projector; the position lives in the URL
(?mal=13&delmal=2) so a planner can reload or share it. ← / → (or the buttons) step through all objectives."""
import streamlit as st

from charts.presentation import presentation_figure
from indicators.status import objective_summary
from store import meetings, queries
from ui import components, i18n, meetings_view, state
from ui.i18n import t

i18n.register({
    "meeting_title": ("Møtemodus", "Meeting mode"),
    "meeting_goal": ("Mål", "Goal"),
    "meeting_prev": ("Forrige", "Previous"),
    "meeting_next": ("Neste", "Next"),
    "meeting_position": ("Delmål {n} av {total}", "Objective {n} of {total}"),
    "meeting_keys": ("Tastene ← og → blar mellom delmålene.", "The ← and → keys step between objectives."),
    "meeting_no_comment": ("Ingen vurdering ennå", "No assessment yet"),
    "meeting_no_indicators": ("Dette delmålet har ingen indikatorer ennå.", "This objective has no indicators yet."),
})

# Large type for a 1920×1080 projector read from the back of the room. Scoped to this page: the style
# element is part of this page's output only.
CSS = """<style>
[data-testid="stMainBlockContainer"] { max-width: 100%; padding-top: 3.6rem; }
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li { font-size: 1.45rem; line-height: 1.45; }
[data-testid="stMainBlockContainer"] h1 { font-size: 3.1rem; line-height: 1.15; }
[data-testid="stMainBlockContainer"] h2 { font-size: 2.1rem; }
[data-testid="stMainBlockContainer"] h3 { font-size: 1.8rem; line-height: 1.2; }
[data-testid="stMainBlockContainer"] .status-chip { font-size: 1.35rem !important; padding: 4px 14px !important; }
[data-testid="stMainBlockContainer"] [data-testid="stCaptionContainer"] p { font-size: 1.15rem; }
[data-testid="stMainBlockContainer"] [data-baseweb="select"] * { font-size: 1.3rem !important; }
[data-testid="stMainBlockContainer"] button p { font-size: 1.3rem; }
.meeting-comment { font-size: 1.35rem; border-left: 6px solid #0072B2; padding: 0.3rem 0 0.3rem 0.9rem;
                   margin: 0.4rem 0; background: #f4f8fb; }
.meeting-comment small { display: block; font-size: 1.0rem; color: #555; }
</style>"""

lang = i18n.lang()
catalog = state.catalog()
con = state.connection()
assessments = state.assessments()
goals = catalog.goals
goal_ids = [g.id for g in goals]
screens = [(g.id, n) for g in goals for n in range(1, len(g.objectives) + 1)]


def position() -> tuple[str, int]:
    """(goal id, objective number 1…n) from the URL; anything unknown falls back to the first screen."""
    goal_id = st.query_params.get("mal", goal_ids[0])
    if goal_id not in goal_ids:
        goal_id = goal_ids[0]
    try:
        n = int(st.query_params.get("delmal", 1))
    except ValueError:
        n = 1
    return goal_id, min(max(n, 1), len(catalog.goal(goal_id).objectives))


def go(goal_id: str, n: int) -> None:
    st.query_params["mal"] = goal_id
    st.query_params["delmal"] = str(n)


def pick_goal() -> None:
    go(st.session_state["meeting_goal"], 1)


goal_id, n = position()
go(goal_id, n)  # write the resolved position back, so the URL is always shareable
here = screens.index((goal_id, n))
previous = screens[here - 1] if here > 0 else None
following = screens[here + 1] if here + 1 < len(screens) else None
goal = catalog.goal(goal_id)
objective = goal.objectives[n - 1]

st.html(CSS)
st.session_state["meeting_goal"] = goal_id  # keep the picker in step with the URL (buttons change goals too)
bar = st.columns([3, 2, 1, 1], vertical_alignment="bottom")
bar[0].selectbox(t("meeting_goal"), goal_ids, key="meeting_goal", on_change=pick_goal,
                 format_func=lambda g: f"{g} {catalog.goal(g).name.get(lang)}", placeholder=t("choose_one"))
bar[1].markdown(f"**{t('meeting_position', n=n, total=len(goal.objectives))}**")
bar[2].button(t("meeting_prev"), key="meeting_prev", icon=":material/arrow_back:", width="stretch",
              disabled=previous is None, on_click=go, args=previous or (goal_id, n), shortcut="Left")
bar[3].button(t("meeting_next"), key="meeting_next", icon=":material/arrow_forward:", width="stretch",
              disabled=following is None, on_click=go, args=following or (goal_id, n), shortcut="Right",
              type="primary")

st.caption(f"{t('goal')} {goal.id} · {goal.name.get(lang)}")
st.title(f"{objective.id} {objective.short.get(lang)}", anchor=False)
st.markdown(objective.text.get(lang))
indicators = catalog.indicators_for_objective(objective.id)
if not indicators:
    st.info(t("meeting_no_indicators"))
    st.stop()
st.markdown(components.summary_chips(objective_summary(catalog, assessments, objective.id)), unsafe_allow_html=True)
example_ids = state.example_indicators()  # real data has replaced the example values of the others
if example_ids & {i.id for i in indicators}:
    st.markdown(f":orange-badge[:material/science: {t('example_badge')}]")  # in a caption: below 4.5:1
latest = meetings.latest_comments(con, [i.id for i in indicators])
per_row = 2  # two charts side by side stay readable from the back of the room
for start in range(0, len(indicators), per_row):
    cols = st.columns(per_row, gap="large")
    for col, ind in zip(cols, indicators[start:start + per_row]):
        a = assessments[ind.id]
        with col.container(border=True):
            st.subheader(ind.name.get(lang), anchor=False)
            components.status_badge(a.status)
            st.markdown(a.explanation(lang))
            series = queries.series(con, ind.id)
            if series["value"].notna().any():
                fig = presentation_figure(ind, series, a, lang=lang, example=ind.id in example_ids, height=430,
                                          font_size=18)
                # theme=None: keep the figure's own large fonts (Streamlit's theme would shrink them)
                components.chart(fig, f"meeting-chart-{ind.id}", components.value_formatter(ind, lang),
                                 components.period_labels(series), theme=None)
            else:
                st.info(t("no_series"))
            comment = latest.get(ind.id)
            if comment:
                st.markdown(
                    f"<div class='meeting-comment'>{meetings_view.html_text(comment['text'])}"
                    + (f"<br><b>{t('planned_action')}:</b> {meetings_view.html_text(comment['planned_action'])}"
                       if comment["planned_action"] else "")
                    + f"<small>{meetings_view.html_text(meetings_view.comment_heading(comment, lang))}</small></div>",
                    unsafe_allow_html=True)
            else:
                st.caption(t("meeting_no_comment"))
st.caption(t("meeting_keys"))
