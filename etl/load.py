"""Prepare and commit uploads: read a file, check it against the stored series, preview the changes, write it.

One code path for `python -m etl load` and the dashboard's upload page.
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from etl.read import ColumnMapping, ReadResult, read_file
from etl.validation import Report, template
from indicators.catalog import FREQUENCIES, Catalog
from store import db, queries

W_FAR_OUTSIDE = template(
    "far_outside_history",
    "Verdien {value} ligger langt utenfor seriens historikk ({low}–{high}) for {indicator} ({area}).",
    "The value {value} is far outside the series' history ({low}–{high}) for {indicator} ({area}).",
    "Sjekk enhet og desimaltegn; last opp likevel hvis verdien stemmer.",
    "Check the unit and decimal mark; upload anyway if the value is right.",
)
W_JUMP = template(
    "jump_in_series",
    "Verdien {value} er {direction_nb} på {change} fra {prev_period} ({prev}) for {indicator} ({area}).",
    "The value {value} is {direction_en} of {change} from {prev_period} ({prev}) for {indicator} ({area}).",
    "Sjekk om det er brudd i serien; merk i så fall raden med flag=break.",
    "Check for a break in the series; if so, mark the row with flag=break.",
)
W_UNIT = template(
    "unit_looks_different",
    "Verdiene for {indicator} ser ut som andeler (0–1), men serien er i prosent (median {median}).",
    "The values for {indicator} look like shares (0–1) but the series is in percent (median {median}).",
    "Gang verdiene med 100, eller rett enheten i kilden.",
    "Multiply the values by 100, or correct the unit at the source.",
)
W_GAP = template(
    "gap_in_years",
    "Serien {indicator} ({area}) mangler år {years} etter opplastingen.",
    "The series {indicator} ({area}) lacks the year(s) {years} after this upload.",
    "Last opp de manglende årene hvis kilden har dem.",
    "Upload the missing years if the source has them.",
)
W_MORE = template(
    "more_of_the_same",
    "… og {count} flere advarsler av typen «{kind}».",
    "… and {count} more warnings of the kind “{kind}”.",
)
W_NO_TOTAL = template(
    "no_total_series",
    "Alle radene for {indicator} i Asker har en nedbrytning (f.eks. {example}); ingen gjelder Askers totalserie, "
    "som målene gjelder og målsidene viser.",
    "Every row for {indicator} in Asker has a breakdown (e.g. {example}); none is for Asker's total series, which "
    "the targets apply to and the goal pages show.",
    "Er «{key}» ikke en nedbrytning, fjern kolonnen under «Kolonner og indikator» og les filen på nytt (på "
    'kommandolinjen: --drop "{key}"); står «{shown}» for alle, bruk --total "{key}={shown}".',
    "If “{key}” is not a breakdown, remove the column under “Columns and indicator” and read the file again "
    '(on the command line: --drop "{key}"); if “{shown}” stands for all of them, use '
    '--total "{key}={shown}".',
)
W_ALREADY = template(
    "already_loaded",
    "Filen er allerede lastet inn (opplasting #{upload_id}); ingen verdier endres.",
    "This file has already been loaded (upload #{upload_id}); no values change.",
)

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
    unchanged_since: int | None = None  # identical to this upload, store untouched since: nothing was re-read
    load_key: str | None = None
    raw: bytes | None = field(default=None, repr=False)  # kept only when the file was not read (see below)
    source_url: str | None = None  # the API request it came from (etl.fetch); recorded on the upload

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


def _capped_total(report: Report, problems: list[tuple], total: int, code: str, file: str) -> None:
    """Like _capped, when the store found `total` hits but returned only the first MAX_PER_KIND."""
    for row, column, value, params in problems[:MAX_PER_KIND]:
        report.warning(code, file, row, column, value, **params)
    if total > MAX_PER_KIND:
        report.warning(W_MORE, file, count=total - MAX_PER_KIND, kind=code)


def _row(value):
    return None if value is None or pd.isna(value) else int(value)


def change_text(rel: float) -> str:
    """A relative change as whole percent; past 10 000 % as "over 10 000 %" (a value next to zero before it gave a
    300-digit percentage). "over" reads the same in bokmål and English, so one text serves both messages."""
    return f"{rel * 100:.0f} %" if rel * 100 < 10_000 else "over 10 000 %"


def check_against_store(con, frame: pd.DataFrame, catalog: Catalog, file: str) -> Report:
    """Warnings that need the stored series: far outside history, jumps, unit mismatch, year gaps.

    queries.upload_checks compares the whole upload at once (numpy on series numbers; the store is asked
    only about the series it holds) and returns the first MAX_PER_KIND hits of each kind with their count,
    so a national file costs no Python loop per series or row."""
    report = Report()
    if not frame["value"].notna().any():
        return report
    names = {i.id: i.name.nb for i in catalog.indicators}
    # Step by the indicator's frequency: an election every 4 years has no "gap" in between.
    indicators = pd.DataFrame(
        {
            "indicator_id": [i.id for i in catalog.indicators],
            "unit": [i.unit for i in catalog.indicators],
            "step": [max(1, FREQUENCIES.get(i.frequency, {}).get("months", 12) // 12) for i in catalog.indicators],
        }
    )
    found = queries.upload_checks(con, frame, indicators, MAX_PER_KIND)  # rows without a value are skipped there

    # Far outside: beyond the historic range widened by its own width (or 50 % of the level if flat).
    _capped_total(
        report,
        [
            (
                _row(r.source_row),
                "value",
                r.value,
                dict(
                    low=r.hist_min,
                    high=r.hist_max,
                    indicator=names.get(r.indicator_id, r.indicator_id),
                    area=_series(r.area, r.breakdown),
                ),
            )
            for r in found["far"].itertuples()
        ],
        found["n_far"],
        W_FAR_OUTSIDE,
        file,
    )

    # Unit: a percent series whose new values all lie in (0, 1] while its history is well above 1.
    unit_problems = []
    for r in found["units"].itertuples():
        no_history = r.n_hist == 0
        if bool(r.looks_share) and (no_history or r.hist_median > 1.5):
            unit_problems.append(
                (
                    _row(r.first_row),
                    "value",
                    r.first_value,
                    dict(
                        indicator=names.get(r.indicator_id, r.indicator_id), median="–" if no_history else r.hist_median
                    ),
                )
            )
    _capped(report, unit_problems, W_UNIT, file)

    # Jumps on the annual series as they would be after the upload (stored values overlaid by the new ones).
    _capped_total(
        report,
        [
            (
                _row(r.source_row),
                "value",
                r.value,
                dict(
                    change=change_text(r.rel),
                    prev=r.prev,
                    prev_period=int(r.prev_year),
                    direction_nb="en økning" if r.value > r.prev else "en nedgang",
                    direction_en="a rise" if r.value > r.prev else "a fall",
                    indicator=names.get(r.indicator_id, r.indicator_id),
                    area=_series(r.area, r.breakdown),
                ),
            )
            for r in found["jumps"].itertuples()
        ],
        found["n_jumps"],
        W_JUMP,
        file,
    )
    gaps = []
    for r in found["gaps"].itertuples():
        years = [int(y) for y in r.years]
        missing = [y for y in range(min(years), max(years) + 1) if all(abs(y - x) >= r.step for x in years)]
        gaps.append(
            (
                None,
                None,
                None,
                dict(
                    indicator=names.get(r.indicator_id, r.indicator_id),
                    area=_series(r.area, r.breakdown),
                    years=", ".join(map(str, missing)),
                ),
            )
        )
    _capped_total(report, gaps, found["n_gaps"], W_GAP, file)

    # A column read as a breakdown that is not one (FHI's "alder = 0 år"), or a file with only breakdowns: every
    # Asker row of an indicator carries a breakdown, so nothing reaches the series the targets apply to.
    # (Only the few Asker rows are looked at: a national file has 1.3 million rows.)
    asker = frame[["indicator_id", "breakdown", "source_row"]].iloc[
        np.flatnonzero((frame["area"] == queries.HEADLINE_AREA).to_numpy(dtype=bool, na_value=False))
    ]
    totals = (asker["breakdown"] == "").groupby(asker["indicator_id"]).any()  # sorted by indicator id
    no_total = [iid for iid, has in totals.items() if not has]
    if no_total:
        first = asker.drop_duplicates("indicator_id").set_index("indicator_id")  # each one's first row
        problems = []
        for iid in no_total:
            example = str(first.at[iid, "breakdown"])
            key, _, value = example.split(";")[0].partition("=")
            problems.append(
                (
                    _row(first.at[iid, "source_row"]),
                    None,
                    None,
                    dict(indicator=names.get(iid, iid), example=example, key=key, shown=value),
                )
            )
        _capped(report, problems, W_NO_TOTAL, file)
    return report


def _series(area: str, breakdown: str) -> str:
    """A series as warnings name it: its area, and its breakdown when it has one (a Miljødirektoratet sector)."""
    return f"{area}, {breakdown}" if breakdown else str(area)


def prepare(
    con,
    data: bytes | str | Path,
    name: str,
    catalog: Catalog,
    mapping: ColumnMapping | None = None,
    indicator_id: str | None = None,
    max_bytes: int | None = None,
    max_rows: int | None = None,
    force_read: bool = False,
    preview: bool = True,
    drop: tuple[str, ...] = (),
    totals: dict[str, str] | None = None,
) -> PreparedUpload:
    """Read and check a file and compute the preview. Writes nothing. `max_bytes` / `max_rows` override the
    reader's limits (the dashboard passes its upload limit, so both say the same). `preview=False` (the command
    line's `load`) skips the preview: the commit classifies the rows in its own transaction and reports the counts.
    `drop` and `totals`: the command line's --drop and --total (see etl.read.read_file)."""
    raw = Path(data).read_bytes() if isinstance(data, (str, Path)) else data
    drop, totals = tuple(drop), dict(totals or {})
    key = load_key(catalog, mapping, indicator_id, drop, totals)
    # hashlib releases the GIL: the hash (25 ms for a national file) is computed while the file is read.
    with ThreadPoolExecutor(1) as hashing:
        hashed = hashing.submit(lambda: hashlib.sha256(raw).hexdigest())
        skipped = (
            None if force_read else _unchanged_reload(con, raw, hashed.result, name, catalog, key, max_bytes, max_rows)
        )
        if skipped is not None:
            return skipped
        limits = {k: v for k, v in (("max_bytes", max_bytes), ("max_rows", max_rows)) if v is not None}
        result = read_file(
            raw, name, catalog, mapping=mapping, indicator_id=indicator_id, drop=drop, totals=totals, **limits
        )
        sha = hashed.result()
    report = Report(list(result.report.problems))
    prepared = PreparedUpload(name, sha, result, report, catalog=catalog, load_key=key)
    if not report.ok:
        return prepared
    report.extend(check_against_store(con, result.frame, catalog, name))
    if preview:
        prepared.diff = db.diff(con, result.frame)
        if prepared.diff.added == 0 and prepared.diff.changed == 0 and prepared.diff.removed == 0:
            _already_loaded(con, prepared)
    return prepared


def _already_loaded(con, prepared: PreparedUpload) -> None:
    previous = queries.upload_by_hash(con, prepared.sha256)
    if previous and not any(p.code == W_ALREADY for p in prepared.report.problems):
        prepared.report.warning(W_ALREADY, prepared.name, upload_id=previous)


def commit(con, prepared: PreparedUpload, user: str, is_example: bool = False) -> LoadResult:
    """Write a prepared upload in one transaction (refuses a file with errors)."""
    if not prepared.ok:
        raise ValueError(f"{prepared.name} has errors and cannot be committed: {prepared.report.summary('en')}")
    if prepared.unchanged_since is not None and _still_unchanged(con, prepared):
        return LoadResult(prepared.name, None, prepared.diff, prepared.report)
    if prepared.unchanged_since is not None:  # the store changed after prepare: read the file after all
        prepared = replace(
            prepare(con, prepared.raw, prepared.name, prepared.catalog, max_bytes=len(prepared.raw), force_read=True),
            source_url=prepared.source_url,
        )
        if not prepared.ok:
            raise ValueError(f"{prepared.name} has errors and cannot be committed: {prepared.report.summary('en')}")
    upload_id, d = db.apply_upload(
        con,
        prepared.frame,
        file_name=prepared.name,
        file_sha256=prepared.sha256,
        file_format=prepared.read.format,
        uploaded_by=user,
        report_json=json.dumps(prepared.report.to_records("nb"), ensure_ascii=False, default=str),
        n_warnings=len(prepared.report.warnings),
        is_example=is_example,
        load_key=prepared.load_key,
        keys_checked=True,
        source_url=prepared.source_url,
    )  # read_file refuses a file with a key twice (an error naming both rows)
    if upload_id is None:
        _already_loaded(con, prepared)
    return LoadResult(prepared.name, upload_id, d, prepared.report)


# --- re-loading an unchanged file ------------------------------------------------------------------------
# A file byte-identical to the latest committed upload, with nothing rolled back since and read by the same
# reader code with the same catalog, cannot change anything: every row it holds is stored with exactly its
# value. Such a re-load (a nightly job, an analyst loading the national file again) is answered from the
# upload record instead of re-reading millions of rows. Small files are always read again (the upload
# page then shows its full preview); so are files read with a corrected mapping.

UNCHANGED_MIN_BYTES = 5_000_000
_READER_MODULES = ("read.py", "readers", "periods.py", "regions.py", "sniff.py", "load.py")
_reader_key: str | None = None


def _reader_fingerprint() -> str:
    """The reader's own code: a new version may read the same bytes differently."""
    global _reader_key
    if _reader_key is None:
        h = hashlib.sha256()
        root = Path(__file__).parent
        for name in _READER_MODULES:
            for path in sorted((root / name).rglob("*.py")) if (root / name).is_dir() else [root / name]:
                h.update(path.name.encode() + path.read_bytes())
        _reader_key = h.hexdigest()
    return _reader_key


def load_key(
    catalog: Catalog,
    mapping: ColumnMapping | None = None,
    indicator_id: str | None = None,
    drop: tuple[str, ...] = (),
    totals: dict[str, str] | None = None,
) -> str:
    """What a file's reading depends on besides its bytes: reader code, catalog, chosen mapping/indicator,
    the command line's --drop and --total."""
    h = hashlib.sha256(_reader_fingerprint().encode())
    for i in sorted(catalog.indicators, key=lambda i: i.id):
        h.update(
            repr(
                (
                    i.id,
                    i.objective,
                    i.unit,
                    i.frequency,
                    i.source.agency,
                    i.source.table,
                    i.source.variable,
                    i.source.headline,
                    i.allow,
                )
            ).encode()
        )
    h.update(repr((mapping, indicator_id)).encode())
    if drop or totals:
        h.update(repr((tuple(drop), sorted((totals or {}).items()))).encode())
    return h.hexdigest()


def _unchanged_reload(con, raw: bytes, sha, name: str, catalog: Catalog, key: str, max_bytes, max_rows):
    """`sha`: a function giving the file's hash (asked only when the latest upload could be this file)."""
    import inspect

    limits = inspect.signature(read_file).parameters
    if len(raw) < UNCHANGED_MIN_BYTES or len(raw) > (max_bytes or limits["max_bytes"].default):
        return None
    same = queries.unchanged_since(con, sha)
    if same is None or (same["last_load"] or {}) != {"upload_id": same["upload_id"], "key": key}:
        return None
    if same["rows_read"] > (max_rows or limits["max_rows"].default):
        return None
    from etl.read import empty_frame

    report = Report()
    report.warning(W_ALREADY, name, upload_id=same["upload_id"])
    read = ReadResult(
        empty_frame(),
        Report(),
        same["file_format"],
        {"file": name, "bytes": len(raw), "unchanged_since_upload": same["upload_id"], "rows_read": same["rows_read"]},
        None,
    )
    diff = db.Diff(
        same["rows_read"],
        0,
        0,
        same["rows_read"],
        pd.DataFrame(
            columns=[
                "indicator_id",
                "period",
                "area",
                "breakdown",
                "action",
                "old_value",
                "new_value",
                "old_missing",
                "new_missing",
            ]
        ),
    )
    return PreparedUpload(
        name, sha(), read, report, diff, catalog=catalog, unchanged_since=same["upload_id"], load_key=key, raw=raw
    )


def _still_unchanged(con, prepared: PreparedUpload) -> bool:
    same = queries.unchanged_since(con, prepared.sha256)
    return (
        same is not None
        and same["upload_id"] == prepared.unchanged_since
        and (same["last_load"] or {}) == {"upload_id": same["upload_id"], "key": prepared.load_key}
    )


# Files named on the command line (a national export is ~60 MB); the dashboard's upload keeps its own limit.
CLI_MAX_BYTES = 1_000_000_000


def load_paths(
    con,
    paths: list[Path],
    catalog: Catalog,
    user: str,
    is_example: bool = False,
    indicator_id: str | None = None,
    max_bytes: int | None = CLI_MAX_BYTES,
    drop: tuple[str, ...] = (),
    totals: dict[str, str] | None = None,
) -> tuple[list[LoadResult], list[PreparedUpload]]:
    """Check every file first; write nothing unless all are free of errors. Each file becomes one upload
    (so each can be undone on its own), each written in its own transaction. `indicator_id` names the
    indicator for files that hold one series the catalog cannot match on its own."""
    prepared = [
        prepare(
            con,
            p,
            Path(p).name,
            catalog,
            indicator_id=indicator_id,
            max_bytes=max_bytes,
            preview=False,
            drop=drop,
            totals=totals,
        )
        for p in paths
    ]  # no preview: commit counts
    if not all(p.ok for p in prepared):
        return [], prepared
    results = []
    for p in prepared:
        # Re-diff at commit time: an earlier file in the same command may have touched the same rows.
        results.append(commit(con, p, user, is_example=is_example))
    return results, prepared


def export_observations(con, path: Path) -> int:
    """Write all stored observations as canonical long CSV (the format `load` reads back). Text a spreadsheet
    would run as a formula (a note or area starting with = + - @) gets a leading apostrophe, as in the
    dashboard's downloads (exports.tables.neutralise); `load` takes it off again."""
    from etl.readers.frame import FORMULA_START

    df = queries.export_frame(con)
    for c in df.columns:  # exports.tables.neutralise, on whole columns (a national store has 1.3 million rows)
        if df[c].dtype == object or pd.api.types.is_string_dtype(df[c]):
            hit = df[c].str.startswith(FORMULA_START).fillna(False).to_numpy(bool)
            if hit.any():
                df[c] = df[c].astype(object)
                df.loc[hit, c] = "'" + df.loc[hit, c].astype(str)
    df.to_csv(path, index=False)
    return len(df)
