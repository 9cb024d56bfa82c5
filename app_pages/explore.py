"""Utforsk: several indicators, years, areas and breakdowns together; the selection lives in the URL."""
import streamlit as st

from charts.indicator import compare_figure
from indicators.tables import breakdown_label, index_to
from store import queries
from ui import components, i18n, state
from ui.i18n import t

i18n.register({
    "explore_title": ("Utforsk og sammenlign", "Explore and compare"),
    "explore_intro": ("Velg indikatorer, år og områder. Lenken i adressefeltet viser akkurat dette utvalget, så du kan dele den.",
                      "Choose indicators, years and areas. The link in the address bar shows exactly this selection, so you can share it."),
    "pick_indicators": ("Indikatorer", "Indicators"),
    "years": ("År", "Years"),
    "areas": ("Områder", "Areas"),
    "breakdowns": ("Inndelinger", "Breakdowns"),
    "index": ("Vis som indeks (basisår = 100)", "Show as index (base year = 100)"),
    "index_year": ("Basisår for indeksen", "Base year of the index"),
    "explore_empty": ("Velg minst én indikator.", "Choose at least one indicator."),
    "explore_nodata": ("Ingen data for dette utvalget. Prøv andre år eller områder.",
                       "No data for this selection. Try other years or areas."),
    "mixed_units": ("Indikatorene har ulike enheter; vurder å vise dem som indeks.",
                    "The indicators have different units; consider showing them as an index."),
})

lang = i18n.lang()
catalog = state.catalog()
con = state.connection()
qp = st.query_params
ids = [i.id for i in catalog.indicators]
first, last = queries.year_range(con)
first, last = first or 2010, last or 2025
areas_all = queries.all_areas(con)


def _list(key, allowed, default):
    raw = [v for v in qp.get(key, "").split(",") if v]
    picked = [v for v in raw if v in allowed]
    return picked or default


def _int(key, default, low, high):
    try:
        return min(max(int(qp.get(key, default)), low), high)
    except ValueError:
        return default


st.title(t("explore_title"))
st.caption(t("explore_intro"))
components.example_banner()

chosen = st.multiselect(t("pick_indicators"), ids, default=_list("ind", ids, ids[:2]),
                        format_func=lambda i: f"{catalog.indicator(i).objective} · {catalog.indicator(i).name.get(lang)}")
c1, c2 = st.columns(2)
year_from, year_to = c1.slider(t("years"), first, last,
                               (_int("fra", first, first, last), _int("til", last, first, last)))
areas = c2.multiselect(t("areas"), areas_all, default=_list("omr", areas_all, ["Asker"] if "Asker" in areas_all else areas_all[:1]))
c3, c4 = st.columns(2)
indexed = c3.toggle(t("index"), value=qp.get("indeks") is not None)
base = c4.number_input(t("index_year"), first, last, _int("indeks", max(first, min(2015, last)), first, last),
                       disabled=not indexed)

frame = queries.series_many(con, chosen, areas, None, year_from, year_to) if chosen else None
available_bd = sorted(set(frame["breakdown"])) if frame is not None and not frame.empty else [""]
breakdowns = st.multiselect(t("breakdowns"), available_bd, default=_list("inndeling", available_bd, [available_bd[0]]),
                            format_func=lambda b: breakdown_label(b, lang))

# Mirror the selection into the URL so the view can be shared.
state_params = {"ind": ",".join(chosen), "fra": str(year_from), "til": str(year_to), "omr": ",".join(areas),
                "inndeling": ",".join(breakdowns)}
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
components.chart(fig, "explore-chart", table=False)  # the table of the selection follows right below
table = frame.assign(indicator=frame["indicator_id"].map(names))[
    ["indicator", "area", "breakdown", "period", "value"]]
st.dataframe(table, hide_index=True)
components.downloads(table, "asker2030-utvalg", fig, key="explore")
