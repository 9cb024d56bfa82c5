"""Sign-in and roles: viewers need nothing; analysts sign in with OpenID Connect (st.login) when `[auth]` is
configured in secrets, or work on a dashboard that listens on localhost only and is reached directly from this
machine. The decision is one pure function, `decide(claims, headers, remote_address, settings)`; the rest of this
module only gathers its inputs from Streamlit (docs/sign-in.md)."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import streamlit as st

LOCAL_ADDRESSES = {"localhost", "127.0.0.1", "::1"}
# Headers that only a proxy adds (RFC 7239 Forwarded, the X-Forwarded-* family, nginx's X-Real-IP, RFC 9110 Via).
PROXY_HEADERS = ("forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip", "via")
ENTRA_PREFIX = "entra:"

ANALYST, VIEWER = "analyst", "viewer"


@dataclass(frozen=True)
class Settings:
    sign_in: bool  # an [auth] section is configured (OpenID Connect through st.login)
    analysts: frozenset[str]  # normalised: e-mail addresses, and "entra:<tid>/<oid>" for Entra ID objects
    listens_locally: bool  # server.address is a loopback address


@dataclass(frozen=True)
class Decision:
    mode: str  # oidc | local | open
    role: str  # analyst | viewer
    reason: str  # why, as a code (REASONS); the sidebar and the upload page word it
    identity: str | None = None  # the verified identity that matched (recorded in the audit trail)


REASONS = (
    "matched_entra_id",
    "matched_email",
    "signed_out",
    "not_listed",
    "email_unverified",
    "no_verified_identity",
    "local",
    "proxied",
    "remote",
    "host_not_local",
    "cross_origin",
    "open",
)


def normalise_analyst(entry) -> str | None:
    """An entry of `analysts`: an e-mail address, "entra:<tenant id>/<object id>", or {tid = "…", oid = "…"}."""
    if isinstance(entry, Mapping):
        tid, oid = str(entry.get("tid", "")).strip(), str(entry.get("oid", "")).strip()
        return f"{ENTRA_PREFIX}{tid}/{oid}".lower() if tid and oid else None
    text = str(entry).strip().lower()
    if text.startswith(ENTRA_PREFIX):
        tid, _, oid = text.removeprefix(ENTRA_PREFIX).partition("/")
        return text if tid and oid else None
    return text if "@" in text else None


def _is_false(value) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() in ("false", "0", "no"))


def verified_identities(claims: Mapping) -> tuple[list[str], str]:
    """The identities an ID token vouches for, most stable first, and why there are none if so.

    - Entra ID's object id `oid` with its tenant `tid`: fixed for the account's life, never reassigned.
    - `email`, unless the provider says `email_verified` is false.
    Never `preferred_username` or `upn`: free text that an account's owner or a guest tenant can set."""
    found = []
    tid, oid = str(claims.get("tid") or "").strip(), str(claims.get("oid") or "").strip()
    if tid and oid:
        found.append(f"{ENTRA_PREFIX}{tid}/{oid}".lower())
    email = str(claims.get("email") or "").strip().lower()
    unverified = False
    if "@" in email:
        if _is_false(claims.get("email_verified")):
            unverified = True
        else:
            found.append(email)
    return found, ("email_unverified" if unverified else "no_verified_identity")


def _host(value: str) -> str:
    """'localhost:8501' -> 'localhost'; '[::1]:8501' -> '::1'; an Origin 'http://localhost:8501' -> 'localhost'."""
    if "://" in value:
        value = urlsplit(value).netloc
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host in LOCAL_ADDRESSES:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:  # ::ffff:127.0.0.1
        address = address.ipv4_mapped
    return address.is_loopback


def local_request(headers: Mapping[str, str], remote_address: str | None) -> str:
    """'local' when the request came straight from this machine, else the reason it did not.

    `remote_address` is the connection's peer; None means loopback or not known (Streamlit reports loopback as
    None, and a script test has no connection at all)."""
    h = {str(k).lower(): str(v) for k, v in headers.items()}
    if any(name in h for name in PROXY_HEADERS):
        return "proxied"
    if remote_address is not None and not is_loopback(_host(remote_address)):
        return "remote"
    if "host" in h and not is_loopback(_host(h["host"])):
        return "host_not_local"  # a page elsewhere reaching this port through a name that resolves here
    if "origin" in h and h["origin"] != "null" and not is_loopback(_host(h["origin"])):
        return "cross_origin"
    return "local"


def decide(
    claims: Mapping | None, headers: Mapping[str, str], remote_address: str | None, settings: Settings
) -> Decision:
    """Who may upload. With sign-in configured: a signed-in user whose verified identity is listed. Without it, on
    a dashboard that listens on localhost only: a request straight from this machine. Otherwise nobody."""
    if settings.sign_in:
        if not claims or not claims.get("is_logged_in", True):
            return Decision("oidc", VIEWER, "signed_out")
        identities, missing = verified_identities(claims)
        for identity in identities:
            if identity in settings.analysts:
                kind = "matched_entra_id" if identity.startswith(ENTRA_PREFIX) else "matched_email"
                return Decision("oidc", ANALYST, kind, identity)
        return Decision("oidc", VIEWER, "not_listed" if identities else missing, identities[0] if identities else None)
    if settings.listens_locally:
        why = local_request(headers, remote_address)
        return Decision("local", ANALYST if why == "local" else VIEWER, why)
    return Decision("open", VIEWER, "open")


# --- gathering the inputs from Streamlit -------------------------------------------------------------------


def _secrets() -> dict:
    try:
        return {k: st.secrets[k] for k in st.secrets}
    except Exception:  # no secrets.toml at all: nothing configured
        return {}


def auth_configured() -> bool:
    return "auth" in _secrets()


def analysts() -> frozenset[str]:
    """Who may upload (secrets: analysts = ["a@asker.kommune.no", "entra:<tid>/<oid>", ...])."""
    raw = _secrets().get("analysts", [])
    return frozenset(n for n in (normalise_analyst(a) for a in raw) if n)


def listens_locally() -> bool:
    address = st.get_option("server.address")
    return bool(address) and str(address).strip("[]") in LOCAL_ADDRESSES


def settings() -> Settings:
    return Settings(auth_configured(), analysts(), listens_locally())


def claims() -> dict | None:
    try:
        return st.user.to_dict() if st.user.is_logged_in else {"is_logged_in": False}
    except Exception:  # no sign-in configured: st.user has nothing to say
        return None


def _request() -> tuple[dict, str | None]:
    try:
        headers = dict(st.context.headers)
    except Exception:
        headers = {}
    try:
        remote = st.context.ip_address
    except Exception:
        remote = None
    # Anything but an address text means no connection to judge (a script test has a stand-in object here).
    return headers, remote if isinstance(remote, str) else None


def decision() -> Decision:
    headers, remote = _request()
    return decide(claims(), headers, remote, settings())


def role() -> str:
    """'analyst' or 'viewer'."""
    return decision().role


def can_upload() -> bool:
    """Analysts may write, except on a replica that only reads snapshots (ASKER2030_READ_ONLY, see docs/deploy.md)."""
    from etl.bootstrap import read_only_replica

    return role() == ANALYST and not read_only_replica()


def signed_in() -> bool:
    c = claims()
    return bool(c and c.get("is_logged_in"))


def display_name() -> str | None:
    """Who the sidebar says is signed in: shown to that person only, never used to decide anything."""
    c = claims() or {}
    if not c.get("is_logged_in"):
        return None
    for claim in ("email", "preferred_username", "name"):
        if c.get(claim):
            return str(c[claim])
    return None


def user_email() -> str | None:
    """The signed-in user's verified e-mail address (None without one)."""
    c = claims()
    if not c or not c.get("is_logged_in"):
        return None
    return next((i for i in verified_identities(c)[0] if not i.startswith(ENTRA_PREFIX)), None)


def user_name() -> str:
    """Who is recorded in the audit trail: the verified identity that made the user an analyst."""
    d = decision()
    if d.mode == "oidc":
        if d.identity and d.identity.startswith(ENTRA_PREFIX):  # readable beside the id that decided
            shown = display_name()
            return f"{shown} ({d.identity})" if shown else d.identity
        return d.identity or user_email() or "ukjent"
    import getpass

    return f"{getpass.getuser()}@localhost"


def mode() -> str:
    """'oidc' (sign-in configured), 'local' (localhost only, no sign-in) or 'open' (network, uploads off)."""
    return decision().mode
