"""The catalog's fetch specs: every SSB-sourced indicator has one, each says what was verified, and the README
documents every fetch setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.fetch.settings import SETTINGS
from indicators.catalog import CatalogError, load_catalog, parse_fetch

ROOT = Path(__file__).resolve().parents[2]
CATALOG = load_catalog()


def test_every_ssb_indicator_has_a_fetch_spec():
    missing = [i.id for i in CATALOG.indicators if i.source.agency == "SSB" and i.fetch is None]
    assert missing == []


@pytest.mark.parametrize("ind", [i for i in CATALOG.indicators if i.fetch is not None], ids=lambda i: i.id)
def test_each_spec_asks_for_askers_codes_and_says_what_was_verified(ind):
    spec = ind.fetch
    assert spec.verified in ("yes", "table", "no") and spec.verified_by, ind.id
    if spec.api in ("ssb", "fhi"):
        assert {"3203", "3025", "0220"} <= set(spec.selection()[spec.region_variable]), ind.id


@pytest.mark.parametrize(
    "raw, words",
    [
        ({"api": "ssb", "table": "1243", "select": {"Region": ["3203"]}}, "five digits"),
        ({"api": "ssb", "table": "12439", "select": {"ContentsCode": ["X"]}}, "no region variable"),
        ({"api": "ssb", "table": "12439", "select": {"Region": ["3203", "3203"]}}, "twice"),
        ({"api": "bank", "table": "1"}, "unknown"),
        ({"api": "udir", "table": "150"}, "needs filter, value"),
        ({"api": "ssb", "table": "12439", "select": {"Region": ["3203"]}, "derive": {"kind": "share"}}, "part"),
        ({"api": "ssb", "table": "12439", "select": {"Region": ["3203"]}, "verified": "maybe"}, "verified"),
    ],
)
def test_bad_specs_are_refused_with_a_reason(raw, words):
    with pytest.raises(CatalogError, match=words):
        parse_fetch(raw, "test.yaml", "indicator 'x'")


def test_readme_documents_every_fetch_setting():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Fetching" in text
    for name, (default, _) in SETTINGS.items():
        assert f"`{name}`" in text and f"`{default}`" in text, name
