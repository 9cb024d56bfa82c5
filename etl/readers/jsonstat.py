"""JSON-stat 2.0 datasets (SSB's API): dimensions unrolled to a long table, null values carry their status symbol."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd

from etl.limits import variable as limit_variable
from etl.readers import messages as M
from etl.readers.base import ColumnMapping, ReadContext, Table, ssb_table_id
from etl.readers.ssb import SsbReader
from etl.validation import Report

VALUE = "verdi"


def parse_json(data: str, report: Report, file: str):
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        report.error(M.E_INVALID_JSON, file, row=exc.lineno, reason=exc.msg, line=exc.lineno, col=exc.colno)
        return None
    except RecursionError:
        report.error(M.E_INVALID_JSON, file, reason="too deeply nested", line="?", col="?")
        return None


def _categories(dim: dict) -> tuple[list[str], list[str]]:
    cat = dim.get("category") or {}
    index = cat.get("index")
    labels = cat.get("label") or {}
    if isinstance(index, dict):
        codes = [c for c, _ in sorted(index.items(), key=lambda kv: kv[1])]
    elif isinstance(index, list):
        codes = list(index)
    else:
        codes = list(labels)
    return [str(c) for c in codes], [str(labels.get(c, c)) for c in codes]


def jsonstat_table(obj, report: Report, file: str, max_rows: int, details: dict, limits=None) -> Table | None:
    """A long table: one column per dimension (labels; codes for time and region), one value column."""
    if not isinstance(obj, dict):
        report.error(M.E_NOT_JSONSTAT, file, missing='"class": "dataset"')
        return None
    if "dataset" in obj and isinstance(obj["dataset"], dict) and "class" not in obj:
        obj = obj["dataset"]  # JSON-stat 1 style bundle with one dataset
    needed = [k for k in ("id", "size", "dimension", "value") if k not in obj]
    if obj.get("class") not in (None, "dataset") or needed:
        report.error(M.E_NOT_JSONSTAT, file, missing=", ".join(f'"{k}"' for k in needed) or '"class": "dataset"')
        return None
    ids, sizes, dims, values = obj["id"], obj["size"], obj["dimension"], obj["value"]
    if not (
        isinstance(ids, list)
        and isinstance(sizes, list)
        and isinstance(dims, dict)
        and len(ids) == len(sizes)
        and all(isinstance(s, int) and s >= 0 for s in sizes)
    ):
        report.error(M.E_JSONSTAT_BAD, file, reason="id, size and dimension do not agree")
        return None
    expected = int(np.prod(sizes, dtype=np.int64)) if sizes else 0
    if expected > max_rows:
        report.error(M.E_TOO_MANY_ROWS, file, rows=expected, limit=max_rows)
        return None
    if limits is not None and expected * (len(ids) + 1) > limits.cells:  # a column per dimension, and the values
        report.error(
            M.E_TOO_MANY_CELLS,
            file,
            cells=expected * (len(ids) + 1),
            rows=expected,
            columns=len(ids) + 1,
            limit=limits.cells,
            setting=limit_variable("cells"),
        )
        return None
    if isinstance(values, dict):
        arr = np.full(expected, None, dtype=object)
        try:
            for k, v in values.items():
                arr[int(k)] = v
        except (ValueError, IndexError):
            report.error(
                M.E_JSONSTAT_SIZE, file, values=len(values), expected=expected, sizes=" × ".join(map(str, sizes))
            )
            return None
    elif isinstance(values, list):
        if len(values) != expected:
            report.error(
                M.E_JSONSTAT_SIZE, file, values=len(values), expected=expected, sizes=" × ".join(map(str, sizes))
            )
            return None
        arr = np.array(values + [None], dtype=object)[:-1]  # keep 1-d even for nested junk
    else:
        report.error(M.E_JSONSTAT_BAD, file, reason='"value" must be a list or an object')
        return None
    status = obj.get("status")
    st = np.full(expected, "", dtype=object)
    if isinstance(status, list):
        st[: min(len(status), expected)] = [("" if s is None else str(s)) for s in status[:expected]]
    elif isinstance(status, dict):
        for k, s in status.items():
            if str(k).isdigit() and int(k) < expected:
                st[int(k)] = "" if s is None else str(s)
    elif isinstance(status, str):
        st[:] = status
    role = obj.get("role") or {}
    time_dims = set(role.get("time") or [])
    geo_dims = set(role.get("geo") or [])
    metric_dims = set(role.get("metric") or [])
    for d in ids:
        if d not in dims or not isinstance(dims[d], dict):
            report.error(M.E_JSONSTAT_BAD, file, reason=f"dimension «{d}» is missing")
            return None
        low = d.lower()
        if low in ("tid", "time", "år", "year", "kvartal"):
            time_dims.add(d)
        if low in ("region", "geo", "kommune"):
            geo_dims.add(d)
        if low in ("contentscode", "statistikkvariabel", "contents"):
            metric_dims.add(d)
    cols = {}
    idx = np.unravel_index(np.arange(expected), sizes) if expected else [np.array([], int)] * len(ids)
    names = []
    for d, pos, size in zip(ids, idx, sizes):
        codes, labels = _categories(dims[d])
        if len(codes) != size:
            report.error(
                M.E_JSONSTAT_BAD, file, reason=f"dimension «{d}» has {len(codes)} categories, size says {size}"
            )
            return None
        if d in time_dims:
            name, cells = "år", codes
        elif d in geo_dims:
            name, cells = "region", [f"{c} {lab}" if lab != c else c for c, lab in zip(codes, labels)]
        elif d in metric_dims:
            name, cells = "statistikkvariabel", labels
        else:
            name, cells = str(dims[d].get("label") or d), labels
        while name in names:
            name += f" ({d})"
        names.append(name)
        cols[name] = np.array(cells, dtype=object)[pos] if expected else np.array([], dtype=object)
    # A null value becomes its status symbol ("..", ":" …) so the shared value parser reads it as missing.
    is_null = np.array([v is None for v in arr], dtype=bool)
    bad = [i for i, v in enumerate(arr) if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float)))]
    values = arr.copy()
    values[is_null] = np.where(st[is_null] != "", st[is_null], "..")
    for i in bad:
        values[i] = str(arr[i])
    frame = pd.DataFrame(cols)
    frame[VALUE] = values
    frame["_status"] = np.where(is_null, "", st)
    label = str(obj.get("label") or "")
    ext = obj.get("extension") or {}
    px = ext.get("px") if isinstance(ext, dict) else None
    tid = (px or {}).get("tableid") if isinstance(px, dict) else None
    details["table"] = str(tid) if tid and re.fullmatch(r"\d{5}", str(tid)) else ssb_table_id(label)
    details["title"] = label
    details["cells"] = expected
    return Table(list(frame.columns), frame, np.arange(1, expected + 1, dtype=np.int64), title=label, header_row=0)


class JsonStatReader(SsbReader):
    format = "jsonstat2"

    def detect(self, table: Table) -> int:
        return 0  # chosen by container kind, never by header

    def guess_mapping(self, table: Table, ctx: ReadContext) -> ColumnMapping:
        breakdown = [c for c in table.columns if c not in ("år", "region", "statistikkvariabel", VALUE, "_status")]
        return ColumnMapping(
            period="år",
            value=VALUE,
            area="region" if "region" in table.columns else None,
            breakdown=breakdown,
            variable="statistikkvariabel" if "statistikkvariabel" in table.columns else None,
            flag="_status",
        )
