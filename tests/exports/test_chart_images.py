"""Static chart images (exports/chart_images.py): names that follow the picture, files written whole, the
background renderer with real kaleido and Debian's chromium, and the route that serves them (api/chart_files.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import plotly.graph_objects as go
import pytest

from exports import chart_images

WEBP = b"RIFF\x00\x00\x00\x00WEBP"  # a WebP file starts RIFF, its length, WEBP
needs_chromium = pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium")


def figure(values=(1.0, 2.0, 3.0), name="Målt") -> go.Figure:
    return go.Figure(
        go.Scatter(x=[2020, 2021, 2022], y=list(values), name=name), layout=dict(height=320, showlegend=True)
    )


def test_a_name_follows_the_figure_and_its_size():
    spec = chart_images.figure_json(figure())
    name = chart_images.image_name(spec, 700, 320)
    assert chart_images.NAME_RE.match(name)
    assert name == chart_images.image_name(chart_images.figure_json(figure()), 700, 320)  # same picture, same name
    assert name != chart_images.image_name(spec, 340, 320)  # another size
    assert name != chart_images.image_name(chart_images.figure_json(figure((1.0, 2.0, 3.5))), 700, 320)  # a value
    assert name != chart_images.image_name(chart_images.figure_json(figure(name="Measured")), 700, 320)  # language


def test_only_our_names_map_to_files(tmp_path):
    good = "0" * 32 + ".webp"
    assert chart_images.image_path(tmp_path, good) == tmp_path / good
    for bad in ("../secrets.webp", "0" * 32 + ".svg", "x" * 32 + ".webp", "", "0" * 31 + ".webp", f"a/{good}"):
        assert chart_images.image_path(tmp_path, bad) is None, bad


def test_the_cache_sits_beside_the_store_unless_set(monkeypatch):
    monkeypatch.delenv("ASKER2030_CHART_IMAGES_DIR", raising=False)
    assert chart_images.cache_dir(Path("/srv/asker/asker2030.duckdb")) == Path("/srv/asker/asker2030.charts")
    monkeypatch.setenv("ASKER2030_CHART_IMAGES_DIR", "/var/cache/asker2030-charts")
    assert chart_images.cache_dir(Path("/srv/asker/asker2030.duckdb")) == Path("/var/cache/asker2030-charts")


def test_prune_keeps_the_newest(tmp_path):
    import os

    for n in range(5):
        path = tmp_path / f"{n:032x}.webp"
        path.write_bytes(WEBP)
        os.utime(path, (1_000_000 + n, 1_000_000 + n))
    (tmp_path / f"{9:032x}.svg").write_text("<svg/>")  # an image of an earlier version: never asked for again
    (tmp_path / "notes.svg").write_text("<svg/>")  # not one of ours: left alone
    assert chart_images.prune(tmp_path, keep=2) == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{3:032x}.webp", f"{4:032x}.webp", "notes.svg"]
    assert chart_images.prune(tmp_path / "none", keep=2) == 0


def test_webp_keeps_every_pixel_of_the_png():
    import io

    from PIL import Image, ImageDraw

    picture = Image.new("RGBA", (200, 90), "white")
    draw = ImageDraw.Draw(picture)
    draw.line([(0, 80), (100, 20), (199, 45)], fill=(28, 92, 153, 255), width=3)
    draw.text((10, 10), "Målt 82,9", fill=(60, 60, 60, 255))
    png = io.BytesIO()
    picture.save(png, "PNG")
    got = chart_images.webp(png.getvalue())
    with Image.open(io.BytesIO(got)) as back:
        assert back.format == "WEBP" and back.size == picture.size
        assert list(back.convert("RGBA").getdata()) == list(picture.getdata())  # lossless
    assert len(got) < len(png.getvalue())


@needs_chromium
def test_the_renderer_writes_webp_files_in_the_background(tmp_path):
    renderer = chart_images.Renderer(idle_s=1.0)
    jobs = []
    for width in (chart_images.WIDE, chart_images.NARROW):
        spec = chart_images.figure_json(figure())
        jobs.append((tmp_path / chart_images.image_name(spec, width, 320), spec, width, 320))
    assert renderer.request(jobs) == 2
    assert renderer.request(jobs) == 0  # already queued: not twice
    assert renderer.wait(120), "the renderer did not finish"
    from PIL import Image  # Pillow comes with fpdf2

    for path, _spec, width, _height in jobs:
        data = path.read_bytes()
        assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
        with Image.open(path) as picture:
            assert picture.format == "WEBP"
            # drawn at twice its size in CSS pixels, for high-density screens
            assert picture.size == (width * chart_images.SCALE, 320 * chart_images.SCALE)
            colours = picture.convert("RGB").getcolors(maxcolors=1 << 20)
        assert colours and len(colours) > 20  # lines, text and antialiasing: not a blank picture
    assert renderer.request(jobs) == 0  # the files exist: nothing to do
    assert not list(tmp_path.glob(".*.tmp")), "a temporary file was left"


@needs_chromium
def test_a_broken_figure_fails_alone_and_is_not_retried(tmp_path):
    renderer = chart_images.Renderer(idle_s=1.0)
    good = chart_images.figure_json(figure())
    broken = '{"data": [{"type": "no-such-trace"}], "layout": {"xaxis": {"range": "not a range"}}}'
    jobs = [(tmp_path / ("a" * 32 + ".webp"), broken, 340, 320), (tmp_path / ("b" * 32 + ".webp"), good, 340, 320)]
    renderer.request(jobs)
    assert renderer.wait(120)
    assert (tmp_path / ("b" * 32 + ".webp")).is_file()
    if not (tmp_path / ("a" * 32 + ".webp")).exists():  # plotly.js may draw an unknown trace as nothing at all
        assert jobs[0][0] in renderer.failed
        assert renderer.request(jobs[:1]) == 0


def test_the_route_serves_our_files_for_good_and_nothing_else(tmp_path, monkeypatch):
    """GET /chart-images/<name> through Starlette's test client (the same ASGI app class Streamlit mounts it in)."""
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from api.chart_files import IMMUTABLE, route

    store = tmp_path / "asker2030.duckdb"
    monkeypatch.setenv("ASKER2030_DB", str(store))
    name = "c" * 32 + ".webp"
    chart_images.write_atomically(chart_images.cache_dir(store) / name, WEBP + b"...")
    client = TestClient(Starlette(routes=[route("/asker")]))
    got = client.get(f"/asker/chart-images/{name}")
    assert got.status_code == 200 and got.content.startswith(WEBP)
    assert got.headers["content-type"] == "image/webp"
    assert got.headers["cache-control"] == IMMUTABLE
    assert "default-src 'none'" in got.headers["content-security-policy"]
    assert client.head(f"/asker/chart-images/{name}").status_code == 200
    for bad in (
        "d" * 32 + ".webp",
        "c" * 32 + ".svg",
        "x.webp",
        "asker2030.duckdb",
    ):  # not written, or not one of our names
        missing = client.get(f"/asker/chart-images/{bad}")
        assert missing.status_code == 404 and missing.headers["cache-control"] == "no-store", bad
    assert client.get("/asker/chart-images/..%2F..%2Fasker2030.duckdb").status_code == 404  # no route matches
    assert client.post(f"/asker/chart-images/{name}").status_code == 405
