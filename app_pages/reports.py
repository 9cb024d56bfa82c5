"""Rapporter: a status report for one goal or all six as PDF or PowerPoint, made when the button is clicked."""

import streamlit as st

from exports.report_data import build_report
from exports.report_pdf import build_pdf
from exports.report_pptx import build_pptx
from ui import components, i18n, state
from ui.i18n import t

lang = i18n.lang()
catalog = state.catalog()
con = state.connection()
assessments = state.assessments()

st.title(t("reports_title"))
components.example_banner()
st.markdown(t("reports_intro"))
goal_ids = [g.id for g in catalog.goals]
choice = st.selectbox(
    t("reports_which"),
    ["all", *goal_ids],
    key="reports_goal",
    format_func=lambda g: t("reports_all") if g == "all" else f"{g} {catalog.goal(g).name.get(lang)}",
    placeholder=t("choose_one"),
)
chosen = goal_ids if choice == "all" else [choice]
stem = "asker2030-alle-maal" if choice == "all" else f"asker2030-maal-{choice}"


def content():
    # Runs outside the script run when the button is clicked: everything it needs is bound here.
    # strict=False: a chart that cannot be drawn is marked in the document instead of failing the download.
    return build_report(con, catalog, chosen, lang, strict=False, assessments=assessments)


left, right = st.columns(2, width=520)
left.download_button(
    t("reports_pdf"),
    data=lambda: build_pdf(content()),
    file_name=f"{stem}.pdf",
    mime="application/pdf",
    icon=":material/picture_as_pdf:",
    on_click="ignore",
    key="report-pdf",
    type="primary",
)
right.download_button(
    t("reports_pptx"),
    data=lambda: build_pptx(content()),
    file_name=f"{stem}.pptx",
    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    icon=":material/slideshow:",
    on_click="ignore",
    key="report-pptx",
)
st.caption(t("reports_lang"))
st.markdown(t("reports_cli"))  # not a caption: code in a caption is below 4.5:1 contrast
