"""Sign-in and roles: viewers need nothing; analysts sign in with OpenID Connect (st.login) when `[auth]`
is configured in secrets, or work on a dashboard that listens on localhost only."""
from __future__ import annotations

import streamlit as st

from ui import i18n

# Menu labels of the analyst pages, which the router registers only for this role.
i18n.register({"nav_upload": ("Last opp", "Upload"), "nav_uploads": ("Opplastinger", "Uploads")})

LOCAL_ADDRESSES = {"localhost", "127.0.0.1", "::1"}


def _secrets() -> dict:
    try:
        return {k: st.secrets[k] for k in st.secrets}
    except Exception:  # no secrets.toml at all: nothing configured
        return {}


def auth_configured() -> bool:
    return "auth" in _secrets()


def analysts() -> set[str]:
    """E-mail addresses allowed to upload (secrets: analysts = ["a@asker.kommune.no", ...])."""
    raw = _secrets().get("analysts", [])
    return {str(a).strip().lower() for a in raw}


def listens_locally() -> bool:
    address = st.get_option("server.address")
    return bool(address) and str(address).strip("[]") in LOCAL_ADDRESSES


def user_email() -> str | None:
    """The signed-in user's e-mail. Microsoft Entra ID sends `email` only when the tenant has it set up;
    `preferred_username` (the UPN, normally the e-mail address) is used otherwise."""
    try:
        if st.user.is_logged_in:
            for claim in ("email", "preferred_username", "upn"):
                value = str(st.user.get(claim) or "").strip().lower()
                if "@" in value:
                    return value
    except Exception:
        return None
    return None


def role() -> str:
    """'analyst' or 'viewer'."""
    if auth_configured():
        email = user_email()
        return "analyst" if email and email in analysts() else "viewer"
    return "analyst" if listens_locally() else "viewer"


def can_upload() -> bool:
    """Analysts may write, except on a replica that only reads snapshots (ASKER2030_READ_ONLY, see docs/deploy.md)."""
    from etl.bootstrap import read_only_replica
    return role() == "analyst" and not read_only_replica()


def user_name() -> str:
    """Who is recorded in the audit trail."""
    if auth_configured():
        return user_email() or "ukjent"
    import getpass
    return f"{getpass.getuser()}@localhost"


def mode() -> str:
    """'oidc' (sign-in configured), 'local' (localhost only, no sign-in) or 'open' (network, uploads off)."""
    if auth_configured():
        return "oidc"
    return "local" if listens_locally() else "open"
