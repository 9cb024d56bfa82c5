"""The accessibility statement names every deviation the browser test allows or review found, the count of broken
criteria, how to give feedback and complain, and the date of the last recorded check; every page links it."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from indicators.format import fmt_date
from tests.pages.test_pages import APP, texts
from ui import accessibility as a11y


def statement(lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    if lang == "en":
        at.query_params["lang"] = "en"
    at.run()
    at.switch_page("app_pages/accessibility.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_statement_lists_every_deviation_and_how_to_complain(example_db, lang):
    at = statement(lang)
    body = texts(at)
    k = 1 if lang == "en" else 0
    assert at.title[0].value == ("Accessibility statement" if lang == "en" else "Tilgjengelighetserklæring")
    for d in a11y.deviations():
        assert d.where[k] in body and d.reason[k] in body and d.consequence[k] in body
        assert f"{d.criterion} {d.name[k]}" in body
        if d.rule:
            assert f"`{d.rule}`" in body
    n = len(a11y.criteria_broken())
    assert (f"{n} of the 47" if lang == "en" else f"{n} av 47") in body
    assert a11y.FEEDBACK_EMAIL in body
    assert "Diskrimineringsnemnda" in body and "uutilsynet.no" in body
    record = a11y.check_record()
    assert record is not None, "docs/accessibility-check.json is missing: run tests/browser/test_accessibility.py"
    assert fmt_date(record["date"], lang) in body
    assert str(record["checks"]) in body and record["axe_version"] in body


def test_statement_without_a_record_says_so(example_db, tmp_path, monkeypatch):
    monkeypatch.setattr(a11y, "CHECK_RECORD", tmp_path / "none.json")
    at = statement("nb")
    assert "Den automatiske kontrollen er ikke registrert ennå." in texts(at)


def test_the_record_names_every_allowed_exception():
    record = a11y.check_record()
    assert record is not None
    assert set(record["exceptions_seen"]) == {f"{d.rule} in {d.inside}" for d in a11y.AXE_EXCEPTIONS}
    assert record["tags"] == list(a11y.AXE_TAGS)
    assert json.loads(a11y.CHECK_RECORD.read_text(encoding="utf-8")) == record


def test_every_page_links_the_statement_from_the_sidebar(example_db):
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    links = [el for el in at.sidebar.get("page_link")]
    assert any(el.proto.page == "app_pages/accessibility.py" or "tilgjengelighet" in el.proto.page for el in links), [
        el.proto for el in links
    ]
