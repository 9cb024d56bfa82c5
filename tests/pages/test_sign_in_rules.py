"""Who may upload, as one pure decision of (claims, request headers, remote address, settings): a table of cases
for the claims rules and for the local mode, then the same rules wired into the running router (AppTest)."""

from __future__ import annotations

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from store import db, queries
from tests.upload_samples import DASHBOARD
from ui.auth import ANALYST, VIEWER, Settings, decide, normalise_analyst

TID = "72f988bf-86f1-41af-91ab-2d7cd011db47"
OID = "00000000-0000-0000-66f3-3332eca7ea81"
KARI = "kari.nordmann@asker.kommune.no"
LISTED = frozenset(n for n in (normalise_analyst(a) for a in [KARI.upper(), f"entra:{TID}/{OID}".upper()]) if n)
SIGN_IN = Settings(sign_in=True, analysts=LISTED, listens_locally=False)
SIGN_IN_ON_LOCALHOST = Settings(sign_in=True, analysts=LISTED, listens_locally=True)
LOCAL = Settings(sign_in=False, analysts=frozenset(), listens_locally=True)
NETWORK = Settings(sign_in=False, analysts=frozenset(), listens_locally=False)
BROWSER = {"host": "localhost:8501", "origin": "http://localhost:8501", "user-agent": "Mozilla/5.0"}


@pytest.mark.parametrize(
    "claims, role, reason, identity",
    [
        ({"email": KARI}, ANALYST, "matched_email", KARI),
        ({"email": KARI.upper(), "email_verified": True}, ANALYST, "matched_email", KARI),
        ({"email": KARI, "email_verified": False}, VIEWER, "email_unverified", None),
        ({"email": KARI, "email_verified": "false"}, VIEWER, "email_unverified", None),  # some providers send text
        ({"preferred_username": KARI}, VIEWER, "no_verified_identity", None),
        ({"upn": KARI, "name": "Kari Nordmann"}, VIEWER, "no_verified_identity", None),
        (
            {"oid": OID, "tid": TID, "preferred_username": "anything@elsewhere.example"},
            ANALYST,
            "matched_entra_id",
            f"entra:{TID}/{OID}",
        ),
        ({"oid": OID.upper(), "tid": TID.upper()}, ANALYST, "matched_entra_id", f"entra:{TID}/{OID}"),
        (
            {"oid": OID, "tid": "another-tenant"},
            VIEWER,
            "not_listed",
            f"entra:another-tenant/{OID}",
        ),  # a guest elsewhere
        ({"oid": OID}, VIEWER, "no_verified_identity", None),  # an object id means nothing without its tenant
        (
            {"oid": "someone-else", "tid": TID, "email": KARI, "email_verified": False},
            VIEWER,
            "not_listed",
            f"entra:{TID}/someone-else",
        ),
        ({"oid": "someone-else", "tid": TID, "email": KARI}, ANALYST, "matched_email", KARI),
        ({"email": "ola.nordmann@asker.kommune.no"}, VIEWER, "not_listed", "ola.nordmann@asker.kommune.no"),
        ({"is_logged_in": False}, VIEWER, "signed_out", None),
        (None, VIEWER, "signed_out", None),
    ],
)
def test_claims_rules(claims, role, reason, identity):
    for settings in (SIGN_IN, SIGN_IN_ON_LOCALHOST):  # with sign-in configured, localhost changes nothing
        d = decide(claims, BROWSER, None, settings)
        assert (d.mode, d.role, d.reason, d.identity) == ("oidc", role, reason, identity)


def test_a_proxy_does_not_stop_a_signed_in_analyst():
    d = decide({"email": KARI}, {**BROWSER, "x-forwarded-for": "203.0.113.7"}, "203.0.113.7", SIGN_IN)
    assert d.role == ANALYST


@pytest.mark.parametrize(
    "headers, remote, role, reason",
    [
        (BROWSER, None, ANALYST, "local"),  # Streamlit reports a loopback peer as None
        ({}, None, ANALYST, "local"),  # a script test: no request at all
        (BROWSER, "127.0.0.1", ANALYST, "local"),
        (BROWSER, "::1", ANALYST, "local"),
        (BROWSER, "::ffff:127.0.0.1", ANALYST, "local"),
        ({**BROWSER, "host": "127.0.0.1:8501", "origin": "http://127.0.0.1:8501"}, None, ANALYST, "local"),
        ({**BROWSER, "host": "[::1]:8501", "origin": "http://[::1]:8501"}, None, ANALYST, "local"),
        ({**BROWSER, "X-Forwarded-For": "10.0.0.5"}, None, VIEWER, "proxied"),
        ({**BROWSER, "x-forwarded-for": "127.0.0.1"}, None, VIEWER, "proxied"),  # nginx on this machine
        ({**BROWSER, "Forwarded": "for=192.0.2.60;proto=https"}, None, VIEWER, "proxied"),
        ({**BROWSER, "x-real-ip": "192.0.2.60"}, None, VIEWER, "proxied"),
        ({**BROWSER, "via": "1.1 proxy.asker.kommune.no"}, None, VIEWER, "proxied"),
        ({**BROWSER, "x-forwarded-proto": "https"}, None, VIEWER, "proxied"),
        (BROWSER, "192.168.1.20", VIEWER, "remote"),
        (BROWSER, "2001:db8::20", VIEWER, "remote"),
        (
            {**BROWSER, "host": "asker2030.example.no", "origin": "http://asker2030.example.no"},
            None,
            VIEWER,
            "host_not_local",
        ),  # DNS rebinding: a name that resolves to 127.0.0.1
        ({**BROWSER, "origin": "https://evil.example"}, None, VIEWER, "cross_origin"),
    ],
)
def test_local_mode_checks_the_request_itself(headers, remote, role, reason):
    d = decide(None, headers, remote, LOCAL)
    assert (d.mode, d.role, d.reason) == ("local", role, reason)


@pytest.mark.parametrize("headers, remote", [(BROWSER, None), ({}, None), (BROWSER, "192.168.1.20")])
def test_served_to_a_network_without_sign_in_nobody_uploads(headers, remote):
    d = decide({"email": KARI}, headers, remote, NETWORK)
    assert (d.mode, d.role, d.reason) == ("open", VIEWER, "open")


@pytest.mark.parametrize(
    "entry, normalised",
    [
        ("Kari.Nordmann@Asker.Kommune.no ", KARI),
        (f"entra:{TID.upper()}/{OID}", f"entra:{TID}/{OID}"),
        ({"tid": TID, "oid": OID}, f"entra:{TID}/{OID}"),
        ("kari", None),
        ("entra:only-a-tenant", None),
        ({"oid": OID}, None),
    ],
)
def test_analyst_list_entries(entry, normalised):
    assert normalise_analyst(entry) == normalised


# --- the same rules in the running router (AppTest sets the claims; it has no request headers) -------------

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-secret",
    "client_id": "00000000-0000-0000-0000-000000000000",
    "client_secret": "x",
    "server_metadata_url": "https://login.microsoftonline.com/tenant/v2.0/.well-known/openid-configuration",
}


@pytest.fixture
def network_address():
    old = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    yield
    config.set_option("server.address", old)


def offers_upload(at: AppTest) -> bool:
    scripts = {str(info.get("script_path")) for info in at._registered_pages.values()}  # noqa: SLF001
    return any(s.endswith("app_pages/upload.py") for s in scripts)


def run_as(user: dict, analysts: list) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.secrets = {"auth": AUTH, "analysts": analysts}
    at.user = user
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(
    "user, analysts, may",
    [
        ({"is_logged_in": True, "oid": OID, "tid": TID, "name": "Kari"}, [{"tid": TID, "oid": OID}], True),
        ({"is_logged_in": True, "oid": OID, "tid": TID, "name": "Kari"}, [f"entra:{TID}/{OID}"], True),
        ({"is_logged_in": True, "email": KARI, "email_verified": False}, [KARI], False),
        ({"is_logged_in": True, "preferred_username": KARI}, [KARI], False),
    ],
)
def test_router_follows_the_claims_rules(example_db, network_address, user, analysts, may):
    assert offers_upload(run_as(user, analysts)) is may


def test_an_entra_analyst_is_recorded_by_name_and_object_id(example_db, network_address):
    at = run_as({"is_logged_in": True, "oid": OID, "tid": TID, "preferred_username": KARI}, [{"tid": TID, "oid": OID}])
    at.switch_page("app_pages/upload.py")
    at.run()
    at.file_uploader[0].set_value([("a.csv", b"indicator_id,year,value\nvalgdeltakelse,2003,69.0\n", "text/csv")])
    at.run()
    at.button(key="upload_commit").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    with db.reader(example_db) as con:
        assert queries.uploads(con).iloc[0]["uploaded_by"] == f"{KARI} (entra:{TID}/{OID})"


def test_the_documented_secrets_file_parses_and_every_analyst_entry_counts():
    """docs/sign-in.md's secrets.toml, as Streamlit reads it (tomllib): each `analysts` entry is a usable identity."""
    import re
    import tomllib
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "sign-in.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(.*?)```", doc, re.S).group(1)
    secrets = tomllib.loads(block)
    assert "auth" in secrets and len(secrets["analysts"]) == 3
    assert all(normalise_analyst(entry) for entry in secrets["analysts"])
