"""The goal pages' chart images (exports/chart_images.py) over HTTP: GET /chart-images/<digest>.webp.

A name is a digest of the picture's content, so a response never changes: browsers and proxies may keep it for a
year without asking again. Only files the renderer wrote are served; any other name is 404."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from api.store import store_path
from exports.chart_images import MEDIA_TYPE, cache_dir, image_path

PREFIX = "/chart-images"
IMMUTABLE = "public, max-age=31536000, immutable"


async def chart_image(request: Request) -> Response:
    path = image_path(cache_dir(store_path()), request.path_params["name"])
    if path is None or not path.is_file():
        return PlainTextResponse("Not found", status_code=404, headers={"Cache-Control": "no-store"})
    return FileResponse(
        path,
        media_type=MEDIA_TYPE,
        headers={
            "Cache-Control": IMMUTABLE,
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'",  # a picture: opened on its own it needs nothing else
        },
    )


def route(base_url_path: str = "") -> Route:
    base = "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""
    return Route(base + PREFIX + "/{name}", chart_image, methods=["GET", "HEAD"], name="chart_image")
