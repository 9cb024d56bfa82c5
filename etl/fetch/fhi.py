"""FHI Statistikk open API (statistikk-data.fhi.no, Swagger: /swagger/index.html): the table's dimensions first (to
check every code), then one POST for JSON-stat2.

  GET  /api/open/v1/{source}/Table/{id}/dimension  -> {"dimensions": [{"code", "label", "categories": [...]}]}
  POST /api/open/v1/{source}/Table/{id}/data       body {"dimensions": [{"code", "filter", "values"}],
                                                        "response": {"format": "json-stat2"}}
"""

from __future__ import annotations

import json
import re

from etl.fetch.base import (
    Area,
    Plan,
    Source,
    bad_spec,
    categories,
    drop_pinned,
    load_json,
    region_codes,
    relabel_regions,
)
from etl.fetch.http import Client, Request
from indicators.catalog import FetchSpec, Indicator

# FHI marks suppressed or missing cells with a symbol in place of the number. The SSB symbols mean the same;
# any other symbol is read as suppressed (never as a number).
KNOWN_SYMBOLS = {".", "..", "...", ":"}
TOP = re.compile(r"^(top|bottom)\((\d+)\)$", re.I)
TIME = ("aar", "år", "year", "tid")


def _flatten(categories: list) -> list[str]:
    out = []
    for c in categories or []:
        if isinstance(c, dict):
            out.append(str(c.get("value")))
            out.extend(_flatten(c.get("children") or []))
    return out


def _filter(codes: list[str]) -> dict:
    if codes == ["*"]:
        return {"filter": "all", "values": ["*"]}
    m = TOP.match(codes[0]) if len(codes) == 1 else None
    if m:
        return {"filter": m.group(1).lower(), "values": [m.group(2)]}
    return {"filter": "item", "values": codes}


class FhiSource(Source):
    agency = "fhi"

    def url(self, spec: FetchSpec, what: str) -> str:
        return f"{self.settings.fhi_api.rstrip('/')}/{spec.source}/Table/{spec.table}/{what}"

    def plan(self, client: Client, indicator: Indicator, spec: FetchSpec, areas: list[Area]) -> Plan:
        meta_request = Request("fhi", self.url(spec, "dimension"), f"fhi-{spec.table}-dimension.json")
        meta = load_json(client.send(meta_request), meta_request)
        dims = {
            str(d.get("code")): _flatten(d.get("categories"))
            for d in (meta.get("dimensions") or [])
            if isinstance(d, dict)
        }
        body_dims, notes = [], []
        for var, wanted in spec.select:
            if var not in dims:
                raise bad_spec(
                    indicator,
                    f"FHI-tabell {spec.table} har ingen dimensjon «{var}» (den har: {', '.join(dims)}).",
                    f"FHI table {spec.table} has no dimension “{var}” (it has: {', '.join(dims)}).",
                )
            if var == spec.region_variable:
                codes, missing = region_codes(spec, areas, set(dims[var]))
                notes += [
                    (f"{a.name} finnes ikke i FHI-tabell {spec.table}.", f"{a.name} is not in FHI table {spec.table}.")
                    for a in missing
                ]
                if not codes:
                    raise bad_spec(
                        indicator,
                        f"ingen av GEO-kodene {', '.join(wanted)} finnes i FHI-tabell {spec.table}.",
                        f"none of the GEO codes {', '.join(wanted)} exist in FHI table {spec.table}.",
                    )
                body_dims.append({"code": var, **_filter(codes)})
                continue
            unknown = [c for c in wanted if c != "*" and not TOP.match(c) and c not in dims[var]]
            if unknown:
                shown = ", ".join(dims[var][:15]) + (" …" if len(dims[var]) > 15 else "")
                raise bad_spec(
                    indicator,
                    f"koden «{unknown[0]}» for «{var}» finnes ikke i FHI-tabell {spec.table} (koder: {shown}).",
                    f"the code “{unknown[0]}” of “{var}” does not exist in FHI table {spec.table} (codes: {shown}).",
                )
            body_dims.append({"code": var, **_filter(list(wanted))})
        body = {"dimensions": body_dims, "response": {"format": "json-stat2"}}
        request = Request(
            "fhi",
            self.url(spec, "data"),
            f"fhi-{spec.source}-{spec.table}-{indicator.id}.json",
            method="POST",
            body=body,
        )
        return Plan([request], notes, metadata_requests=1)

    def adapt(self, content, request, indicator, spec, areas):
        obj = load_json(content, request)
        ids = list(obj.get("id") or [])
        time = [d for d in ids if d.lower() in TIME]
        geo = [d for d in ids if d == spec.region_variable]
        obj["role"] = {**(obj.get("role") or {}), "time": time, "geo": geo}
        for d in time:  # FHI periods are "2024_2024" (one year) or "2022_2024" (an average over years)
            dim = obj["dimension"][d]
            codes = categories(dim)
            new = [re.sub(r"^(\d{4})_\1$", r"\1", c).replace("_", "-") for c in codes]
            cat = dict(dim.get("category") or {})
            cat["index"] = {n: i for i, n in enumerate(new)}
            cat["label"] = {n: n for n in new}
            obj["dimension"][d] = {**dim, "category": cat}
        values = obj.get("value")
        if isinstance(values, list):  # a symbol in place of a number: a missing value with its status
            status = dict(obj.get("status") or {}) if isinstance(obj.get("status"), dict) else {}
            for i, v in enumerate(values):
                if isinstance(v, str):
                    status[str(i)] = v if v in KNOWN_SYMBOLS else ":"
                    values[i] = None
            if status:
                obj["status"] = status
        obj = drop_pinned(obj, set(time) | set(geo))
        if geo:
            obj = relabel_regions(obj, geo[0], areas)
        return json.dumps(obj, ensure_ascii=False).encode("utf-8")
