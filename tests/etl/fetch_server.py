"""A real HTTP server on a loopback port that answers like the agencies' APIs, for the fetch tests.

Built from the agencies' own documentation, not from our client:
- SSB PxWebApi v2: the OpenAPI specification PxTools/PxApiSpecs `PxAPI-2.yml` (GET /tables/{id}/metadata returns a
  JSON-stat2 dataset; GET /tables/{id}/data takes `valuecodes[VAR]=a,b` (names not case-sensitive), `outputFormat`,
  `lang`; errors are problem+json with `title`, `status`, `detail`; 429 when over the rate limit) and SSB's user
  guide as summarised in janbrus/pxwebapi-skills (`api-details.md`, `troubleshooting.md`, `json-stat2.md`,
  `kostra.md`): 800 000 cells per request ("Too many cells selected", 400), 30 requests a minute, addresses over
  ~2 100 characters answered 404, a code given twice answered 500 with an empty body, a variable with
  `elimination: false` left out answered 400 "Missing selection for mandantory variable", missing cells as
  `null` in `value` with the symbol in `status` (".", "..", ":"), `role` naming time/geo/metric, and the renumbered
  region codes of the 2020 and 2024 reforms as separate codes with labels such as "Asker (2020-2023)".
- FHI Statistikk open API (Swagger at statistikk-data.fhi.no/swagger): GET {source}/Table/{id}/dimension, POST
  {source}/Table/{id}/data with {"dimensions": [{"code", "filter", "values"}], "response": {"format": "json-stat2"}};
  the answer starts with a UTF-8 byte-order mark, periods are codes like "2024_2024", flagged cells carry a symbol.
- Udir statistikkbanken (Swagger statistikkportalen.udir.no/api/rapportering): Eksport/{id}/sideData and
  Eksport/{id}/data?filter=…&format=0&sideNummer=k, JSON rows with Kommunekode, EnhetNivaa, Skoleaarnavn, "*" for
  suppressed values.

Faults are scripted per path prefix (`server.fail("/ssb/tables/12439/data", "429", "503", "cut")`) and used up in
order before the normal answer; every request is logged in `server.log`.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit

MAX_URL = 2100


@dataclass
class Dim:
    code: str
    label: str
    categories: list[tuple[str, str]]  # (code, label) in table order
    role: str = ""  # time | geo | metric | ""
    elimination: bool = False


@dataclass
class Table:
    id: str
    title: str
    dims: list[Dim]
    cell: object  # callable(dict code by dimension) -> (value or None, status or None)


@dataclass
class Log:
    method: str
    path: str
    query: str
    at: float
    status: int = 0


class FakeAgencies:
    def __init__(self, max_cells: int = 800_000, rate_limit: tuple[int, float] | None = None):
        self.ssb: dict[str, Table] = {}
        self.fhi: dict[tuple[str, str], Table] = {}
        self.udir: dict[str, list[dict]] = {}
        self.udir_page_size = 2
        self.files: dict[str, bytes] = {}  # GET /files/<name>: a file at a stable download address
        self.max_cells = max_cells
        self.rate_limit = rate_limit  # (requests, seconds): answer 429 beyond it, like SSB
        self.faults: dict[str, list[str]] = {}
        self.log: list[Log] = []
        self._sent: list[float] = []
        self._lock = threading.Lock()
        self.httpd: ThreadingHTTPServer | None = None

    # --- set-up ---------------------------------------------------------------------------------------------
    def fail(self, prefix: str, *faults: str) -> None:
        """Answer the next requests under `prefix` with these faults, in order: '429', '429:SECONDS', '503',
        'cut' (headers sent, connection closed half-way through the body), '400', '404', '500'."""
        self.faults.setdefault(prefix, []).extend(faults)

    def requests_to(self, prefix: str) -> list[Log]:
        return [r for r in self.log if r.path.startswith(prefix)]

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeAgencies:
        agencies = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                agencies._handle(self, "GET")

            def do_POST(self):
                agencies._handle(self, "POST")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()

    # --- answering ------------------------------------------------------------------------------------------
    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(h.path)
        entry = Log(method, parts.path, parts.query, time.monotonic())
        with self._lock:
            self.log.append(entry)
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        fault = None
        with self._lock:
            for prefix, queue in self.faults.items():
                if parts.path.startswith(prefix) and queue:
                    fault = queue.pop(0)
                    break
            limited = False
            if self.rate_limit and fault is None:
                n, window = self.rate_limit
                now = time.monotonic()
                self._sent = [t for t in self._sent if now - t < window]
                limited = len(self._sent) >= n
                if not limited:
                    self._sent.append(now)
        if limited:
            fault = f"429:{self.rate_limit[1]}"
        if fault:
            return self._fault(h, entry, fault)
        try:
            status, payload, headers = self._route(method, parts.path, parts.query, h.path, body)
        except Exception as exc:  # a bug in the fake must show, not hang the client
            status, payload, headers = 500, json.dumps({"title": repr(exc)}).encode(), {}
        self._send(h, entry, status, payload, headers)

    def _send(self, h, entry, status: int, payload: bytes, headers: dict | None = None) -> None:
        entry.status = status
        h.send_response(status)
        for k, v in (headers or {"Content-Type": "application/json; charset=utf-8"}).items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(payload)))
        h.end_headers()
        h.wfile.write(payload)

    def _fault(self, h, entry, fault: str) -> None:
        kind, _, arg = fault.partition(":")
        if kind == "cut":
            entry.status = -1
            payload = json.dumps({"version": "2.0", "class": "dataset", "value": list(range(500))}).encode()
            h.send_response(200)
            h.send_header("Content-Type", "application/json; charset=utf-8")
            h.send_header("Content-Length", str(len(payload)))
            h.end_headers()
            h.wfile.write(payload[: len(payload) // 2])
            h.wfile.flush()
            h.close_connection = True
            h.connection.shutdown(socket.SHUT_RDWR)
            return
        status = int(kind)
        headers = {"Content-Type": "application/problem+json; charset=utf-8"}
        if status == 429:
            headers["Retry-After"] = arg or "1"
            problem = {
                "title": "Too many requests",
                "status": 429,
                "detail": "You have reach the threshold for request limiting. 30 request per minute.",
            }
        elif status == 503:
            problem = {"title": "Service Unavailable", "status": 503}
        elif status == 500:
            return self._send(h, entry, 500, b"", {"Content-Type": "text/plain"})
        else:
            problem = {
                "type": "Parameter error",
                "title": "Non-existent value" if status == 400 else "Not Found",
                "status": status,
            }
        self._send(h, entry, status, json.dumps(problem).encode(), headers)

    def _route(self, method: str, path: str, query: str, raw_path: str, body: bytes):
        m = re.fullmatch(r"/ssb/tables/(\w+)/(metadata|data)", path)
        if m and method == "GET":
            return self._ssb(m.group(1), m.group(2), query, raw_path)
        m = re.fullmatch(r"/fhi/(\w+)/Table/(\w+)/(dimension|data)", path)
        if m:
            return self._fhi(m.group(1), m.group(2), m.group(3), body)
        m = re.fullmatch(r"/udir/Eksport/(\w+)/(sideData|data|filterVerdier)", path)
        if m and method == "GET":
            return self._udir(m.group(1), m.group(2), dict(parse_qsl(query)))
        m = re.fullmatch(r"/files/(.+)", path)
        if m and method == "GET" and m.group(1) in self.files:
            return 200, self.files[m.group(1)], {"Content-Type": "application/octet-stream"}
        return 404, json.dumps({"title": "Not Found", "status": 404}).encode(), None

    # --- SSB PxWebApi v2 ------------------------------------------------------------------------------------
    @staticmethod
    def _problem(status: int, title: str, detail: str | None = None):
        p = {"type": "Parameter error", "title": title, "status": status}
        if detail:
            p["detail"] = detail
        return status, json.dumps(p).encode(), {"Content-Type": "application/problem+json; charset=utf-8"}

    def _dataset(self, table: Table, chosen: list[list[tuple[str, str]]] | None, with_values: bool) -> dict:
        dims = table.dims
        cats = chosen or [d.categories for d in dims]
        out = {
            "version": "2.0",
            "class": "dataset",
            "label": table.title,
            "source": "Statistisk sentralbyrå",
            "updated": "2026-06-15T06:00:00Z",
            "id": [d.code for d in dims],
            "size": [len(c) for c in cats],
            "dimension": {},
            "role": {},
            "extension": {"px": {"tableid": table.id, "language": "no", "contents": table.title.split(",")[0]}},
        }
        for d, c in zip(dims, cats):
            out["dimension"][d.code] = {
                "label": d.label,
                "category": {"index": {code: i for i, (code, _) in enumerate(c)}, "label": dict(c)},
                "extension": {"elimination": d.elimination, "show": "value"},
            }
            if d.role:
                out["role"].setdefault(d.role, []).append(d.code)
        if not with_values:
            out["value"] = None
            return out
        values, status = [], {}
        for i, combo in enumerate(itertools.product(*cats)):
            v, s = table.cell({d.code: code for d, (code, _) in zip(dims, combo)})
            values.append(v)
            if s:
                status[str(i)] = s
        out["value"] = values
        if status:
            out["status"] = status
        return out

    def _ssb(self, table_id: str, what: str, query: str, raw_path: str):
        table = self.ssb.get(table_id)
        if table is None:
            return (
                404,
                json.dumps(
                    {"title": "Not Found", "status": 404, "detail": f"Table {table_id} can not be found"}
                ).encode(),
                None,
            )
        if what == "metadata":
            return 200, json.dumps(self._dataset(table, None, False), ensure_ascii=False).encode(), None
        if len(raw_path) > MAX_URL:
            return 404, b"", {"Content-Type": "text/html"}
        params = parse_qsl(query, keep_blank_values=True)
        if dict(params).get("outputFormat", "json-stat2") != "json-stat2":
            return self._problem(400, "Unsupported output format")
        codes = {}
        for k, v in params:
            m = re.fullmatch(r"valuecodes\[(.+)\]", unquote(k), re.I)
            if m:
                codes[m.group(1).lower()] = [x for x in v.split(",") if x]
        by_lower = {d.code.lower(): d for d in table.dims}
        for name in codes:
            if name not in by_lower:
                return self._problem(400, "Non-existent variable")
        chosen = []
        for d in table.dims:
            wanted = codes.get(d.code.lower())
            if wanted is None:
                if not d.elimination:
                    return self._problem(400, "Missing selection for mandantory variable")
                continue
            if len(set(wanted)) != len(wanted):
                return 500, b"", {"Content-Type": "text/plain"}
            picked = []
            all_codes = [c for c, _ in d.categories]
            for expr in wanted:
                got = _select(expr, all_codes)
                if got is None:
                    return self._problem(400, "Non-existent value")
                picked += [c for c in got if c not in picked]
            chosen.append((d, [(c, dict(d.categories)[c]) for c in all_codes if c in picked]))
        kept = [d for d, _ in chosen]
        if math.prod(len(c) for _, c in chosen) > self.max_cells:
            return self._problem(400, "Too many cells selected", "Too many cells selected")
        sub = Table(table.id, table.title, kept, table.cell)
        return 200, json.dumps(self._dataset(sub, [c for _, c in chosen], True), ensure_ascii=False).encode(), None

    # --- FHI --------------------------------------------------------------------------------------------------
    def _fhi(self, source: str, table_id: str, what: str, body: bytes):
        table = self.fhi.get((source, table_id))
        if table is None:
            return 404, json.dumps({"title": "Not Found", "status": 404}).encode(), None
        if what == "dimension":
            dims = [
                {
                    "code": d.code,
                    "label": d.label,
                    "categories": [{"value": c, "label": lab, "children": []} for c, lab in d.categories],
                }
                for d in table.dims
            ]
            return 200, ("\ufeff" + json.dumps({"dimensions": dims}, ensure_ascii=False)).encode(), None
        query = json.loads(body or b"{}")
        sel = {q["code"]: q for q in query.get("dimensions", [])}
        chosen = []
        for d in table.dims:
            q = sel.get(d.code)
            all_codes = [c for c, _ in d.categories]
            if q is None or q.get("filter") == "all":
                picked = all_codes
            elif q.get("filter") in ("top", "bottom"):
                n = int(q["values"][0])
                picked = all_codes[-n:] if q["filter"] == "top" else all_codes[:n]
            else:
                picked = q.get("values", [])
                if any(c not in all_codes for c in picked):
                    return 400, json.dumps({"title": "Bad Request", "status": 400}).encode(), None
            chosen.append([(c, dict(d.categories)[c]) for c in all_codes if c in picked])
        ds = self._dataset(table, chosen, True)
        ds.pop("role")  # FHI's datasets name no roles
        flags = {int(k): s for k, s in (ds.pop("status", None) or {}).items()}
        ds["value"] = [flags.get(i, v) if v is None else v for i, v in enumerate(ds["value"])]
        ds["extension"] = {"flags": {"label": {":": "Anonymisert", "..": "Manglende data"}}}
        return 200, ("\ufeff" + json.dumps(ds, ensure_ascii=False)).encode(), None

    # --- Udir -------------------------------------------------------------------------------------------------
    def _udir(self, table_id: str, what: str, params: dict):
        rows = self.udir.get(table_id)
        if rows is None:
            return 404, json.dumps({"kode": 404, "melding": "Finnes ikke"}).encode(), None
        years = sorted({r["Skoleaarnavn"] for r in rows if r.get("Skoleaarnavn")})
        tid = [{"id": int(y[:4]) * 100 + 12, "kode": y[:4] + "12", "navn": y} for y in years]  # TidID 202312 = 2023-24
        if what == "filterVerdier":
            return (
                200,
                json.dumps(
                    {
                        "TidID": [{"id": -10, "kode": "alle", "navn": "Alle"}, *tid],
                        "EnhetNivaa": [{"id": 1, "kode": "1", "navn": "Nasjonalt"}],
                    },
                    ensure_ascii=False,
                ).encode(),
                None,
            )
        asked = re.search(r"TidID\(([^)]*)\)", params.get("filter", ""))
        if asked and asked.group(1) != "*":  # Udir takes a list of ids joined with _
            wanted = {str(t["id"]) for t in tid if str(t["id"]) in asked.group(1).split("_")}
            rows = [r for r in rows if any(str(t["id"]) in wanted and t["navn"] == r.get("Skoleaarnavn") for t in tid)]
        if not params.get("filter"):
            return (
                400,
                json.dumps(
                    {"kode": 400, "feiltype": "Feil i forespørselen", "melding": "Filter må oppgis!"},
                    ensure_ascii=False,
                ).encode(),
                None,
            )
        pages = max(1, math.ceil(len(rows) / self.udir_page_size))
        if what == "sideData":
            return (
                200,
                json.dumps([{"JSONSider": pages, "RaderSide": self.udir_page_size, "RaderTotalt": len(rows)}]).encode(),
                None,
            )
        k = int(params.get("sideNummer", "1"))
        k = min(k, pages)  # Udir answers a page too many with the last page again
        page = rows[(k - 1) * self.udir_page_size : k * self.udir_page_size]
        return 200, json.dumps(page, ensure_ascii=False).encode(), None


def _select(expr: str, codes: list[str]) -> list[str] | None:
    m = re.fullmatch(r"\[?(top|bottom|from|to)\((\w+)\)\]?", expr, re.I)
    if m:
        kind, arg = m.group(1).lower(), m.group(2)
        if kind == "top":
            return codes[-int(arg) :]
        if kind == "bottom":
            return codes[: int(arg)]
        return [c for c in codes if (c >= arg if kind == "from" else c <= arg)]
    if expr == "*":
        return codes
    if "*" in expr:
        rx = re.compile(re.escape(expr).replace(r"\*", ".*"), re.I)
        return [c for c in codes if rx.fullmatch(c)]
    hit = [c for c in codes if c.lower() == expr.lower()]
    return hit or None


# --- tables shaped like SSB's --------------------------------------------------------------------------------

ASKER = [("0220", "Asker (-2019)"), ("3025", "Asker (2020-2023)"), ("3203", "Asker")]
BAERUM = [("0219", "Bærum (-2019)"), ("3024", "Bærum (2020-2023)"), ("3201", "Bærum")]
ACTIVE = {
    "0220": (0, 2019),
    "0219": (0, 2019),
    "3025": (2020, 2023),
    "3024": (2020, 2023),
    "3203": (2024, 9999),
    "3201": (2024, 9999),
    "0": (0, 9999),
}


def in_use(code: str, year: int) -> bool:
    first, last = ACTIVE.get(code, (0, 9999))
    return first <= year <= last


def sickness_table(years=range(2015, 2026)) -> Table:
    """Like SSB 12439: region × sex × contents × quarter; renumbered codes answer '.' outside their years,
    Bærum's 2021K2 is '..' (not available) and Asker's 2021K1 ':' (confidential)."""
    quarters = [f"{y}K{q}" for y in years for q in range(1, 5)]
    regions = [("0", "Hele landet"), *ASKER, *BAERUM]

    def cell(c):
        year = int(c["Tid"][:4])
        if not in_use(c["Region"], year):
            return None, "."
        if c["Region"] == "3024" and c["Tid"] == "2021K2":
            return None, ".."
        if c["Region"] == "3025" and c["Tid"] == "2021K1":
            return None, ":"
        base = {"0": 6.4, "0220": 5.1, "3025": 5.2, "3203": 5.0, "0219": 4.8, "3024": 4.9, "3201": 4.7}[c["Region"]]
        return round(base + 0.1 * (year - 2015) + 0.05 * int(c["Tid"][-1]) + (0.3 if c["Kjonn"] == "2" else 0), 1), None

    return Table(
        "12439",
        "12439: Sykefravær for lønnstakere, etter region, kjønn, statistikkvariabel og kvartal",
        [
            Dim("Region", "region", regions, "geo"),
            Dim("Kjonn", "kjønn", [("0", "Begge kjønn"), ("1", "Menn"), ("2", "Kvinner")], elimination=True),
            Dim("ContentsCode", "statistikkvariabel", [("SykefravProsent", "Sykefraværsprosent")], "metric"),
            Dim("Tid", "kvartal", [(q, q) for q in quarters], "time"),
        ],
        cell,
    )


def population_table(n_regions: int = 400, years=range(2000, 2026)) -> Table:
    """Like SSB 06913: many municipalities × years, so a selection of all of them is large."""
    regions = [("0", "Hele landet"), *ASKER, *BAERUM] + [(f"{5000 + i:04d}", f"Kommune {i}") for i in range(n_regions)]

    def cell(c):
        year = int(c["Tid"])
        if not in_use(c["Region"], year):
            return None, "."
        return 1000 + (int(c["Region"]) % 997) + year - 2000, None

    return Table(
        "06913",
        "06913: Befolkning og endringar, etter region, statistikkvariabel og år",
        [
            Dim("Region", "region", regions, "geo"),
            Dim("ContentsCode", "statistikkvariabel", [("Folkemengde", "Befolkning per 1.1.")], "metric"),
            Dim("Tid", "år", [(str(y), str(y)) for y in years], "time"),
        ],
        cell,
    )
