"""The interface's gettext catalogs (locale/, docs/translations.md) are in step with the code: every message id that
`pybabel extract -F pyproject.toml` finds has a bokmål and an English text with the same placeholders, no catalog
holds a message the code no longer uses, the files parse, and ui/i18n compiles a stale catalog at start."""

from __future__ import annotations

import io
import os
import shutil
import string
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from ui import i18n, messages

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("nb", "en")


def read(path: Path):
    with path.open("rb") as f:
        return read_po(f, abort_invalid=True)  # a syntax error fails here, not as a missing text at run time


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[str]:
    """The message ids in the code, found by the translator's own command (run in this process)."""
    pot = tmp_path_factory.mktemp("extract") / "messages.pot"
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        CommandLineInterface().run(["pybabel", "-q", "extract", "-F", "pyproject.toml", "-o", str(pot), "."])
    finally:
        os.chdir(cwd)
    ids = {m.id for m in read(pot) if m.id}
    assert len(ids) > 100  # the dashboard's texts, not an empty extraction
    return ids


@pytest.fixture(scope="module", params=LANGS)
def catalog(request):
    return read(ROOT / "locale" / request.param / "LC_MESSAGES" / "messages.po")


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_message_in_the_code_has_a_text(extracted, catalog):
    texts = {m.id: m.string for m in catalog if m.id}
    missing = sorted(i for i in extracted if not texts.get(i, "").strip())
    assert missing == [], f"no {catalog.locale} text for these ids: translate them (docs/translations.md)"
    fuzzy = sorted(m.id for m in catalog if m.id and m.fuzzy)
    assert fuzzy == [], "fuzzy texts are not compiled; check them and remove the fuzzy flag"


def test_no_catalog_message_is_unused(extracted, catalog):
    unused = sorted({m.id for m in catalog if m.id} - extracted)
    assert unused == [], f"the {catalog.locale} catalog holds ids the code no longer uses (pybabel update)"
    assert list(catalog.obsolete) == [], "obsolete (#~) entries: update with --ignore-obsolete"


def test_the_template_is_in_step_with_the_code(extracted):
    template = read(ROOT / "locale" / "messages.pot")
    assert {m.id for m in template if m.id} == extracted, "run pybabel extract (docs/translations.md)"


def test_placeholders_are_the_same_in_both_languages():
    nb, en = (read(ROOT / "locale" / lang / "LC_MESSAGES" / "messages.po") for lang in LANGS)
    en_texts = {m.id: m.string for m in en if m.id}
    differ = {m.id: (fields(m.string), fields(en_texts[m.id])) for m in nb if m.id and m.id in en_texts}
    assert {k: v for k, v in differ.items() if v[0] != v[1]} == {}
    assert any(nb_fields for nb_fields, _ in differ.values())  # the check saw placeholders at all


def test_catalogs_pass_babels_checks(catalog):
    assert [(m.id, errors) for m, errors in catalog.check()] == []


def test_extraction_reads_inside_f_strings():
    source = b'x = f"**{t(\'inside\')}:** {n}"\ny = N_("marked")\nz = t(f"built_{n}")\nw = other("not_an_id")\n'
    found = [(line, name, text) for line, name, text, _ in messages.extract(io.BytesIO(source), {"t", "N_"}, [], {})]
    assert found == [(1, "t", "inside"), (2, "N_", "marked")]


def test_a_stale_or_missing_compiled_catalog_is_compiled_at_start(tmp_path):
    locale = tmp_path / "locale"
    shutil.copytree(ROOT / "locale", locale, ignore=shutil.ignore_patterns("*.mo", "*.tmp"))
    po = locale / "en" / "LC_MESSAGES" / "messages.po"
    mo = po.with_suffix(".mo")
    texts = i18n.load_catalog("en", locale)
    assert mo.is_file()
    assert texts == {m.id: m.string for m in read(po) if m.id}

    # A translator changes a text: the .po is newer than the .mo, so the next start compiles it again.
    changed = po.read_text(encoding="utf-8").replace('msgstr "Overview"', 'msgstr "At a glance"')
    assert changed != po.read_text(encoding="utf-8")
    po.write_text(changed, encoding="utf-8")
    os.utime(mo, (po.stat().st_mtime - 10, po.stat().st_mtime - 10))  # compiled before the change
    assert i18n.load_catalog("en", locale)["nav_overview"] == "At a glance"
    assert mo.stat().st_mtime >= po.stat().st_mtime
    assert list(mo.parent.glob("*.tmp")) == []


def test_a_catalog_that_cannot_be_compiled_is_read_from_the_po(tmp_path):
    """A checkout the dashboard's user may not write (a deployment as another user): the .po is read instead. Here a
    folder stands where the .mo would go, which stops root too."""
    locale = tmp_path / "locale"
    shutil.copytree(ROOT / "locale", locale, ignore=shutil.ignore_patterns("*.mo", "*.tmp"))
    po = locale / "nb" / "LC_MESSAGES" / "messages.po"
    po.with_suffix(".mo").mkdir()
    os.utime(po.with_suffix(".mo"), (0, 0))
    assert i18n.load_catalog("nb", locale) == {m.id: m.string for m in read(po) if m.id}
