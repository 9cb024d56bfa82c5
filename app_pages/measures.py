"""Tiltak: analysts add, change and import the measures of each goal (viewers see them on the goal pages)."""

import pandas as pd
import streamlit as st

from etl.measures import commit_measures, read_measures
from indicators.measures import MEASURE_STATUSES, InvalidInput, Measure, measure_status_text, measures_table
from store import meetings
from store.db import StoreBusyError
from ui import auth, i18n, state
from ui.i18n import t

lang = i18n.lang()
st.title(t("measures_title"))
if not auth.can_upload():
    st.error(t("measures_analysts_only"))
    st.stop()

catalog = state.catalog()
con = state.connection()
goal_ids = [g.id for g in catalog.goals]
wanted = st.query_params.get("mal", goal_ids[0])
goal_id = st.selectbox(
    t("measures_goal"),
    goal_ids,
    index=goal_ids.index(wanted) if wanted in goal_ids else 0,
    format_func=lambda g: f"{g} {catalog.goal(g).name.get(lang)}",
    key="measures_goal",
    placeholder=t("choose_one"),
)
if st.query_params.get("mal") != goal_id:
    st.query_params["mal"] = goal_id
st.caption(t("measures_intro"))

flash = st.session_state.pop("measures_flash", None)
if flash:
    st.success(flash)

names = {i.id: i.name.get(lang) for i in catalog.indicators}
goal_indicators = [i.id for i in catalog.indicators_for_goal(goal_id)]
frame = meetings.measures(con, goal_id)
if frame.empty:
    st.info(t("measures_none"))
else:
    st.dataframe(measures_table(frame, names, lang, t("example_badge").lower()), hide_index=True)

statuses = list(MEASURE_STATUSES)


def measure_fields(prefix: str, current: Measure | None) -> Measure:
    """The form's inputs; keys carry the measure id so choosing another measure refills the form."""
    title = st.text_input(t("f_title"), value=current.title if current else "", key=f"{prefix}-title")
    description = st.text_area(
        t("f_description"), value=current.description if current else "", key=f"{prefix}-description"
    )
    left, mid, right = st.columns(3)
    responsible = left.text_input(
        t("f_responsible"), value=current.responsible if current else "", key=f"{prefix}-responsible"
    )
    status = mid.selectbox(
        t("f_status"),
        statuses,
        index=statuses.index(current.status) if current else 0,
        format_func=lambda s: measure_status_text(s, lang),
        key=f"{prefix}-status",
        placeholder=t("choose_one"),
    )
    due = right.date_input(
        t("f_due"), value=current.due_date if current else None, format="DD.MM.YYYY", key=f"{prefix}-due"
    )
    options = list(dict.fromkeys(goal_indicators + (current.indicator_ids if current else [])))
    linked = st.multiselect(
        t("f_indicators"),
        options,
        default=current.indicator_ids if current else [],
        format_func=lambda i: names.get(i, i),
        key=f"{prefix}-indicators",
        placeholder=t("choose_many"),
    )
    return Measure(
        goal_id=goal_id,
        title=title,
        description=description,
        responsible=responsible,
        status=status,
        due_date=due,
        indicator_ids=linked,
        is_example=current.is_example if current else False,
    )


add_tab, edit_tab, import_tab = st.tabs([t("tab_add"), t("tab_edit"), t("tab_import")])
with add_tab:
    with st.form("measure-add", clear_on_submit=True):
        new = measure_fields(f"add-{goal_id}", None)
        if st.form_submit_button(t("f_add"), type="primary", key="measure-add-submit"):
            try:
                with state.writer() as w:
                    meetings.add_measure(w, new, auth.user_name(), catalog)
            except InvalidInput as exc:
                st.error(exc.text(lang))
            except StoreBusyError as exc:
                st.error(state.busy_text(exc))
            else:
                st.session_state["measures_flash"] = t("added", title=new.title.strip())
                st.rerun()

with edit_tab:
    if frame.empty:
        st.caption(t("measures_none"))
    else:
        ids = [int(i) for i in frame["id"]]
        titles = dict(zip(ids, frame["title"]))
        measure_id = st.selectbox(
            t("f_pick"),
            ids,
            format_func=lambda i: titles[i],
            key=f"measure-pick-{goal_id}",
            placeholder=t("choose_one"),
        )
        current = meetings.get_measure(con, measure_id)
        with st.form(f"measure-edit-{measure_id}"):
            changed = measure_fields(f"edit-{measure_id}", current)
            if st.form_submit_button(t("f_save"), type="primary", key="measure-edit-submit"):
                try:
                    with state.writer() as w:
                        meetings.update_measure(w, measure_id, changed, auth.user_name(), catalog)
                except InvalidInput as exc:
                    st.error(exc.text(lang))
                except StoreBusyError as exc:
                    st.error(state.busy_text(exc))
                else:
                    st.session_state["measures_flash"] = t("saved", title=changed.title.strip())
                    st.rerun()

with import_tab:
    st.caption(t("import_help"))
    upload = st.file_uploader(t("import_file"), type=["csv", "txt"], key="measures-upload")
    if upload is not None:
        imported = read_measures(upload.getvalue(), upload.name, catalog)
        for problem in imported.report.problems:
            (st.error if problem.level == "error" else st.warning)(problem.text(lang))
        if not imported.ok:
            st.error(t("import_errors"))
        else:
            st.success(t("import_ok", n=len(imported.items)))
            preview = measures_table(pd.DataFrame([vars(m) for _, m in imported.items]), names, lang)
            st.dataframe(preview, hide_index=True)
            if st.button(t("import_commit", n=len(imported.items)), type="primary", key="measures-import"):
                with state.writer() as w:
                    counts = commit_measures(w, imported, auth.user_name(), catalog)
                st.session_state["measures_flash"] = t("imported", **counts)
                st.rerun()
