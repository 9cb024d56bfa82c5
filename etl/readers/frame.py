"""What every reader produces, shared by the full reader (etl.read) and the fast path (etl.readers.fast): the
observation columns, the result of a read, and the stored breakdown label of each row."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from etl.readers.base import KEY_ALIASES, TOTAL_VALUES, ColumnMapping
from etl.validation import Report
from store.db import OBS_COLUMNS

# What every reader produces: the store's observation columns.
OBSERVATION_COLUMNS = list(OBS_COLUMNS)
# What a spreadsheet reads as the start of a formula: exports put a "'" before it (exports.tables), and a text
# exported spreadsheet-safe ("'=…") is read as it was written (NEUTRALISED finds the "'" to take off).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISED = re.compile(r"^'(?=[=+\-@\t\r])")


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
    return pd.DataFrame(
        {
            "indicator_id": pd.Series([], dtype=object),
            "period": pd.Series([], dtype=object),
            "year": pd.Series([], dtype="int64"),
            "time": pd.Series([], dtype="float64"),
            "period_kind": pd.Series([], dtype=object),
            "area": pd.Series([], dtype=object),
            "breakdown": pd.Series([], dtype=object),
            "value": pd.Series([], dtype="float64"),
            "missing": pd.Series([], dtype=object),
            "flag": pd.Series([], dtype=object),
            "note": pd.Series([], dtype=object),
            "source_row": pd.Series([], dtype="int64"),
        }
    )


def _clean_bd_value(v: str) -> str:
    return " ".join(v.replace(";", ",").replace("=", "-").split())


def _bd_part(key: str, v) -> str:
    v = "" if v is None else str(v).strip()
    if not v or v.lower() in TOTAL_VALUES or v.lower().startswith(("alle ", "begge ")):
        return ""
    return f"{key}={_clean_bd_value(v)}"


def parse_breakdown_text(text) -> dict:
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


def breakdown_labels(f: pd.DataFrame) -> np.ndarray:
    """The stored breakdown label per row ('' for the total). The breakdown columns are one 2-D array: its
    distinct cells are labelled once, rows are grouped on their integer codes, and each group's label is made
    once (no pandas call per column: a file of thousands of columns costs time in proportion to its cells)."""
    cols = [c for c in f.columns if c.startswith("bd:")] + (["breakdown"] if "breakdown" in f else [])
    n = len(f)
    if not cols or n == 0:
        return np.full(n, "", dtype=object)
    cells = f[cols].to_numpy(dtype=object)
    codes, uniques = pd.factorize(cells.ravel(), use_na_sentinel=False)
    codes = codes.reshape(cells.shape)
    # A text exported spreadsheet-safe ("'=…") is read as it was written.
    uniques = [u[1:] if isinstance(u, str) and NEUTRALISED.match(u) else u for u in uniques]
    if len(cols) == 1:
        group = pd.factorize(codes[:, 0])[0]
    else:
        _, first_sorted, inverse = np.unique(codes, axis=0, return_index=True, return_inverse=True)
        order = np.argsort(first_sorted, kind="stable")  # groups in order of first appearance
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        group = rank[inverse.ravel()]
    _, first = np.unique(group, return_index=True)
    parts_of: dict = {}  # (column, code) -> {key: "key=value"}

    def parts(j: int, code: int) -> dict:
        key = (j, code)
        if key not in parts_of:
            c, v = cols[j], uniques[code]
            if c == "breakdown":
                parts_of[key] = parse_breakdown_text(v)
            else:
                p = _bd_part(c[3:], v)
                parts_of[key] = {c[3:]: p} if p else {}
        return parts_of[key]

    labels = []
    for i in first:
        row: dict = {}
        for j in range(len(cols)):
            row.update(parts(j, codes[i, j]))
        labels.append(";".join(row[k] for k in sorted(row)))
    return np.array(labels, dtype=object)[group]
