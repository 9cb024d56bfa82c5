"""The shared shape of every agency's fetcher, the comparison group, and small JSON-stat helpers.

Each agency is one small subclass of `Source` (like the file readers in etl/readers): `plan` turns an indicator's
fetch spec into source requests (asking the API's metadata where it needs to), `adapt` turns one answer into
what the ordinary readers read. Reading, checking, previewing and committing are the upload's own (etl.load).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from etl.fetch.http import Client, FetchError, Request
from etl.fetch.settings import Settings
from indicators.catalog import CatalogError, ComparisonArea, FetchSpec, Indicator, load_comparison

Area = ComparisonArea  # name (stored in observation.area), codes over time (newest first), kind


# SSB's KOSTRA tables name the country and the counties with their own codes (janbrus/pxwebapi-skills,
# kostra.md): the whole country '0' is 'EAK', county '32' is 'EKA32'. Asked for beside the group's codes.
def kostra_aliases(code: str) -> list[str]:
    if code == "0":
        return ["EAK"]
    if len(code) == 2 and code.isdigit():
        return [f"EKA{code}"]
    return []


def comparison_group() -> list[Area]:
    """Asker's comparison group (indicators/catalog/comparison.yaml); [] when the file is missing or wrong
    (the fetch then asks for the spec's own region codes only, and the catalog tests say what is wrong)."""
    try:
        return load_comparison()
    except CatalogError:
        return []


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

    def adapt(
        self, content: bytes, request: Request, indicator: Indicator, spec: FetchSpec, areas: list[Area]
    ) -> bytes | None:
        """The answer as the readers read it (by default unchanged); None when it holds nothing for us."""
        return content


def bad_spec(indicator: Indicator, nb: str, en: str) -> FetchError:
    return FetchError(
        "bad_spec",
        f"Hentespesifikasjonen for {indicator.id} er feil: {nb}",
        f"The fetch spec of {indicator.id} is wrong: {en}",
    )


def load_json(content: bytes, request: Request) -> Any:  # JSON: a dict or a list
    try:
        obj = json.loads(content.decode("utf-8-sig"))  # FHI's answers start with a byte-order mark
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FetchError(
            "unreadable",
            f"Svaret fra {request.url} er ikke gyldig JSON ({exc}).",
            f"The answer from {request.url} is not valid JSON ({exc}).",
            request.audit,
        ) from None
    if not isinstance(obj, (dict, list)):
        raise FetchError(
            "unreadable",
            f"Svaret fra {request.url} er ikke et datasett.",
            f"The answer from {request.url} is not a dataset.",
            request.audit,
        )
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
    names = {c: a.name for a in areas for c in [*a.codes, *(k for c in a.codes for k in kostra_aliases(c))]}
    cat = dict(dim.get("category") or {})
    cat["label"] = {c: names.get(c, lab) for c, lab in labels(dim).items()} or {
        c: names.get(c, c) for c in categories(dim)
    }
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
        codes = [
            c
            for c in [*area.codes, *(a for c in area.codes for a in kostra_aliases(c))]
            if available is None or c in available
        ]
        if not codes and area.kind != "home":
            missing.append(area)
        wanted.extend(codes)
    wanted = list(dict.fromkeys(wanted))  # PxWebApi answers a code given twice with an empty 500
    if available is not None:
        wanted = [c for c in wanted if c in available or any(ch in c for ch in "*?(")]
    return wanted, missing
