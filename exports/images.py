"""Chart images (PNG) with kaleido, offline, using the machine's chromium (Debian's /usr/bin/chromium)."""
from __future__ import annotations

import os
import shutil

import plotly.graph_objects as go
import plotly.io as pio

# No MathJax download: charts carry no LaTeX, and nothing may be fetched at run time.
pio.defaults.mathjax = None

for candidate in ("chromium", "chromium-browser", "google-chrome"):
    found = shutil.which(candidate)
    if found:
        os.environ.setdefault("BROWSER_PATH", found)
        break


def figure_png(fig: go.Figure, width: int = 1200, height: int | None = None, scale: float = 1.0) -> bytes:
    height = height or int(fig.layout.height or 500)
    return pio.to_image(fig, format="png", width=width, height=height, scale=scale)
