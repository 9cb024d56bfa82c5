"""Indikator: everything about one indicator at a shareable URL (?indikator=<id>&omrade=<area>&inndeling=<breakdown>);
with &embed=true only the chart, its status sentence, source and a link back (for an iframe)."""

import pandas as pd
import streamlit as st

from indicators.catalog import FREQUENCIES
from indicators.explain import explanation, note_texts
from indicators.tables import breakdown_label, history_frame, method_table, series_frame, target_text
from ui import components, embed, fetch_view, i18n, peers_view, state
from ui.i18n import t

MANY_SERIES = 60
lang = i18n.lang()
catalog = state.catalog()
ids = [i.id for i in catalog.indicators]
embedded = embed.is_embedded()
wanted = st.query_params.get("indikator", ids[0])
if wanted not in ids:
    st.warning(t("unknown_indicator", id=wanted))
    wanted = ids[0]
choice = (
    wanted
    if embedded
    else st.selectbox(
        t("pick_indicator"),
        ids,
        index=ids.index(wanted),
        format_func=lambda i: f"{catalog.indicator(i).objective} · {catalog.indicator(i).name.get(lang)}",
        placeholder=t("choose_one"),
    )
)
if choice != st.query_params.get("indikator"):
    st.query_params["indikator"] = choice
    for stale in ("omrade", "inndeling"):  # they belonged to the indicator chosen before
        st.query_params.pop(stale, None)
ind = catalog.indicator(choice)

example = ind.id in state.example_indicators()  # real data has replaced the example values, or not
if not embedded:
    st.title(ind.name.get(lang))
    components.example_banner([ind.id])
    st.write(ind.definition.get(lang))
facts = {
    t("objectives_line", ids=", ".join(ind.objectives)): "",
    t("source"): f"{ind.source.agency}" + (f", tabell {ind.source.table}" if ind.source.table else ""),
    t("unit"): ind.unit_label(lang),
    t("sector"): ind.sector.get(lang),
    t("frequency"): FREQUENCIES[ind.frequency][lang],
    t("baseline"): str(ind.baseline_year),
    t("target"): target_text(ind, lang),
}
if not embedded:
    st.markdown("  \n".join(f"**{k}**" + (f": {v}" if v else "") for k, v in facts.items()))
    if ind.source.url:
        st.markdown(ind.source.url)  # not a caption: a link in a caption is below 4.5:1 contrast
    fetch_view.fetch_button(ind)

series_list = state.indicator_table(ind.id, "series_list")
if series_list.empty:
    st.info(t("no_series"))
    st.stop()
options = list(zip(series_list["area"], series_list["breakdown"]))
in_url = (st.query_params.get("omrade", "Asker"), st.query_params.get("inndeling", ""))
fallback = ("Asker", "") if ("Asker", "") in options else options[0]
default = options.index(in_url if in_url in options else fallback)
area, breakdown = (
    options[default]
    if embedded
    else st.selectbox(
        t("series_pick"),
        options,
        index=default,
        format_func=lambda o: f"{o[0]} · {breakdown_label(o[1], lang)}",
        placeholder=t("choose_one"),
    )
)
# The chosen series is part of the URL (shared links and «Bygg inn» show the same); Asker's total is the default.
for param, value, default_value in (("omrade", area, "Asker"), ("inndeling", breakdown, "")):
    if value == default_value:
        st.query_params.pop(param, None)
    elif st.query_params.get(param) != value:
        st.query_params[param] = value
url_state = {
    "indikator": ind.id,
    "omrade": None if area == "Asker" else area,
    "inndeling": breakdown or None,
    "lang": lang if lang != "nb" else None,
}
series, a, fig = state.series_view(
    ind.id,
    area,
    breakdown,
    lang,
    example,  # drawn once per data version
    height=embed.CHART_HEIGHT if embedded else 420,
)
if embedded:
    embed.indicator_view(ind, a, fig, url_state, lang)
    st.stop()
observed = series["period"][series["value"].notna()]  # the newest period with a figure, not a missing cell
components.data_dates(period=observed.iloc[-1] if len(observed) else None)
components.assessment_badge(a)
st.write(explanation(a, lang))
for note in note_texts(a, lang):
    st.caption(note)
if (area, breakdown) != ("Asker", ""):
    st.caption(t("series_note_trend"))
components.chart(fig, "detail-chart", components.value_formatter(ind, lang), components.period_labels(series))
title = (
    ind.name.get(lang)
    + (f" – {area}" if area != "Asker" else "")  # the image's title names the series
    + (f" ({breakdown_label(breakdown, lang)})" if breakdown else "")
)
components.downloads(lambda: series_frame(series, lang), f"asker2030-{ind.id}", fig, key="detail", title=title)
embed.embed_popover("indikator", url_state, f"Asker 2030: {ind.name.get(lang)}", key="detail")

st.subheader(t("method"))
st.dataframe(method_table(ind, a, lang), hide_index=True)

peers_view.comparison_section(ind, lang, example)

st.subheader(t("all_series"))
# Many series (a national file has every municipality): assessing them all takes seconds, so only on request.
if len(options) <= MANY_SERIES or st.toggle(t("all_series_show", n=len(options)), key="all_series_show"):
    statuses = state.series_statuses(ind.id, lang)
    st.dataframe(
        pd.DataFrame(
            {
                "Område" if lang != "en" else "Area": statuses["area"],
                "Inndeling" if lang != "en" else "Breakdown": [
                    breakdown_label(bd, lang) for bd in statuses["breakdown"]
                ],
                "Status": [
                    f"{components.STATUSES[s]['icon']} {components.status_label(s, lang)}" for s in statuses["status"]
                ],
                "Forklaring" if lang != "en" else "Explanation": statuses["explanation"],
            }
        ),
        hide_index=True,
    )

st.subheader(t("data_table"))
data, shown = components.observations_tables(ind, lang)  # thousands of rows: formatted once per data version
components.table(data, shown=shown, download=f"asker2030-{ind.id}-alle-data", key="all-data")

st.subheader(t("upload_history"))
history = state.indicator_table(ind.id, "history")
if history.empty:
    st.caption(t("no_uploads"))
else:
    components.table(history_frame(history, lang), key="history")
