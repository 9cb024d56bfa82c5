"""SSB Statbank through PxWebApi v2: the table's metadata first (to check every code and count the cells), then
one or more data requests for JSON-stat2, split so each stays within SSB's cell and address limits.

Endpoints (https://data.ssb.no/api/pxwebapi/v2, OpenAPI: PxTools/PxApiSpecs PxAPI-2.yml):
  GET /tables/{id}/metadata?lang=no                                  -> JSON-stat2 dataset without values
  GET /tables/{id}/data?lang=no&outputFormat=json-stat2&valueCodes[VAR]=a,b&…  -> JSON-stat2 dataset
"""

from __future__ import annotations

import fnmatch
import math
import re

from etl.fetch import derive
from etl.fetch.base import (
    Area,
    Plan,
    Source,
    bad_spec,
    categories,
    drop_pinned,
    kostra_aliases,
    load_json,
    query_string,
    region_codes,
    relabel_regions,
)
from etl.fetch.http import Client, Request
from indicators.catalog import FetchSpec, Indicator

EXPRESSION = re.compile(r"^\[?(top|bottom|from|to|range)\((.*)\)\]?$", re.I)


def expand(expression: str, codes: list[str]) -> list[str] | None:
    """The codes a PxWebApi v2 selection expression picks from a variable's codes (in table order), or None
    when one plain code is not among them. Supports *, ?, top(n), bottom(n), from(x), to(x), range(x,y)."""
    m = EXPRESSION.match(expression.strip())
    if m:
        kind, args = m.group(1).lower(), [a.strip() for a in m.group(2).split(",")]
        if kind in ("top", "bottom"):
            n = int(args[0]) if args and args[0].isdigit() else 0
            offset = int(args[1]) if len(args) > 1 and args[1].isdigit() else 0
            picked = codes[::-1][offset : offset + n] if kind == "top" else codes[offset : offset + n]
            return sorted(picked, key=codes.index)
        if kind == "from":
            return [c for c in codes if c >= args[0]]
        if kind == "to":
            return [c for c in codes if c <= args[0]]
        if kind == "range" and len(args) == 2:
            return [c for c in codes if args[0] <= c <= args[1]]
        return None
    if "*" in expression or "?" in expression:
        return [c for c in codes if fnmatch.fnmatchcase(c.lower(), expression.lower())]
    hit = [c for c in codes if c.lower() == expression.lower()]  # value codes are not case-sensitive
    return hit or None


def cells(selection: dict[str, list[str]]) -> int:
    return math.prod(len(v) for v in selection.values()) if selection else 0


def split(
    selection: dict[str, list[str]],
    max_cells: int,
    order: list[str],
    together: dict[str, list[list[str]]] | None = None,
) -> list[dict[str, list[str]]]:
    """Cut a selection into parts of at most `max_cells` cells, along the first variable in `order` that has
    more than one code (time, then region, then the largest), recursively if one cut is not enough.
    `together[var]` lists codes that must stay in one part: a municipality's codes over time, whose rows are
    one series only when read side by side (etl.read._renumbered)."""
    if cells(selection) <= max_cells:
        return [selection]
    together = together or {}

    def units(var):
        codes = selection[var]
        groups = [[c for c in g if c in codes] for g in together.get(var, [])]
        groups = [g for g in groups if g]
        grouped = {c for g in groups for c in g}
        return groups + [[c] for c in codes if c not in grouped]

    candidates = [v for v in order if len(units(v)) > 1] if order else []
    candidates = candidates or sorted((v for v in selection if len(units(v)) > 1), key=lambda v: -len(selection[v]))
    if not candidates:
        return [selection]  # nothing left to cut (one group is itself too large): let the agency say so
    var = candidates[0]
    per_code = cells(selection) // len(selection[var])
    parts: list[list] = []
    current: list = []
    for unit in units(var):
        if current and (len(current) + len(unit)) * per_code > max_cells:
            parts.append(current)
            current = []
        current = current + unit
    parts.append(current)
    out = []
    for codes in parts:
        out.extend(split({**selection, var: [c for c in selection[var] if c in codes]}, max_cells, order, together))
    return out


class SsbSource(Source):
    agency = "ssb"

    def base(self) -> str:
        return self.settings.ssb_api.rstrip("/")

    def metadata_request(self, table: str) -> Request:
        return Request("ssb", f"{self.base()}/tables/{table}/metadata?lang=no", f"ssb-{table}-metadata.json")

    def data_request(self, table: str, selection: dict[str, list[str]], n: int, of: int, indicator_id: str) -> Request:
        params = [("lang", "no"), ("outputFormat", "json-stat2")]
        params += [(f"valueCodes[{var}]", ",".join(codes)) for var, codes in selection.items()]
        url = f"{self.base()}/tables/{table}/data?{query_string(params)}"
        suffix = f"-{n}-av-{of}" if of > 1 else ""
        return Request("ssb", url, f"ssb-{table}-{indicator_id}{suffix}.json")

    def plan(self, client: Client, indicator: Indicator, spec: FetchSpec, areas: list[Area]) -> Plan:
        meta = load_json(client.send(self.metadata_request(spec.table)), self.metadata_request(spec.table))
        dims = meta.get("dimension") or {}
        ids = list(meta.get("id") or dims)
        by_lower = {d.lower(): d for d in ids}
        role = meta.get("role") or {}
        region_var = spec.region_variable
        selection: dict[str, list[str]] = {}
        sent: dict[str, list[str]] = {}  # what goes into the address (expressions kept where not split)
        notes = []
        for var, wanted in spec.select:
            if var.lower() not in by_lower:
                raise bad_spec(
                    indicator,
                    f"tabell {spec.table} har ingen variabel «{var}» (den har: {', '.join(ids)}).",
                    f"table {spec.table} has no variable “{var}” (it has: {', '.join(ids)}).",
                )
            name = by_lower[var.lower()]
            codes = categories(dims[name])
            if var == region_var:
                listed, _ = region_codes(spec, areas, None)
                picked: list[str] = []
                for expression in listed:  # the spec may use expressions ("*", "32*") beside plain codes
                    picked.extend(c for c in (expand(expression, codes) or []) if c not in picked)
                missing = [
                    a
                    for a in areas
                    if spec.peers
                    and a.kind != "home"
                    and not any(c in codes for c in a.codes + tuple(k for x in a.codes for k in kostra_aliases(x)))
                ]
                if not picked:
                    raise bad_spec(
                        indicator,
                        f"ingen av regionkodene {', '.join(wanted)} finnes i tabell {spec.table}.",
                        f"none of the region codes {', '.join(wanted)} exist in table {spec.table}.",
                    )
                for area in missing:
                    notes.append(
                        (
                            f"{area.name} finnes ikke i tabell {spec.table} (kodene {', '.join(area.codes)}).",
                            f"{area.name} is not in table {spec.table} (codes {', '.join(area.codes)}).",
                        )
                    )
                selection[name] = picked
                sent[name] = picked
                continue
            chosen: list[str] = []
            for expression in wanted:
                got = expand(expression, codes)
                if got is None:
                    shown = ", ".join(codes[:15]) + (" …" if len(codes) > 15 else "")
                    raise bad_spec(
                        indicator,
                        f"koden «{expression}» for «{name}» finnes ikke i tabell {spec.table} (koder: {shown}).",
                        f"the code “{expression}” of “{name}” does not exist in table {spec.table} (codes: {shown}).",
                    )
                chosen.extend(c for c in got if c not in chosen)
            selection[name] = chosen
            sent[name] = list(wanted)
        for name in ids:  # a variable the table cannot eliminate must be chosen (SSB: 400 "mandantory")
            ext = (dims.get(name) or {}).get("extension") or {}
            if name not in selection and ext.get("elimination") is False:
                raise bad_spec(
                    indicator,
                    f"variabelen «{name}» i tabell {spec.table} må velges.",
                    f"the variable “{name}” of table {spec.table} must be selected.",
                )
        if cells(selection) == 0:
            raise bad_spec(indicator, "utvalget gir ingen celler.", "the selection gives no cells.")
        time_vars = [d for d in role.get("time") or [] if d in selection] or [
            d for d in selection if d.lower() in ("tid", "time")
        ]
        geo_vars = [d for d in selection if d == by_lower.get(region_var.lower())]
        together = {
            g: [[c for c in a.codes] for a in areas] + [list(spec.selection().get(spec.region_variable, []))]
            for g in geo_vars
        }
        order = time_vars + geo_vars
        if spec.derive is not None and spec.derive.kind == "change_percent":
            order = geo_vars  # each series needs all its periods in one answer
            together.update({t: [selection[t]] for t in time_vars})
        if spec.derive is not None and spec.derive.kind == "share":  # the part and the whole in one answer
            share_var = by_lower.get(spec.derive.variable.lower(), spec.derive.variable)
            together[share_var] = [selection.get(share_var, [])]
        parts = split(selection, self.settings.ssb_max_cells, order, together)
        if len(parts) == 1:
            parts = [{k: (sent[k] if k in sent else v) for k, v in selection.items()}]
        parts = [q for p in parts for q in self._short_enough(spec.table, p, geo_vars, indicator.id, together)]
        requests = [self.data_request(spec.table, p, i + 1, len(parts), indicator.id) for i, p in enumerate(parts)]
        return Plan(requests, notes, metadata_requests=1)

    def _short_enough(
        self,
        table: str,
        part: dict[str, list[str]],
        geo_vars: list[str],
        indicator_id: str,
        together: dict[str, list[list[str]]],
    ):
        """SSB answers 404 to an address longer than ~2 100 characters: halve the longest list (keeping a
        municipality's codes together) until it fits."""
        if len(self.data_request(table, part, 1, 1, indicator_id).url) <= self.settings.ssb_max_url:
            return [part]
        var = max(part, key=lambda v: (len(part[v]), v in geo_vars))
        if len(part[var]) < 2:
            return [part]
        halves = split(part, cells(part) // 2, [var], together)
        if len(halves) < 2:
            return [part]
        return [q for h in halves for q in self._short_enough(table, h, geo_vars, indicator_id, together)]

    def adapt(self, content, request, indicator, spec, areas):
        import json

        obj = load_json(content, request)
        time = next(iter((obj.get("role") or {}).get("time") or []), "Tid")
        region_var = next((d for d in obj.get("id") or [] if d.lower() == spec.region_variable.lower()), "")
        if region_var:
            obj = relabel_regions(obj, region_var, areas)
        obj = derive.apply(obj, spec.derive, time, region_var)
        keep = set((obj.get("role") or {}).get("time") or []) | {region_var}
        return json.dumps(drop_pinned(obj, keep), ensure_ascii=False).encode("utf-8")
