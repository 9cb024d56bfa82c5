"""/api/v1/: what the open data offers, as JSON (the page «Åpne data» documents the same list for people)."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from api import http


def index(request: Request) -> Response:
    from api.routes import DOCUMENTED

    base = str(request.url_for("api:index")).rstrip("/")
    body = {"routes": [{"path": base + r.path, "example": base + r.example, "media_type": r.media_type,
                        "description": {"nb": r.nb, "en": r.en}} for r in DOCUMENTED]}
    return Response(http.json_bytes(body), media_type=http.JSON_TYPE,
                    headers={"Cache-Control": http.CACHE_CONTROL})
