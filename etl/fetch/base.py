"""The shared shape of every agency's fetcher, the comparison group, and small JSON-stat helpers.

Each agency is one small subclass of `Source` (like the file readers in etl/readers): `plan` turns an indicator's
fetch spec into source requests (asking the API's metadata where it needs to), `adapt` turns one answer into
what the ordinary readers read. Reading, checking, previewing and committing are the upload's own (etl.load).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import yaml

from etl.fetch.http import Client, FetchError, Request
from etl.fetch.settings import Settings
from indicators.catalog import CATALOG_DIR, FetchSpec, Indicator

COMPARISON_FILE = CATALOG_DIR / "comparison.yaml"


@dataclass(frozen=True)
class Area:
    """One member of the comparison group (indicators/catalog/comparison.yaml): the name stored in
    observation.area and its region codes over time (newest first)."""

    name: str
    codes: tuple[str, ...]
    kind: str = "neighbour"  # home | neighbour | kostra | county | country


def comparison_group(path: Path = COMPARISON_FILE) -> list[Area]:
    """The comparison group's areas; [] when the file is missing. Accepts a list of areas or {areas: [...]}."""
    if not Path(path).is_file():
        return []
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    if isinstance(raw, dict):
        raw = raw.get("areas") or raw.get("comparison") or []
    out = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict) and item.get("name") and item.get("codes"):
            codes = item["codes"] if isinstance(item["codes"], list) else [item["codes"]]
            out.append(Area(str(item["name"]).strip(), tuple(str(c).strip() for c in codes),
                            str(item.get("kind") or "neighbour")))
    return out


@dataclass
class Plan:
    """The source requests for one indicator, in order, and notes for the report (e.g. an area the table lacks)."""

    requests: list[Request]
    notes: list[tuple[str, str]] = field(default_factory=list)  # (nb, en)
    metadata_requests: int = 0


def query_string(params: list[tuple[str, str]]) -> str:
    """PxWebApi style: brackets, commas and parentheses as they are (`valueCodes[Tid]=from(2015)`), so the
    recorded address reads like the agencies' own examples; everything else percent-encoded."""
    return "&".join(f"{quote(k, safe='[]')}={quote(v, safe=',()*:[]?-_.')}" for k, v in params)


class Source:
    """Base class: one subclass per agency."""

    agency = ""

    def __init__(self, settings: Settings):
        self.settings = settings

    def plan(self, client: Client, indicator: Indicator, spec: FetchSpec, areas: list[Area]) -> Plan:
        raise NotImplementedError

    def adapt(self, content: bytes, request: Request, indicator: Indicator, spec: FetchSpec,
              areas: list[Area]) -> bytes | None:
        """The answer as the readers read it (by default unchanged); None when it holds nothing for us."""
        return content


def bad_spec(indicator: Indicator, nb: str, en: str) -> FetchError:
    return FetchError("bad_spec", f"Hentespesifikasjonen for {indicator.id} er feil: {nb}",
                      f"The fetch spec of {indicator.id} is wrong: {en}")


def load_json(content: bytes, request: Request) -> dict:
    try:
        obj = json.loads(content.decode("utf-8-sig"))  # FHI's answers start with a byte-order mark
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FetchError("unreadable", f"Svaret fra {request.url} er ikke gyldig JSON ({exc}).",
                         f"The answer from {request.url} is not valid JSON ({exc}).", request.audit) from None
    if not isinstance(obj, (dict, list)):
        raise FetchError("unreadable", f"Svaret fra {request.url} er ikke et datasett.",
                         f"The answer from {request.url} is not a dataset.", request.audit)
    return obj


def categories(dimension: dict) -> list[str]:
    """A JSON-stat dimension's category codes in their order (index as a list or as {code: position})."""
    cat = dimension.get("category") or {}
    index = cat.get("index")
    if isinstance(index, dict):
        return [c for c, _ in sorted(index.items(), key=lambda kv: kv[1])]
    if isinstance(index, list):
        return [str(c) for c in index]
    return list(cat.get("label") or {})


def labels(dimension: dict) -> dict[str, str]:
    return {str(k): str(v) for k, v in ((dimension.get("category") or {}).get("label") or {}).items()}


def drop_pinned(obj: dict, keep: set[str]) -> dict:
    """Remove dimensions with one category that are not time or region: a value the spec pins (ContentsCode,
    Kjonn = total, MEASURE_TYPE = RATE) defines the indicator, it is not a breakdown of it. A size-1
    dimension does not change the positions in `value`, so values and status stay as they are."""
    ids, sizes = list(obj.get("id") or []), list(obj.get("size") or [])
    drop = [d for d, n in zip(ids, sizes) if n == 1 and d not in keep]
    if not drop:
        return obj
    out = dict(obj)
    out["id"] = [d for d in ids if d not in drop]
    out["size"] = [n for d, n in zip(ids, sizes) if d not in drop]
    out["dimension"] = {k: v for k, v in obj["dimension"].items() if k not in drop}
    role = {k: [d for d in v if d not in drop] for k, v in (obj.get("role") or {}).items()}
    out["role"] = {k: v for k, v in role.items() if v}
    return out


def relabel_regions(obj: dict, variable: str, areas: list[Area]) -> dict:
    """Label each comparison-group code with the member's name, so all of a member's codes (Bærum 3201, 3024,
    0219) are read as one area. etl.regions still names Asker's own codes (0220 is the Asker before 2020)."""
    dim = (obj.get("dimension") or {}).get(variable)
    if not isinstance(dim, dict):
        return obj
    names = {c: a.name for a in areas for c in a.codes}
    cat = dict(dim.get("category") or {})
    cat["label"] = {c: names.get(c, lab) for c, lab in labels(dim).items()} or \
        {c: names.get(c, c) for c in categories(dim)}
    out = dict(obj)
    out["dimension"] = {**obj["dimension"], variable: {**dim, "category": cat}}
    return out


def region_codes(spec: FetchSpec, areas: list[Area], available: set[str] | None = None) -> tuple[list[str], list[Area]]:
    """The region codes to ask for: the spec's (Asker over time) and, when the spec allows, the comparison
    group's; only those the table has when `available` is known. Returns (codes, members the table lacks)."""
    own = spec.selection().get(spec.region_variable, [])
    wanted = list(own)
    missing = []
    for area in areas if spec.peers else []:
        codes = [c for c in area.codes if available is None or c in available]
        if not codes and area.kind != "home":
            missing.append(area)
        wanted.extend(codes)
    wanted = list(dict.fromkeys(wanted))  # PxWebApi answers a code given twice with an empty 500
    if available is not None:
        wanted = [c for c in wanted if c in available or any(ch in c for ch in "*?(")]
    return wanted, missing
