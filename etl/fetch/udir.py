"""Udir's statistikkbanken API (api.statistikkbanken.udir.no; Swagger statistikkportalen.udir.no/api/rapportering):
the number of pages first, then each page of JSON rows, turned into a canonical CSV the ordinary reader reads.

  GET /api/rest/v2/Eksport/{table}/filterVerdier                 -> {"TidID": [{"id", "kode", "navn"}], …}
  GET /api/rest/v2/Eksport/{table}/sideData?filter=…            -> [{"JSONSider": n, …}]
  GET /api/rest/v2/Eksport/{table}/data?filter=…&format=0&sideNummer=k  -> [{"Kommunekode": …, …}, …]

Udir writes that the API "is not meant for external use yet and may change without notice": an answer that does
not look as expected stops the fetch with an error, and nothing is loaded.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace

from etl.fetch.base import Area, Plan, Source, load_json, query_string, region_codes
from etl.fetch.http import Client, FetchError, Request
from indicators.catalog import FetchSpec, Indicator

PERIOD_FIELDS = ("Skoleaarnavn", "Tidnavn", "Aarnavn")
MAX_PAGES = 200


class UdirSource(Source):
    agency = "udir"

    def url(self, spec: FetchSpec, what: str, **params) -> str:
        query = query_string([("filter", spec.filter), *[(k, str(v)) for k, v in params.items()]])
        return f"{self.settings.udir_api.rstrip('/')}/Eksport/{spec.table}/{what}?{query}"

    def plan(self, client: Client, indicator: Indicator, spec: FetchSpec, areas: list[Area]) -> Plan:
        asked = 0
        if "(*)" in spec.filter:  # every value of a filter (all school years): Udir wants their ids listed
            values_request = Request(
                "udir",
                f"{self.settings.udir_api.rstrip('/')}/Eksport/{spec.table}/filterVerdier",
                f"udir-{spec.table}-filterverdier.json",
            )
            values = load_json(client.send(values_request), values_request)
            asked = 1

            def every(m):
                ids = (
                    [
                        str(v.get("id"))
                        for v in (values.get(m.group(1)) or [])
                        if isinstance(v, dict) and v.get("id") not in (None, -10)
                    ]
                    if isinstance(values, dict)
                    else []
                )
                if not ids:
                    raise FetchError(
                        "unreadable",
                        f"Udir oppga ingen verdier for filteret {m.group(1)}.",
                        f"Udir listed no values for the filter {m.group(1)}.",
                        values_request.audit,
                    )
                return f"{m.group(1)}({'_'.join(ids)})"

            spec = replace(spec, filter=re.sub(r"(\w+)\(\*\)", every, spec.filter))
        pages_request = Request("udir", self.url(spec, "sideData"), f"udir-{spec.table}-sider.json")
        answer = load_json(client.send(pages_request), pages_request)
        first = answer[0] if isinstance(answer, list) and answer else answer
        pages = first.get("JSONSider") if isinstance(first, dict) else None
        if not isinstance(pages, int) or not 0 <= pages <= MAX_PAGES:
            raise FetchError(
                "unreadable",
                f"Udir oppga ikke antall sider som ventet ({str(answer)[:120]}).",
                f"Udir did not give the number of pages as expected ({str(answer)[:120]}).",
                pages_request.audit,
            )
        requests = [
            Request(
                "udir", self.url(spec, "data", format=0, sideNummer=k), f"udir-{spec.table}-{indicator.id}-side-{k}.csv"
            )
            for k in range(1, pages + 1)
        ]
        return Plan(requests, metadata_requests=1 + asked)

    def adapt(self, content, request, indicator, spec, areas):
        rows = load_json(content, request)
        if not isinstance(rows, list):
            raise FetchError(
                "unreadable",
                "Udir svarte ikke med en liste av rader.",
                "Udir did not answer with a list of rows.",
                request.audit,
            )
        wanted = set(region_codes(spec, areas)[0]) if spec.region_variable or areas else set()
        own = set(spec.selection().get("Kommunekode", [])) or {"3203", "3025"}
        wanted |= own
        names = {c: a.name for a in areas for c in a.codes}
        out = io.StringIO()
        w = csv.writer(out)
        w.writerow(["indicator_id", "period", "value", "area"])
        kept = 0
        for row in rows:
            if not isinstance(row, dict) or spec.value not in row:
                raise FetchError(
                    "unreadable",
                    f"En rad fra Udir mangler feltet «{spec.value}».",
                    f"A row from Udir lacks the field “{spec.value}”.",
                    request.audit,
                )
            period = next((row[f] for f in PERIOD_FIELDS if row.get(f)), None)
            level = str(row.get("EnhetNivaa", ""))
            code = str(row.get("Kommunekode") or "").strip()
            if level == "1":
                area = "Norge"
            elif code and code in wanted:
                area = f"{code} {names.get(code) or row.get('EnhetNavn') or row.get('Kommunenavn') or ''}".strip()
            else:
                continue
            value = row[spec.value]
            w.writerow([indicator.id, period, "" if value is None else str(value), area])
            kept += 1
        return out.getvalue().encode("utf-8") if kept else None  # a page with none of our areas
