"""Read an indicator file of any supported format: bytes in, normalised observations and a validation report out.

`read_file` never raises for bad input: every problem becomes an error or warning in the report (row and
column as the user sees them: header = row 1, first data row = row 2; for Excel the sheet's row; for JSON-stat
the cell's position in "value", counted from 1). Rows that cannot be read are left out of the frame; the report
says why. Checks that need the stored series (history, jumps, units, gaps) belong to the loader.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from etl import sniff
from etl.limits import Limits
from etl.periods import MAX_YEAR, MIN_YEAR, parse_periods
from etl.readers import CANONICAL, JSONSTAT, READERS
from etl.readers import messages as M
from etl.readers.base import (
    FLAG_WORDS,
    KEY_ALIASES,
    MISSING_CODES,
    ColumnMapping,
    Raw,
    ReadContext,
    Reader,
    Table,
    found_text,
    names_value,
    report_unknown_indicator,
)
from etl.readers.frame import NEUTRALISED, OBSERVATION_COLUMNS, ReadResult, breakdown_labels, empty_frame
from etl.readers.jsonstat import jsonstat_table, parse_json
from etl.readers.tables import MAX_REPORTED, excel_tables, sheet_label, text_table, zip_kind
from etl.readers.values import parse_values
from etl.regions import normalize_areas
from etl.validation import Report
from indicators.catalog import Catalog

EXCEL_EXTENSIONS = (".xlsx", ".xlsm", ".xls")
EXPECTED = "indicator_id, year, value (+ area, kjønn, alder, note, flag)"

__all__ = ["OBSERVATION_COLUMNS", "ColumnMapping", "ReadResult", "read_file", "empty_frame"]


def _load_bytes(data, name: str, max_bytes: int, report: Report) -> bytes | None:
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
    elif isinstance(data, Path) or (
        isinstance(data, str) and "\n" not in data and len(data) < 4096 and os.path.isfile(data)
    ):
        size = os.path.getsize(data)
        if size > max_bytes:
            report.error(M.E_TOO_LARGE, name, size_mb=_mb(size), limit_mb=_mb(max_bytes))
            return None
        raw = Path(data).read_bytes()
    elif isinstance(data, str):  # text already decoded (e.g. pasted)
        raw = data.encode("utf-8")
    else:
        raise TypeError(f"read_file needs bytes, str or Path, not {type(data).__name__}")
    if len(raw) > max_bytes:
        report.error(M.E_TOO_LARGE, name, size_mb=_mb(len(raw)), limit_mb=_mb(max_bytes))
        return None
    return raw


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f}".replace(".", ",") if n < 10_000_000 else str(round(n / 1_000_000))


def read_file(
    data: bytes | str | Path,
    name: str,
    catalog: Catalog,
    mapping: ColumnMapping | None = None,
    indicator_id: str | None = None,
    max_bytes: int = 50_000_000,
    max_rows: int = 2_000_000,
    max_columns: int | None = None,
    max_cells: int | None = None,
    drop: tuple[str, ...] | list[str] = (),
    totals: dict[str, str] | None = None,
) -> ReadResult:
    """Read one file. `data` is the file's bytes, a Path (or a str naming an existing file), or decoded text.
    `mapping` overrides the detected columns; `indicator_id` names the indicator when the file itself does not
    (it is ignored for files with an indicator column). `drop` and `totals` correct the breakdown columns
    (see ColumnMapping.totals). Columns and cells default to etl.limits' settings."""
    report = Report()
    details: dict = {"file": name}
    limits = Limits(bytes=max_bytes, rows=max_rows, columns=max_columns or 0, cells=max_cells or 0)
    ctx = ReadContext(
        name,
        catalog,
        report,
        indicator_id=indicator_id or None,
        mapping=mapping,
        details=details,
        drop=tuple(drop),
        totals=dict(totals or {}),
    )

    def done(fmt="unknown", frame=None, used_mapping=None) -> ReadResult:
        if frame is not None and len(frame):
            check_values(frame, catalog, report, name, details)
        return ReadResult(empty_frame() if frame is None else frame, report, fmt, details, used_mapping)

    raw = _load_bytes(data, name, max_bytes, report)
    if raw is None:
        return done()
    details["bytes"] = len(raw)
    kind = sniff.container_kind(raw)
    ext = Path(name).suffix.lower()
    details["container"] = kind
    if (
        kind == "text"
        and mapping is None
        and indicator_id is None
        and ext not in EXCEL_EXTENSIONS
        and not drop
        and not totals
    ):
        from etl.readers.fast import read_fast  # large plain canonical CSV: same result, a fraction of the time

        fast = read_fast(raw, name, catalog, max_rows, limits, full_reader=read_file)
        if fast is not None:
            if len(fast.frame):
                check_values(fast.frame, catalog, fast.report, name, fast.details)
            return fast
    if kind == "empty":
        report.error(M.E_EMPTY, name)
        return done()
    if kind == "ole":
        report.error(M.E_XLS, name)
        return done()
    if kind == "zip":
        what, members = zip_kind(raw)
        if what == "ods":
            report.error(M.E_ODS, name)
            return done()
        if what == "zip":
            shown = ", ".join(f"«{m}»" for m in members[:5]) + (" …" if len(members) > 5 else "")
            nb, en = ZIP_EXPECTED.get(ext, ("en tabell", "a table"))
            report.error(M.E_ZIP_ARCHIVE, name, expected_nb=nb, expected_en=en, members=shown or "–")
            return done()
        tables = excel_tables(raw, report, name, max_rows, details, limits)
        if tables is None:
            return done()
        return _read_tables(tables, ctx, max_rows, done)
    if ext in EXCEL_EXTENSIONS:
        scratch = Report()
        decoded = sniff.decode(raw, scratch, name)
        if decoded.text is None or not sniff.is_probably_text_table(decoded.text):
            report.error(M.E_FAKE_XLSX, name)
            return done()
        report.warning(M.W_EXTENSION, name, actual="CSV")
        report.extend(scratch)
    else:
        decoded = sniff.decode(raw, report, name)
        if decoded.text is None:
            return done()
    details["encoding"], details["bom"] = decoded.encoding, decoded.bom
    text = decoded.text
    if not text.replace("\ufeff", "").strip():
        report.error(M.E_EMPTY, name)
        return done()
    if kind == "json":
        obj = parse_json(text, report, name)
        if obj is None:
            return done()
        table = jsonstat_table(obj, report, name, max_rows, details, limits)
        if table is None:
            return done()
        details["columns"] = list(table.columns)
        return _read_with(JSONSTAT, table, ctx, done)
    table = text_table(text, report, name, max_rows, details, limits)
    if table is None:
        return done()
    return _read_tables([table], ctx, max_rows, done)


ZIP_EXPECTED = {
    ".csv": ("en CSV-fil", "a CSV file"),
    ".txt": ("en tekstfil", "a text file"),
    ".xlsx": ("en Excel-fil", "an Excel file"),
    ".xlsm": ("en Excel-fil", "an Excel file"),
    ".xls": ("en Excel-fil", "an Excel file"),
    ".json": ("en JSON-fil", "a JSON file"),
}


def _reader_for(table: Table) -> tuple[int, Reader]:
    """The best reader for a table and its score (0: none). On a tie the earlier reader wins."""
    score, neg = max((r.detect(table), -i) for i, r in enumerate(READERS))
    return score, READERS[-neg]


def _read_tables(tables: list[Table], ctx: ReadContext, max_rows: int, done) -> ReadResult:
    """Read the file's table, or every sheet of a workbook that holds a table a reader recognises (sheets
    that hold none are named in a warning, with the reason)."""
    scored = [(*_reader_for(t), t) for t in tables]
    readable = [(r, t) for score, r, t in scored if score > 0]
    if ctx.mapping is not None or len(readable) <= 1:
        # One table: the best one (the chosen columns apply to it: they were chosen from its columns).
        best = max(range(len(scored)), key=lambda k: scored[k][0])  # the first of equals
        score, reader, table = scored[best]
        _skipped_sheets(ctx, [t for k, (_, _, t) in enumerate(scored) if k != best], chosen=ctx.mapping is not None)
        _describe_table(ctx, table)
        if score <= 0:
            if ctx.mapping is None:
                ctx.report.error(
                    M.E_UNKNOWN_LAYOUT,
                    ctx.file,
                    row=table.header_row or None,
                    found=found_text(table.columns),
                    expected=EXPECTED,
                )
                return done()
            reader = CANONICAL
        if len(table.frame) > max_rows:
            ctx.report.error(M.E_TOO_MANY_ROWS, ctx.file, rows=len(table.frame), limit=max_rows)
            return done(reader.format)
        if not _formulas_ok(ctx, table):
            return done(reader.format)
        return _read_with(reader, table, ctx, done)

    # Several sheets with data: each is read on its own (problems name the sheet), then they are put together.
    _skipped_sheets(ctx, [t for score, _, t in scored if score <= 0])
    ctx.report.warning(
        M.W_SHEETS_READ, ctx.file, count=len(readable), sheets=", ".join(f"«{t.sheet}»" for _, t in readable)
    )
    frames, sheets, formats, first = [], [], [], None
    for reader, table in readable:
        label = sheet_label(ctx.name, table.sheet)
        sub = ReadContext(
            label,
            ctx.catalog,
            ctx.report,
            ctx.indicator_id,
            None,
            {"file": ctx.name},
            drop=ctx.drop,
            totals=ctx.totals,
            name=ctx.name,
        )
        _describe_table(sub, table)
        if len(table.frame) > max_rows:
            ctx.report.error(M.E_TOO_MANY_ROWS, label, rows=len(table.frame), limit=max_rows)
            continue
        if not _formulas_ok(sub, table):
            continue
        result = _read_with(
            reader, table, sub, lambda fmt="unknown", frame=None, used_mapping=None: (fmt, frame, used_mapping)
        )
        fmt, frame, used = result
        if first is None:
            first = (sub.details, used)
        formats.append(fmt)
        sheets.append({"sheet": table.sheet, "format": fmt, "rows": 0 if frame is None else int(len(frame))})
        if frame is not None and len(frame):
            frames.append(frame.assign(_sheet=table.sheet))
    details, used = first if first else ({}, None)
    ctx.details.update({k: v for k, v in details.items() if k != "file"})
    ctx.details["sheets"] = sheets
    ctx.details["sheet"] = ", ".join(s["sheet"] for s in sheets)
    if not frames:
        return done(formats[0] if formats else "unknown", used_mapping=used)
    frame = _sheet_duplicates(pd.concat(frames, ignore_index=True), ctx)
    ctx.details["rows_read"] = int(len(frame))
    return done(formats[0], frame[OBSERVATION_COLUMNS].reset_index(drop=True), used)


def _describe_table(ctx: ReadContext, table: Table) -> None:
    ctx.details["columns"] = list(table.columns)
    if table.title:
        ctx.details.setdefault("title", table.title[:300])
    if table.sheet:
        ctx.details["sheet"] = table.sheet
        ctx.details["header_row"] = table.header_row


def _skipped_sheets(ctx: ReadContext, others: list[Table], chosen: bool = False) -> None:
    """Warn about the sheets of a workbook that are not read, and say why."""
    for t in others:
        if chosen:
            reason = ("de valgte kolonnene gjelder et annet ark", "the chosen columns are another sheet's")
        else:
            reason = (
                f"kolonnene ble ikke gjenkjent ({found_text(t.columns)})",
                f"its columns were not recognised ({found_text(t.columns)})",
            )
        ctx.report.warning(M.W_SHEET_SKIPPED, ctx.file, sheet=t.sheet, reason_nb=reason[0], reason_en=reason[1])
    for sheet in ctx.details.pop("sheets_without_table", []):
        ctx.report.warning(
            M.W_SHEET_SKIPPED,
            ctx.file,
            sheet=sheet,
            reason_nb="fant ingen tabell med overskriftsrad",
            reason_en="no table with a header row was found",
        )


def _formulas_ok(ctx: ReadContext, table: Table) -> bool:
    """Formula cells without a saved result are errors: read as empty they would overwrite stored values."""
    cells, count = table.formula_cells
    for cell, formula in cells[:MAX_REPORTED]:
        ctx.report.error(
            M.E_FORMULA_WITHOUT_VALUE,
            ctx.file,
            value=f"={formula}"[:100],
            cell=cell,
            sheet=table.sheet,
            formula=f"={formula}"[:60],
        )
    if count > MAX_REPORTED:
        ctx.report.error(M.W_MORE, ctx.file, count=count - MAX_REPORTED, kind=M.E_FORMULA_WITHOUT_VALUE)
    return count == 0


def _sheet_duplicates(frame: pd.DataFrame, ctx: ReadContext) -> pd.DataFrame:
    """The same observation on two sheets: an error when the values differ, else the later one is dropped.
    (Within a sheet, finish() has checked already.)"""
    keys = ["indicator_id", "period", "area", "breakdown"]
    dup = frame.duplicated(keys, keep=False).to_numpy()
    if not dup.any():
        return frame
    d = frame[dup].copy()
    d["_g"] = d.groupby(keys, sort=False).ngroup()
    first = d.drop_duplicates("_g").set_index("_g")
    later = d[d.duplicated("_g", keep="first")]
    f = first.reindex(later["_g"])
    fv, lv = f["value"].to_numpy(), later["value"].to_numpy()
    same = ((fv == lv) | (np.isnan(fv) & np.isnan(lv))) & (
        f["missing"].to_numpy(object) == later["missing"].to_numpy(object)
    )
    items = [
        dict(
            row=int(f["source_row"].iat[i]),
            sheet=f["_sheet"].iat[i],
            other_row=int(later["source_row"].iat[i]),
            other_sheet=later["_sheet"].iat[i],
            what=_describe(later.iloc[i]),
            value=_num(fv[i], f["missing"].iat[i]),
            other_value=_num(lv[i], later["missing"].iat[i]),
        )
        for i in np.flatnonzero(~same)[:MAX_REPORTED]
    ]
    n_conf = int((~same).sum())
    _capped(ctx.report, "error", M.E_CONFLICT_SHEETS, ctx.name, items + [{}] * max(0, n_conf - MAX_REPORTED))
    reps = [
        dict(
            row=int(later["source_row"].iat[i]),
            sheet=later["_sheet"].iat[i],
            other_row=int(f["source_row"].iat[i]),
            other_sheet=f["_sheet"].iat[i],
            what=_describe(later.iloc[i]),
        )
        for i in np.flatnonzero(same)[:MAX_REPORTED]
    ]
    n_rep = int(same.sum())
    _capped(ctx.report, "warning", M.W_IDENTICAL_SHEETS, ctx.name, reps + [{}] * max(0, n_rep - MAX_REPORTED))
    return frame.drop(index=later.index[same])


def _read_with(reader: Reader, table: Table, ctx: ReadContext, done: Callable[..., Any]) -> Any:
    """What `done` makes of the read (a ReadResult from read_file's own `done`; _read_tables' collects parts)."""
    if len(table.frame) == 0:
        if not ctx.report.ok:  # every row was unreadable: those errors say it already
            return done(reader.format)
        ctx.report.error(M.E_NO_ROWS, ctx.file, row=table.header_row or None)
        return done(reader.format)
    raw, mapping = reader.read(table, ctx)
    if raw is None:
        return done(reader.format, used_mapping=mapping)
    frame = finish(raw, reader, ctx)
    ctx.details["rows_read"] = int(len(frame))
    return done(reader.format, frame, mapping)


# --- values the unit rules out -------------------------------------------------------------------

NON_NEGATIVE_UNITS = ("count", "per_1000", "per_100000", "years")


def check_values(frame: pd.DataFrame, catalog: Catalog, report: Report, file: str, details: dict) -> None:
    """Errors for values the indicator's unit rules out unless its catalog entry allows them (`allow:`): a
    share above 100 %, a negative count, rate or number of years, a period after the current year. The
    comparisons run on whole columns; only when one hits are the indicators looked up."""
    value = frame["value"].to_numpy(dtype=np.float64, na_value=np.nan)
    year = frame["year"].to_numpy(dtype=np.int64)
    current = date.today().year
    with np.errstate(invalid="ignore"):
        tests = {"above": value > 100, "negative": value < 0, "future": year > current}
    if not any(m.any() for m in tests.values()):
        return
    codes, ids = pd.factorize(frame["indicator_id"].to_numpy(dtype=object))
    inds = [catalog.indicator(i) if catalog.has_indicator(i) else None for i in ids]

    def applies(rule) -> np.ndarray:
        return np.array([ind is not None and rule(ind) for ind in inds] + [False], dtype=bool)[codes]

    rows = frame["source_row"].to_numpy()
    vcol, pcol = details.get("value_column", "value"), details.get("period_column", "period")
    hits = [
        (M.E_ABOVE_100, vcol, tests["above"] & applies(lambda i: i.unit == "percent" and "above_100" not in i.allow)),
        (
            M.E_NEGATIVE,
            vcol,
            tests["negative"] & applies(lambda i: i.unit in NON_NEGATIVE_UNITS and "negative" not in i.allow),
        ),
        (M.E_FUTURE_PERIOD, pcol, tests["future"] & applies(lambda i: "future" not in i.allow)),
    ]
    periods = frame["period"].to_numpy(dtype=object)
    for code, column, mask in hits:
        where = np.flatnonzero(mask)
        items = []
        for k in where[:MAX_REPORTED]:
            ind = inds[codes[k]]
            shown = periods[k] if code == M.E_FUTURE_PERIOD else _num(value[k], "")
            items.append(
                dict(
                    row=int(rows[k]),
                    column=column,
                    value=shown,
                    indicator=ind.id,
                    unit_nb=ind.unit_label("nb"),
                    unit_en=ind.unit_label("en"),
                    current=current,
                )
            )
        _capped(report, "error", code, file, items + [{}] * max(0, len(where) - MAX_REPORTED))


# --- the shared normalisation every format ends in -------------------------------------------------


def _capped(report: Report, level: str, code: str, file: str, items: list[dict]) -> None:
    for it in items[:MAX_REPORTED]:
        report.add(level, code, file, **it)
    if len(items) > MAX_REPORTED:
        report.add(level, M.W_MORE, file, count=len(items) - MAX_REPORTED, kind=code)


def _rows_items(
    mask: np.ndarray, rows: np.ndarray, values, column: str, limit: int = MAX_REPORTED + 1, **params
) -> list[dict]:
    idx = np.flatnonzero(mask)
    items = [dict(row=int(rows[i]), column=column, value=_show(values[i]), **params) for i in idx[:limit]]
    # keep the count right for the "… and N more" line without building every item
    items.extend([{}] * max(0, len(idx) - limit))
    return items


def _show(v) -> str:
    return "" if v is None else str(v)[:100]


def finish(raw: Raw, reader: Reader, ctx: ReadContext) -> pd.DataFrame:
    """Raw text -> OBSERVATION_COLUMNS: numbers, missing codes, periods, areas, breakdowns, flags, notes, and
    the file-level checks (unknown indicators, impossible years, ambiguous numbers, duplicates)."""
    report, file = ctx.report, ctx.file
    ctx.details.setdefault("value_column", raw.value_column)
    ctx.details.setdefault("period_column", raw.period_column)
    f = raw.frame.reset_index(drop=True)
    # A row whose area is "Totalt" / "I alt" (SSB's and FHI's sum line) is no area: it would become one called
    # "Totalt". Such rows go before anything else is read from them.
    area_text = _unneutralised(f["area"].astype(object)) if "area" in f else pd.Series([""] * len(f), dtype=object)
    area = normalize_areas(area_text)
    total_rows = area.str.casefold().isin(TOTAL_AREAS).to_numpy(bool)
    if total_rows.any():
        first = int(np.argmax(total_rows))
        report.warning(
            M.W_TOTAL_AREA_SKIPPED,
            file,
            row=int(f["source_row"].iat[first]),
            column=raw.area_column,
            value=str(area.iat[first]),
            count=int(total_rows.sum()),
        )
        f, area = f[~total_rows].reset_index(drop=True), area[~total_rows].reset_index(drop=True)
    n = len(f)
    rows = f["source_row"].to_numpy("int64")
    drop = np.zeros(n, bool)
    vcol = f["_vcol"].to_numpy(object) if "_vcol" in f else None

    # Values
    pv = parse_values(f["value"], raw.symbols, raw.decimal)
    ctx.details.setdefault("decimal", pv.decimal)
    if pv.thousands:
        ctx.details.setdefault("thousands", pv.thousands)
    values_raw = f["value"].to_numpy(object)
    _capped(
        report,
        "error",
        M.E_TEXT_IN_NUMBER,
        file,
        [it for it in _rows_items(pv.text_error, rows, values_raw, raw.value_column)],
    )
    _capped(report, "error", M.E_NON_FINITE, file, _rows_items(pv.non_finite, rows, values_raw, raw.value_column))
    if pv.ambiguous.any():
        _ambiguous(report, file, pv, rows, values_raw, raw.value_column)
    drop |= pv.text_error | pv.non_finite | pv.ambiguous
    if vcol is not None:  # reshaped tables: name the original column
        for p in report.problems:
            if p.code in (M.E_TEXT_IN_NUMBER, M.E_NON_FINITE, M.E_AMBIGUOUS_NUMBER) and p.row is not None:
                hit = np.flatnonzero(rows == p.row)
                if hit.size:
                    p.column = str(vcol[hit[0]])
    missing = pv.missing
    empty = pv.empty
    if "missing" in f and (f["missing"] != "").any():  # our own export: a missing code per row
        given = f["missing"].astype(str).str.strip().str.lower().to_numpy(object)
        use = np.isnan(pv.value) & np.isin(given, MISSING_CODES) & ~drop
        missing = np.where(use, given, missing)
        empty = empty & ~use
    if empty.any() and reader.format == "canonical":
        first = int(rows[np.argmax(empty)])
        report.warning(M.W_EMPTY_VALUES, file, row=first, column=raw.value_column, count=int(empty.sum()))
    if pv.percent.any():
        i = int(np.argmax(pv.percent))
        report.warning(M.W_PERCENT_SIGN, file, row=int(rows[i]), column=raw.value_column, value=_show(values_raw[i]))

    # Periods (a period after the current year is checked against the catalog in check_values)
    per = parse_periods(f["period"], prefer_multi_year=raw.prefer_multi_year)
    bad = (per["error"] == "bad_period").to_numpy()
    impossible = (per["error"] == "impossible_year").to_numpy()
    praw = f["period"].to_numpy(object)
    _capped(report, "error", M.E_BAD_PERIOD, file, _rows_items(bad, rows, praw, raw.period_column))
    _capped(
        report,
        "error",
        M.E_IMPOSSIBLE_YEAR,
        file,
        _rows_items(impossible, rows, praw, raw.period_column, low=MIN_YEAR, high=MAX_YEAR),
    )
    drop |= bad | impossible

    # Indicator ids from a column of the file
    ids = f["indicator_id"].astype(str).str.strip()
    if raw.check_indicator_ids:
        known = ids.isin([i.id for i in ctx.catalog.indicators]).to_numpy()
        unknown = ~known
        if unknown.any():
            first_rows = pd.Series(rows[unknown]).groupby(ids[unknown].to_numpy()).min()
            for value, row in list(first_rows.sort_values().items())[:MAX_REPORTED]:
                if value == "":
                    report.error(M.E_NO_INDICATOR, file, row=int(row), column="indicator_id")
                else:
                    report_unknown_indicator(ctx, value, int(row), "indicator_id")
            drop |= unknown

    # Areas, breakdowns, flags, notes
    if reader.format != "canonical":
        _drop_impliedbreakdown_labels(f, ctx.catalog)
    if "note" in f:
        f["note"] = _unneutralised(f["note"])  # breakdowns are, value by value, in _breakdowns
    breakdown = breakdown_labels(f)
    flags = _flags(f, rows, report, file)
    notes = _notes(f, rows, report, file)

    out = pd.DataFrame(
        {
            "indicator_id": ids.to_numpy(object),
            "period": per["period"].to_numpy(object),
            "year": per["year"].to_numpy("int64"),
            "time": per["time"].to_numpy("float64"),
            "period_kind": per["period_kind"].to_numpy(object),
            "area": area.to_numpy(object),
            "breakdown": breakdown,
            "value": pv.value,
            "missing": missing,
            "flag": flags,
            "note": notes,
            "source_row": rows,
        }
    )
    out = out[~drop].reset_index(drop=True)
    out = reader.after_finish(out, ctx)
    out = _duplicates(out, report, file)
    out["year"] = out["year"].astype("int64")
    out["source_row"] = out["source_row"].astype("int64")
    out["value"] = out["value"].astype("float64")
    out["time"] = out["time"].astype("float64")
    return out[OBSERVATION_COLUMNS]


# Area labels that mean "all the rows above": a sum line, not an area.
TOTAL_AREAS = {
    "totalt",
    "total",
    "i alt",
    "sum",
    "alle",
    "samlet",
    "totalsum",
    "sum i alt",
    "alle områder",
    "alle regioner",
    "alle geografier",
    "all",
    "all areas",
    "grand total",
}


def _unneutralised(values: pd.Series) -> pd.Series:
    """Text as it was before a spreadsheet-safe export put an apostrophe before a leading = + - @ (the
    dashboard's downloads and `python -m etl export` do, see exports.tables.neutralise), so a file exported
    and loaded again stores the same text. Each distinct text is looked at once."""
    if values.dtype != object and not pd.api.types.is_string_dtype(values.dtype):
        return values
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    hit = [k for k, u in enumerate(uniques) if isinstance(u, str) and NEUTRALISED.match(u)]
    if not hit:
        return values
    texts = np.array(list(uniques) + [""], dtype=object)
    for k in hit:
        texts[k] = texts[k][1:]
    return pd.Series(texts[codes], index=values.index, dtype=object)


def _ambiguous(report: Report, file: str, pv, rows: np.ndarray, values_raw: np.ndarray, column: str) -> None:
    """`1.234` in a file that also writes `2,5`: a thousands separator or a decimal mark? Both readings are
    named, with a row that shows the other mark as a decimal mark."""
    example = np.flatnonzero(pv.decimal_shown)
    ex_row, ex_value = (int(rows[example[0]]), _show(values_raw[example[0]]).strip()) if example.size else ("–", "–")
    items = []
    for i in np.flatnonzero(pv.ambiguous)[:MAX_REPORTED]:
        text = _show(values_raw[i]).strip()
        mark = "." if "." in text else ","
        whole, frac = re.sub(r"[\s\u00a0\u202f\u2009']", "", text).rstrip("%").split(mark)
        comma = mark == "."  # the other mark is the one the file shows as a decimal mark
        items.append(
            dict(
                row=int(rows[i]),
                column=column,
                value=text,
                example_row=ex_row,
                example=ex_value,
                thousands=(whole + frac).lstrip("+").replace("−", "-"),
                decimal_nb=f"{whole},{frac}",
                decimal_en=f"{whole}.{frac}",
                mark_nb="desimalkomma" if comma else "desimalpunktum",
                mark_en="decimal commas" if comma else "decimal points",
            )
        )
    total = int(pv.ambiguous.sum())
    _capped(report, "error", M.E_AMBIGUOUS_NUMBER, file, items + [{}] * max(0, total - MAX_REPORTED))


def _drop_impliedbreakdown_labels(f: pd.DataFrame, catalog: Catalog) -> None:
    """A breakdown value the indicator's own source measure names ("Mobbing på skolen, 7. trinn" and
    Trinn = "7. trinn"), or one the catalog gives as its headline (`source.headline: {alder: "0 år"}`), is
    the indicator itself, not a breakdown of it: those rows are its total series."""
    cols = [c for c in f.columns if c.startswith("bd:")]
    if not cols:
        return
    ids = f["indicator_id"].astype(str)
    for iid in pd.unique(ids):
        if not catalog.has_indicator(iid):
            continue
        ind = catalog.indicator(iid)
        headline = {KEY_ALIASES.get(k, k): v.casefold() for k, v in ind.source.headline}
        if not ind.source.variable and not headline:
            continue
        mine = (ids == iid).to_numpy()
        for c in cols:
            for v in pd.unique(f.loc[mine, c].astype(str)):
                if names_value(ind, v) or headline.get(c[3:]) == v.strip().casefold():
                    f.loc[mine & (f[c] == v).to_numpy(), c] = ""


def _flags(f: pd.DataFrame, rows: np.ndarray, report: Report, file: str) -> np.ndarray:
    n = len(f)
    if "flag" not in f or not (f["flag"] != "").any():
        return np.full(n, "", dtype=object)
    low = f["flag"].astype(str).str.strip().str.lower()
    mapped = low.map(FLAG_WORDS)
    unknown = mapped.isna().to_numpy()
    if unknown.any():
        vals = f["flag"].to_numpy(object)
        _capped(report, "warning", M.W_UNKNOWN_FLAG, file, _rows_items(unknown, rows, vals, "flag"))
    return mapped.fillna("").to_numpy(object)


_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>|<!--.*?-->", re.S)


def _notes(f: pd.DataFrame, rows: np.ndarray, report: Report, file: str) -> np.ndarray:
    n = len(f)
    if "note" not in f or not (f["note"] != "").any():
        return np.full(n, "", dtype=object)
    s = f["note"].astype(str)
    has_html = s.str.contains(_TAG, regex=True).to_numpy()
    if has_html.any():
        cleaned = s[has_html].map(lambda t: " ".join(html.unescape(_TAG.sub(" ", t)).split()))
        s = s.copy()
        s[has_html] = cleaned
        _capped(
            report,
            "warning",
            M.W_HTML,
            file,
            [dict(row=int(rows[i]), column="note") for i in np.flatnonzero(has_html)[: MAX_REPORTED + 1]]
            + [{}] * max(0, int(has_html.sum()) - MAX_REPORTED - 1),
        )
    formula = s.str.match(r"^[=+\-@\t\r]").to_numpy()
    if formula.any():
        vals = s.to_numpy(object)
        _capped(
            report,
            "warning",
            M.W_FORMULA,
            file,
            [
                dict(row=int(rows[i]), column="note", value=vals[i][:100], start=vals[i][:1])
                for i in np.flatnonzero(formula)[: MAX_REPORTED + 1]
            ]
            + [{}] * max(0, int(formula.sum()) - 21),
        )
    return s.to_numpy(object)


def _describe(r) -> str:
    bd = f" [{r.breakdown}]" if r.breakdown else ""
    return f"{r.indicator_id} {r.period} {r.area}{bd}"


def _duplicates(out: pd.DataFrame, report: Report, file: str) -> pd.DataFrame:
    """Rows for the same indicator × period × area × breakdown. Two values that differ are an error naming both
    rows; a repeat is dropped with a warning. A row without a value beside one with a value is dropped too:
    SSB lists Asker under 3025 (2020–2023) and 3203 (2024–) with ".." in the years a code did not exist, and a
    missing cell says nothing against a value."""
    keys = ["indicator_id", "period", "area", "breakdown"]
    dup = out.duplicated(keys, keep=False).to_numpy()
    if not dup.any():
        return out
    d = out[dup].copy()
    d["_g"] = d.groupby(keys, sort=False).ngroup()
    has_value = d["value"].notna()
    beside = ~has_value & has_value.groupby(d["_g"]).transform("any")
    if beside.any():
        b = d[beside]
        kept = d[has_value].drop_duplicates("_g").set_index("_g")
        i = b.index[0]
        report.warning(
            M.W_MISSING_BESIDE_VALUE,
            file,
            row=int(b.at[i, "source_row"]),
            count=int(beside.sum()),
            other_row=int(kept.at[b.at[i, "_g"], "source_row"]),
            what=_describe(b.loc[i]),
            symbol=b.at[i, "missing"] or "–",
        )
        out = out.drop(index=b.index)
        d = d[~beside]
        d = d[d["_g"].map(d["_g"].value_counts()) > 1]
        if d.empty:
            return out.reset_index(drop=True)
    # Of two missing cells the one kept is not "." (not possible: the code did not exist then) when the other
    # says more: Asker's 2021 ":" (confidential) under 3025 rather than "." under 3203.
    d = d.assign(_dot=(d["missing"] == "not_possible").to_numpy()).sort_values(
        ["_g", "_dot", "source_row"], kind="stable"
    )
    first = d.drop_duplicates("_g").set_index("_g")
    later = d[d.duplicated("_g", keep="first")]
    fv = first["value"].reindex(later["_g"]).to_numpy()
    fm = first["missing"].reindex(later["_g"]).to_numpy(object)
    lv, lm = later["value"].to_numpy(), later["missing"].to_numpy(object)
    # Two missing cells never conflict (".." and ":" both say there is no number); the first is kept.
    same = (fv == lv) & (fm == lm) | (np.isnan(fv) & np.isnan(lv))
    frow = first["source_row"].reindex(later["_g"]).to_numpy()
    lrows = later["source_row"].to_numpy()
    conflicts = [
        dict(
            row=int(frow[i]),
            other_row=int(lrows[i]),
            what=_describe(later.iloc[i]),
            value=_num(fv[i], fm[i]),
            other_value=_num(lv[i], lm[i]),
        )
        for i in np.flatnonzero(~same)[:MAX_REPORTED]
    ]
    repeats = [
        dict(row=int(lrows[i]), other_row=int(frow[i]), what=_describe(later.iloc[i]))
        for i in np.flatnonzero(same)[:MAX_REPORTED]
    ]
    n_conf = int((~same).sum())
    n_rep = int(same.sum())
    _capped(report, "error", M.E_CONFLICT, file, conflicts[:MAX_REPORTED] + [{}] * max(0, n_conf - MAX_REPORTED))
    _capped(report, "warning", M.W_IDENTICAL, file, repeats[:MAX_REPORTED] + [{}] * max(0, n_rep - MAX_REPORTED))
    # Identical repeats are dropped; conflicting rows stay (the report's error blocks the load).
    drop_idx = later.index[same]
    return out.drop(index=drop_idx).reset_index(drop=True)


def _num(v, missing) -> str:
    if v != v:
        return missing or "–"
    return f"{v:g}"
