"""The bundled example data (data/example): complete, well-formed, reproducible, and designed so that the
dashboard shows every progress status (checked with the real progress engine)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

from etl.periods import Period, parse_period
from indicators.catalog import load_catalog, load_comparison

progress = pytest.importorskip("indicators.progress")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_DIR = ROOT / "data" / "example"
NO_DATA_ID = "innbyggere-opplever-innflytelse"


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_example", ROOT / "data" / "make_example.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_example", module)  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def data():
    frames = [
        pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8")
        for p in sorted(EXAMPLE_DIR.glob("goal-*.csv"))
    ]
    df = pd.concat(frames, ignore_index=True)
    df["value_num"] = df["value"].astype(float)
    return df


@pytest.fixture(scope="module")
def results(catalog):
    return gen.assess_all(catalog, gen.build(catalog))


# --- form ------------------------------------------------------------------------------------------------
def test_one_file_per_goal_with_the_canonical_header(catalog):
    files = sorted(p.name for p in EXAMPLE_DIR.glob("goal-*.csv"))
    assert files == [f"goal-{int(g.id):02d}.csv" for g in catalog.goals]
    for name in files:
        header = (EXAMPLE_DIR / name).read_text(encoding="utf-8").splitlines()[0]
        assert header == "indicator_id,year,value,area,breakdown,flag,note"


def test_readme_says_the_values_are_illustrative():
    text = (EXAMPLE_DIR / "README.md").read_text(encoding="utf-8")
    assert "ILLUSTRATIVE" in text and "not official statistics" in text and "55 %" in text


def test_every_indicator_has_asker_data_except_the_deliberate_one(catalog, data):
    asker = data[(data["area"] == "Asker") & (data["breakdown"] == "")]
    have = set(asker["indicator_id"])
    expected = {i.id for i in catalog.indicators} - {NO_DATA_ID}
    assert expected <= have, f"no Asker series for {sorted(expected - have)}"
    assert NO_DATA_ID not in set(data["indicator_id"])
    assert set(data["indicator_id"]) <= {i.id for i in catalog.indicators}


def test_rows_are_well_formed(data):
    assert not data.duplicated(["indicator_id", "year", "area", "breakdown"]).any()
    assert set(data["flag"]) <= {"", "provisional", "break"}
    assert set(data["area"]) <= {a.name for a in load_comparison()}  # Asker and its comparison group only
    bd = data.loc[data["breakdown"] != "", "breakdown"]
    assert bd.str.fullmatch(r"[a-zæøå]+=[^;=]+(;[a-zæøå]+=[^;=]+)*").all()
    periods = [parse_period(p) for p in data["year"].unique()]
    assert all(isinstance(p, Period) for p in periods)
    assert {p.kind for p in periods} == {"year", "quarter", "school_year", "multi_year"}


def test_series_reach_recent_years_from_the_baseline(catalog, data):
    asker = data[(data["area"] == "Asker") & (data["breakdown"] == "")]
    for ind in catalog.indicators:
        if ind.id in (NO_DATA_ID, "nyetableringer"):  # no data / deliberately stale
            continue
        years = [parse_period(p).year for p in asker.loc[asker["indicator_id"] == ind.id, "year"]]
        assert min(years) <= ind.baseline_year, ind.id
        assert max(years) >= 2023, ind.id


def test_baseline_values_in_the_catalog_match_the_data(catalog, data):
    asker = data[(data["area"] == "Asker") & (data["breakdown"] == "")]
    for ind in catalog.indicators:
        if ind.baseline_value is None:
            continue
        rows = asker[asker["indicator_id"] == ind.id]
        first = [v for p, v in zip(rows["year"], rows["value_num"]) if parse_period(p).year == ind.baseline_year]
        assert first, ind.id
        assert first[0] == pytest.approx(ind.baseline_value), ind.id


def test_generator_is_deterministic_and_the_csvs_are_current(catalog):
    for goal, df in gen.build(catalog).items():
        text = df.assign(
            value=[gen._fmt(v, catalog.indicator(i).decimals) for i, v in zip(df["indicator_id"], df["value"])]
        )
        expected = text.to_csv(index=False, lineterminator="\n")
        assert (EXAMPLE_DIR / f"goal-{goal}.csv").read_text(encoding="utf-8") == expected, (
            f"goal-{goal}.csv is out of date: run python data/make_example.py"
        )


def test_climate_sectors_add_up_and_2009_is_about_230000(data):
    klima = data[(data["indicator_id"] == "klimagassutslipp") & (data["area"] == "Asker")]
    total = klima[klima["breakdown"] == ""].set_index("year")["value_num"]
    sectors = klima[klima["breakdown"].str.startswith("sektor=")].groupby("year")["value_num"].sum()
    assert (sectors.reindex(total.index) == total).all()
    assert total["2009"] == 230000


# --- deliberate oddities -----------------------------------------------------------------------------------
def _asker(data, iid):
    return data[(data["indicator_id"] == iid) & (data["area"] == "Asker") & (data["breakdown"] == "")]


def test_deliberate_oddities_are_present(data):
    assert (_asker(data, "mobbing-7-trinn")["flag"] == "break").sum() == 1
    assert _asker(data, "sykefravaer")["flag"].iloc[-1] == "provisional"
    reiser = [int(y) for y in _asker(data, "miljovennlige-reiser")["year"]]
    assert 2021 not in reiser and {2020, 2022} <= set(reiser)
    netto = _asker(data, "netto-driftsresultat")["value_num"]
    assert (netto < 0).any() and (netto > 0).any()
    assert (_asker(data, "omdisponert-dyrka-jord")["value_num"] == 0).any()
    assert len(_asker(data, "tilfredshet-hjemmetjenester")) == 2
    avfall = _asker(data, "husholdningsavfall").set_index("year")["value_num"]
    assert avfall["2020"] == avfall.max()  # pandemic outlier
    assert max(int(y) for y in _asker(data, "nyetableringer")["year"]) <= 2019  # stale
    assert set(data.loc[data["indicator_id"] == "sysselsetting-20-66", "breakdown"]) >= {"kjønn=kvinner", "kjønn=menn"}


# --- designed statuses (progress engine) -------------------------------------------------------------------
@pytest.mark.parametrize("iid", sorted(gen.SPECS))
def test_asker_series_has_its_designed_status(results, iid):
    row = next(r for r in results if r["indicator"] == iid and r["area"] == "Asker")
    assert row["status"] == row["intended"], row


def test_comparison_areas_have_their_designed_trends(results):
    wrong = [r for r in results if r["area"] != "Asker" and r["status"] != r["intended"]]
    assert not wrong, wrong


def test_every_status_occurs_several_times(results):
    asker = pd.Series([r["status"] for r in results if r["area"] == "Asker"]).value_counts()
    for status in (*progress.TARGET_STATUSES, progress.INSUFFICIENT):
        assert asker.get(status, 0) >= 3, (status, dict(asker))
    trends = pd.Series([r["status"] for r in results if r["area"] != "Asker"]).value_counts()
    for status in progress.TREND_STATUSES:
        assert trends.get(status, 0) >= 3, (status, dict(trends))
    # a realistic mix: not mostly green
    assert (asker.get("achieved", 0) + asker.get("on_track", 0)) / asker.sum() < 0.5


def test_some_indicators_show_the_whole_comparison_group(data):
    """So the peer comparison shows out of the box: a few indicators have every area of the group."""
    group = {a.name for a in load_comparison()}
    totals = data[data["breakdown"] == ""]
    full = [iid for iid, g in totals.groupby("indicator_id") if set(g["area"]) == group]
    assert len(full) >= 3, full


def test_stale_series_is_noted_as_old(results):
    row = next(r for r in results if r["indicator"] == "nyetableringer" and r["area"] == "Asker")
    assert "old_data" in row["notes"]
