"""Commentary and measures beside the charts: a comment's heading, the small form for analysts to add one, and a
goal's measures (read-only here; analysts edit them on «Tiltak»). The comments themselves are in the goal page's
cards (ui/goal_view.card_tail) and the meeting view."""

from __future__ import annotations

import datetime as _dt
import re

import streamlit as st

from indicators.catalog import Indicator
from indicators.format import fmt_date
from indicators.measures import InvalidInput, measure_status_text
from store import meetings
from store.db import StoreBusyError
from ui import auth, components, state
from ui.i18n import t

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|$~])")


def md_escape(text: str) -> str:
    """User text shown as plain text inside markdown ($ would start a formula, * a list …)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def comment_heading(row: dict, lang: str) -> str:
    return t("comment_head", period=row["period"], author=row["author"], date=fmt_date(row["written_at"], lang))


def _save_comment(indicator_id: str, key: str, lang: str) -> None:
    """Form callback: runs before the script, so the new comment is listed in the same run."""
    ss = st.session_state
    try:
        with state.writer() as con:
            meetings.add_comment(
                con,
                indicator_id,
                ss.get(f"comment-period-{key}"),
                auth.user_name(),
                ss.get(f"comment-text-{key}") or "",
                ss.get(f"comment-action-{key}") or "",
            )
    except InvalidInput as exc:
        ss[f"comment-flash-{key}"] = ("error", exc.text(lang))
    except StoreBusyError as exc:
        ss[f"comment-flash-{key}"] = ("error", state.busy_text(exc))
    else:
        ss[f"comment-flash-{key}"] = ("success", t("comment_saved"))


def comment_form(ind: Indicator, lang: str, periods: list[str], key: str) -> None:
    choices = list(dict.fromkeys(reversed([str(p) for p in periods]))) or [str(_dt.date.today().year)]
    flash = st.session_state.pop(f"comment-flash-{key}", None)
    with st.expander(t("write_comment"), icon=":material/edit_note:", expanded=bool(flash)):
        if flash:
            (st.error if flash[0] == "error" else st.success)(flash[1])
        with st.form(f"comment-form-{key}", clear_on_submit=True, border=False):
            st.selectbox(t("comment_period"), choices, key=f"comment-period-{key}", placeholder=t("choose_one"))
            st.text_area(t("comment_text"), help=t("comment_text_help"), key=f"comment-text-{key}")
            st.text_input(t("comment_action"), key=f"comment-action-{key}")
            st.form_submit_button(
                t("comment_save"),
                type="primary",
                key=f"comment-save-{key}",
                on_click=_save_comment,
                args=(ind.id, key, lang),
            )


def measure_markdown(row: dict, names: dict[str, str], lang: str) -> str:
    """One measure as a few lines: title, status (icon + word), responsible unit, due date, indicators."""
    facts = [measure_status_text(row["status"], lang)]
    if row["responsible"]:
        facts.append(f"{t('measure_responsible')}: {md_escape(row['responsible'])}")
    if row["due_date"]:
        facts.append(f"{t('measure_due')}: {fmt_date(row['due_date'], lang)}")
    title = f"**{md_escape(row['title'])}**"
    if row.get("is_example"):
        title += f" :orange-badge[{t('example_badge')}]"
    lines = [title, " · ".join(facts)]
    if row["description"]:
        lines.append(md_escape(row["description"]))
    if row["indicator_ids"]:
        lines.append(
            f":gray[{t('measure_indicators')}: {md_escape(', '.join(names.get(i, i) for i in row['indicator_ids']))}]"
        )
    return "  \n".join(lines)


def measures_block(goal_id: str, lang: str) -> None:
    """The goal's measures, read-only, with a link to «Tiltak» for analysts."""
    st.header(t("measures"), divider="gray", anchor="tiltak")
    catalog = state.catalog()
    frame = state.measures(goal_id)  # all measures read once per data version
    if frame.empty:
        st.info(t("no_measures"))
    else:
        names = {i.id: i.name.get(lang) for i in catalog.indicators}
        cols = st.columns(2)
        for n, row in enumerate(frame.to_dict("records")):
            with cols[n % 2].container(border=True):
                st.markdown(measure_markdown(row, names, lang))
    if auth.can_upload():
        st.page_link(
            "app_pages/measures.py",
            label=t("edit_measures"),
            icon=":material/edit:",
            query_params=components.link_params(mal=goal_id),
        )
