"""The upload checks (queries.upload_checks) warn exactly as the former versions did.

`reference_check` is the former pandas implementation, kept here verbatim as the oracle: per-series Python loops
that took 13 s on a national file (docs/benchmarks.md). `former_upload_checks` is the all-SQL version that
followed it (0.55 s), kept verbatim as a second oracle, for cases the pandas one predates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from etl import load
from etl.load import MAX_PER_KIND, W_FAR_OUTSIDE, W_GAP, W_JUMP, W_UNIT, _capped, check_against_store
from etl.validation import Report
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
    _capped(
        report,
        [
            (
                r.source_row,
                "value",
                r.value,
                dict(low=r.hist_min, high=r.hist_max, indicator=names.get(r.indicator_id, r.indicator_id), area=r.area),
            )
            for r in merged[far].itertuples()
        ],
        W_FAR_OUTSIDE,
        file,
    )

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
            unit_problems.append(
                (
                    int(grp["source_row"].iloc[0]) if pd.notna(grp["source_row"].iloc[0]) else None,
                    "value",
                    vals.iloc[0],
                    dict(indicator=names.get(ind_id, ind_id), median=med),
                )
            )
    _capped(report, unit_problems, W_UNIT, file)

    # Jumps and gaps on the merged annual series (stored values overlaid by the new ones).
    annual = data[data["period_kind"].isin(["year", "school_year"])]
    if not annual.empty:
        stored = queries.stored_years(con, annual)
        new = annual[["indicator_id", "area", "breakdown", "year", "value", "source_row", "period"]]
        combined = pd.concat(
            [stored.assign(source_row=pd.NA, period=stored["year"].astype(str), is_new=False), new.assign(is_new=True)],
            ignore_index=True,
        )
        combined = combined.sort_values("is_new").drop_duplicates(
            ["indicator_id", "area", "breakdown", "year"], keep="last"
        )
        combined = combined.sort_values(["indicator_id", "area", "breakdown", "year"])
        g = combined.groupby(["indicator_id", "area", "breakdown"], sort=False)
        combined["prev"] = g["value"].shift()
        combined["prev_year"] = g["year"].shift()
        rel = (combined["value"] - combined["prev"]).abs() / combined["prev"].abs()
        jump = (
            combined["is_new"]
            & (combined["prev"].abs() > 0)
            & (rel > 0.5)
            & (combined["year"] - combined["prev_year"] == 1)
        )
        _capped(
            report,
            [
                (
                    r.source_row,
                    "value",
                    r.value,
                    dict(
                        change=load.change_text(rel[i]),
                        prev=r.prev,
                        prev_period=int(r.prev_year),
                        indicator=names.get(r.indicator_id, r.indicator_id),
                        area=r.area,
                    ),
                )
                for i, r in combined[jump].iterrows()
            ],
            W_JUMP,
            file,
        )
        gaps = []
        for (ind_id, area, _bd), grp in g:
            years = set(grp["year"].astype(int))
            # Step by the indicator's frequency: an election every 4 years has no "gap" in between.
            step = (
                max(1, FREQUENCIES.get(catalog.indicator(ind_id).frequency, {}).get("months", 12) // 12)
                if catalog.has_indicator(ind_id)
                else 1
            )
            missing = [y for y in range(min(years), max(years) + 1) if all(abs(y - x) >= step for x in years)]
            if missing and grp["is_new"].any():
                gaps.append(
                    (
                        None,
                        None,
                        None,
                        dict(indicator=names.get(ind_id, ind_id), area=area, years=", ".join(map(str, missing))),
                    )
                )
        _capped(report, gaps, W_GAP, file)
    return report


def former_upload_checks(con, data: pd.DataFrame, indicators: pd.DataFrame, limit: int) -> dict:
    """The former queries.upload_checks (all in SQL), verbatim: the oracle for what the Python reference
    predates (a year given twice in a series, e.g. 2023 and 2023-24, counts twice).

    `data`: the upload's rows (indicator_id, area, breakdown, year, period, period_kind, value, source_row) in
    file order; rows without a value are left out here. `indicators`: indicator_id, unit, step (years between expected values).
    Returns the first `limit` hits of each kind (in the order the warnings are listed) and how many there are:
    far (+ n_far), jumps (+ n_jumps), gaps (+ n_gaps, with each series' years) and units (one row per percent
    indicator, with what the unit check needs)."""
    cur = con.cursor()
    try:
        cols = ["indicator_id", "area", "breakdown", "year", "period", "period_kind", "value", "source_row"]
        # Copied once into DuckDB (file order kept in _pos); every query below reads the copy, not pandas.
        import pyarrow as pa

        cur.register(
            "chk_frame",
            pa.Table.from_pandas(
                pd.DataFrame({**{c: data[c] for c in cols}, "_pos": np.arange(len(data))}), preserve_index=False
            ),
        )
        cur.execute("CREATE TEMP TABLE chk_new AS SELECT * FROM chk_frame WHERE value IS NOT NULL")
        cur.unregister("chk_frame")
        cur.register("chk_ind", indicators[["indicator_id", "unit", "step"]])
        cur.execute("""
            CREATE TEMP TABLE chk_stats AS
            SELECT o.indicator_id, o.area, o.breakdown, min(o.value) AS hist_min, max(o.value) AS hist_max,
                   median(o.value) AS hist_median, count(o.value) AS hist_n
            FROM observation o JOIN (SELECT DISTINCT indicator_id, area, breakdown FROM chk_new) k
                 USING (indicator_id, area, breakdown)
            WHERE o.value IS NOT NULL GROUP BY ALL""")
        # Far outside: beyond the historic range widened by its own width (or 50 % of the level if flat).
        far = cur.execute(
            """
            WITH m AS (
                SELECT n.*, s.hist_min, s.hist_max,
                       CASE WHEN s.hist_max - s.hist_min > 0 THEN s.hist_max - s.hist_min
                            ELSE abs(s.hist_median) * 0.5 END AS width
                FROM chk_new n JOIN chk_stats s USING (indicator_id, area, breakdown) WHERE s.hist_n >= 3)
            SELECT indicator_id, area, breakdown, value, source_row, hist_min, hist_max, count(*) OVER () AS n
            FROM m WHERE value > hist_max + width OR value < hist_min - width
            ORDER BY _pos LIMIT ?""",
            [int(limit)],
        ).df()
        units = cur.execute("""
            SELECT n.indicator_id, bool_and(n.value > 0 AND n.value <= 1) AS looks_share,
                   median(s.hist_median) AS hist_median, count(s.hist_median) AS n_hist,
                   arg_min(n.source_row, n._pos) AS first_row, arg_min(n.value, n._pos) AS first_value
            FROM chk_new n LEFT JOIN chk_stats s USING (indicator_id, area, breakdown)
            WHERE n.indicator_id IN (SELECT indicator_id FROM chk_ind WHERE unit = 'percent')
            GROUP BY n.indicator_id ORDER BY n.indicator_id""").df()
        # Annual series as they would be after the upload: stored values overlaid by the new ones.
        cur.execute("""
            CREATE TEMP TABLE chk_annual AS
            WITH n AS (SELECT indicator_id, area, breakdown, year, value, source_row, TRUE AS is_new
                       FROM chk_new WHERE period_kind IN ('year', 'school_year')),
                 s AS (SELECT o.indicator_id, o.area, o.breakdown, o.year, o.value,
                              CAST(NULL AS BIGINT) AS source_row, FALSE AS is_new
                       FROM observation o JOIN (SELECT DISTINCT indicator_id, area, breakdown FROM n) k
                            USING (indicator_id, area, breakdown)
                       WHERE o.period_kind IN ('year', 'school_year') AND o.value IS NOT NULL)
            SELECT * FROM n UNION ALL SELECT * FROM s ANTI JOIN n USING (indicator_id, area, breakdown, year)""")
        # A jump is measured against the year before (a value further back is not "a jump from last year").
        jumps = cur.execute(
            """
            SELECT n.indicator_id, n.area, n.breakdown, n.year, n.value, n.source_row, p.value AS prev,
                   p.year AS prev_year, abs(n.value - p.value) / abs(p.value) AS rel, count(*) OVER () AS n
            FROM chk_annual n JOIN chk_annual p
                 ON p.indicator_id = n.indicator_id AND p.area = n.area AND p.breakdown = n.breakdown
                AND p.year = n.year - 1
            WHERE n.is_new AND abs(p.value) > 0 AND abs(n.value - p.value) / abs(p.value) > 0.5
            ORDER BY n.indicator_id, n.area, n.breakdown, n.year LIMIT ?""",
            [int(limit)],
        ).df()
        # A gap: two stored-or-new years further apart than twice the indicator's step. Only series with a
        # year missing between their first and last can have one, so the window runs on those alone.
        gaps = cur.execute(
            """
            WITH span AS (
                SELECT indicator_id, area, breakdown FROM chk_annual GROUP BY ALL
                HAVING max(year) - min(year) + 1 > count(*)),  -- one row per series and year (see chk_annual)
            a AS (
                SELECT a.indicator_id, a.area, a.breakdown, a.year,
                       a.year - lag(a.year) OVER (PARTITION BY a.indicator_id, a.area, a.breakdown
                                                  ORDER BY a.year) AS step_from_prev
                FROM chk_annual a JOIN span USING (indicator_id, area, breakdown)),
            g AS (
                SELECT a.indicator_id, a.area, a.breakdown, max(a.step_from_prev) AS widest,
                       coalesce(any_value(i.step), 1) AS step, list(a.year ORDER BY a.year) AS years
                FROM a LEFT JOIN chk_ind i USING (indicator_id) GROUP BY ALL)
            SELECT indicator_id, area, breakdown, step, years, count(*) OVER () AS n FROM g
            WHERE widest >= 2 * step ORDER BY indicator_id, area, breakdown LIMIT ?""",
            [int(limit)],
        ).df()
        for table in ("chk_new", "chk_stats", "chk_annual"):
            cur.execute(f"DROP TABLE {table}")
    finally:
        cur.close()
    return {
        "far": far,
        "n_far": int(far["n"].iloc[0]) if len(far) else 0,
        "units": units,
        "jumps": jumps,
        "n_jumps": int(jumps["n"].iloc[0]) if len(jumps) else 0,
        "gaps": gaps,
        "n_gaps": int(gaps["n"].iloc[0]) if len(gaps) else 0,
    }


def _frame(rows):
    out = []
    for n, (iid, year, value, area, bd) in enumerate(rows, start=2):
        out.append(
            dict(
                indicator_id=iid,
                period=str(year),
                year=year,
                time=float(year),
                period_kind="year",
                area=area,
                breakdown=bd,
                value=value,
                missing="" if value == value else "not_available",
                flag="",
                note="",
                source_row=n,
            )
        )
    return pd.DataFrame(out)


def _problems(report: Report):
    return [
        (
            p.level,
            p.code,
            p.row,
            p.column,
            None
            if p.value is None
            else round(float(p.value), 9)
            if isinstance(p.value, (int, float, np.floating))
            else p.value,
            tuple(
                sorted(
                    (k, round(float(v), 9) if isinstance(v, (float, np.floating)) else v)
                    for k, v in _as_before(p).items()
                )
            ),
        )
        for p in report.problems
    ]


def _as_before(p) -> dict:
    """The params as the former versions wrote them. The checks now name a series' breakdown after its area
    ("Bærum, kjønn=kvinner": which Miljødirektoratet sector jumped) and a jump's direction; the oracles predate
    both, so those are taken off here, after checking them against the problem's own numbers."""
    params = dict(p.params)
    if "direction_nb" in params:
        rise = p.value > params["prev"]
        assert (params.pop("direction_nb"), params.pop("direction_en")) == (
            ("en økning", "a rise") if rise else ("en nedgang", "a fall")
        )
    if p.code in ("far_outside_history", "jump_in_series", "gap_in_years") and ", " in str(params.get("area")):
        area, breakdown = params["area"].split(", ", 1)
        assert "=" in breakdown, params
        params["area"] = area
    return params


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
                    stored.append(
                        (iid, int(y), float(level if flat else round(level * rng.uniform(0.8, 1.2), 2)), area, bd)
                    )
                for y in sorted(rng.choice(np.arange(2005, 2027), rng.integers(0, 6), replace=False)):
                    kind = rng.random()
                    v = (
                        np.nan
                        if kind < 0.1
                        else level * 10
                        if kind < 0.25
                        else rng.uniform(0.01, 1.0)
                        if kind < 0.4
                        else round(level * rng.uniform(0.9, 1.1), 2)
                    )
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
    stored = _frame(
        [
            (COUNT.id, y, 100.0 + y % 3, f"Kommune {a:03d}", "")
            for a in range(60)
            for y in range(2000, 2020)
            if y != 2010
        ]
    )
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
        db.apply_upload(
            con,
            _frame([(PERCENT.id, y, 40.0 + y % 4, "Asker", "") for y in range(2010, 2020)]),
            file_name="s.csv",
            file_sha256="s",
            file_format="canonical",
            uploaded_by="t",
        )
    new = _frame(
        [
            (PERCENT.id, 2020, 0.41, "Asker", ""),
            (PERCENT.id, 2021, 0.43, "Asker", ""),
            (PERCENT.id, 2021, 0.5, "Bærum", ""),
        ]
    )
    expected = reference_check(con, new, CATALOG, "new.csv")
    got = check_against_store(con, new, CATALOG, "new.csv")
    assert _problems(got) == _problems(expected)
    assert W_UNIT in [p.code for p in got.problems]
    con.close()


# --- periods of every kind, unsorted files, re-loads (the vectorised checks take other paths for these) -------

STYLES = ("year", "school_year", "multi_year", "quarter", "year+quarter")
TWICE = "year+school_year"  # the same year twice in a series (2021 and 2021-22)


def _periods(style: str, years) -> list[tuple]:
    """(period, period_kind, year, time) of one series in the given style."""
    out = []
    for y in map(int, years):
        if style in ("year", "year+quarter", TWICE):
            out.append((str(y), "year", y, float(y)))
        if style == "school_year" or (style == TWICE and y % 3 == 0):
            out.append((f"{y}-{(y + 1) % 100:02d}", "school_year", y, float(y)))
        if style == "multi_year":
            out.append((f"{y - 2}-{y}", "multi_year", y, float(y)))
        if style == "quarter" or (style == "year+quarter" and y % 2 == 0):
            out += [(f"{y}K{q}", "quarter", y, y + (q - 2.5) / 4) for q in (1, 3)]
    return out


def _frame_of(rows) -> pd.DataFrame:
    """Rows (indicator_id, period, period_kind, year, time, value, area, breakdown) in file order."""
    return pd.DataFrame(
        [
            dict(
                indicator_id=iid,
                period=period,
                year=year,
                time=time,
                period_kind=kind,
                area=area,
                breakdown=bd,
                value=value,
                missing="" if value == value else "not_available",
                flag="",
                note="",
                source_row=n,
            )
            for n, (iid, period, kind, year, time, value, area, bd) in enumerate(rows, start=2)
        ],
        columns=[
            "indicator_id",
            "period",
            "year",
            "time",
            "period_kind",
            "area",
            "breakdown",
            "value",
            "missing",
            "flag",
            "note",
            "source_row",
        ],
    )


def _mixed_case(seed: int, styles, order: str, reload: bool = False):
    """A store and an upload with series of the given period styles; `order`: sorted | shuffled | reversed.
    `reload`: the upload repeats the stored rows (some now missing, a few changed) and adds a few years."""
    rng = np.random.default_rng(seed)
    stored, new = [], []
    for iid in (PERCENT.id, COUNT.id, BIENNIAL.id, EVERY4.id, "unknown-indicator"):
        for area in ("Asker", "Bærum", "Lier"):
            for bd in ("", "kjønn=kvinner"):
                style = styles[rng.integers(len(styles))]
                level = rng.choice([0.5, 40.0, 1000.0])
                flat = rng.random() < 0.2
                s_years = sorted(rng.choice(np.arange(2000, 2025), rng.integers(0, 12), replace=False))
                s_rows = [
                    (iid, *p, float(level if flat else round(level * rng.uniform(0.8, 1.2), 2)), area, bd)
                    for p in _periods(style, s_years)
                ]
                stored += s_rows
                if reload:
                    for r in s_rows:
                        kind = rng.random()
                        value = np.nan if kind < 0.15 else r[5] * 3 if kind < 0.2 else r[5]
                        new.append((*r[:5], float(value), area, bd))
                    n_years = sorted(rng.choice(np.arange(2020, 2027), rng.integers(0, 3), replace=False))
                    n_years = [y for y in n_years if y not in s_years]
                else:
                    n_years = sorted(rng.choice(np.arange(2005, 2027), rng.integers(0, 6), replace=False))
                for p in _periods(style, n_years):
                    kind = rng.random()
                    value = (
                        np.nan
                        if kind < 0.1
                        else level * 10
                        if kind < 0.25
                        else rng.uniform(0.01, 1.0)
                        if kind < 0.4
                        else round(level * rng.uniform(0.9, 1.1), 2)
                    )
                    new.append((iid, *p, float(value), area, bd))
    if order == "shuffled":
        new = [new[i] for i in rng.permutation(len(new))]
    elif order == "reversed":
        new = new[::-1]
    return _frame_of(stored), _frame_of(new)


def _store(tmp_path, stored: pd.DataFrame):
    con = db.connect(tmp_path / "c.duckdb")
    db.init_schema(con)
    if len(stored):
        db.apply_upload(con, stored, file_name="s.csv", file_sha256="s", file_format="canonical", uploaded_by="t")
    return con


def _former(con, frame, monkeypatch) -> Report:
    with monkeypatch.context() as m:
        m.setattr(queries, "upload_checks", former_upload_checks)
        return check_against_store(con, frame, CATALOG, "new.csv")


@pytest.mark.parametrize("order", ["sorted", "shuffled", "reversed"])
@pytest.mark.parametrize("seed", range(8))
def test_every_period_kind_and_file_order_as_both_oracles(tmp_path, monkeypatch, seed, order):
    stored, new = _mixed_case(seed, STYLES, order)
    con = _store(tmp_path, stored if seed % 4 else stored.iloc[:0])  # every 4th: a first load
    got = check_against_store(con, new, CATALOG, "new.csv")
    assert _problems(got) == _problems(_former(con, new, monkeypatch))
    got.problems = [p for p in got.problems if p.code != "no_total_series"]
    assert _problems(got) == _problems(reference_check(con, new, CATALOG, "new.csv"))
    con.close()


@pytest.mark.parametrize("order", ["sorted", "shuffled"])
@pytest.mark.parametrize("seed", range(6))
def test_reload_with_missing_and_changed_values_as_both_oracles(tmp_path, monkeypatch, seed, order):
    """The stored series are mostly overlaid by the upload (the store is asked for the rest only)."""
    stored, new = _mixed_case(seed, STYLES, order, reload=True)
    con = _store(tmp_path, stored)
    got = check_against_store(con, new, CATALOG, "new.csv")
    assert _problems(got) == _problems(_former(con, new, monkeypatch))
    got.problems = [p for p in got.problems if p.code != "no_total_series"]
    assert _problems(got) == _problems(reference_check(con, new, CATALOG, "new.csv"))
    con.close()


@pytest.mark.parametrize("reload", [False, True])
@pytest.mark.parametrize("seed", range(6))
def test_a_year_given_twice_as_the_former_sql(tmp_path, monkeypatch, seed, reload):
    """2021 and 2021-22 in one series: the former SQL paired a jump with both and counted both for gaps (its
    order among such ties was undefined, so the lists are compared sorted, uncapped)."""
    stored, new = _mixed_case(seed, (TWICE, "year", "quarter"), "shuffled" if seed % 2 else "sorted", reload)
    con = _store(tmp_path, stored)
    monkeypatch.setattr(load, "MAX_PER_KIND", 100_000)
    got = check_against_store(con, new, CATALOG, "new.csv")
    assert sorted(_problems(got), key=repr) == sorted(_problems(_former(con, new, monkeypatch)), key=repr)
    con.close()


@pytest.mark.parametrize("dtype", [object, "category"])
def test_stored_years_far_apart_and_other_column_types(tmp_path, monkeypatch, dtype):
    """Stored years outside the 63 years compared bit by bit are fetched; object and categorical columns work."""
    stored = _frame_of(
        [(COUNT.id, str(y), "year", y, float(y), 100.0 + y % 7, "Asker", "") for y in (1900, 1950, *range(1990, 2021))]
    )
    new = _frame_of(
        [
            (COUNT.id, str(y), "year", y, float(y), v, "Asker", "")
            for y, v in ((1951, 100.0), (2019, 1000.0), (2021, 100.0), (2023, 102.0))
        ]
    )
    new = new.astype({c: dtype for c in ("indicator_id", "area", "breakdown", "period_kind")})
    con = _store(tmp_path, stored)
    got = check_against_store(con, new, CATALOG, "new.csv")
    assert _problems(got) == _problems(_former(con, new, monkeypatch))
    assert _problems(got) == _problems(reference_check(con, new, CATALOG, "new.csv"))
    assert {p.code for p in got.problems} >= {W_JUMP, W_GAP, W_FAR_OUTSIDE}
    con.close()


def test_no_value_and_no_annual_rows(tmp_path, monkeypatch):
    stored, _ = _mixed_case(1, STYLES, "sorted")
    con = _store(tmp_path, stored)
    quarters = _frame_of(
        [
            (COUNT.id, f"2030K{q}", "quarter", 2030, 2030 + (q - 2.5) / 4, 5.0 * q, a, "")
            for a in ("Asker", "Bærum")
            for q in (1, 2, 3, 4)
        ]
    )
    empty = quarters.assign(value=np.nan)
    for frame in (quarters, empty):
        got = check_against_store(con, frame, CATALOG, "new.csv")
        assert _problems(got) == _problems(_former(con, frame, monkeypatch))
        assert _problems(got) == _problems(reference_check(con, frame, CATALOG, "new.csv"))
    assert check_against_store(con, empty, CATALOG, "new.csv").problems == []
    con.close()


def test_store_holds_the_indicators_but_other_series(tmp_path, monkeypatch):
    stored, new = _mixed_case(3, STYLES, "sorted")
    con = _store(tmp_path, stored.assign(area="Oslo, not " + stored["area"]))
    got = check_against_store(con, new, CATALOG, "new.csv")
    assert _problems(got) == _problems(_former(con, new, monkeypatch))
    got.problems = [p for p in got.problems if p.code != "no_total_series"]
    assert _problems(got) == _problems(reference_check(con, new, CATALOG, "new.csv"))
    con.close()


def _no_total_rule(frame: pd.DataFrame, catalog: Catalog, file: str) -> Report:
    """The no_total_series rule written plainly (a pandas group per indicator): every indicator whose Asker rows
    all carry a breakdown is named, with its first row and breakdown. (The former rule named only indicators
    whose total the store held; a first load of breakdowns only went unremarked.)"""
    from etl.load import W_NO_TOTAL, _row

    report = Report()
    names = {i.id: i.name.nb for i in catalog.indicators}
    asker = frame[frame["area"] == queries.HEADLINE_AREA]
    no_total = [(iid, g) for iid, g in asker.groupby("indicator_id") if (g["breakdown"] != "").all()]
    rows = []
    for iid, g in no_total:
        example = g["breakdown"].iloc[0]
        key, _, value = example.split(";")[0].partition("=")
        rows.append(
            (
                _row(g["source_row"].iloc[0]),
                None,
                None,
                dict(indicator=names.get(iid, iid), example=example, key=key, shown=value),
            )
        )
    _capped(report, rows, W_NO_TOTAL, file)
    return report


@pytest.mark.parametrize("seed", range(4))
def test_no_total_series_as_the_rule_says(tmp_path, seed):
    rng = np.random.default_rng(seed)
    ids = [PERCENT.id, COUNT.id, BIENNIAL.id, EVERY4.id, "unknown-indicator"]
    stored = _frame_of(
        [(iid, str(y), "year", y, float(y), 50.0, "Asker", "") for iid in ids[::2] for y in range(2010, 2015)]
    )
    rows = []
    for iid in ids:
        bds = ["kjønn=kvinner", "kjønn=menn"] + ([""] if rng.random() < 0.3 else [])
        for bd in bds:
            for area in ("Asker", "Bærum"):
                for y in range(2015, 2018):
                    rows.append((iid, str(y), "year", y, float(y), np.nan if rng.random() < 0.2 else 40.0, area, bd))
    new = _frame_of([rows[i] for i in rng.permutation(len(rows))])
    for con in (_store(tmp_path, stored), _store(tmp_path / "empty", stored.iloc[:0])):  # the store has no say
        got = [p for p in check_against_store(con, new, CATALOG, "new.csv").problems if p.code == "no_total_series"]
        expected = _no_total_rule(new, CATALOG, "new.csv").problems
        assert _problems(Report(got)) == _problems(Report(expected)) and expected
        assert all(p.params["key"] == "kjønn" and p.params["shown"] in ("kvinner", "menn") for p in got)
        assert '--total "kjønn=' in got[0].hint("en") and '--drop "kjønn"' in got[0].hint("nb")
        con.close()
