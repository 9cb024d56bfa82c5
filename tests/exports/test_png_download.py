"""The chart download (PNG) carries the chart's title and its source line (issue 14, point 7), with the shared
browser the page warms. Real kaleido with Debian's chromium. How long it takes is a benchmark figure
(`python bench/images.py`, goal ≤ 1.5 s), not a timed test."""

from __future__ import annotations

import io
import shutil

import pandas as pd
import pytest
from PIL import Image

from charts.frozen import freeze
from charts.indicator import indicator_figure
from exports import images
from indicators.catalog import load_catalog
from indicators.progress import assess, required_path, trend_path

pytestmark = pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium")
CATALOG = load_catalog()


@pytest.fixture(scope="module")
def figure():
    ind = CATALOG.indicator("klimagassutslipp")
    series = pd.DataFrame(
        {
            "time": [float(y) for y in range(2009, 2024)],
            "year": list(range(2009, 2024)),
            "period": [str(y) for y in range(2009, 2024)],
            "value": [250_000 * 0.98**k for k in range(15)],
            "flag": [""] * 15,
        }
    )
    a = assess(ind, series)
    return ind, freeze(indicator_figure(ind, series, a, required_path(ind, a), trend_path(a), example=True))


def dark_rows(png: bytes, top: int) -> int:
    """Rows in the image's top `top` pixels with text-dark pixels in them."""
    im = Image.open(io.BytesIO(png)).convert("L")
    return sum(1 for y in range(top) if min(im.getpixel((x, y)) for x in range(0, im.width, 2)) < 100)


def test_png_has_title_and_source(figure):
    ind, fig = figure
    images.warm()
    images.figure_png(fig, title=ind.name.nb)  # the first image waits for the browser the page started
    png = images.figure_png(fig, title=ind.name.nb)  # the shared browser's image, as a later click gets it
    titled = images.titled(fig, ind.name.nb, 420)
    assert ind.name.nb in titled.layout.title.text
    assert any(a.text.startswith("Kilde: ") for a in titled.layout.annotations), "the source line travels along"
    assert dark_rows(png, 40) > 0, "a title at the top of the image"
    assert Image.open(io.BytesIO(png)).height == int(fig.layout.height) + 60
