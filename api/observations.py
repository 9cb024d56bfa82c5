"""/api/v1/indicators/{id}.csv and .json: one indicator's observations, formula-safe, headed in nb or en."""

from __future__ import annotations

import pandas as pd
from starlette.requests import Request
from starlette.responses import Response

from api import fields, http, store
from exports.tables import safe_frame, to_csv_bytes
from store import queries


def table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Observations as published: field order, integers kept integers (also where empty), headers in `lang`,
    text a spreadsheet would run as a formula neutralised (exports.tables, as the dashboard's downloads)."""
    out = frame.copy()
    for f in fields.for_frame(out, fields.OBSERVATION):
        if f.type == "integer":
            out[f.key] = out[f.key].astype("Int64")
    return safe_frame(fields.rename(out, fields.OBSERVATION, lang))


def _indicator(request: Request, con, version: str):
    indicator_id = request.path_params["indicator_id"]
    cat = store.catalog(con, version)
    if not cat.has_indicator(indicator_id):
        raise http.NotFound(
            f"No indicator with id {indicator_id!r}.", f"The ids are listed at {request.url_for('api:indicators')}."
        )
    return cat.indicator(indicator_id)


def _observations(con, indicator_id: str) -> pd.DataFrame:
    frame = queries.observations(con, indicator_id)
    frame.insert(0, "indicator_id", indicator_id)
    return frame


def csv(request: Request) -> Response:
    lang = http.lang(request)
    with store.connection() as reading:
        con, version = reading.con, reading.version
        ind = _indicator(request, con, version)

        def build():
            body = store.cached(
                ("csv", version, ind.id, lang), lambda: to_csv_bytes(table(_observations(con, ind.id), lang))
            )
            return body, http.CSV_TYPE

        return http.cached_response(
            request,
            http.etag(version, ind.id, "csv", lang),
            queries.last_change(con),
            build,
            headers={"Content-Disposition": f'inline; filename="asker2030-{ind.id}.csv"'},
        )


def json(request: Request) -> Response:
    lang = http.lang(request)
    with store.connection() as reading:
        con, version = reading.con, reading.version
        ind = _indicator(request, con, version)

        def build():
            def document():
                frame = _observations(con, ind.id)
                rows = table(frame, lang)
                return http.json_bytes(
                    {
                        "indicator": {"id": ind.id, "name": ind.name.get(lang), "unit": ind.unit_label(lang)},
                        "lang": lang,
                        "data_version": version,
                        "example_data": ind.id in queries.example_indicators(con),  # real data replaced it, or not
                        "fields": [
                            {"name": f.name(lang), "type": f.type, "description": f.about(lang)}
                            for f in fields.for_frame(frame, fields.OBSERVATION)
                        ],
                        "observations": rows.to_dict(orient="records"),
                    }
                )

            return store.cached(("json", version, ind.id, lang), document), http.JSON_TYPE

        return http.cached_response(request, http.etag(version, ind.id, "json", lang), queries.last_change(con), build)
