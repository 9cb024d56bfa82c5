"""Asker beside its comparison group on the pages: the indicator page's comparison (rank, target placement, chart,
table), the goal pages' rank line, Utforsk's comparison-group choice, and the empty states without peer data."""

from __future__ import annotations

import json

import pytest

from etl.bootstrap import init_store
from etl.load import load_paths
from indicators.catalog import load_comparison
from indicators.peers import compare, rank_all
from store import db, queries
from store.status import assess_all
from tests.pages.test_pages import CATALOG, figures, html_texts, run_page, texts

GROUP = load_comparison()
FULL = "gjennomforing-vgo"  # the example data have the whole group for this one
NO_PEERS = "institusjonsdekning-80"  # ... and no comparison area for this one


def _expected(path, indicator_id):
    """The comparison as the engine computes it from the store, independently of the page."""
    with db.reader(path) as con:
        home = assess_all(con, CATALOG)[indicator_id]
        frame = queries.peer_series(con, [a.name for a in GROUP], indicator_id)
    return compare(CATALOG.indicator(indicator_id), frame, GROUP, target_value=home.target_value)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_indicator_page_shows_asker_beside_its_peers(example_db, lang):
    expected = _expected(example_db, FULL)
    ind = CATALOG.indicator(FULL)
    at = run_page("app_pages/indicator.py", lang, indikator=FULL)
    shown = texts(at)
    assert ("Asker sammenlignet med andre" if lang == "nb" else "Asker compared with others") in shown
    assert expected.rank_text(lang) in shown and expected.n_ranked == 12
    assert expected.target_text(ind, lang) in shown
    assert ("trendstatus uten mål" if lang == "nb" else "trend-only status (no target)") in shown
    table = next(
        df.value
        for df in at.dataframe
        if ("Trend (uten mål)" if lang == "nb" else "Trend (no target)") in df.value.columns
    )
    assert len(table) == len(GROUP)  # every area of the group has data for this indicator
    area_col = "Område" if lang == "nb" else "Area"
    assert table.iloc[0][area_col] == next(r.area.label(lang) for r in expected.rows if r.rank == 1)
    latest = table.columns[1]
    assert all(("," in v) == (lang == "nb") for v in table[latest])  # 86,0 % / 86.0%
    dots = [
        tr
        for fig in figures(at)
        for tr in fig["data"]
        if tr.get("mode") == "markers+text" and isinstance(tr.get("y"), list) and len(tr["y"]) > 1
    ]
    assert len(dots) == 1 and len(dots[0]["y"]) == len(GROUP)
    assert sum("▶" in y for y in dots[0]["y"]) == 1  # Asker marked in its label and shape, not by colour alone
    assert dots[0]["marker"]["symbol"][dots[0]["y"].index(next(y for y in dots[0]["y"] if "▶" in y))] == "diamond"


def test_indicator_without_peer_data_shows_the_empty_state(example_db):
    at = run_page("app_pages/indicator.py", indikator=NO_PEERS)
    assert any("ingen tall for sammenligningsgruppen" in i.value for i in at.info)
    assert not [tr for fig in figures(at) for tr in fig["data"] if any("▶" in str(y) for y in tr.get("y") or [])]


def test_goal_page_shows_the_rank_line_per_indicator(example_db):
    with db.reader(example_db) as con:
        ranks = rank_all(CATALOG.indicators, queries.peer_series(con, [a.name for a in GROUP]), GROUP)
    at = run_page("app_pages/goal_4.py")
    # the rank line is in the indicator's card with its name and status (one element)
    shown = [c.value for c in at.caption] + [m.value for m in at.markdown] + html_texts(at)
    for ind in CATALOG.indicators_for_goal("4"):
        text = ranks[ind.id].rank_text("nb")
        if text:
            assert any(text in c for c in shown), ind.id
    assert any("Nr. " in c and "av 12 sammenlignbare kommuner" in c for c in shown)


def test_explore_offers_the_comparison_group_as_one_choice(example_db):
    at = run_page("app_pages/explore.py", ind=FULL, omr="sammenligningsgruppe")
    assert at.multiselect[1].value == ["sammenligningsgruppe"]
    assert at.query_params["omr"] == "sammenligningsgruppe"
    names = {tr["name"] for fig in figures(at) for tr in fig["data"]}
    for area in GROUP:
        assert any(area.name in n for n in names) or area.name == "Asker", area.name
    # choosing it in the widget puts it in the URL
    at = run_page("app_pages/explore.py", ind=FULL)
    at.multiselect[1].set_value(["Asker", "sammenligningsgruppe"]).run()
    assert "sammenligningsgruppe" in at.query_params["omr"]


# --- a store with Asker's data only --------------------------------------------------------------------------
def _store(tmp_path, monkeypatch, text: str):
    path = tmp_path / "small.duckdb"
    csv = tmp_path / "small.csv"
    csv.write_text(text, encoding="utf-8")
    with db.writer(path, who="test") as con:  # publishes the snapshot the dashboard reads
        init_store(con, CATALOG, with_example=False)
        results, prepared = load_paths(con, [csv], db.effective_catalog(con, CATALOG), "test")
        assert results and all(p.ok for p in prepared)
    monkeypatch.setenv("ASKER2030_DB", str(path))
    return path


@pytest.fixture
def asker_only_db(tmp_path, monkeypatch):
    return _store(
        tmp_path,
        monkeypatch,
        "indicator_id,year,value\n" + "".join(f"{FULL},{y},{80 + (y - 2015) * 0.5}\n" for y in range(2015, 2025)),
    )


def test_peers_without_a_common_period_are_listed_but_not_ranked(tmp_path, monkeypatch):
    _store(
        tmp_path,
        monkeypatch,
        "indicator_id,year,value,area\n"
        + "".join(f"{FULL},{y},{80 + (y - 2015) * 0.5},Asker\n" for y in range(2015, 2025))
        + "".join(f"{FULL},{y},{70 + y - 2005},3201 Bærum\n" for y in range(2005, 2011)),
    )
    at = run_page("app_pages/indicator.py", indikator=FULL)
    shown = texts(at)
    assert "ingen felles periode" in shown
    table = next(df.value for df in at.dataframe if "Trend (uten mål)" in df.value.columns)
    assert list(table["Område"]) == ["Asker", "Bærum"]  # the code 3201 was stored as Bærum
    assert set(table.iloc[:, 2]) == {"–"}
    assert not [tr for fig in figures(at) for tr in fig["data"] if any("▶" in str(y) for y in tr.get("y") or [])]


def test_without_any_peer_data_pages_show_empty_states(asker_only_db):
    at = run_page("app_pages/indicator.py", indikator=FULL)
    assert any("ingen tall for sammenligningsgruppen" in i.value for i in at.info)
    at = run_page("app_pages/goal_4.py")
    assert "sammenlignbare kommuner" not in texts(at)
    at = run_page("app_pages/explore.py", ind=FULL)
    assert "sammenligningsgruppe" not in at.multiselect[1].options
    assert "Sammenligningsgruppen" not in json.dumps(at.multiselect[1].options)


def test_a_broken_comparison_file_is_reported_not_raised(example_db, tmp_path, monkeypatch):
    import indicators.catalog as catalog_module

    broken = tmp_path / "comparison.yaml"
    broken.write_text(
        catalog_module.COMPARISON_FILE.read_text(encoding="utf-8").replace("kind: neighbour", "kind: nabo", 1),
        encoding="utf-8",
    )
    monkeypatch.setattr(catalog_module, "COMPARISON_FILE", broken)
    at = run_page("app_pages/indicator.py", indikator=FULL)
    assert any("comparison.yaml" in e.value and "kind 'nabo' is unknown" in e.value for e in at.error)
    at = run_page("app_pages/goal_4.py")  # goal pages simply have no rank lines
    assert "sammenlignbare kommuner" not in texts(at)
