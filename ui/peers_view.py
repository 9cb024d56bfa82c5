"""Asker beside its comparison group on the indicator page: rank, target placement, chart and table."""

from __future__ import annotations

import streamlit as st

from ui import components, i18n, state
from ui.i18n import t

i18n.register(
    {
        "peers_title": ("Asker sammenlignet med andre", "Asker compared with others"),
        "peers_empty": (
            "Det finnes ingen tall for sammenligningsgruppen for denne indikatoren ennå. Gruppen "
            "(nabokommuner, KOSTRA-gruppe, fylket og landet) står i indicators/catalog/comparison.yaml; "
            "tallene kommer med opplastinger eller henting fra kildene.",
            "There are no figures for the comparison group for this indicator yet. The group "
            "(neighbours, KOSTRA group, the county and the country) is set in "
            "indicators/catalog/comparison.yaml; the figures come with uploads or fetches from the sources.",
        ),
        "peers_no_rank": (
            "Asker og de andre kommunene har ingen felles periode å rangeres på ennå.",
            "Asker and the other municipalities have no common period to be ranked on yet.",
        ),
        "peers_better_up": ("høyere er bedre", "higher is better"),
        "peers_better_down": ("lavere er bedre", "lower is better"),
        "peers_better_band": ("nærmest ønsket område er best", "closest to the desired range is best"),
        "peers_how": (
            "Kommunene rangeres på verdiene for {period} ({better}); fylket og landet vises til "
            "sammenligning og rangeres ikke. De andre har ikke Askers mål, så statusen deres er "
            "trendstatus uten mål; Asker vises med samme trendstatus her.",
            "The municipalities are ranked on their values for {period} ({better}); the county and the "
            "country are shown for comparison and not ranked. The others do not have Asker's target, so "
            "their status is the trend-only status (no target); Asker is shown with the same trend status here.",
        ),
        "peers_broken": (
            "Sammenligningsgruppen kan ikke leses: {error}. Rett filen; siden viser gruppen igjen så snart den er lagret.",
            "The comparison group cannot be read: {error}. Fix the file; the page shows the group again as soon as it is saved.",
        ),
        "peers_missing": ("Ingen tall for: {names}.", "No figures for: {names}."),
    }
)


def comparison_section(ind, lang: str, example: bool) -> None:
    st.subheader(t("peers_title"))
    comparison, fig, table = state.peer_view(ind.id, lang, example)  # chart and table made once per data version
    if comparison is None:
        error = state.comparison_error()
        st.error(t("peers_broken", error=str(error)))
        return
    if not comparison.has_peers:
        st.info(t("peers_empty"))
        return
    lines = [comparison.rank_text(lang) or t("peers_no_rank"), comparison.target_text(ind, lang)]
    st.markdown("  \n".join(f"**{line}**" if n == 0 else line for n, line in enumerate(lines) if line))
    if comparison.period:  # without a common period there is nothing to set side by side in one chart
        st.caption(t("peers_how", period=comparison.period, better=t(f"peers_better_{ind.direction}")))
        st.plotly_chart(fig, key="peers-chart", config={"displaylogo": False})
    st.dataframe(table, hide_index=True, height=35 * (len(table) + 1) + 3)  # every row at once (≤ ~15)
    missing = [r.area.label(lang) for r in comparison.rows if r.latest_value is None]
    if missing:
        st.caption(t("peers_missing", names=", ".join(missing)))
    components.downloads(table, f"asker2030-{ind.id}-sammenligning", fig, key="peers")
