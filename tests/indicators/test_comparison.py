"""The comparison group (indicators/catalog/comparison.yaml): the shipped file loads, every code is stored under
its area's name by etl/regions.py, and bad entries fail with a message naming the area and what to fix."""

from __future__ import annotations

import copy

import pytest
import yaml

from etl.regions import normalize_area
from indicators.catalog import AREA_KINDS, COMPARISON_FILE, CatalogError, load_comparison, parse_comparison


@pytest.fixture(scope="module")
def comparison():
    return load_comparison()


def test_shipped_group_has_asker_its_neighbours_county_and_country(comparison):
    by_name = {a.name: a for a in comparison}
    assert by_name["Asker"].kind == "home" and set(by_name["Asker"].codes) == {"3203", "3025"}
    assert "0220" not in by_name["Asker"].codes  # the pre-2020 Asker is another area
    for n in ("Bærum", "Lier", "Drammen"):
        assert by_name[n].kind == "neighbour"
    assert by_name["Bærum"].codes == ("3201", "3024", "0219")
    assert by_name["Akershus"].kind == "county" and by_name["Akershus"].codes == ("32",)
    assert by_name["Norge"].kind == "country" and by_name["Norge"].codes == ("0",)
    assert by_name["Norge"].label("en") == "Norway" and by_name["Norge"].label("nb") == "Norge"
    kostra = [a.name for a in comparison if "kostra" in a.kinds]
    assert len(kostra) == 10  # KOSTRA group 12 has 11 municipalities: Asker and these ten
    assert {"Bærum", "Drammen", "Bergen"} <= set(kostra)
    assert {a.kind for a in comparison} <= set(AREA_KINDS)


def test_every_code_is_stored_under_the_areas_name(comparison):
    """etl/regions.py and comparison.yaml must agree, or fetched peer data lands under a bare code."""
    for area in comparison:
        for code in area.codes:
            assert normalize_area(code) == area.name, (area.name, code)
            assert normalize_area(f"K-{code} {area.name}") == area.name, (area.name, code)


@pytest.mark.parametrize(
    "code, name",
    [
        ("0220", "Asker (0220, før 2020)"),
        ("0602", "Drammen (0602, før 2020)"),
        ("602", "Drammen (0602, før 2020)"),
        ("1001", "Kristiansand (1001, før 2020)"),
        ("1102", "Sandnes (1102, før 2020)"),
        ("30", "Viken (2020–2023)"),
        ("02", "Akershus (02, før 2020)"),
        ("219", "Bærum"),
    ],
)
def test_areas_before_a_merger_keep_their_own_name(code, name):
    assert normalize_area(code) == name


def _raw():
    return yaml.safe_load(COMPARISON_FILE.read_text(encoding="utf-8"))


def _with(change):
    raw = copy.deepcopy(_raw())
    change(raw["areas"])
    return raw


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda a: a[1].update(kind="nabo"), "kind 'nabo' is unknown"),
        (lambda a: a[1].update(codes=[3201]), "must be quoted"),
        (lambda a: a[1].update(codes=["32x"]), "not an SSB region code"),
        (lambda a: a[1].update(codes=[]), "non-empty list"),
        (lambda a: a[2].update(codes=["3201"]), "already used by 'Bærum'"),
        (lambda a: a[2].update(name="Bærum"), "name is used twice"),
        (lambda a: a[1].update(kind="home"), "exactly one area of kind home"),
        (lambda a: a[1].update(colour="red"), "unknown field(s) colour"),
        (lambda a: a[1].update(also_kinds=["home"]), "also_kinds"),
        (lambda a: a[1].pop("name"), "needs a 'name'"),
    ],
)
def test_bad_entries_name_the_area_and_the_fix(change, message):
    with pytest.raises(CatalogError) as err:
        parse_comparison(_with(change), "comparison.yaml")
    assert message in str(err.value)
    assert str(err.value).startswith("comparison.yaml: ")


def test_unquoted_code_read_as_number_is_refused(tmp_path):
    text = COMPARISON_FILE.read_text(encoding="utf-8").replace("'0626'", "0626")
    path = tmp_path / "comparison.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError, match="Lier"):
        load_comparison(path)
