"""Every open-data route, listed here only; mounted by dashboard.py beside the dashboard's own pages.

All routes answer GET and HEAD only (Starlette refuses other methods with 405) and never write."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from api import http, indicators, observations, package

PREFIX = "/api/v1"
EXAMPLE_INDICATOR = "klimagassutslipp"  # Asker's climate target: the indicator the examples show


@dataclass(frozen=True)
class Documented:
    path: str
    example: str
    media_type: str
    nb: str
    en: str


DOCUMENTED = [
    Documented(
        "/indicators.json",
        "/indicators.json",
        "application/json",
        "Alle indikatorer: navn, enhet, retning, mål for 2030, kilde, delmål, hvor ofte de oppdateres, "
        "og status nå med tallene bak.",
        "Every indicator: names, unit, direction, 2030 target, source, objective, update frequency, and its "
        "current status with the numbers behind it.",
    ),
    Documented(
        "/indicators/{id}.csv",
        f"/indicators/{EXAMPLE_INDICATOR}.csv",
        "text/csv",
        "Målingene for én indikator (periode, område, inndeling, verdi, flagg, opplasting) som CSV: "
        "semikolon, desimalkomma, UTF-8. Engelske kolonnenavn med ?lang=en.",
        "One indicator's observations (period, area, breakdown, value, flags, upload) as CSV: semicolon, "
        "decimal comma, UTF-8. English column names with ?lang=en.",
    ),
    Documented(
        "/indicators/{id}.json",
        f"/indicators/{EXAMPLE_INDICATOR}.json?lang=en",
        "application/json",
        "De samme målingene som JSON.",
        "The same observations as JSON.",
    ),
    Documented(
        "/data.zip",
        "/data.zip",
        "application/zip",
        "Alt sammen som en Frictionless-datapakke: datapackage.json med tabellskjema for hver fil.",
        "Everything as a Frictionless data package: datapackage.json with a table schema for every file.",
    ),
]


def index(request: Request) -> Response:
    """/api/v1/: what the open data offers, as JSON (the page «Åpne data» documents the same list for people)."""
    base = str(request.url_for("api:index")).rstrip("/")
    body = {
        "routes": [
            {
                "path": base + r.path,
                "example": base + r.example,
                "media_type": r.media_type,
                "description": {"nb": r.nb, "en": r.en},
            }
            for r in DOCUMENTED
        ]
    }
    return Response(http.json_bytes(body), media_type=http.JSON_TYPE, headers={"Cache-Control": http.CACHE_CONTROL})


def _get(path: str, endpoint, name: str) -> Route:
    # Plain functions: Starlette runs them in its thread pool, so a slow query never blocks the event loop.
    return Route(path, http.answers_errors(endpoint), methods=["GET"], name=name)


ROUTES = [
    _get("/", index, "index"),
    _get("/indicators.json", indicators.index, "indicators"),
    _get("/indicators/{indicator_id}.csv", observations.csv, "observations_csv"),
    _get("/indicators/{indicator_id}.json", observations.json, "observations_json"),
    _get("/data.zip", package.data_zip, "data_zip"),
]


def mount(base_url_path: str = "") -> Mount:
    """The routes under /api/v1 (after Streamlit's server.baseUrlPath, if one is set), open to any origin for reads."""
    base = "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""
    return Mount(
        base + PREFIX,
        routes=ROUTES,
        name="api",
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=["GET", "HEAD"],
                allow_headers=["If-None-Match", "If-Modified-Since"],
                expose_headers=["ETag", "Last-Modified", "Content-Disposition"],
                max_age=86400,
            )
        ],
    )
