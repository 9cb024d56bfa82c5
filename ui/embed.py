"""Embedding: the «Bygg inn» snippet under every indicator chart, and the minimal view an iframe shows
(?embed=true: the chart, its status sentence, source and a link back; no sidebar)."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode, urlsplit

import streamlit as st

from indicators.explain import explanation
from ui import components
from ui.i18n import t

# The iframe's height fits the embedded view at the widths of an article column (title, banner, sentence, chart,
# source, link); the chart is lower than on the full page for that reason.
EMBED_HEIGHT = 720
CHART_HEIGHT = 340


def is_embedded() -> bool:
    """`?embed=true`: Streamlit's own embed switch (it also hides Streamlit's toolbar). Streamlit keeps it out of
    st.query_params and reports it in st.context."""
    return bool(st.context.is_embedded)


def app_url() -> str:
    """The dashboard's address as the viewer's browser sees it: scheme and host from the browser, then the
    configured server.baseUrlPath (st.context.url may still hold the page's own path)."""
    parts = urlsplit(st.context.url or "http://localhost:8501")
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"{parts.scheme}://{parts.netloc}" + (f"/{base}" if base else "")


def _url(path: str, params: dict) -> str:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"{app_url()}/{path}" + (f"?{query}" if query else "")


def page_url(path: str, params: dict) -> str:
    """The full page at the same state (the embed's link back)."""
    return _url(path, {k: v for k, v in params.items() if k != "embed"})


def embed_url(path: str, params: dict) -> str:
    """The same state, embedded."""
    return _url(path, {**{k: v for k, v in params.items() if k != "embed"}, "embed": "true"})


def snippet(path: str, params: dict, title: str) -> str:
    """An iframe with a title (screen readers announce it) that fills the width of the host page."""
    return (
        f'<iframe src="{escape(embed_url(path, params))}" title="{escape(title)}" width="100%" '
        f'height="{EMBED_HEIGHT}" style="border:0" loading="lazy"></iframe>'
    )


def embed_popover(path: str, params: dict, title: str, key: str) -> None:
    """«Bygg inn»: the snippet for the same view (same URL state) as the chart it sits under. Two elements only:
    the help is the button's tooltip, and the snippet's code block has its own copy button. (A goal page, with two
    dozen charts, has the snippet in an HTML disclosure in each card instead: ui/goal_view.card_tail.)"""
    with st.popover(t("embed"), icon=":material/code:", key=f"embed-{key}", help=t("embed_help")):
        st.code(snippet(path, params, title), language="html", wrap_lines=True)


def indicator_view(ind, assessment, fig, params: dict, lang: str) -> None:
    """The embedded indicator: title, status with its sentence, the chart, the source and a link back."""
    # The page's one h1, at the size of a heading in an article rather than of a page title.
    st.html(f'<h1 style="font-size:1.6rem;margin:0;padding:0 0 0.25rem 0">{escape(ind.name.get(lang))}</h1>')
    components.example_banner()
    components.status_badge(assessment.status)
    st.write(explanation(assessment, lang))
    # the chart's one-sentence text alternative; its table is on the full page the link below goes to
    components.chart(fig, "embed-chart", components.value_formatter(ind, lang), table=False)
    source = ind.source.agency + (f", {ind.source.table}" if ind.source.table else "")
    st.caption(t("embed_source", source=source))
    st.markdown(f"[{t('embed_back')}]({page_url('indikator', params)})")


def compare_view(indicators: list, fig, params: dict, lang: str) -> None:
    """The embedded comparison (Utforsk): the indicators' names, the chart, their sources and a link back."""
    title = ", ".join(ind.name.get(lang) for ind in indicators)
    st.html(f'<h1 style="font-size:1.6rem;margin:0;padding:0 0 0.25rem 0">{escape(title)}</h1>')
    components.example_banner()
    components.chart(fig, "embed-chart", table=False)  # the summary; the table is on the page linked below
    sources = dict.fromkeys(
        ind.source.agency + (f", {ind.source.table}" if ind.source.table else "") for ind in indicators
    )
    st.caption(t("embed_source", source="; ".join(sources)))
    st.markdown(f"[{t('embed_back_explore')}]({page_url('utforsk', params)})")
