"""Derived series from a JSON-stat2 answer, for indicators the source publishes only as counts: a share of a total
(electric cars among all cars) or the change from the previous period (population growth). The result is again a
JSON-stat2 dataset, read by the ordinary reader; the upload's audit row keeps the request it was computed from.

Missing parts stay missing ('..'): a share is computed only when every part and the whole are there.
"""

from __future__ import annotations

import numpy as np

from etl.fetch.base import categories, labels
from indicators.catalog import Derive


def _cube(obj: dict) -> np.ndarray:
    values = obj.get("value") or []
    size = [int(s) for s in obj.get("size") or []]
    if isinstance(values, dict):
        flat = np.full(int(np.prod(size)), np.nan)
        for k, v in values.items():
            flat[int(k)] = np.nan if v is None else float(v)
    else:
        flat = np.array([np.nan if v is None or isinstance(v, str) else float(v) for v in values])
    return flat.reshape(size)


def _with(obj: dict, cube: np.ndarray, ids: list[str], dims: dict) -> dict:
    out = dict(obj)
    out["id"], out["size"] = ids, list(cube.shape)
    out["dimension"] = dims
    flat = cube.ravel()
    out["value"] = [None if np.isnan(v) else round(float(v), 6) for v in flat]
    out["status"] = {str(i): ".." for i in np.flatnonzero(np.isnan(flat))}
    if not out["status"]:
        out.pop("status")
    out["role"] = {k: [d for d in v if d in ids] for k, v in (obj.get("role") or {}).items()}
    return out


def share(obj: dict, variable: str, part: tuple[str, ...], scale: float) -> dict:
    """`part` of the categories of `variable` as a share of all its categories (× `scale`); drops `variable`."""
    ids = list(obj["id"])
    axis = ids.index(variable)
    codes = categories(obj["dimension"][variable])
    cube = _cube(obj)
    picked = [codes.index(c) for c in part if c in codes]
    num = np.take(cube, picked, axis=axis).sum(axis=axis)  # nan in any part -> nan
    den = cube.sum(axis=axis)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = np.where(den > 0, num / den * scale, np.nan)
    return _with(
        obj, result, [d for d in ids if d != variable], {k: v for k, v in obj["dimension"].items() if k != variable}
    )


def merge_renumbered(obj: dict, geo: str) -> dict:
    """One category per area: the codes etl.regions reads as one area (Asker 3203 and 3025) become one series,
    the newest code's value first, so a change can be computed across a renumbering."""
    from etl.regions import normalize_area

    ids = list(obj["id"])
    if geo not in ids:
        return obj
    axis = ids.index(geo)
    dim = obj["dimension"][geo]
    codes, lab = categories(dim), labels(dim)
    groups: dict[str, list[int]] = {}
    for i, c in enumerate(codes):
        groups.setdefault(normalize_area(f"{c} {lab.get(c, c)}" if lab.get(c, c) != c else c), []).append(i)
    if all(len(g) == 1 for g in groups.values()):
        return obj
    cube = _cube(obj)
    merged = []
    for members in groups.values():
        part = np.take(cube, members, axis=axis)
        first = np.take(part, [0], axis=axis).squeeze(axis)
        for k in range(1, len(members)):
            first = np.where(np.isnan(first), np.take(part, [k], axis=axis).squeeze(axis), first)
        merged.append(first)
    keep = [codes[g[0]] for g in groups.values()]
    cat = {
        **(dim.get("category") or {}),
        "index": {c: i for i, c in enumerate(keep)},
        "label": {c: lab.get(c, c) for c in keep},
    }
    return _with(obj, np.stack(merged, axis=axis), ids, {**obj["dimension"], geo: {**dim, "category": cat}})


def change_percent(obj: dict, time: str) -> dict:
    """Per cent change from the previous period along `time`; the first period has none and is left out."""
    ids = list(obj["id"])
    axis = ids.index(time)
    cube = _cube(obj)
    before = np.take(cube, range(0, cube.shape[axis] - 1), axis=axis)
    after = np.take(cube, range(1, cube.shape[axis]), axis=axis)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = np.where(before > 0, (after / before - 1) * 100, np.nan)
    dim = obj["dimension"][time]
    codes = categories(dim)[1:]
    lab = labels(dim)
    cat = {
        **(dim.get("category") or {}),
        "index": {c: i for i, c in enumerate(codes)},
        "label": {c: lab.get(c, c) for c in codes},
    }
    return _with(obj, result, ids, {**obj["dimension"], time: {**dim, "category": cat}})


def apply(obj: dict, derive: Derive | None, time: str, geo: str = "") -> dict:
    """The derived dataset; `geo` names the region dimension (its labels already the comparison group's names)."""
    if derive is None:
        return obj
    if derive.kind == "share":
        variable = next((d for d in obj["id"] if d.lower() == derive.variable.lower()), derive.variable)
        return share(obj, variable, derive.part, derive.scale)
    return change_percent(merge_renumbered(obj, geo) if geo else obj, time)
