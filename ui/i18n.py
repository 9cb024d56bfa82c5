"""Interface texts in bokmål (default) and English from the gettext catalogs in locale/ (docs/translations.md):
`t(id)` picks the current language. The catalogs are compiled (.po -> .mo) when the .mo is missing or older."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

LANGS = ("nb", "en")
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "messages"


def N_(message_id: str) -> str:
    """Marks a message id that the code builds at run time (t(f"view_{v}")) so that extraction finds it."""
    return message_id


def compile_catalog(lang: str, locale_dir: Path = LOCALE_DIR) -> Path:
    """The language's compiled catalog (.mo), compiled from its .po if it is missing or older. Written to a
    temporary file and renamed, so that replicas starting together never read half a file."""
    po = locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo = po.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        with po.open("rb") as f:
            catalog = read_po(f, locale=lang, domain=DOMAIN)
        tmp = mo.with_name(f"{mo.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            write_mo(f, catalog)
        os.replace(tmp, mo)
    return mo


def load_catalog(lang: str, locale_dir: Path = LOCALE_DIR) -> dict[str, str]:
    """Message id -> text for one language, from the compiled catalog; from the .po itself if the checkout is
    read-only and the .mo is stale (a deployment as another user)."""
    try:
        with compile_catalog(lang, locale_dir).open("rb") as f:
            catalog = read_mo(f)
    except OSError:
        with (locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as f:
            catalog = read_po(f, locale=lang, domain=DOMAIN)
    return {m.id: m.string for m in catalog if m.id and m.string and isinstance(m.id, str)}


# Loaded once per process (at import): t() is called hundreds of times per page view and stays a dict lookup.
TEXTS: dict[str, dict[str, str]] = {lang: load_catalog(lang) for lang in LANGS}


def __getattr__(name: str):
    if name == "register":  # the inline (bokmål, English) pairs of before: say where texts go now
        raise AttributeError(
            "ui.i18n.register is gone: add the text to locale/*/LC_MESSAGES/messages.po (docs/translations.md)"
        )
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    """The text of message `key` in the current language (the id itself if the catalog lacks it)."""
    text = TEXTS[lang()].get(key, key)
    return text.format(**params) if params else text


def pick(nb: str, en: str) -> str:
    """Choose between two texts from the data (e.g. name_nb / name_en)."""
    return en if lang() == "en" and en else nb
