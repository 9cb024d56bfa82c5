"""Interface texts in bokmål (default) and English; `t(key)` picks the current language."""

from __future__ import annotations

import streamlit as st

LANGS = ("nb", "en")

# key -> (bokmål, English). Feature modules add their own with `register`.
TEXTS: dict[str, tuple[str, str]] = {
    "app_title": ("Asker 2030", "Asker 2030"),
    "app_subtitle": (
        "Bærekraftsmålene i Asker: status og utvikling mot 2030",
        "Asker's Sustainable Development Goals: status and progress towards 2030",
    ),
    "language": ("Språk", "Language"),
    "example_banner": (
        "**Eksempeldata.** Tallene som vises er illustrerende eksempeldata, ikke offisiell statistikk. "
        "Målformuleringene og klimamålet er Asker kommunes egne.",
        "**Example data.** The figures shown are illustrative example data, not official statistics. "
        "The goal texts and the climate target are Asker municipality's own.",
    ),
    "example_badge": ("Eksempeldata", "Example data"),
    "nav_overview": ("Oversikt", "Overview"),
    "nav_goals": ("Mål", "Goals"),
    "nav_tools": ("Verktøy", "Tools"),
    "nav_analyst": ("For analytikere", "For analysts"),
    "nav_indicator": ("Indikator", "Indicator"),
    "nav_explore": ("Utforsk", "Explore"),
    "nav_quality": ("Datakvalitet", "Data quality"),
    "nav_about": ("Om", "About"),
    "nav_open_data": ("Åpne data", "Open data"),
    "goal": ("Mål", "Goal"),
    "objective": ("Delmål", "Objective"),
    "objectives": ("Delmål", "Objectives"),
    "indicator": ("Indikator", "Indicator"),
    "indicators": ("Indikatorer", "Indicators"),
    "n_indicators": ("{n} indikatorer", "{n} indicators"),
    "data_as_of": ("Data per {date}", "Data as of {date}"),
    # "Data per" names the newest period of the data on the page; when the store last changed is said apart.
    "data_period": ("Data per {period}", "Data as of {period}"),
    "data_period_help": ("nyeste periode som vises", "the newest period shown"),
    "store_updated": ("Databasen oppdatert {date}", "Store updated {date}"),
    "old_data_since": ("Gamle data: siste tall fra {period}", "Old data: latest figure from {period}"),
    "no_data_yet": ("Ingen data ennå.", "No data yet."),
    "no_uploads": ("Ingen opplastinger ennå.", "No uploads yet."),
    "no_series": (
        "Ingen målinger for Asker ennå. Analytikere kan laste opp data på «Last opp».",
        "No measurements for Asker yet. Analysts can upload data on “Upload”.",
    ),
    "store_error": ("Databasen kan ikke åpnes", "The database cannot be opened"),
    # Streamlit's own texts that it lets us set (the placeholder of a select box or multiselect); its file
    # uploader's texts are fixed in English in Streamlit 1.67.
    "choose_one": ("Velg", "Choose an option"),
    "choose_many": ("Velg en eller flere", "Choose options"),
}


def register(texts: dict[str, tuple[str, str]]) -> None:
    TEXTS.update(texts)


def _from_request() -> str:
    value = st.query_params.get("lang") or st.session_state.get("lang", "nb")
    return value if value in LANGS else "nb"


def lang() -> str:
    """Current language: ?lang=en in the URL (so shared links keep it), remembered for the session.
    sync_lang() settles it at the start of every run, so later calls (hundreds per page: every t()) read the
    session only, which costs a fraction of reading the URL's query parameters."""
    value = st.session_state.get("lang")
    return value if value in LANGS else _from_request()


def sync_lang() -> str:
    """Keep ?lang in the URL across page switches (Streamlit drops query params on navigation)."""
    current = _from_request()
    st.session_state["lang"] = current
    if current != "nb" and st.query_params.get("lang") != current:
        st.query_params["lang"] = current
    return current


def t(key: str, **params) -> str:
    nb, en = TEXTS.get(key, (key, key))
    text = en if lang() == "en" else nb
    return text.format(**params) if params else text


def pick(nb: str, en: str) -> str:
    """Choose between two texts from the data (e.g. name_nb / name_en)."""
    return en if lang() == "en" and en else nb
