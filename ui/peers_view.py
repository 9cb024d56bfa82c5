"""Asker beside its comparison group on the indicator page: rank, target placement, chart and table."""

from __future__ import annotations

import streamlit as st

from ui import components, state
from ui.i18n import N_, t

# Ids built at run time below, t(f"peers_better_{direction}"), marked for extraction
# (docs/translations.md).
_BETTER_IDS = (N_("peers_better_up"), N_("peers_better_down"), N_("peers_better_band"))


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
