"""/api/v1/indicators.json: every indicator's metadata and its current status with the numbers behind it."""

from __future__ import annotations

from dataclasses import asdict

from starlette.requests import Request
from starlette.responses import Response

from api import http, store
from indicators.catalog import FREQUENCIES, UNITS, Catalog, Indicator, Text
from indicators.explain import explanation, note_texts
from indicators.progress import Assessment, status_label
from indicators.tables import target_text
from store import queries

# The Assessment fields a reader needs to check a status (the fitted line's internals stay out).
NUMBERS = (
    "trend_status",
    "target_kind",
    "base_year",
    "base_value",
    "latest_year",
    "latest_value",
    "target_value",
    "target_year",
    "target_base_year",
    "target_change",
    "target_low",
    "target_high",
    "lowest_accepted",
    "rate_kind",
    "observed_rate",
    "endpoint_rate",
    "required_rate",
    "required_from_year",
    "ratio",
    "trend_value",
    "projection_year",
    "projected_value",
    "projected_low",
    "projected_high",
    "gap_to_target",
    "projected_gap",
    "n_points",
    "base_year_sensitive",
    "alternative_statuses",
    "insufficient_reason",
)


def _text(t: Text | None) -> dict | None:
    return None if t is None else {"nb": t.nb, "en": t.en or t.nb}


def status_record(a: Assessment) -> dict:
    numbers = a.to_dict()
    return {
        "code": a.status,
        "label": {lang: status_label(a.status, lang) for lang in ("nb", "en")},
        "explanation": {lang: explanation(a, lang) for lang in ("nb", "en")},
        "notes": {lang: note_texts(a, lang) for lang in ("nb", "en")},
        "note_codes": list(a.notes),
        "numbers": {k: numbers[k] for k in NUMBERS},
    }


def indicator_record(ind: Indicator, a: Assessment, links: dict) -> dict:
    target = {k: v for k, v in asdict(ind.target).items() if k != "text"}
    target["text"] = {lang: target_text(ind, lang) for lang in ("nb", "en")}
    return {
        "id": ind.id,
        "goal": ind.goal,
        "objective": ind.objective,
        "objectives": list(ind.objectives),
        "name": _text(ind.name),
        "definition": _text(ind.definition),
        "unit": {"code": ind.unit, "nb": UNITS[ind.unit]["nb"], "en": UNITS[ind.unit]["en"]},
        "decimals": ind.decimals,
        "direction": ind.direction,
        "baseline": {"year": ind.baseline_year, "value": ind.baseline_value},
        "target": target,
        "source": asdict(ind.source),
        "sector": _text(ind.sector),
        "update_frequency": {
            "code": ind.frequency,
            "nb": FREQUENCIES[ind.frequency]["nb"],
            "en": FREQUENCIES[ind.frequency]["en"],
        },
        "origin": ind.origin,
        "status": status_record(a),
        "links": links,
    }


def document(request: Request, cat: Catalog, assessments: dict, con, version: str) -> dict:
    def link(name: str, **params) -> str:
        return str(request.url_for(name, **params))

    example = queries.shows_example_data(con)
    return {
        "data_version": version,
        "last_change": queries.last_change(con),
        "example_data": example,
        "example_note": (
            "Illustrative example data, not official statistics (see the dashboard's About page)." if example else None
        ),
        "about": str(request.base_url) + "om",  # the dashboard's page on the method and the sources
        "indicators": [
            indicator_record(
                ind,
                assessments[ind.id],
                {
                    "csv": link("api:observations_csv", indicator_id=ind.id),
                    "json": link("api:observations_json", indicator_id=ind.id),
                    "page": f"{request.base_url}indikator?indikator={ind.id}",
                    "embed": f"{request.base_url}indikator?indikator={ind.id}&embed=true",
                },
            )
            for ind in cat.indicators
        ],
    }


def index(request: Request) -> Response:
    with store.connection() as reading:
        con, version = reading.con, reading.version
        last = queries.last_change(con)

        def build():
            body = store.cached(
                ("indicators.json", version, str(request.base_url)),
                lambda: http.json_bytes(
                    document(request, store.catalog(con, version), store.assessments(con, version), con, version)
                ),
            )
            return body, http.JSON_TYPE

        return http.cached_response(request, http.etag(version, "indicators"), last, build)
