"""Static chart images (exports/chart_images.py): names that follow the picture, files written whole, the
background renderer with real kaleido and Debian's chromium, and the route that serves them (api/chart_files.py)."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import plotly.graph_objects as go
import pytest

from exports import chart_images

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
    good = "0" * 32 + ".svg"
    assert chart_images.image_path(tmp_path, good) == tmp_path / good
    for bad in ("../secrets.svg", "0" * 32 + ".png", "x" * 32 + ".svg", "", "0" * 31 + ".svg", f"a/{good}"):
        assert chart_images.image_path(tmp_path, bad) is None, bad


def test_the_cache_sits_beside_the_store_unless_set(monkeypatch):
    monkeypatch.delenv("ASKER2030_CHART_IMAGES_DIR", raising=False)
    assert chart_images.cache_dir(Path("/srv/asker/asker2030.duckdb")) == Path("/srv/asker/asker2030.charts")
    monkeypatch.setenv("ASKER2030_CHART_IMAGES_DIR", "/var/cache/asker2030-charts")
    assert chart_images.cache_dir(Path("/srv/asker/asker2030.duckdb")) == Path("/var/cache/asker2030-charts")


def test_prune_keeps_the_newest(tmp_path):
    import os

    for n in range(5):
        path = tmp_path / f"{n:032x}.svg"
        path.write_text("<svg/>")
        os.utime(path, (1_000_000 + n, 1_000_000 + n))
    assert chart_images.prune(tmp_path, keep=2) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{3:032x}.svg", f"{4:032x}.svg"]
    assert chart_images.prune(tmp_path / "none", keep=2) == 0


@needs_chromium
def test_the_renderer_writes_svg_files_in_the_background(tmp_path):
    renderer = chart_images.Renderer(idle_s=1.0)
    jobs = []
    for width in (chart_images.WIDE, chart_images.NARROW):
        spec = chart_images.figure_json(figure())
        jobs.append((tmp_path / chart_images.image_name(spec, width, 320), spec, width, 320))
    assert renderer.request(jobs) == 2
    assert renderer.request(jobs) == 0  # already queued: not twice
    assert renderer.wait(120), "the renderer did not finish"
    for path, _spec, width, _height in jobs:
        root = ET.fromstring(path.read_bytes())
        assert root.tag.endswith("svg") and root.get("width") == str(width) and root.get("height") == "320"
        assert "Målt" in path.read_text(encoding="utf-8")  # the legend's text is in the picture
    assert renderer.request(jobs) == 0  # the files exist: nothing to do
    assert not list(tmp_path.glob(".*.tmp")), "a temporary file was left"


@needs_chromium
def test_a_broken_figure_fails_alone_and_is_not_retried(tmp_path):
    renderer = chart_images.Renderer(idle_s=1.0)
    good = chart_images.figure_json(figure())
    broken = '{"data": [{"type": "no-such-trace"}], "layout": {"xaxis": {"range": "not a range"}}}'
    jobs = [(tmp_path / ("a" * 32 + ".svg"), broken, 340, 320), (tmp_path / ("b" * 32 + ".svg"), good, 340, 320)]
    renderer.request(jobs)
    assert renderer.wait(120)
    assert (tmp_path / ("b" * 32 + ".svg")).is_file()
    if not (tmp_path / ("a" * 32 + ".svg")).exists():  # plotly.js may draw an unknown trace as nothing at all
        assert jobs[0][0] in renderer.failed
        assert renderer.request(jobs[:1]) == 0


def test_the_route_serves_our_files_for_good_and_nothing_else(tmp_path, monkeypatch):
    """GET /chart-images/<name> through Starlette's test client (the same ASGI app class Streamlit mounts it in)."""
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from api.chart_files import IMMUTABLE, route

    store = tmp_path / "asker2030.duckdb"
    monkeypatch.setenv("ASKER2030_DB", str(store))
    name = "c" * 32 + ".svg"
    chart_images.write_atomically(chart_images.cache_dir(store) / name, b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    client = TestClient(Starlette(routes=[route("/asker")]))
    got = client.get(f"/asker/chart-images/{name}")
    assert got.status_code == 200 and got.content.startswith(b"<svg")
    assert got.headers["content-type"].startswith("image/svg+xml")
    assert got.headers["cache-control"] == IMMUTABLE
    assert "default-src 'none'" in got.headers["content-security-policy"]
    assert client.head(f"/asker/chart-images/{name}").status_code == 200
    for bad in ("d" * 32 + ".svg", "x.svg", "asker2030.duckdb"):  # not written, or not one of our names
        missing = client.get(f"/asker/chart-images/{bad}")
        assert missing.status_code == 404 and missing.headers["cache-control"] == "no-store", bad
    assert client.get("/asker/chart-images/..%2F..%2Fasker2030.duckdb").status_code == 404  # no route matches
    assert client.post(f"/asker/chart-images/{name}").status_code == 405
