"""/api/v1/data.zip: everything as a Frictionless data package (datapackage.json + one CSV per table)."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
from starlette.requests import Request
from starlette.responses import Response

from api import fields, http, store
from api.observations import table as observation_table
from exports.tables import safe_frame, to_csv_bytes
from indicators.explain import explanation
from indicators.progress import status_label
from indicators.tables import target_text
from store import queries

# Resource names must be lower-case ASCII in a data package; the Norwegian ones avoid å.
NAMES = {
    "goals": ("maal", "goals"),
    "objectives": ("delmaal", "objectives"),
    "indicators": ("indikatorer", "indicators"),
    "observations": ("observasjoner", "observations"),
    "uploads": ("opplastinger", "uploads"),
}
TITLES = {
    "goals": ("Bærekraftsmålene Asker har valgt", "The SDGs Asker has chosen"),
    "objectives": ("Delmål (Dette skal vi oppnå)", "Objectives"),
    "indicators": ("Indikatorer med mål for 2030 og status", "Indicators with their 2030 target and status"),
    "observations": ("Alle målinger", "All observations"),
    "uploads": ("Opplastinger (hvor dataene kom fra)", "Uploads (where the data came from)"),
}
# The CSV files are the dashboard's downloads: semicolon separated, decimal comma, UTF-8 with a byte-order mark
# (what Norwegian Excel opens correctly); the descriptor says so for programs.
DIALECT = {"delimiter": ";", "quoteChar": '"', "header": True}
ENCODING = "utf-8-sig"


def _name(kind: str, lang: str) -> str:
    nb, en = NAMES[kind]
    return en if lang == "en" else nb


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def _indicator_rows(cat, assessments, lang: str) -> pd.DataFrame:
    rows = []
    for ind in cat.indicators:
        a = assessments[ind.id]
        rows.append(
            {
                "id": ind.id,
                "objective": ind.objective,
                "also_objectives": ",".join(ind.also_objectives),
                "name_nb": ind.name.nb,
                "name_en": ind.name.en or ind.name.nb,
                "unit": ind.unit_label(lang),
                "direction": ind.direction,
                "baseline_year": ind.baseline_year,
                "target": target_text(ind, lang),
                "target_kind": ind.target.kind,
                "source": f"{ind.source.agency} {ind.source.table}".strip(),
                "frequency": ind.frequency,
                "status": a.status,
                "status_label": status_label(a.status, lang),
                "explanation": explanation(a, lang),
                "latest_year": a.latest_year,
                "latest_value": a.latest_value,
                "ratio": a.ratio,
            }
        )
    return pd.DataFrame(rows)


def _iso(frame: pd.DataFrame) -> pd.DataFrame:
    """Timestamps as ISO 8601 text (2026-12-01T09:07:26), which a Table Schema datetime reads by default."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%dT%H:%M:%S").astype(object).where(out[col].notna(), None)
    return out


def _typed(frame: pd.DataFrame, specs) -> pd.DataFrame:
    out = frame.copy()
    for f in fields.for_frame(out, specs):
        if f.type == "integer":
            out[f.key] = out[f.key].astype("Int64")
    return out


def _schema(specs, frame_keys, lang: str, primary_key: str | None = None, foreign: dict | None = None) -> dict:
    by_key = {f.key: f for f in specs}
    out_fields = []
    for f in specs:
        if f.key not in frame_keys:
            continue
        spec = {"name": f.name(lang), "type": f.type, "description": f.about(lang)}
        if f.type == "number":
            spec["decimalChar"] = ","
        out_fields.append(spec)
    schema: dict = {"fields": out_fields, "missingValues": [""]}
    if primary_key:
        schema["primaryKey"] = [by_key[primary_key].name(lang)]
    if foreign:
        schema["foreignKeys"] = [
            {
                "fields": [by_key[key].name(lang)],
                "reference": {"resource": _name(resource, lang), "fields": [ref.name(lang)]},
            }
            for key, (resource, ref) in foreign.items()
        ]
    return schema


def _by_key(specs, key: str):
    return next(f for f in specs if f.key == key)


def _entry(path: str, moment) -> zipfile.ZipInfo:
    # Dated with the data, not the moment of packing: the same data give the same bytes.
    when = (
        (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
        if moment is not None
        else (1980, 1, 1, 0, 0, 0)
    )
    info = zipfile.ZipInfo(path, date_time=when)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _of_catalog(frame: pd.DataFrame, cat) -> pd.DataFrame:
    # Rows of an indicator the catalog does not know (none in a store loaded through etl/, which refuses them) have
    # no metadata to publish, and the dashboard does not show them either.
    return frame[frame["indicator_id"].isin([i.id for i in cat.indicators])]


def build(con, version: str, lang: str) -> bytes:
    cat = store.catalog(con, version)
    assessments = store.assessments(con, version)
    goals = queries.goals(con)
    objectives = queries.objectives(con)
    tables = {
        "goals": (fields.GOAL, _typed(goals, fields.GOAL), "id", None),
        "objectives": (
            fields.OBJECTIVE,
            _typed(objectives, fields.OBJECTIVE),
            "id",
            {"goal_id": ("goals", _by_key(fields.GOAL, "id"))},
        ),
        "indicators": (
            fields.INDICATOR,
            _typed(_indicator_rows(cat, assessments, lang), fields.INDICATOR),
            "id",
            {"objective": ("objectives", _by_key(fields.OBJECTIVE, "id"))},
        ),
        "observations": (
            fields.OBSERVATION,
            _of_catalog(queries.observations_all(con), cat),
            None,
            {
                "indicator_id": ("indicators", _by_key(fields.INDICATOR, "id")),
                "upload_id": ("uploads", _by_key(fields.UPLOAD, "id")),
            },
        ),
        "uploads": (fields.UPLOAD, _typed(_iso(queries.published_uploads(con)), fields.UPLOAD), "id", None),
    }
    example = queries.shows_example_data(con)
    last = queries.last_change(con)
    resources = []
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for kind, (specs, frame, key, foreign) in tables.items():
            if kind == "observations":
                published = observation_table(frame, lang)
            else:
                published = safe_frame(fields.rename(frame, specs, lang))
            path = f"{_name(kind, lang)}.csv"
            zf.writestr(_entry(path, last), to_csv_bytes(published))
            resources.append(
                {
                    "name": _name(kind, lang),
                    "title": _pick(TITLES[kind], lang),
                    "path": path,
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": ENCODING,
                    "dialect": DIALECT,
                    "schema": _schema(specs, set(frame.columns), lang, key, foreign),
                }
            )
        descriptor = {
            "profile": "tabular-data-package",
            "name": "asker-2030",
            "title": "Asker 2030: "
            + (
                "indicators for the Sustainable Development Goals"
                if lang == "en"
                else "indikatorer for bærekraftsmålene"
            ),
            "description": _pick(
                (
                    "Asker kommunes indikatorer for seks av FNs bærekraftsmål, med mål for 2030, status og alle "
                    "målinger."
                    + (" Verdiene er illustrerende eksempeldata, ikke offisiell statistikk." if example else ""),
                    "Asker municipality's indicators for six UN Sustainable Development Goals, with 2030 targets, statuses "
                    "and every observation."
                    + (" The values are illustrative example data, not official statistics." if example else ""),
                ),
                lang,
            ),
            "version": version,
            "created": last.isoformat(timespec="seconds") if last is not None else None,
            "keywords": ["Asker", "SDG", "bærekraftsmål", "indikatorer"],
            "resources": resources,
        }
        zf.writestr(_entry("datapackage.json", last), http.json_bytes(descriptor))
    return buf.getvalue()


def data_zip(request: Request) -> Response:
    lang = http.lang(request)
    with store.connection() as reading:
        con, version = reading.con, reading.version

        def make():
            return store.cached(("zip", version, lang), lambda: build(con, version, lang)), http.ZIP_TYPE

        name = "asker2030-data" + ("-en" if lang == "en" else "") + ".zip"
        return http.cached_response(
            request,
            http.etag(version, "zip", lang),
            queries.last_change(con),
            make,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
