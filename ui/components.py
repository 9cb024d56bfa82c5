"""Small Streamlit building blocks shared by pages: banners, status badges, language switch, downloads."""
from __future__ import annotations

import streamlit as st

from indicators.format import fmt_date
from store import db, queries
from ui import auth, i18n, state
from ui.i18n import t

i18n.register({
    "lang_nb": ("Norsk (bokmål)", "Norsk (bokmål)"),
    "lang_en": ("English", "English"),
    "role_local": ("Lokal analytikermodus: opplasting er åpen fordi dashbordet bare lytter på denne maskinen.",
                   "Local analyst mode: uploads are open because the dashboard listens on this machine only."),
    "role_open": ("Visningsmodus: opplasting er slått av fordi innlogging ikke er satt opp.",
                  "Viewing mode: uploads are off because sign-in is not configured."),
    "signed_in_as": ("Logget inn som {who}", "Signed in as {who}"),
    "sign_in": ("Logg inn (analytikere)", "Sign in (analysts)"),
    "sign_out": ("Logg ut", "Sign out"),
    "store_hint": ("Hva du kan gjøre", "What you can do"),
})


def store_error(exc: Exception) -> None:
    st.error(f"**{t('store_error')}.** {getattr(exc, 'message', str(exc))}")
    hint = getattr(exc, "hint", "")
    if hint:
        st.info(f"**{t('store_hint')}:** {hint}")


def language_switch() -> None:
    current = i18n.lang()
    choice = st.segmented_control(t("language"), ["nb", "en"], default=current, key="lang_switch",
                                  format_func=lambda code: t(f"lang_{code}"))
    if choice and choice != current:
        st.session_state["lang"] = choice
        if choice == "nb":
            st.query_params.pop("lang", None)
        else:
            st.query_params["lang"] = choice
        st.rerun()


def example_banner() -> None:
    """Shown on every page while any value comes from the bundled example data."""
    if queries.shows_example_data(state.connection()):
        st.warning(t("example_banner"), icon=":material/science:")


def sidebar_footer() -> None:
    con = state.connection()
    as_of = queries.data_as_of(con)
    if as_of is not None:
        st.caption(t("data_as_of", date=fmt_date(as_of, i18n.lang())))
    if queries.shows_example_data(con):
        st.caption(f":orange-badge[:material/science: {t('example_badge')}]")
    mode = auth.mode()
    if mode == "oidc":
        if auth.user_email():
            st.caption(t("signed_in_as", who=auth.user_email()))
            if st.button(t("sign_out")):
                st.logout()
        elif st.button(t("sign_in")):
            st.login()
    elif mode == "local":
        st.caption(t("role_local"))
    else:
        st.caption(t("role_open"))
