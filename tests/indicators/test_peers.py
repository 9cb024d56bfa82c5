"""Asker beside its comparison group (indicators/peers.py): ranks follow the indicator's direction, ties share a
rank, county and country are references, peers get the trend-only status, and the goal pages' vectorised ranks
agree with the indicator page's per-indicator comparison."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.catalog import ComparisonArea, load_catalog, load_comparison
from indicators.peers import compare, peer_table, place, rank_all, rank_values, ranking_period
from indicators.progress import INSUFFICIENT, TREND_STATUSES, assess
from store import db, queries

CATALOG = load_catalog()
UP = CATALOG.indicator("gjennomforing-vgo")  # higher is better
DOWN = CATALOG.indicator("unge-utenfor-arbeid-utdanning")  # lower is better
BAND = CATALOG.indicator("institusjonsdekning-80")  # desired range
GROUP = [
    ComparisonArea("Asker", ("3203",), "home"),
    ComparisonArea("Bærum", ("3201",), "neighbour"),
    ComparisonArea("Lier", ("3312",), "neighbour"),
    ComparisonArea("Bergen", ("4601",), "kostra"),
    ComparisonArea("Akershus", ("32",), "county"),
    ComparisonArea("Norge", ("0",), "country", "Norway"),
]


def frame(values: dict[str, dict[int, float]]) -> pd.DataFrame:
    rows = [(area, str(y), y, float(y), v, "") for area, series in values.items() for y, v in series.items()]
    return pd.DataFrame(rows, columns=["area", "period", "year", "time", "value", "flag"])


def test_band_indicator_fixture_is_a_band():
    assert (UP.direction, DOWN.direction, BAND.direction, BAND.target.kind) == ("up", "down", "band", "band")


# --- ranks -------------------------------------------------------------------------------------------------
def test_rank_follows_the_direction():
    values = {"a": 10.0, "b": 30.0, "c": 20.0}
    assert rank_values(values, UP) == {"b": 1, "c": 2, "a": 3}
    assert rank_values(values, DOWN) == {"a": 1, "c": 2, "b": 3}


def test_equal_values_share_the_best_rank_and_the_next_is_skipped():
    assert rank_values({"a": 5.0, "b": 7.0, "c": 7.0, "d": 1.0}, UP) == {"b": 1, "c": 1, "a": 3, "d": 4}
    # floating-point noise below the 9th decimal is a tie, not a rank
    assert rank_values({"a": 0.1 + 0.2, "b": 0.3}, UP) == {"a": 1, "b": 1}


def test_band_ranks_by_distance_to_the_desired_range():
    low, high = BAND.target.low, BAND.target.high
    values = {"inside": (low + high) / 2, "edge": high, "above": high + 1, "far_below": low - 3}
    ranks = rank_values(values, BAND)
    assert ranks["inside"] == ranks["edge"] == 1
    assert ranks["above"] == 3 and ranks["far_below"] == 4


def test_missing_values_are_not_ranked():
    assert rank_values({"a": None, "b": float("nan"), "c": 2.0}, UP) == {"c": 1}


def test_place_counts_the_strictly_better():
    assert place(25.0, [10.0, 30.0, 20.0], UP) == 2
    assert place(25.0, [10.0, 30.0, 20.0], DOWN) == 3
    assert place(30.0, [30.0, 10.0], UP) == 1  # a tie places level with the best
    assert place(1.0, [], UP) == 1


# --- the ranking period --------------------------------------------------------------------------------------
def test_ranking_period_is_the_latest_asker_shares():
    f = frame({"Asker": {2022: 1, 2023: 2}, "Bærum": {2022: 1, 2023: 2, 2024: 3}, "Lier": {2024: 1}})
    assert ranking_period(f, ["Asker", "Bærum", "Lier"], "Asker") == ("2023", True)


def test_without_a_shared_period_asker_is_not_ranked():
    f = frame({"Asker": {2020: 1}, "Bærum": {2023: 2}, "Lier": {2023: 1, 2024: 5}})
    assert ranking_period(f, ["Asker", "Bærum", "Lier"], "Asker") == ("2023", False)
    assert ranking_period(frame({"Asker": {2020: 1}}), ["Asker", "Bærum"], "Asker") == (None, False)


def test_county_and_country_never_count_for_the_period():
    f = frame({"Asker": {2023: 1, 2024: 2}, "Bærum": {2023: 1}, "Norge": {2024: 2}, "Akershus": {2024: 2}})
    assert ranking_period(f, ["Asker", "Bærum"], "Asker") == ("2023", True)


# --- compare ---------------------------------------------------------------------------------------------------
def _example():
    years = range(2015, 2025)
    return frame(
        {
            "Asker": {y: 80 + 0.6 * (y - 2015) for y in years},  # 85.4 in 2024
            "Bærum": {y: 83 + 0.3 * (y - 2015) for y in years},  # 85.7
            "Lier": {y: 76 + 0.5 * (y - 2015) for y in years},  # 80.5
            "Bergen": {y: 84 - 0.2 * (y - 2015) for y in range(2015, 2024)},  # no 2024: not ranked
            "Akershus": {y: 81 + 0.4 * (y - 2015) for y in years},  # 84.6, a reference
            "Norge": {y: 75 + 0.5 * (y - 2015) for y in years},
        }
    )


def test_compare_ranks_municipalities_only_and_places_the_target():
    c = compare(UP, _example(), GROUP, target_value=88.0, now_year=2026)
    assert c.period == "2024" and c.n_ranked == 3
    ranks = {r.name: r.rank for r in c.rows}
    assert ranks == {"Asker": 2, "Bærum": 1, "Lier": 3, "Bergen": None, "Akershus": None, "Norge": None}
    assert c.home_rank == 2
    assert c.row("Bergen").latest_period == "2023" and c.row("Bergen").ranked_value is None
    assert c.row("Akershus").ranked_value == pytest.approx(84.6)
    # 88 beats Bærum's 85.7 and Lier's 80.5 → first of three
    assert (c.target_rank, c.target_of) == (1, 3)
    assert c.rank_text("nb") == "Nr. 2 av 3 sammenlignbare kommuner (2024)"
    assert c.rank_text("en") == "No. 2 of 3 comparable municipalities (2024)"
    assert "88,0\u00a0%" in c.target_text(UP, "nb") and "nr. 1 av 3" in c.target_text(UP, "nb")
    assert "allerede" not in c.target_text(UP, "nb")  # 85.4 has not reached 88
    reached = compare(UP, _example(), GROUP, target_value=85.0, now_year=2026)
    assert reached.target_rank == 2 and "Asker har allerede nådd dette nivået." in reached.target_text(UP, "nb")
    assert "already reached" in reached.target_text(UP, "en")


def test_peers_get_the_trend_only_status_of_the_progress_engine():
    f = _example()
    c = compare(UP, f, GROUP, target_value=88.0, now_year=2026)
    for row in c.rows:
        own = f[f["area"] == row.name].reset_index(drop=True)
        expected = assess(UP, own, target=None, now_year=2026)
        assert row.trend.status == expected.status, row.name
        assert row.trend.status in (*TREND_STATUSES, INSUFFICIENT)
        assert row.trend.target_kind is None  # no target: Asker's does not apply to them


def test_without_peer_data_there_is_nothing_to_compare():
    c = compare(UP, frame({"Asker": {2023: 80.0, 2024: 81.0}}), GROUP)
    assert not c.has_peers and c.period is None and c.home_rank is None and c.rank_text() == ""
    assert peer_table(UP, c, "nb").shape[0] == 1  # Asker alone


def test_band_target_places_inside_the_range():
    low, high = BAND.target.low, BAND.target.high
    f = frame({"Asker": {2024: high + 4}, "Bærum": {2024: high + 1}, "Lier": {2024: (low + high) / 2}})
    c = compare(BAND, f, GROUP)
    assert {r.name: r.rank for r in c.rows if r.rank} == {"Lier": 1, "Bærum": 2, "Asker": 3}
    assert c.target_rank == 1 and c.target_of == 3  # inside the range ties with Lier


def test_table_has_norwegian_and_english_headers_and_formatted_values():
    c = compare(UP, _example(), GROUP, target_value=88.0, now_year=2026)
    nb, en = peer_table(UP, c, "nb"), peer_table(UP, c, "en")
    assert list(nb.columns) == ["Område", "Siste verdi", "Plass 2024", "Trend (uten mål)", "Periode", "Type"]
    assert list(en.columns) == ["Area", "Latest value", "Rank 2024", "Trend (no target)", "Period", "Type"]
    assert nb.iloc[0]["Område"] == "Bærum"  # best first
    asker = nb[nb["Område"] == "Asker"].iloc[0]
    assert asker["Siste verdi"] == "85,4\u00a0%" and asker["Plass 2024"] == "2 av 3"
    assert nb[nb["Område"] == "Norge"].iloc[0]["Plass 2024"] == "referanse"
    assert en[en["Area"] == "Norway"].iloc[0]["Type"] == "Whole country"


# --- the goal pages' vectorised ranks agree with compare() -------------------------------------------------------
def test_rank_all_agrees_with_compare_on_the_example_store(example_db_template):
    group = load_comparison()
    with db.reader(example_db_template) as con:
        data = queries.peer_series(con, [a.name for a in group])
    fast = rank_all(CATALOG.indicators, data, group)
    ranked = 0
    for ind in CATALOG.indicators:
        slow = compare(ind, data[data["indicator_id"] == ind.id], group, with_trends=False)
        got = fast[ind.id]
        assert (got.period, got.n_ranked, got.home_rank) == (slow.period, slow.n_ranked, slow.home_rank), ind.id
        ranked += got.home_rank is not None
    assert ranked >= 10
    full = fast["gjennomforing-vgo"]
    assert full.n_ranked == 12  # Asker and its 11 comparison municipalities in the example data
