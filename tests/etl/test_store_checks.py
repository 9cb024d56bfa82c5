"""The set-based upload checks (queries.upload_checks) warn exactly as the former pandas version did.

`reference_check` is the former implementation, kept here verbatim as the oracle: per-series Python loops
that took 13 s on a national file (docs/benchmarks.md)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from etl.load import MAX_PER_KIND, W_FAR_OUTSIDE, W_GAP, W_JUMP, W_UNIT, _capped, check_against_store
from etl.report import Report
from indicators.catalog import FREQUENCIES, Catalog, load_catalog
from store import db, queries

CATALOG = load_catalog()
PERCENT = next(i for i in CATALOG.indicators if i.unit == "percent" and i.frequency == "annual")
COUNT = next(i for i in CATALOG.indicators if i.unit != "percent" and i.frequency == "annual")
BIENNIAL = next(i for i in CATALOG.indicators if i.frequency == "biennial")
EVERY4 = next(i for i in CATALOG.indicators if i.frequency == "every_4_years")


def reference_check(con, frame: pd.DataFrame, catalog: Catalog, file: str) -> Report:
    """Warnings that need the stored series: far outside history, jumps, unit mismatch, year gaps."""
    report = Report()
    data = frame[frame["value"].notna()]
    if data.empty:
        return report
    stats = queries.series_stats(con, data)
    merged = data.merge(stats, on=["indicator_id", "area", "breakdown"], how="left")
    names = {i.id: i.name.nb for i in catalog.indicators}

    # Far outside: beyond the historic range widened by its own width (or 50 % of the level if flat).
    has_hist = merged["hist_n"].fillna(0) >= 3
    width = (merged["hist_max"] - merged["hist_min"]).where(lambda w: w > 0, merged["hist_median"].abs() * 0.5)
    far = has_hist & ((merged["value"] > merged["hist_max"] + width) | (merged["value"] < merged["hist_min"] - width))
    _capped(report, [(r.source_row, "value", r.value,
                      dict(low=r.hist_min, high=r.hist_max, indicator=names.get(r.indicator_id, r.indicator_id),
                           area=r.area)) for r in merged[far].itertuples()], W_FAR_OUTSIDE, file)

    # Unit: a percent series whose new values all lie in (0, 1] while its history is well above 1.
    unit_problems = []
    for ind_id, grp in merged.groupby("indicator_id"):
        if not catalog.has_indicator(ind_id) or catalog.indicator(ind_id).unit != "percent":
            continue
        vals = grp["value"]
        hist_median = grp["hist_median"].dropna()
        looks_share = bool(((vals > 0) & (vals <= 1)).all())
        if looks_share and (hist_median.empty or hist_median.median() > 1.5):
            med = hist_median.median() if not hist_median.empty else "–"
            unit_problems.append((int(grp["source_row"].iloc[0]) if pd.notna(grp["source_row"].iloc[0]) else None,
                                  "value", vals.iloc[0], dict(indicator=names.get(ind_id, ind_id), median=med)))
    _capped(report, unit_problems, W_UNIT, file)

    # Jumps and gaps on the merged annual series (stored values overlaid by the new ones).
    annual = data[data["period_kind"].isin(["year", "school_year"])]
    if not annual.empty:
        stored = queries.stored_years(con, annual)
        new = annual[["indicator_id", "area", "breakdown", "year", "value", "source_row", "period"]]
        combined = pd.concat([stored.assign(source_row=pd.NA, period=stored["year"].astype(str), is_new=False),
                              new.assign(is_new=True)], ignore_index=True)
        combined = combined.sort_values("is_new").drop_duplicates(
            ["indicator_id", "area", "breakdown", "year"], keep="last")
        combined = combined.sort_values(["indicator_id", "area", "breakdown", "year"])
        g = combined.groupby(["indicator_id", "area", "breakdown"], sort=False)
        combined["prev"] = g["value"].shift()
        combined["prev_year"] = g["year"].shift()
        rel = (combined["value"] - combined["prev"]).abs() / combined["prev"].abs()
        jump = combined["is_new"] & (combined["prev"].abs() > 0) & (rel > 0.5) & \
            (combined["year"] - combined["prev_year"] == 1)
        _capped(report, [(r.source_row, "value", r.value,
                          dict(change=f"{rel[i] * 100:.0f} %", prev=r.prev, prev_period=int(r.prev_year),
                               indicator=names.get(r.indicator_id, r.indicator_id), area=r.area))
                         for i, r in combined[jump].iterrows()], W_JUMP, file)
        gaps = []
        for (ind_id, area, _bd), grp in g:
            years = set(grp["year"].astype(int))
            # Step by the indicator's frequency: an election every 4 years has no "gap" in between.
            step = max(1, FREQUENCIES.get(catalog.indicator(ind_id).frequency, {}).get("months", 12) // 12) \
                if catalog.has_indicator(ind_id) else 1
            missing = [y for y in range(min(years), max(years) + 1) if all(abs(y - x) >= step for x in years)]
            if missing and grp["is_new"].any():
                gaps.append((None, None, None, dict(indicator=names.get(ind_id, ind_id), area=area,
                                                    years=", ".join(map(str, missing)))))
        _capped(report, gaps, W_GAP, file)
    return report




def _frame(rows):
    out = []
    for n, (iid, year, value, area, bd) in enumerate(rows, start=2):
        out.append(dict(indicator_id=iid, period=str(year), year=year, time=float(year), period_kind="year",
                        area=area, breakdown=bd, value=value, missing="" if value == value else "not_available",
                        flag="", note="", source_row=n))
    return pd.DataFrame(out)


def _problems(report: Report):
    return [(p.level, p.code, p.row, p.column, None if p.value is None else round(float(p.value), 9)
             if isinstance(p.value, (int, float, np.floating)) else p.value,
             tuple(sorted((k, round(float(v), 9) if isinstance(v, (float, np.floating)) else v)
                          for k, v in p.params.items())))
            for p in report.problems]


def _random_case(seed: int):
    rng = np.random.default_rng(seed)
    ids = [PERCENT.id, COUNT.id, BIENNIAL.id, EVERY4.id, "unknown-indicator"]
    areas = ["Asker", "Bærum", "Lier"]
    stored, new = [], []
    for iid in ids:
        for area in areas:
            for bd in ("", "kjønn=kvinner"):
                level = rng.choice([0.5, 40.0, 1000.0])
                years = sorted(rng.choice(np.arange(2000, 2025), rng.integers(0, 12), replace=False))
                flat = rng.random() < 0.2
                for y in years:
                    stored.append((iid, int(y), float(level if flat else round(level * rng.uniform(0.8, 1.2), 2)),
                                   area, bd))
                for y in sorted(rng.choice(np.arange(2005, 2027), rng.integers(0, 6), replace=False)):
                    kind = rng.random()
                    v = (np.nan if kind < 0.1 else level * 10 if kind < 0.25 else rng.uniform(0.01, 1.0)
                         if kind < 0.4 else round(level * rng.uniform(0.9, 1.1), 2))
                    new.append((iid, int(y), float(v), area, bd))
    return _frame(stored), _frame(new)


@pytest.mark.parametrize("seed", range(12))
def test_same_warnings_as_the_reference(tmp_path, seed):
    con = db.connect(tmp_path / "c.duckdb")
    db.init_schema(con)
    stored, new = _random_case(seed)
    if len(stored):
        db.apply_upload(con, stored, file_name="s.csv", file_sha256="s", file_format="canonical", uploaded_by="t")
    expected = reference_check(con, new, CATALOG, "new.csv")
    got = check_against_store(con, new, CATALOG, "new.csv")
    # no_total_series came after the reference was written; it has its own tests in the upload page tests.
    got.problems = [p for p in got.problems if p.code != "no_total_series"]
    assert _problems(got) == _problems(expected)
    con.close()


def test_many_hits_are_capped_with_the_same_count(tmp_path):
    con = db.connect(tmp_path / "c.duckdb")
    db.init_schema(con)
    stored = _frame([(COUNT.id, y, 100.0 + y % 3, f"Kommune {a:03d}", "") for a in range(60)
                     for y in range(2000, 2020) if y != 2010])
    db.apply_upload(con, stored, file_name="s.csv", file_sha256="s", file_format="canonical", uploaded_by="t")
    new = _frame([(COUNT.id, 2020, 1000.0, f"Kommune {a:03d}", "") for a in range(60)])
    expected = reference_check(con, new, CATALOG, "new.csv")
    got = check_against_store(con, new, CATALOG, "new.csv")
    assert _problems(got) == _problems(expected)
    codes = [p.code for p in got.problems]
    assert codes.count(W_FAR_OUTSIDE) == MAX_PER_KIND and codes.count(W_GAP) == MAX_PER_KIND
    con.close()


@pytest.mark.parametrize("with_history", [True, False])
def test_unit_warning_as_the_reference(tmp_path, with_history):
    con = db.connect(tmp_path / "c.duckdb")
    db.init_schema(con)
    if with_history:
        db.apply_upload(con, _frame([(PERCENT.id, y, 40.0 + y % 4, "Asker", "") for y in range(2010, 2020)]),
                        file_name="s.csv", file_sha256="s", file_format="canonical", uploaded_by="t")
    new = _frame([(PERCENT.id, 2020, 0.41, "Asker", ""), (PERCENT.id, 2021, 0.43, "Asker", ""),
                  (PERCENT.id, 2021, 0.5, "Bærum", "")])
    expected = reference_check(con, new, CATALOG, "new.csv")
    got = check_against_store(con, new, CATALOG, "new.csv")
    assert _problems(got) == _problems(expected)
    assert W_UNIT in [p.code for p in got.problems]
    con.close()
