"""The mapping step of the analysts' upload page: which column is which, and a new indicator's form (the checks
live in `etl.new_indicator`; this module only lays them out)."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from etl import load as loader
from etl import new_indicator
from etl.read import ColumnMapping
from indicators.catalog import DIRECTIONS, FREQUENCIES, TARGET_KINDS, UNITS, CatalogError
from store import db
from ui import i18n, state
from ui.components import md_text
from ui.i18n import N_, t

MAPPING_ROLES = ("indicator", "period", "value", "area", "variable", "note", "flag")
# Ids built at run time below, t(f"map_{role}"), t(f"dir_{direction}") and t(f"kind_{target_kind}"), marked for
# extraction (docs/translations.md).
_LABEL_IDS = (
    N_("map_indicator"),
    N_("map_period"),
    N_("map_value"),
    N_("map_area"),
    N_("map_variable"),
    N_("map_note"),
    N_("map_flag"),
    N_("dir_up"),
    N_("dir_down"),
    N_("dir_band"),
    N_("kind_absolute"),
    N_("kind_relative"),
    N_("kind_keep"),
    N_("kind_band"),
)


def file_key(f) -> str:
    return f"{f.name}:{f.file_id}"


def mapping_overrides() -> dict:
    return st.session_state.setdefault("upload_overrides", {})


def _columns(p: loader.PreparedUpload) -> list[str]:
    d = p.read.details or {}
    cols = d.get("columns") or []
    if not cols and p.read.mapping is not None:
        m = p.read.mapping
        cols = [c for _, c in m.columns()]
    return [str(c) for c in cols]


def mapping_editor(n: int, f, p: loader.PreparedUpload) -> None:
    """Selectboxes to correct the proposed mapping; the file is read again with the corrected choices."""
    lang = i18n.lang()
    columns = _columns(p)
    fkey = file_key(f)
    current_mapping, current_id = mapping_overrides().get(fkey, (None, None))
    m = current_mapping or p.read.mapping or ColumnMapping()
    fixed = current_id or m.indicator_id
    expanded = not p.ok or p.read.format != "canonical" or current_mapping is not None
    with st.expander(t("mapping_title"), expanded=expanded, icon=":material/table_view:"):
        st.caption(t("mapping_help"))
        with st.form(f"mapping_{n}", border=False):
            catalog = p.catalog or state.catalog()
            ids = [i.id for i in catalog.indicators]
            names = {i.id: i.name.get(lang) for i in catalog.indicators}
            options = [None] + ids
            chosen_id = st.selectbox(
                t("map_indicator_id"),
                options,
                index=options.index(fixed) if fixed in options else 0,
                format_func=lambda v: t("map_from_file") if v is None else f"{names.get(v, v)} ({v})",
                key=f"map_{n}_indicator_id",
                placeholder=t("choose_one"),
            )
            col_options = [None] + columns
            values = {}
            grid = st.columns(3)
            for k, role in enumerate(MAPPING_ROLES):
                cur = getattr(m, role, None)
                opts = col_options if cur in col_options else col_options + [cur]
                with grid[k % 3]:
                    values[role] = st.selectbox(
                        t(f"map_{role}"),
                        opts,
                        index=opts.index(cur),
                        format_func=lambda v: t("map_none") if v is None else str(v),
                        key=f"map_{n}_{role}",
                        placeholder=t("choose_one"),
                    )
            breakdown = st.multiselect(
                t("map_breakdown"),
                columns,
                default=[c for c in m.breakdown if c in columns],
                placeholder=t("map_none"),
                key=f"map_{n}_breakdown",
            )
            left, right = st.columns(2)
            apply = left.form_submit_button(t("map_apply"), icon=":material/refresh:")
            reset = right.form_submit_button(t("map_reset"), type="tertiary")
        if apply:
            mapping = replace(m, indicator_id=chosen_id, breakdown=list(breakdown), **values)
            mapping_overrides()[fkey] = (mapping, chosen_id)
            st.rerun()
        if reset:
            mapping_overrides().pop(fkey, None)
            st.rerun()


# --- new indicators -----------------------------------------------------------------------------------


def new_indicator_form(n: int, f, p: loader.PreparedUpload, guess: dict) -> None:
    lang = i18n.lang()
    catalog = state.catalog()
    what = guess.get("table") or guess.get("id") or "?"
    # An unknown id in the file is most likely a new indicator; an unknown source table is more often an
    # existing indicator to pick in the mapping above, so the form starts folded then.
    with st.expander(t("new_title"), expanded="table" not in guess, icon=":material/add_chart:"):
        st.caption(t("new_intro", what=md_text(what)))
        with st.form(f"new_indicator_{n}"):
            fields: dict = {}
            a, b = st.columns(2)
            fields["id"] = a.text_input(t("new_id"), value=guess.get("id", ""), key=f"new_{n}_id")
            objectives = [o.id for o in catalog.objectives]
            short = {o.id: o.short.get(lang) for o in catalog.objectives}
            fields["objective"] = b.selectbox(
                t("new_objective"),
                objectives,
                format_func=lambda o: f"{o} {short[o]}",
                key=f"new_{n}_objective",
                placeholder=t("choose_one"),
            )
            fields["name_nb"] = a.text_input(t("new_name_nb"), key=f"new_{n}_name_nb")
            fields["name_en"] = b.text_input(t("new_name_en"), key=f"new_{n}_name_en")
            fields["unit"] = a.selectbox(
                t("new_unit"),
                list(UNITS),
                format_func=lambda u: UNITS[u][lang],
                key=f"new_{n}_unit",
                placeholder=t("choose_one"),
            )
            fields["direction"] = b.selectbox(
                t("new_direction"),
                list(DIRECTIONS),
                format_func=lambda d: t(f"dir_{d}"),
                key=f"new_{n}_direction",
                placeholder=t("choose_one"),
            )
            fields["baseline_year"] = a.number_input(t("new_baseline_year"), 1990, 2030, 2015, key=f"new_{n}_by")
            fields["baseline_value"] = b.text_input(t("new_baseline_value"), key=f"new_{n}_bv")
            fields["target_kind"] = a.selectbox(
                t("new_target_kind"),
                list(TARGET_KINDS),
                format_func=lambda k: t(f"kind_{k}"),
                key=f"new_{n}_kind",
                placeholder=t("choose_one"),
            )
            fields["target_year"] = b.number_input(t("new_target_year"), 2020, 2100, 2030, key=f"new_{n}_ty")
            fields["target_value"] = a.text_input(t("new_target_value"), key=f"new_{n}_tv")
            fields["target_change_percent"] = b.text_input(t("new_target_change"), key=f"new_{n}_tc")
            fields["target_base_year"] = a.text_input(t("new_target_base_year"), key=f"new_{n}_tb")
            fields["target_low"] = b.text_input(t("new_target_low"), key=f"new_{n}_tl")
            fields["target_high"] = a.text_input(t("new_target_high"), key=f"new_{n}_th")
            fields["target_lowest_accepted"] = b.text_input(t("new_target_floor"), key=f"new_{n}_tf")
            fields["agency"] = a.text_input(t("new_agency"), value=guess.get("agency", ""), key=f"new_{n}_agency")
            fields["table"] = b.text_input(t("new_table"), value=guess.get("table", ""), key=f"new_{n}_table")
            fields["variable"] = a.text_input(t("new_variable"), key=f"new_{n}_variable")
            fields["url"] = b.text_input(t("new_url"), key=f"new_{n}_url")
            fields["sector_nb"] = a.text_input(t("new_sector_nb"), key=f"new_{n}_sector_nb")
            fields["sector_en"] = b.text_input(t("new_sector_en"), key=f"new_{n}_sector_en")
            fields["frequency"] = a.selectbox(
                t("new_frequency"),
                list(FREQUENCIES),
                format_func=lambda q: FREQUENCIES[q][lang],
                key=f"new_{n}_freq",
                placeholder=t("choose_one"),
            )
            fields["decimals"] = b.number_input(t("new_decimals"), 0, 4, 1, key=f"new_{n}_decimals")
            fields["definition_nb"] = st.text_area(t("new_definition_nb"), key=f"new_{n}_def_nb")
            fields["definition_en"] = st.text_area(t("new_definition_en"), key=f"new_{n}_def_en")
            submitted = st.form_submit_button(t("new_save"), type="primary", icon=":material/save:")
        if submitted:
            try:
                ind = new_indicator.indicator_from_form(fields, catalog)
            except CatalogError as exc:
                st.error(t("new_invalid", message=f"{exc.message}" + (f" ({exc.hint})" if exc.hint else "")))
                return
            with state.writer() as con:
                db.save_indicator(con, ind)
            if guess.get("table"):  # a source the catalog did not know: read this file as the new indicator
                mapping, _ = mapping_overrides().get(file_key(f), (None, None))
                mapping_overrides()[file_key(f)] = (mapping, ind.id)
            st.session_state["upload_new_indicator"] = ind.id
            st.rerun()


def saved_indicator_notice() -> None:
    """After a new indicator is saved: say so and offer its catalog YAML for review."""
    iid = st.session_state.get("upload_new_indicator")
    if not iid:
        return
    catalog = state.catalog()
    if not catalog.has_indicator(iid):
        return
    st.success(t("new_saved", id=iid), icon=":material/check_circle:")
    st.download_button(
        t("new_download"),
        new_indicator.indicators_yaml([catalog.indicator(iid)]),
        file_name=f"{iid}.yaml",
        mime="application/x-yaml",
        key="upload_new_yaml",
        on_click="ignore",
        icon=":material/download:",
    )
