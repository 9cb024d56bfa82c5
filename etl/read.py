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
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from etl import sniff
from etl.periods import MAX_YEAR, MIN_YEAR, parse_periods
from etl.readers import CANONICAL, JSONSTAT, READERS
from etl.readers import messages as M
from etl.readers.base import (FLAG_WORDS, KEY_ALIASES, MISSING_CODES, TOTAL_VALUES, ColumnMapping, Raw, ReadContext,
                              Reader, Table, found_text, names_value, report_unknown_indicator)
from etl.readers.jsonstat import jsonstat_table, parse_json
from etl.readers.tables import MAX_REPORTED, excel_tables, text_table
from etl.readers.values import parse_values
from etl.regions import normalize_areas
from etl.report import Report
from indicators.catalog import Catalog

OBSERVATION_COLUMNS = ["indicator_id", "period", "year", "time", "period_kind", "area", "breakdown",
                       "value", "missing", "flag", "note", "source_row"]
EXCEL_EXTENSIONS = (".xlsx", ".xlsm", ".xls")
EXPECTED = "indicator_id, year, value (+ area, kjønn, alder, note, flag)"

__all__ = ["OBSERVATION_COLUMNS", "ColumnMapping", "ReadResult", "read_file", "empty_frame"]


@dataclass
class ReadResult:
    frame: pd.DataFrame  # OBSERVATION_COLUMNS, one row per observation
    report: Report
    format: str  # "canonical", "ssb_csv2", "ssb_semicolon", "jsonstat2", "udir", "fhi", "miljodir_xlsx" or "unknown"
    details: dict
    mapping: ColumnMapping | None

    @property
    def ok(self) -> bool:
        return self.report.ok


def empty_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "indicator_id": pd.Series([], dtype=object), "period": pd.Series([], dtype=object),
        "year": pd.Series([], dtype="int64"), "time": pd.Series([], dtype="float64"),
        "period_kind": pd.Series([], dtype=object), "area": pd.Series([], dtype=object),
        "breakdown": pd.Series([], dtype=object), "value": pd.Series([], dtype="float64"),
        "missing": pd.Series([], dtype=object), "flag": pd.Series([], dtype=object),
        "note": pd.Series([], dtype=object), "source_row": pd.Series([], dtype="int64")})


def _load_bytes(data, name: str, max_bytes: int, report: Report) -> bytes | None:
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
    elif isinstance(data, Path) or (isinstance(data, str) and "\n" not in data and len(data) < 4096
                                    and os.path.isfile(data)):
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


def read_file(data: bytes | str | Path, name: str, catalog: Catalog, mapping: ColumnMapping | None = None,
              indicator_id: str | None = None, max_bytes: int = 50_000_000,
              max_rows: int = 2_000_000) -> ReadResult:
    """Read one file. `data` is the file's bytes, a Path (or a str naming an existing file), or decoded text.
    `mapping` overrides the detected columns; `indicator_id` names the indicator when the file itself does not
    (it is ignored for files with an indicator column)."""
    report = Report()
    details: dict = {"file": name}
    ctx = ReadContext(name, catalog, report, indicator_id=indicator_id or None, mapping=mapping, details=details)

    def done(fmt="unknown", frame=None, used_mapping=None) -> ReadResult:
        return ReadResult(empty_frame() if frame is None else frame, report, fmt, details, used_mapping)

    raw = _load_bytes(data, name, max_bytes, report)
    if raw is None:
        return done()
    details["bytes"] = len(raw)
    kind = sniff.container_kind(raw)
    ext = Path(name).suffix.lower()
    details["container"] = kind
    if kind == "text" and mapping is None and indicator_id is None and ext not in EXCEL_EXTENSIONS:
        from etl.readers.fast import read_fast  # large plain canonical CSV: same result, a fraction of the time
        fast = read_fast(raw, name, catalog, max_rows)
        if fast is not None:
            return fast
    if kind == "empty":
        report.error(M.E_EMPTY, name)
        return done()
    if kind == "ole":
        report.error(M.E_XLS, name)
        return done()
    if kind == "zip":
        tables = excel_tables(raw, report, name, max_rows, details)
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
        table = jsonstat_table(obj, report, name, max_rows, details)
        if table is None:
            return done()
        details["columns"] = list(table.columns)
        return _read_with(JSONSTAT, table, ctx, done)
    table = text_table(text, report, name, max_rows, details)
    if table is None:
        return done()
    return _read_tables([table], ctx, max_rows, done)


def _read_tables(tables: list[Table], ctx: ReadContext, max_rows: int, done) -> ReadResult:
    scored = [(max((r.detect(t), -i) for i, r in enumerate(READERS)), t) for t in tables]
    best_score, table = max(scored, key=lambda s: s[0][0])
    score = best_score[0]
    reader = READERS[-best_score[1]] if score > 0 else None
    ctx.details["columns"] = list(table.columns)
    if table.title:
        ctx.details.setdefault("title", table.title[:300])
    if table.sheet:
        ctx.details["sheet"] = table.sheet
        ctx.details["header_row"] = table.header_row
    if reader is None:
        if ctx.mapping is None:
            ctx.report.error(M.E_UNKNOWN_LAYOUT, ctx.file, row=table.header_row or None,
                             found=found_text(table.columns), expected=EXPECTED)
            return done()
        reader = CANONICAL
    if len(table.frame) > max_rows:
        ctx.report.error(M.E_TOO_MANY_ROWS, ctx.file, rows=len(table.frame), limit=max_rows)
        return done(reader.format)
    return _read_with(reader, table, ctx, done)


def _read_with(reader: Reader, table: Table, ctx: ReadContext, done) -> ReadResult:
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


# --- the shared normalisation every format ends in -------------------------------------------------

def _capped(report: Report, level: str, code: str, file: str, items: list[dict]) -> None:
    for it in items[:MAX_REPORTED]:
        report.add(level, code, file, **it)
    if len(items) > MAX_REPORTED:
        report.add(level, M.W_MORE, file, count=len(items) - MAX_REPORTED, kind=code)


def _rows_items(mask: np.ndarray, rows: np.ndarray, values, column: str, limit: int = MAX_REPORTED + 1,
                **params) -> list[dict]:
    idx = np.flatnonzero(mask)
    items = [dict(row=int(rows[i]), column=column, value=_show(values[i]), **params) for i in idx[:limit]]
    # keep the count right for the "… and N more" line without building every item
    items.extend([{}] * max(0, len(idx) - limit))
    return items


def _show(v) -> str:
    return "" if v is None else str(v)[:100]


def finish(raw: Raw, reader: Reader, ctx: ReadContext) -> pd.DataFrame:
    """Raw text -> OBSERVATION_COLUMNS: numbers, missing codes, periods, areas, breakdowns, flags, notes, and
    the file-level checks (unknown indicators, impossible years, duplicates)."""
    report, file = ctx.report, ctx.file
    f = raw.frame.reset_index(drop=True)
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
    _capped(report, "error", M.E_TEXT_IN_NUMBER, file,
            [it for it in _rows_items(pv.text_error, rows, values_raw, raw.value_column)])
    _capped(report, "error", M.E_NON_FINITE, file, _rows_items(pv.non_finite, rows, values_raw, raw.value_column))
    drop |= pv.text_error | pv.non_finite
    if vcol is not None:  # reshaped tables: name the original column
        for p in report.problems:
            if p.code in (M.E_TEXT_IN_NUMBER, M.E_NON_FINITE) and p.row is not None:
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

    # Periods
    per = parse_periods(f["period"], prefer_multi_year=raw.prefer_multi_year)
    bad = (per["error"] == "bad_period").to_numpy()
    impossible = (per["error"] == "impossible_year").to_numpy()
    praw = f["period"].to_numpy(object)
    _capped(report, "error", M.E_BAD_PERIOD, file, _rows_items(bad, rows, praw, raw.period_column))
    _capped(report, "error", M.E_IMPOSSIBLE_YEAR, file,
            _rows_items(impossible, rows, praw, raw.period_column, low=MIN_YEAR, high=MAX_YEAR))
    drop |= bad | impossible
    current = date.today().year
    future = (per["year"].to_numpy() > current) & ~drop
    if future.any():
        labels = per["period"].to_numpy(object)
        _capped(report, "warning", M.W_FUTURE, file,
                [dict(row=int(rows[i]), column=raw.period_column, value=labels[i], current=current)
                 for i in np.flatnonzero(future)[:MAX_REPORTED + 1]] + [{}] * max(0, int(future.sum()) - 21))

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
        _drop_implied_breakdowns(f, ctx.catalog)
    area = normalize_areas(f["area"].astype(object) if "area" in f else pd.Series([""] * n, dtype=object))
    breakdown = _breakdowns(f)
    flags = _flags(f, rows, report, file)
    notes = _notes(f, rows, report, file)

    out = pd.DataFrame({
        "indicator_id": ids.to_numpy(object), "period": per["period"].to_numpy(object),
        "year": per["year"].to_numpy("int64"), "time": per["time"].to_numpy("float64"),
        "period_kind": per["period_kind"].to_numpy(object), "area": area.to_numpy(object),
        "breakdown": breakdown, "value": pv.value, "missing": missing, "flag": flags, "note": notes,
        "source_row": rows,
    })
    out = out[~drop].reset_index(drop=True)
    out = reader.after_finish(out, ctx)
    if "area" in f and len(out) and reader.format != "canonical":  # agencies' exports list every code
        raw_area = f["area"].astype(str).to_numpy(object)[~drop]
        out = _renumbered(out, raw_area)
    out = _duplicates(out, report, file)
    out["year"] = out["year"].astype("int64")
    out["source_row"] = out["source_row"].astype("int64")
    out["value"] = out["value"].astype("float64")
    out["time"] = out["time"].astype("float64")
    return out[OBSERVATION_COLUMNS]


def _drop_implied_breakdowns(f: pd.DataFrame, catalog: Catalog) -> None:
    """A breakdown value the indicator's own source measure names ("Mobbing på skolen, 7. trinn" and
    Trinn = "7. trinn") is the indicator itself, not a breakdown of it: those rows are its total series."""
    cols = [c for c in f.columns if c.startswith("bd:")]
    if not cols:
        return
    ids = f["indicator_id"].astype(str)
    for iid in pd.unique(ids):
        if not catalog.has_indicator(iid) or not catalog.indicator(iid).source.variable:
            continue
        ind = catalog.indicator(iid)
        mine = (ids == iid).to_numpy()
        for c in cols:
            for v in pd.unique(f.loc[mine, c].astype(str)):
                if names_value(ind, v):
                    f.loc[mine & (f[c] == v).to_numpy(), c] = ""


def _clean_bd_value(v: str) -> str:
    return " ".join(v.replace(";", ",").replace("=", "-").split())


def _bd_part(key: str, v) -> str:
    v = "" if v is None else str(v).strip()
    if not v or v.lower() in TOTAL_VALUES or v.lower().startswith(("alle ", "begge ")):
        return ""
    return f"{key}={_clean_bd_value(v)}"


def _parse_breakdown_text(text) -> dict:
    out = {}
    text = "" if text is None else str(text).strip()
    for part in filter(None, (p.strip() for p in text.split(";"))):
        if "=" in part:
            k, v = part.split("=", 1)
            k = KEY_ALIASES.get(k.strip().lower(), k.strip().lower())
        else:
            k, v = "gruppe", part
        p = _bd_part(k, v)
        if p:
            out[k] = p
    return out


def _breakdowns(f: pd.DataFrame) -> np.ndarray:
    cols = [c for c in f.columns if c.startswith("bd:")] + (["breakdown"] if "breakdown" in f else [])
    n = len(f)
    if not cols or n == 0:
        return np.full(n, "", dtype=object)
    sub = f[cols].astype(str)
    codes = sub.groupby(cols, sort=False, dropna=False).ngroup().to_numpy()
    firsts = sub.drop_duplicates()
    # ngroup numbers groups in order of first appearance (sort=False), as drop_duplicates keeps them
    labels = []
    for rec in firsts.itertuples(index=False):
        parts = {}
        for c, v in zip(cols, rec):
            if c == "breakdown":
                parts.update(_parse_breakdown_text(v))
            else:
                p = _bd_part(c[3:], v)
                if p:
                    parts[c[3:]] = p
        labels.append(";".join(parts[k] for k in sorted(parts)))
    return np.array(labels, dtype=object)[codes]


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
        _capped(report, "warning", M.W_HTML, file,
                [dict(row=int(rows[i]), column="note") for i in np.flatnonzero(has_html)[:MAX_REPORTED + 1]]
                + [{}] * max(0, int(has_html.sum()) - MAX_REPORTED - 1))
    formula = s.str.match(r"^[=+\-@\t\r]").to_numpy()
    if formula.any():
        vals = s.to_numpy(object)
        _capped(report, "warning", M.W_FORMULA, file,
                [dict(row=int(rows[i]), column="note", value=vals[i][:100], start=vals[i][:1])
                 for i in np.flatnonzero(formula)[:MAX_REPORTED + 1]] + [{}] * max(0, int(formula.sum()) - 21))
    return s.to_numpy(object)


def _describe(r) -> str:
    bd = f" [{r.breakdown}]" if r.breakdown else ""
    return f"{r.indicator_id} {r.period} {r.area}{bd}"


def _renumbered(out: pd.DataFrame, raw_area: np.ndarray) -> pd.DataFrame:
    """One municipality under several codes (Asker 3203 from 2024, 3025 in 2020–2023; Bærum 3201/3024/0219):
    SSB's tables carry a row for every code and period, the codes not in use then being '.' or '..'. Where
    rows of one key came from different codes and only some have a value, the empty ones are not a second
    reading and go (when none has a value, the first stays); codes that give the same value are one reading.
    Different values stay, and the duplicate check reports them as a conflict."""
    if len(raw_area) != len(out):  # a reader's after_finish changed the rows: nothing to compare
        return out
    keys = ["indicator_id", "period", "area", "breakdown"]
    dup = out.duplicated(keys, keep=False).to_numpy()
    if not dup.any():
        return out
    d = out[dup].assign(_raw=raw_area[dup])
    g = d.groupby(keys, sort=False)
    several = g["_raw"].transform("nunique").to_numpy() > 1
    has_value = d["value"].notna().to_numpy()
    any_value = g["value"].transform(lambda v: v.notna().any()).to_numpy(bool)
    one_value = g["value"].transform(lambda v: v.dropna().nunique() <= 1).to_numpy(bool)
    empty_beside_value = several & any_value & ~has_value
    same_again = several & has_value & one_value & d.assign(_v=has_value).duplicated(keys + ["_v"]).to_numpy()
    # No code has a value: one missing row says it, the code in use that period rather than one marked
    # "." (not possible: the code did not exist then), e.g. Asker's 2021 ':' from 3025, not '.' from 3203.
    rank = d.assign(_r=(d["missing"] == "not_possible").to_numpy()).sort_values("_r", kind="stable")
    first_kept = ~rank.duplicated(keys).reindex(d.index).to_numpy()
    all_empty = several & ~any_value & ~first_kept
    return out.drop(index=d.index[empty_beside_value | same_again | all_empty]).reset_index(drop=True)


def _duplicates(out: pd.DataFrame, report: Report, file: str) -> pd.DataFrame:
    keys = ["indicator_id", "period", "area", "breakdown"]
    dup = out.duplicated(keys, keep=False).to_numpy()
    if not dup.any():
        return out
    d = out[dup].copy()
    d["_g"] = d.groupby(keys, sort=False).ngroup()
    d = d.sort_values(["_g", "source_row"], kind="stable")
    first = d.drop_duplicates("_g").set_index("_g")
    later = d[d.duplicated("_g", keep="first")]
    fv = first["value"].reindex(later["_g"]).to_numpy()
    fm = first["missing"].reindex(later["_g"]).to_numpy(object)
    lv, lm = later["value"].to_numpy(), later["missing"].to_numpy(object)
    same = ((fv == lv) | (np.isnan(fv) & np.isnan(lv))) & (fm == lm)
    frow = first["source_row"].reindex(later["_g"]).to_numpy()
    lrows = later["source_row"].to_numpy()
    conflicts = [dict(row=int(frow[i]), other_row=int(lrows[i]), what=_describe(later.iloc[i]),
                      value=_num(fv[i], fm[i]), other_value=_num(lv[i], lm[i]))
                 for i in np.flatnonzero(~same)[:MAX_REPORTED]]
    repeats = [dict(row=int(lrows[i]), other_row=int(frow[i]), what=_describe(later.iloc[i]))
               for i in np.flatnonzero(same)[:MAX_REPORTED]]
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
