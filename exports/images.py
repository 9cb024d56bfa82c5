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


_warming: list = []  # the thread starting the shared kaleido browser (at most one per process)


def warm() -> None:
    """Start kaleido's shared Chromium in the background (once per process), so a PNG download made a little
    later takes ~0.3-0.7 s instead of the 3-8 s a fresh Chromium costs on every image. Called when a page draws
    a PNG button; the browser then stays for the process's lifetime (one Chromium, ~100 MB)."""
    import threading

    import kaleido

    if _warming:
        return

    def start():
        try:
            kaleido.start_sync_server(n=1, mathjax=False, silence_warnings=True)
        except Exception:  # noqa: BLE001 - no server: figure_png falls back to a one-off browser
            pass

    thread = threading.Thread(target=start, name="kaleido-warm", daemon=True)
    _warming.append(thread)
    thread.start()


def titled(fig: go.Figure, title: str, height: int) -> go.Figure:
    """A copy of a chart with its title on top, for a file that travels without the page around it (the source
    line is already under the plot). The legend moves below the title, both placed from the image's top edge."""
    from charts import plain

    out = go.Figure(fig)
    top = 112
    out.update_layout(
        title=dict(
            text=f"<b>{plain(title)}</b>",
            x=0.01,
            xanchor="left",
            yref="container",
            y=1 - 14 / height,
            yanchor="top",
            font=dict(size=20),
        ),
        legend=dict(yref="container", y=1 - 52 / height, yanchor="top"),
        margin=dict(t=top),
    )
    return out


def figure_png(
    fig: go.Figure, width: int = 1200, height: int | None = None, scale: float = 1.0, title: str = ""
) -> bytes:
    """The chart as a PNG (with `title` on top when given). Uses the shared browser warm() starts, if it is up."""
    height = height or int(fig.layout.height or 500)
    if title:
        height += 60
        fig = titled(fig, title, height)
    if _warming:
        _warming[0].join(timeout=30)  # a click right after the page opened waits for the start, not a second one
    return pio.to_image(fig, format="png", width=width, height=height, scale=scale)


def figures_png(
    figs: list[go.Figure], width: int = 1200, height: int | None = None, scale: float = 1.0
) -> list[bytes | Exception]:
    """Many charts in one kaleido (Chromium) session: start-up (~2 s) is paid once, each chart then takes
    ~0.2 s. Returns one entry per figure, in order: PNG bytes, or the exception that figure raised, so a
    caller can name the chart that failed instead of losing it silently."""
    import asyncio
    import threading

    import kaleido

    if not figs:
        return []

    async def render() -> list[bytes | Exception]:
        out: list[bytes | Exception] = []
        # mathjax=False: nothing is fetched from a CDN (kaleido's default would try).
        async with kaleido.Kaleido(n=1, mathjax=False) as k:
            for fig in figs:
                try:
                    spec = fig.to_dict() if hasattr(fig, "to_dict") else dict(fig)
                    fig_height = height or int((spec.get("layout") or {}).get("height") or 500)
                    opts = dict(format="png", width=width, height=fig_height, scale=scale)
                    out.append(await k.calc_fig(spec, opts=opts))
                except Exception as exc:  # noqa: BLE001 - reported per figure
                    out.append(exc)
        return out

    # Own thread and event loop: safe from Streamlit's script thread and from code that already runs a loop.
    result: dict = {}

    def run():
        try:
            result["value"] = asyncio.run(render())
        except BaseException as exc:  # noqa: BLE001 - e.g. Chromium missing: every figure failed
            result["error"] = exc

    thread = threading.Thread(target=run, name="kaleido-batch", daemon=True)
    thread.start()
    thread.join()
    if "error" in result:
        return [result["error"]] * len(figs)
    return result["value"]
