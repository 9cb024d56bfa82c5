"""Åpne data: the open-data URLs (/api/v1/...), what they hold, and how to use and embed them."""

import pandas as pd
import streamlit as st

from api import fields
from api.routes import DOCUMENTED, EXAMPLE_INDICATOR, PREFIX
from ui import components, embed, i18n, state
from ui.i18n import t

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
