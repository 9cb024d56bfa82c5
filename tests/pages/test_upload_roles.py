"""Who may reach «Last opp» and «Opplastinger»: analysts only, in each sign-in mode (oidc, local, open)."""

from __future__ import annotations

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from store import db, queries
from tests.upload_samples import DASHBOARD, ROOT

ANALYST = "kari.nordmann@asker.kommune.no"
AUTH = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "test-secret",
        "client_id": "00000000-0000-0000-0000-000000000000",
        "client_secret": "x",
        "server_metadata_url": "https://login.microsoftonline.com/tenant/v2.0/.well-known/openid-configuration",
    },
    "analysts": [ANALYST.upper()],
}  # compared case-insensitively
ANALYST_PAGES = ("app_pages/upload.py", "app_pages/uploads.py")


@pytest.fixture
def address():
    """Set server.address for one test and restore it (the option is process-wide)."""
    old = config.get_option("server.address")
    yield lambda value: config.set_option("server.address", value)
    config.set_option("server.address", old)


def app(secrets: dict | None = None, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    if secrets:
        at.secrets = secrets
    if user is not None:
        at.user = user
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def registered_scripts(at: AppTest) -> set[str]:
    """Page scripts the router registered in this session (AppTest keeps what st.navigation reported)."""
    return {str(info.get("script_path")) for info in at._registered_pages.values()}  # noqa: SLF001


def offers_upload(at: AppTest) -> bool:
    scripts = registered_scripts(at)
    assert any(s.endswith("app_pages/overview.py") for s in scripts), scripts  # the registry was read
    return any(s.endswith("app_pages/upload.py") for s in scripts)


def cannot_switch(at: AppTest) -> None:
    for page in ANALYST_PAGES:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)


def assert_upload_page_open(at: AppTest) -> AppTest:
    at.switch_page("app_pages/upload.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Last opp data"
    assert len(at.file_uploader) == 1
    return at


def test_open_mode_network_without_sign_in_has_no_upload_page(example_db, address):
    address("0.0.0.0")
    at = app()
    assert not offers_upload(at)
    cannot_switch(at)
    assert any("opplasting er slått av" in c.value for c in at.caption)


def test_a_bookmarked_upload_url_shows_nothing_when_the_role_is_gone(example_db, address):
    """An analyst on localhost opens «Last opp»; the same session (same URL) after the dashboard moved to a network
    address gets the router's default page instead: the page is not registered, so its URL leads nowhere."""
    address("localhost")
    at = assert_upload_page_open(app())
    address("0.0.0.0")
    at.run()
    assert not at.exception
    assert not at.file_uploader
    assert all(t.value != "Last opp data" for t in at.title)


@pytest.mark.parametrize("page", ANALYST_PAGES)
def test_the_pages_refuse_on_their_own(example_db, address, page):
    """Run directly (not through the router), each analyst page still checks the role and stops."""
    address("0.0.0.0")
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Bare analytikere" in e.value for e in at.error)
    assert not at.file_uploader and not at.button and not at.dataframe


def test_signed_in_user_who_is_not_an_analyst_cannot_reach_it(example_db, address):
    address("0.0.0.0")
    at = app(AUTH, {"is_logged_in": True, "email": "ola.nordmann@asker.kommune.no", "name": "Ola"})
    assert not offers_upload(at)
    cannot_switch(at)
    assert any("Logget inn som ola.nordmann@asker.kommune.no" in c.value for c in at.caption)


def test_signed_out_visitor_sees_sign_in_and_no_upload(example_db, address):
    address("0.0.0.0")
    at = app(AUTH, {"is_logged_in": False})
    assert not offers_upload(at)
    cannot_switch(at)
    assert any(b.label == "Logg inn (analytikere)" for b in at.button)


def test_local_mode_does_not_bypass_sign_in_once_it_is_configured(example_db, address):
    address("localhost")
    at = app(AUTH, {"is_logged_in": False})
    assert not offers_upload(at)


def test_signed_in_analyst_can_upload_and_is_recorded_by_email(example_db, address):
    address("0.0.0.0")
    at = app(AUTH, {"is_logged_in": True, "email": ANALYST, "name": "Kari"})
    assert offers_upload(at)
    at = assert_upload_page_open(at)
    at.file_uploader[0].set_value([("a.csv", b"indicator_id,year,value\nvalgdeltakelse,2003,69.0\n", "text/csv")])
    at.run()
    at.button(key="upload_commit").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    con = db.connect(example_db)
    try:
        assert queries.uploads(con).iloc[0]["uploaded_by"] == ANALYST
    finally:
        con.close()


def test_preferred_username_alone_is_never_an_analyst(example_db, address):
    """Entra ID without the email claim sends the UPN as preferred_username: free text, not a verified identity."""
    address("0.0.0.0")
    at = app(AUTH, {"is_logged_in": True, "preferred_username": ANALYST, "name": "Kari"})
    assert not offers_upload(at)
    cannot_switch(at)
    assert any("ingen bekreftet e-postadresse eller Entra-ID" in c.value for c in at.caption)


def test_local_mode_analyst_can_reach_both_pages(example_db, address):
    address("localhost")
    at = app()
    assert offers_upload(at)
    assert_upload_page_open(at)
    at.switch_page("app_pages/uploads.py")
    at.run()
    assert not at.exception
    assert at.title[0].value == "Opplastinger"
