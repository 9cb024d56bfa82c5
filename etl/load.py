"""Prepare and commit uploads: read a file, check it against the stored series, preview the changes, write it.

One code path for `python -m etl load` and the dashboard's upload page.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from etl.read import ColumnMapping, ReadResult, read_file
from etl.report import Report, template
from indicators.catalog import FREQUENCIES, Catalog
from store import db, queries

W_FAR_OUTSIDE = template(
    "far_outside_history",
    "Verdien {value} ligger langt utenfor seriens historikk ({low}–{high}) for {indicator} ({area}).",
    "The value {value} is far outside the series' history ({low}–{high}) for {indicator} ({area}).",
    "Sjekk enhet og desimaltegn; last opp likevel hvis verdien stemmer.",
    "Check the unit and decimal mark; upload anyway if the value is right.")
W_JUMP = template(
    "jump_in_series",
    "Verdien {value} er et hopp på {change} fra {prev_period} ({prev}) for {indicator} ({area}).",
    "The value {value} is a jump of {change} from {prev_period} ({prev}) for {indicator} ({area}).",
    "Sjekk om det er brudd i serien; merk i så fall raden med flag=break.",
    "Check for a break in the series; if so, mark the row with flag=break.")
W_UNIT = template(
    "unit_looks_different",
    "Verdiene for {indicator} ser ut som andeler (0–1), men serien er i prosent (median {median}).",
    "The values for {indicator} look like shares (0–1) but the series is in percent (median {median}).",
    "Gang verdiene med 100, eller rett enheten i kilden.",
    "Multiply the values by 100, or correct the unit at the source.")
W_GAP = template(
    "gap_in_years",
    "Serien {indicator} ({area}) mangler år {years} etter opplastingen.",
    "The series {indicator} ({area}) lacks the year(s) {years} after this upload.",
    "Last opp de manglende årene hvis kilden har dem.",
    "Upload the missing years if the source has them.")
W_MORE = template(
    "more_of_the_same",
    "… og {count} flere advarsler av typen «{kind}».",
    "… and {count} more warnings of the kind “{kind}”.")
W_ALREADY = template(
    "already_loaded",
    "Filen er allerede lastet inn (opplasting #{upload_id}); ingen verdier endres.",
    "This file has already been loaded (upload #{upload_id}); no values change.")

MAX_PER_KIND = 20  # keep reports readable; the rest is summarised in one line


@dataclass
class PreparedUpload:
    """A read and checked file, with the preview of what committing it would change."""

    name: str
    sha256: str
    read: ReadResult
    report: Report
    diff: db.Diff | None = None
    catalog: Catalog | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.report.ok

    @property
    def frame(self) -> pd.DataFrame:
        return self.read.frame


@dataclass
class LoadResult:
    name: str
    upload_id: int | None
    diff: db.Diff
    report: Report


def _capped(report: Report, problems: list[tuple], code: str, file: str) -> None:
    for row, column, value, params in problems[:MAX_PER_KIND]:
        report.warning(code, file, row, column, value, **params)
    if len(problems) > MAX_PER_KIND:
        report.warning(W_MORE, file, count=len(problems) - MAX_PER_KIND, kind=code)


def check_against_store(con, frame: pd.DataFrame, catalog: Catalog, file: str) -> Report:
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
    annual = data[data["period_kind"] == "year"]
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


def prepare(con, data: bytes | str | Path, name: str, catalog: Catalog, mapping: ColumnMapping | None = None,
            indicator_id: str | None = None, max_bytes: int | None = None,
            max_rows: int | None = None) -> PreparedUpload:
    """Read and check a file and compute the preview. Writes nothing. `max_bytes` / `max_rows` override the
    reader's limits (the dashboard passes its upload limit, so both say the same)."""
    raw = Path(data).read_bytes() if isinstance(data, (str, Path)) else data
    sha = hashlib.sha256(raw).hexdigest()
    limits = {k: v for k, v in (("max_bytes", max_bytes), ("max_rows", max_rows)) if v is not None}
    result = read_file(raw, name, catalog, mapping=mapping, indicator_id=indicator_id, **limits)
    report = Report(list(result.report.problems))
    prepared = PreparedUpload(name, sha, result, report, catalog=catalog)
    if not report.ok:
        return prepared
    report.extend(check_against_store(con, result.frame, catalog, name))
    prepared.diff = db.diff(con, result.frame)
    if prepared.diff.added == 0 and prepared.diff.changed == 0:
        previous = queries.upload_by_hash(con, sha)
        if previous:
            report.warning(W_ALREADY, name, upload_id=previous)
    return prepared


def commit(con, prepared: PreparedUpload, user: str, is_example: bool = False) -> LoadResult:
    """Write a prepared upload in one transaction (refuses a file with errors)."""
    if not prepared.ok:
        raise ValueError(f"{prepared.name} has errors and cannot be committed: {prepared.report.summary('en')}")
    upload_id, d = db.apply_upload(
        con, prepared.frame, file_name=prepared.name, file_sha256=prepared.sha256, file_format=prepared.read.format,
        uploaded_by=user, report_json=json.dumps(prepared.report.to_records("nb"), ensure_ascii=False, default=str),
        n_warnings=len(prepared.report.warnings), is_example=is_example)
    return LoadResult(prepared.name, upload_id, d, prepared.report)


def load_paths(con, paths: list[Path], catalog: Catalog, user: str, is_example: bool = False
               ) -> tuple[list[LoadResult], list[PreparedUpload]]:
    """Check every file first; write nothing unless all are free of errors. Each file becomes one upload
    (so each can be undone on its own), each written in its own transaction."""
    prepared = [prepare(con, p, Path(p).name, catalog) for p in paths]
    if not all(p.ok for p in prepared):
        return [], prepared
    results = []
    for p in prepared:
        # Re-diff at commit time: an earlier file in the same command may have touched the same rows.
        results.append(commit(con, p, user, is_example=is_example))
    return results, prepared


def export_observations(con, path: Path) -> int:
    """Write all stored observations as canonical long CSV (the format `load` reads back)."""
    df = queries.export_frame(con)
    df.to_csv(path, index=False)
    return len(df)
