"""Utforsk: several indicators, years, areas and breakdowns together; the selection lives in the URL."""

import streamlit as st

from charts.indicator import compare_figure
from indicators.format import fmt_number, fmt_value
from indicators.tables import breakdown_label, index_to
from store import queries
from ui import components, embed, i18n, state
from ui.i18n import t

lang = i18n.lang()
catalog = state.catalog()
con = state.connection()
qp = st.query_params
ids = [i.id for i in catalog.indicators]
first, last = queries.year_range(con)
first, last = first or 2010, last or 2025
areas_all = queries.all_areas(con)
# The comparison group (indicators/catalog/comparison.yaml) is one choice among the areas: it stands for all
# its areas that have data, and the URL keeps the one word (omr=sammenligningsgruppe).
GROUP = "sammenligningsgruppe"
group_areas = [a.name for a in state.comparison() if a.name in areas_all]
area_options = ([GROUP] if len(group_areas) > 1 else []) + areas_all


def _list(key, allowed, default):
    raw = [v for v in qp.get(key, "").split(",") if v]
    picked = [v for v in raw if v in allowed]
    return picked or default


def _int(key, default, low, high):
    try:
        return min(max(int(qp.get(key, default)), low), high)
    except ValueError:
        return default


# Embedded (?embed=true, in an iframe): the selection comes from the URL alone and only the chart is shown.
embedded = embed.is_embedded()
default_ind = _list("ind", ids, ids[:2])
default_years = (_int("fra", first, first, last), _int("til", last, first, last))
default_areas = _list("omr", area_options, ["Asker"] if "Asker" in areas_all else areas_all[:1])
default_base = _int("indeks", max(first, min(2015, last)), first, last)
if embedded:
    chosen, (year_from, year_to), areas = default_ind, default_years, default_areas
    indexed, base = qp.get("indeks") is not None, default_base
else:
    st.title(t("explore_title"))
    st.caption(t("explore_intro"))
    components.example_banner()
    chosen = st.multiselect(
        t("pick_indicators"),
        ids,
        default=default_ind,
        format_func=lambda i: f"{catalog.indicator(i).objective} · {catalog.indicator(i).name.get(lang)}",
        placeholder=t("choose_many"),
    )
    c1, c2 = st.columns(2)
    year_from, year_to = c1.slider(t("years"), first, last, default_years)
    areas = c2.multiselect(
        t("areas"),
        area_options,
        default=default_areas,
        format_func=lambda o: t("group_option", n=len(group_areas)) if o == GROUP else o,
        placeholder=t("choose_many"),
    )
    c3, c4 = st.columns(2)
    indexed = c3.toggle(t("index"), value=qp.get("indeks") is not None)
    base = c4.number_input(t("index_year"), first, last, default_base, disabled=not indexed)
chosen_areas = list(dict.fromkeys(a for o in areas for a in (group_areas if o == GROUP else [o])))

frame = queries.series_many(con, chosen, chosen_areas, None, year_from, year_to) if chosen else None
available_bd = sorted(set(frame["breakdown"])) if frame is not None and not frame.empty else [""]
default_bd = _list("inndeling", available_bd, [available_bd[0]])
breakdowns = (
    default_bd
    if embedded
    else st.multiselect(
        t("breakdowns"),
        available_bd,
        default=default_bd,
        format_func=lambda b: breakdown_label(b, lang),
        placeholder=t("choose_many"),
    )
)

# Mirror the selection into the URL so the view can be shared.
state_params = {
    "ind": ",".join(chosen),
    "fra": str(year_from),
    "til": str(year_to),
    "omr": ",".join(areas),
    "inndeling": ",".join(breakdowns),
}
if indexed:
    state_params["indeks"] = str(base)
for key in ("ind", "fra", "til", "omr", "inndeling", "indeks"):
    if key in state_params and qp.get(key) != state_params[key]:
        qp[key] = state_params[key]
    elif key not in state_params and key in qp:
        del qp[key]

if not chosen:
    st.info(t("explore_empty"))
    st.stop()
frame = frame[frame["breakdown"].isin(breakdowns)]
if indexed:
    frame = index_to(frame, int(base))
if frame.empty:
    st.info(t("explore_nodata"))
    st.stop()
names = {i: catalog.indicator(i).name.get(lang) for i in chosen}
units = {i: catalog.indicator(i).unit_label(lang) for i in chosen}
if not indexed and len(set(units.values())) > 1:
    st.caption(t("mixed_units"))
fig = compare_figure(frame, names, units, lang, indexed_to=int(base) if indexed else None)
url_state = {**state_params, "lang": lang if lang != "nb" else None}
if embedded:
    embed.compare_view([catalog.indicator(i) for i in chosen], fig, url_state, lang)
    st.stop()
components.data_dates(period=frame.loc[frame["time"].idxmax(), "period"])
components.chart(fig, "explore-chart", table=False)  # the table of the selection follows right below
table = frame.assign(
    indicator=frame["indicator_id"].map(names), breakdown=[breakdown_label(b, lang) for b in frame["breakdown"]]
)[["indicator", "area", "breakdown", "period", "value"]].rename(
    columns={
        "indicator": t("explore_col_indicator"),
        "area": t("explore_col_area"),
        "breakdown": t("explore_col_breakdown"),
        "period": t("explore_col_period"),
        "value": t("explore_col_value"),
    }
)
# Each indicator's values with its own unit and decimals (an index is a plain number with one decimal).
value_col = t("explore_col_value")
shown = table.copy()
shown[value_col] = [
    fmt_number(v, 1, lang) if indexed else fmt_value(v, catalog.indicator(i).unit, catalog.indicator(i).decimals, lang)
    for i, v in zip(frame["indicator_id"], frame["value"])
]
components.table(table, shown=shown, key="explore-table")
components.downloads(table, "asker2030-utvalg", fig, key="explore")
embed.embed_popover("utforsk", url_state, "Asker 2030: " + ", ".join(names.values()), key="explore")
