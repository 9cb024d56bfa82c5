"""What a prepared upload would change, as plain tables for the upload page: the validation report, counts per
indicator, old → new rows and each series before and after. No Streamlit here."""

from __future__ import annotations

import pandas as pd

from etl.load import PreparedUpload
from indicators.catalog import Catalog
from indicators.format import fmt_datetime, fmt_value
from indicators.tables import (
    MISSING_WORDS,  # one wording everywhere
    breakdown_label,
    uploader_name,
)
from indicators.tables import UPLOAD_STATES as STATES
from store import queries

# Reader format codes (etl.read.ReadResult.format) as the interface names them.
FORMAT_NAMES = {
    "canonical": ("Kanonisk (indicator_id, year, value)", "Canonical (indicator_id, year, value)"),
    "ssb_csv2": ("SSB Statistikkbanken, csv2", "SSB Statbank, csv2"),
    "ssb_semicolon": ("SSB Statistikkbanken, semikolon", "SSB Statbank, semicolon"),
    "jsonstat2": ("SSB JSON-stat2", "SSB JSON-stat2"),
    "udir": ("Udir Skoleporten", "Udir Skoleporten"),
    "fhi": ("FHI statistikkbank", "FHI statistics bank"),
    "miljodir_xlsx": ("Miljødirektoratet, utslipp (Excel)", "Norwegian Environment Agency, emissions (Excel)"),
    "unknown": ("ukjent", "unknown"),
}
LEVELS = {"error": ("Feil", "Error"), "warning": ("Advarsel", "Warning")}
ACTIONS = {
    "insert": ("Ny", "New"),
    "update": ("Endret", "Changed"),
    "delete": ("Eksempelverdi fjernes", "Example value removed"),
}

REPORT_COLUMNS = {
    "level": ("Nivå", "Level"),
    "file": ("Fil", "File"),
    "row": ("Rad", "Row"),
    "column": ("Kolonne", "Column"),
    "value": ("Verdi", "Value"),
    "message": ("Melding", "Message"),
    "hint": ("Hva du kan gjøre", "What to do"),
}
SUMMARY_COLUMNS = {
    "indicator_id": ("Id", "Id"),
    "name": ("Indikator", "Indicator"),
    "rows": ("Rader", "Rows"),
    "new": ("Nye", "New"),
    "changed": ("Endrede", "Changed"),
    "unchanged": ("Uendrede", "Unchanged"),
}
CHANGE_COLUMNS = {
    "area": ("Område", "Area"),
    "breakdown": ("Inndeling", "Breakdown"),
    "period": ("Periode", "Period"),
    "action": ("Endring", "Change"),
    "old": ("Gammel verdi", "Old value"),
    "new": ("Ny verdi", "New value"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def headers(columns: dict, lang: str) -> dict[str, str]:
    """Column key -> header in the current language (for renaming a frame just before it is shown)."""
    return {k: _pick(v, lang) for k, v in columns.items()}


def report_frame(prepared: list[PreparedUpload], lang: str = "nb") -> pd.DataFrame:
    """Every problem of every file, errors first: level, file, row, column, value, message, hint."""
    rows = []
    for p in prepared:
        for problem in p.report.problems:
            rows.append(
                {
                    "level": _pick(LEVELS.get(problem.level, (problem.level, problem.level)), lang),
                    "file": problem.file,
                    "row": problem.row,
                    "column": problem.column or "",
                    "value": "" if problem.value is None else str(problem.value)[:80],
                    "message": problem.message(lang),
                    "hint": problem.hint(lang),
                    "_order": 0 if problem.level == "error" else 1,
                }
            )
    frame = pd.DataFrame(rows, columns=[*REPORT_COLUMNS, "_order"])
    frame = frame.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)
    frame["row"] = frame["row"].astype("Int64")
    return frame


def totals(prepared: list[PreparedUpload]) -> dict[str, int]:
    """Errors, warnings and (for files without errors) rows new / changed / unchanged over all files."""
    out = dict(files=len(prepared), errors=0, warnings=0, new=0, changed=0, unchanged=0, removed=0, blocked=0)
    for p in prepared:
        out["errors"] += len(p.report.errors)
        out["warnings"] += len(p.report.warnings)
        out["blocked"] += 0 if p.ok else 1
        if p.diff is not None:
            out["new"] += p.diff.added
            out["changed"] += p.diff.changed
            out["unchanged"] += p.diff.unchanged
            out["removed"] += p.diff.removed
    return out


def indicator_summary(prepared: PreparedUpload, catalog: Catalog, lang: str = "nb") -> pd.DataFrame:
    """One row per indicator in the file: rows read and how many are new, changed or unchanged."""
    cols = list(SUMMARY_COLUMNS)
    if prepared.diff is None or prepared.frame is None or prepared.frame.empty:
        return pd.DataFrame(columns=cols)
    rows = prepared.frame.groupby("indicator_id").size().rename("rows")
    changes = prepared.diff.changes
    acts = (
        changes.groupby(["indicator_id", "action"]).size().unstack(fill_value=0)
        if not changes.empty
        else pd.DataFrame(index=rows.index)
    )
    out = pd.DataFrame({"rows": rows})
    out["new"] = acts["insert"] if "insert" in acts else 0
    out["changed"] = acts["update"] if "update" in acts else 0
    out = out.fillna(0).astype(int)
    out["unchanged"] = out["rows"] - out["new"] - out["changed"]
    out = out.reset_index()
    out["name"] = [catalog.indicator(i).name.get(lang) if catalog.has_indicator(i) else i for i in out["indicator_id"]]
    return out[cols]


def _fmt(value, missing, unit, decimals, lang) -> str:
    if value is not None and not pd.isna(value):
        return fmt_value(value, unit, decimals, lang)
    if missing and not pd.isna(missing) and str(missing) in MISSING_WORDS:
        return _pick(MISSING_WORDS[str(missing)], lang)
    return "–"


def changes_frame(
    prepared: PreparedUpload, indicator_id: str, catalog: Catalog, lang: str = "nb", limit: int = 500
) -> pd.DataFrame:
    """New and changed rows of one indicator, old → new, values formatted the Norwegian way."""
    cols = list(CHANGE_COLUMNS)
    if prepared.diff is None or prepared.diff.changes.empty:
        return pd.DataFrame(columns=cols)
    ch = prepared.diff.changes
    ch = ch[ch["indicator_id"] == indicator_id].head(limit)
    ind = catalog.indicator(indicator_id) if catalog.has_indicator(indicator_id) else None
    unit, dec = (ind.unit, ind.decimals) if ind else (None, 2)
    return pd.DataFrame(
        {
            "area": ch["area"],
            "breakdown": [breakdown_label(b, lang) for b in ch["breakdown"]],
            "period": ch["period"],
            "action": [_pick(ACTIONS.get(a, (a, a)), lang) for a in ch["action"]],
            "old": [
                "" if a == "insert" else _fmt(v, m, unit, dec, lang)
                for a, v, m in zip(ch["action"], ch["old_value"], ch["old_missing"])
            ],
            "new": [_fmt(v, m, unit, dec, lang) for v, m in zip(ch["new_value"], ch["new_missing"])],
        },
        columns=cols,
    ).reset_index(drop=True)


def preview_series(con, prepared: PreparedUpload, indicator_id: str) -> tuple[pd.DataFrame, pd.DataFrame, str, str]:
    """The series to chart for one indicator: Asker's total when the file has it, else the series with most rows.
    Returns (before, after, area, breakdown); before is what is stored, after is it overlaid by the file."""
    frame = prepared.frame[prepared.frame["indicator_id"] == indicator_id]
    keys = frame.groupby(["area", "breakdown"]).size().sort_values(ascending=False)
    if (queries.HEADLINE_AREA, queries.TOTAL) in keys.index:
        area, breakdown = queries.HEADLINE_AREA, queries.TOTAL
    else:
        area, breakdown = keys.index[0]
    before = queries.series(con, indicator_id, area, breakdown)[["period", "time", "value"]]
    new = frame[(frame["area"] == area) & (frame["breakdown"] == breakdown)][["period", "time", "value"]]
    kept = before[~before["period"].isin(new["period"])]
    if prepared.diff is not None and not prepared.diff.changes.empty:  # example values the upload replaces
        ch = prepared.diff.changes
        gone = ch[
            (ch["action"] == "delete")
            & (ch["indicator_id"] == indicator_id)
            & (ch["area"] == area)
            & (ch["breakdown"] == breakdown)
        ]["period"]
        kept = kept[~kept["period"].isin(gone)]
    after = pd.concat([kept, new], ignore_index=True).sort_values("time")
    return before.reset_index(drop=True), after.reset_index(drop=True), area, breakdown


# --- the audit trail --------------------------------------------------------------------------------

AUDIT_COLUMNS = {
    "id": ("#", "#"),
    "uploaded_at": ("Når", "When"),
    "uploaded_by": ("Hvem", "Who"),
    "file_name": ("Fil", "File"),
    "file_sha256": ("SHA-256 (start)", "SHA-256 (start)"),
    "file_format": ("Format", "Format"),
    "rows_read": ("Rader", "Rows"),
    "rows_added": ("Nye", "New"),
    "rows_changed": ("Endrede", "Changed"),
    "rows_unchanged": ("Uendrede", "Unchanged"),
    "n_warnings": ("Advarsler", "Warnings"),
    "state": ("Status", "State"),
    "rolled_back": ("Angret", "Rolled back"),
}


def audit_frame(uploads: pd.DataFrame, lang: str = "nb") -> pd.DataFrame:
    """The upload list (store.queries.uploads) as shown: state in words, short hash, who/when of a rollback."""
    cols = list(AUDIT_COLUMNS)
    if uploads.empty:
        return pd.DataFrame(columns=cols)
    out = uploads.copy()
    example = _pick(("eksempeldata", "example data"), lang)
    out["state"] = [
        _pick(STATES.get(s, (s, s)), lang) + (f" ({example})" if ex else "")
        for s, ex in zip(out["state"], out["is_example"])
    ]
    out["file_sha256"] = out["file_sha256"].astype(str).str[:12]
    out["file_format"] = [_pick(FORMAT_NAMES.get(f, (f, f)), lang) for f in out["file_format"]]
    out["uploaded_at"] = [fmt_datetime(at, lang) for at in out["uploaded_at"]]
    out["uploaded_by"] = [uploader_name(who, lang) for who in out["uploaded_by"]]
    out["rolled_back"] = [
        f"{fmt_datetime(at, lang)}, {by}" if pd.notna(at) else ""
        for at, by in zip(out["rolled_back_at"], out["rolled_back_by"])
    ]
    return out[cols].reset_index(drop=True)


def upload_changes_frame(changes: pd.DataFrame, catalog: Catalog, lang: str = "nb") -> pd.DataFrame:
    """One upload's rows (store.queries.upload_changes) old → new, formatted."""
    cols = ["indicator_id", *CHANGE_COLUMNS]
    if changes.empty:
        return pd.DataFrame(columns=cols)

    def fmt(iid, v):
        ind = catalog.indicator(iid) if catalog.has_indicator(iid) else None
        return _fmt(v, None, ind.unit if ind else None, ind.decimals if ind else 2, lang)

    def name(iid):  # the indicator's name, as everywhere else; an id no catalog knows stays as it is
        return catalog.indicator(iid).name.get(lang) if catalog.has_indicator(iid) else iid

    return pd.DataFrame(
        {
            "indicator_id": [name(i) for i in changes["indicator_id"]],
            "area": changes["area"],
            "breakdown": [breakdown_label(b, lang) for b in changes["breakdown"]],
            "period": changes["period"],
            "action": [_pick(ACTIONS.get(a, (a, a)), lang) for a in changes["action"]],
            "old": [
                "" if a == "insert" else fmt(i, v)
                for i, a, v in zip(changes["indicator_id"], changes["action"], changes["old_value"])
            ],
            "new": [fmt(i, v) for i, v in zip(changes["indicator_id"], changes["new_value"])],
        },
        columns=cols,
    ).reset_index(drop=True)
