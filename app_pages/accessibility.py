"""Tilgjengelighetserklæring: the accessibility statement, in the structure of Digdir's uustatus statements.

The deviations and the date of the last check come from ui/accessibility.py and docs/accessibility-check.json,
which tests/browser/test_accessibility.py keeps true (docs/accessibility.md says which test gives which line)."""

import streamlit as st

from indicators.format import fmt_date
from ui import accessibility as a11y
from ui import i18n
from ui.i18n import t

lang = i18n.lang()
k = 1 if lang == "en" else 0

st.title(t("a11y_title"))
st.markdown(t("a11y_intro"))

st.header(t("a11y_about"))
st.markdown(t("a11y_about_text"))

st.header(t("a11y_status"))
criteria = a11y.criteria_broken()
if criteria:
    st.markdown(t("a11y_partial", n=len(criteria), total=a11y.N_CRITERIA, criteria=", ".join(criteria)))
else:
    st.markdown(t("a11y_full"))

deviations = a11y.deviations()
st.header(t("a11y_users"))
groups = sorted({g for d in deviations for g in d.affects}, key=list(a11y.USER_GROUPS).index)
if groups:
    st.markdown(t("a11y_users_text") + "\n\n" + "\n".join(f"- {a11y.USER_GROUPS[g][k]}" for g in groups))

st.header(t("a11y_feedback"))
st.markdown(t("a11y_feedback_text", email=a11y.FEEDBACK_EMAIL))

st.header(t("a11y_complain"))
st.markdown(t("a11y_complain_text"))

st.header(t("a11y_content"))
st.markdown(t("a11y_content_text"))
principle = None
for d in deviations:
    if d.criterion[0] != principle:
        principle = d.criterion[0]
        st.subheader(t("a11y_principle", n=principle, name=a11y.PRINCIPLES[principle][k]))
    with st.container(border=True):
        found = t("a11y_found_axe", rule=d.rule) if d.rule else t("a11y_found_manual")
        st.markdown(
            f"**{d.criterion} {d.name[k]}**  \n"
            f"**{t('a11y_where')}:** {d.where[k]}  \n"
            f"**{t('a11y_why')}:** {d.reason[k]}  \n"
            f"**{t('a11y_means')}:** {d.consequence[k]}  \n"
            f"**{t('a11y_found_by')}:** {found}"
        )

st.header(t("a11y_test"))
record = a11y.check_record()
if record:
    st.markdown(t("a11y_checked", date=fmt_date(record["date"], lang)))
    st.markdown(
        t(
            "a11y_axe",
            version=record["axe_version"],
            n_pages=len(record["pages"]),
            viewports=" og ".join(record["viewports"]) if lang != "en" else " and ".join(record["viewports"]),
            n_checks=record["checks"],
        )
    )
else:
    st.markdown(t("a11y_not_checked"))
st.markdown(t("a11y_more_tests"))

st.header(t("a11y_about_statement"))
st.markdown(t("a11y_about_statement_text"))
