"""HTTP conventions of the open data: caching headers from the data version, 304s, errors a user can act on."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import UTC, date, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

import pandas as pd
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

# Data change only with an upload or a rollback: caches may keep an answer five minutes, then ask again with
# If-None-Match, which costs the server one small query and the client an empty 304.
CACHE_CONTROL = "public, max-age=300"
JSON_TYPE = "application/json; charset=utf-8"
CSV_TYPE = "text/csv; charset=utf-8"
ZIP_TYPE = "application/zip"


class ApiError(Exception):
    """A request the API cannot answer, with a message and a hint of what to ask instead."""

    status = 400

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


class NotFound(ApiError):
    status = 404


class BadRequest(ApiError):
    status = 400


class Unavailable(ApiError):
    status = 503


def error_response(request: Request, exc: ApiError) -> Response:
    body = {"error": exc.message, "status": exc.status}
    if exc.hint:
        body["hint"] = exc.hint
    return JSONResponse(body, status_code=exc.status, headers={"Cache-Control": "no-store"})


def answers_errors(endpoint: Callable[[Request], Response]) -> Callable[[Request], Response]:
    """An ApiError, or a store that cannot be read, becomes a JSON answer inside the route (so it still carries
    the CORS headers), never a stack trace."""
    import functools

    from store.db import StoreError

    @functools.wraps(endpoint)
    def wrapped(request: Request) -> Response:
        try:
            return endpoint(request)
        except ApiError as exc:
            return error_response(request, exc)
        except StoreError as exc:
            return error_response(request, Unavailable(getattr(exc, "message", str(exc)), getattr(exc, "hint", "")))

    return wrapped


def lang(request: Request) -> str:
    value = request.query_params.get("lang", "nb")
    if value not in ("nb", "en"):
        raise BadRequest(f"Unknown language {value!r}.", "Use lang=nb (the default) or lang=en.")
    return value


def etag(data_version: str, *parts: str) -> str:
    # Weak: the same data may be sent gzip-compressed or not (Streamlit's middleware decides), so the bytes differ.
    return 'W/"' + "-".join([data_version, *[p for p in parts if p]]) + '"'


def http_date(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # the store keeps local wall-clock time
        moment = moment.astimezone()
    return format_datetime(moment.astimezone(UTC).replace(microsecond=0), usegmt=True)


def not_modified(request: Request, tag: str, last_modified: datetime | None) -> bool:
    """RFC 9110: If-None-Match wins (weak comparison); If-Modified-Since counts only without it."""
    inm = request.headers.get("if-none-match")
    if inm is not None:
        wanted = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in wanted or tag.removeprefix("W/") in wanted
    ims = request.headers.get("if-modified-since")
    if ims and last_modified is not None:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        moment = last_modified if last_modified.tzinfo else last_modified.astimezone()
        return moment.replace(microsecond=0) <= since
    return False


def cached_response(
    request: Request,
    tag: str,
    last_modified: datetime | None,
    build: Callable[[], tuple[bytes, str]],
    headers: dict | None = None,
) -> Response:
    """304 when the client's copy is current, else `build()` -> (body, media type), with the caching headers."""
    out = {"ETag": tag, "Cache-Control": CACHE_CONTROL, **(headers or {})}
    modified = http_date(last_modified)
    if modified:
        out["Last-Modified"] = modified
    if not_modified(request, tag, last_modified):
        return Response(status_code=304, headers=out)
    body, media_type = build()
    return Response(body, media_type=media_type, headers=out)


def _plain(value: Any) -> Any:
    """JSON has no NaN, numpy scalars or datetimes: null, Python numbers and ISO text instead."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    try:
        if pd.isna(value):  # NaN, pd.NA, NaT
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, float):
        return None if math.isinf(value) else value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return _plain(value.item())
    return value


def _walk(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _walk(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_walk(v) for v in value]
    return _plain(value)


def json_bytes(value: Any) -> bytes:
    return json.dumps(_walk(value), ensure_ascii=False, allow_nan=False, indent=1).encode("utf-8")
