"""Åpne data: the open-data URLs (/api/v1/...), what they hold, and how to use and embed them."""

import pandas as pd
import streamlit as st

from api import fields
from api.routes import DOCUMENTED, EXAMPLE_INDICATOR, PREFIX
from ui import components, embed, i18n, state
from ui.i18n import t

i18n.register(
    {
        "od_title": ("Åpne data", "Open data"),
        "od_intro": (
            "Alle tallene bak dashbordet kan hentes fritt på faste adresser, som CSV, JSON eller en samlet "
            "datapakke. De oppdateres i samme øyeblikk som dashbordet, og ingen innlogging trengs.",
            "Every number behind the dashboard can be fetched freely at stable addresses, as CSV, JSON or one "
            "data package. They change the moment the dashboard does, and no sign-in is needed.",
        ),
        "od_urls": ("Adressene", "The addresses"),
        "od_example": ("Eksempel", "Example"),
        "od_columns": ("Kolonnene i målingene", "The columns of the observations"),
        "od_columns_intro": (
            "Norske kolonnenavn er standard; legg til `?lang=en` for engelske.",
            "Norwegian column names are the default; add `?lang=en` for English ones.",
        ),
        "od_col_nb": ("Navn", "Name (Norwegian)"),
        "od_col_en": ("Navn med ?lang=en", "Name with ?lang=en"),
        "od_col_type": ("Type", "Type"),
        "od_col_about": ("Innhold", "Content"),
        "od_use": ("Slik bruker du dem", "How to use them"),
        "od_rules": ("Godt å vite", "Good to know"),
        "od_rules_text": (
            "- **Bare lesing.** Adressene svarer på GET og HEAD og endrer aldri noe.\n"
            "- **Mellomlagring.** Hvert svar har `ETag` og `Last-Modified` fra dataversjonen og "
            "`Cache-Control: public, max-age=300`. Spør med `If-None-Match` for å få et tomt `304 Not Modified` når "
            "ingenting er endret.\n"
            "- **Fra andre nettsider.** CORS er åpent for GET: JavaScript på enhver nettside kan hente dataene.\n"
            "- **Trygt i regneark.** Tekst som begynner med `=`, `+`, `-` eller `@` får en apostrof foran, slik at et "
            "regneark ikke kjører den som en formel (tall endres ikke).\n"
            "- **CSV** er semikolonseparert med desimalkomma og UTF-8, slik norsk Excel åpner det; datapakken "
            "(`data.zip`) beskriver formatet i `datapackage.json` (Frictionless Data Package).",
            "- **Read only.** The addresses answer GET and HEAD and never change anything.\n"
            "- **Caching.** Every answer has `ETag` and `Last-Modified` from the data version and "
            "`Cache-Control: public, max-age=300`. Ask with `If-None-Match` to get an empty `304 Not Modified` when "
            "nothing has changed.\n"
            "- **From other web pages.** CORS is open for GET: JavaScript on any web page can fetch the data.\n"
            "- **Safe in spreadsheets.** Text that starts with `=`, `+`, `-` or `@` gets a leading apostrophe, so a "
            "spreadsheet never runs it as a formula (numbers are left alone).\n"
            "- **CSV** is semicolon separated with a decimal comma and UTF-8, as Norwegian Excel opens it; the data "
            "package (`data.zip`) states the format in `datapackage.json` (Frictionless Data Package).",
        ),
        "od_embed": ("Bygg inn diagrammer", "Embed charts"),
        "od_embed_text": (
            "Under hvert indikatordiagram finner du «Bygg inn», med en kode (iframe) du kan lime inn i en "
            "nettside eller et saksdokument. Den viser diagrammet, statussetningen, kilden og en lenke "
            "tilbake, og følger de nyeste dataene. Slik ser koden ut:",
            "Under every indicator chart you find “Embed”, with code (an iframe) to paste into a web page "
            "or a council paper. It shows the chart, the status sentence, the source and a link back, and "
            "follows the latest data. The code looks like this:",
        ),
    }
)

lang = i18n.lang()
catalog = state.catalog()
base = embed.app_url() + PREFIX
EXAMPLE = EXAMPLE_INDICATOR if catalog.has_indicator(EXAMPLE_INDICATOR) else catalog.indicators[0].id

st.title(t("od_title"))
components.example_banner()
st.write(t("od_intro"))

st.header(t("od_urls"))
for route in DOCUMENTED:
    with st.container(border=True):
        st.markdown(f"`GET {PREFIX}{route.path}`  \n{route.en if lang == 'en' else route.nb}")
        example = base + route.example.replace(EXAMPLE_INDICATOR, EXAMPLE)
        st.markdown(f"{t('od_example')}: [{example}]({example})")

st.header(t("od_columns"))
st.markdown(t("od_columns_intro"))  # not a caption: code in a caption is below 4.5:1 contrast
st.dataframe(
    pd.DataFrame(
        {
            t("od_col_nb"): [f.nb for f in fields.OBSERVATION],
            t("od_col_en"): [f.en for f in fields.OBSERVATION],
            t("od_col_type"): [f.type for f in fields.OBSERVATION],
            t("od_col_about"): [f.about(lang) for f in fields.OBSERVATION],
        }
    ),
    hide_index=True,
)

st.header(t("od_use"))
st.code(
    f"curl -s {base}/indicators.json\n"
    f"curl -s -O {base}/data.zip\n"
    f"curl -s -H 'If-None-Match: W/\"<etag>\"' -o /dev/null -w '%{{http_code}}' {base}/indicators.json  # 304",
    language="bash",
    wrap_lines=True,
)  # wrapped: a block that scrolls sideways cannot be reached by keyboard
st.code(
    "import pandas as pd\nimport requests\n\n"
    f'obs = pd.read_csv("{base}/indicators/{EXAMPLE}.csv?lang=en", sep=";", decimal=",")\n'
    f'meta = pd.json_normalize(requests.get("{base}/indicators.json").json()["indicators"])',
    language="python",
    wrap_lines=True,
)

st.header(t("od_rules"))
st.markdown(t("od_rules_text"))

st.header(t("od_embed"))
st.write(t("od_embed_text"))
st.code(
    embed.snippet(
        "indikator",
        {"indikator": EXAMPLE, "lang": lang if lang != "nb" else None},
        "Asker 2030: " + catalog.indicator(EXAMPLE).name.get(lang),
    ),
    language="html",
    wrap_lines=True,
)
