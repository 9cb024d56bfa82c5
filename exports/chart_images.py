"""Static WebP images of charts, made with kaleido in the background and kept in a folder beside the store.

A goal page shows up to two dozen small charts; drawn by Plotly in the viewer's browser they took 5–9 s on this
machine (docs/benchmarks.md). As SVG images they still held up the page: Chromium parses every SVG in an <img> as a
document of its own on the page's main thread, 10–30 ms each. A raster image is decoded off the main thread, and
the statuses came 0.3–0.4 s sooner (docs/benchmarks.md). kaleido draws a PNG at twice the size (sharp on
high-density screens); Pillow stores it as lossless WebP, the same pixels in a quarter of the bytes (~25 kB).

Each image is named by a digest of the figure's own spec and its size, so a name always means the same picture: a
new data version, a new language or a change in how charts are drawn gives new names, browsers may keep an image for
ever, and every replica on the machine finds the others' images. Until an image exists the page draws the
interactive chart.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import queue
import re
import threading
import time
from pathlib import Path

import plotly.io as pio

from exports import images as _images  # noqa: F401 - sets kaleido's browser path and turns MathJax off

SUFFIX = "webp"  # see the docstring: not SVG
MEDIA_TYPE = "image/webp"
SCALE = 2  # pixels per CSS pixel
NAME_RE = re.compile(r"^[0-9a-f]{32}\.webp$")
OLD_NAME_RE = re.compile(r"^[0-9a-f]{32}\.svg$")  # the SVG images of earlier versions (prune deletes them)
WIDE = 700  # a goal page's chart column at 1920×1080 (690 px)
NARROW = 340  # …and on a phone (326 px at 390×844): the same figure laid out again, so its text stays readable
IDLE_S = 20.0  # the renderer's Chromium is closed after this long without work
KEEP_FILES = 4000  # the folder is pruned to the newest this many images (a goal page of both sizes: ~50)
NICE = 10  # the renderer and its Chromium yield the cores to page views


def cache_dir(store: Path | str) -> Path:
    """ASKER2030_CHART_IMAGES_DIR, else `<store name>.charts` beside the store (a reader host on shared
    snapshots sets a local folder)."""
    chosen = os.environ.get("ASKER2030_CHART_IMAGES_DIR")
    if chosen:
        return Path(chosen)
    store = Path(store)
    return store.parent / f"{store.stem}.charts"


def image_name(spec_json: str, width: int, height: int) -> str:
    digest = hashlib.sha256(f"{width}x{height}\n{spec_json}".encode()).hexdigest()
    return digest[:32] + "." + SUFFIX


def figure_json(fig) -> str:
    """The figure's spec as JSON (keys sorted, so the same figure always gives the same digest)."""
    spec = fig.to_dict() if hasattr(fig, "to_dict") else dict(fig)
    return pio.to_json(spec, validate=False, pretty=False, remove_uids=True, engine="json")


def image_path(root: Path, name: str) -> Path | None:
    """The file of an image name, or None for anything that is not one of our names (the route serves only these)."""
    return root / name if NAME_RE.match(name) else None


def write_atomically(path: Path, data: bytes) -> None:
    """Readers (the image route, other replicas) see the whole file or none of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def prune(root: Path, keep: int = KEEP_FILES) -> int:
    """Delete all but the `keep` newest images (by modification time), and the SVG images of earlier versions
    (no page asks for them any more); returns how many were deleted."""
    try:
        files = sorted(root.glob("*." + SUFFIX), key=lambda p: p.stat().st_mtime, reverse=True)
    except FileNotFoundError:
        return 0
    old = [p for p in root.glob("*.svg") if OLD_NAME_RE.match(p.name)]
    gone = 0
    for path in files[keep:] + old:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            gone += 1
    return gone


def webp(png: bytes) -> bytes:
    """kaleido's PNG as lossless WebP: the same pixels, about a quarter of the bytes."""
    import io

    from PIL import Image

    out = io.BytesIO()
    with Image.open(io.BytesIO(png)) as picture:
        picture.save(out, "WEBP", lossless=True, method=4)
    return out.getvalue()


async def _render(k, spec_json: str, width: int, height: int) -> bytes:
    import json

    png = await k.calc_fig(json.loads(spec_json), opts=dict(format="png", width=width, height=height, scale=SCALE))
    return await asyncio.to_thread(webp, png)


class Renderer:
    """One background thread per process that turns queued figures into image files, with one Chromium while
    there is work. `request` never waits: it queues what is missing and returns at once."""

    def __init__(self, idle_s: float = IDLE_S, nice: int = NICE):
        self.idle_s, self.nice = idle_s, nice
        self.jobs: queue.Queue = queue.Queue()
        self.pending: set[Path] = set()
        self.failed: dict[Path, str] = {}  # path -> why (not retried in this process: a broken figure stays broken)
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.rendered = 0
        self.roots: set[Path] = set()

    def request(self, jobs: list[tuple[Path, str, int, int]]) -> int:
        """Queue the jobs whose file is missing; returns how many were queued."""
        queued = 0
        with self.lock:
            for job in jobs:
                path = job[0]
                if path in self.pending or path in self.failed or path.exists():
                    continue
                self.pending.add(path)
                self.jobs.put(job)
                queued += 1
            if queued and (self.thread is None or not self.thread.is_alive()):
                self.thread = threading.Thread(target=self._run, name="chart-images", daemon=True)
                self.thread.start()
        return queued

    def busy(self) -> bool:
        with self.lock:
            return bool(self.pending)

    def wait(self, timeout_s: float = 120.0) -> bool:
        """Until the queue is empty (tests, the command line); True if it emptied in time."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not self.busy():
                return True
            time.sleep(0.05)
        return not self.busy()

    def _run(self) -> None:
        # Linux keeps a nice value per thread, and the Chromium that kaleido starts from this thread inherits it.
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), self.nice)
        try:
            asyncio.run(self._loop())
        except Exception as exc:  # noqa: BLE001 - e.g. no Chromium: every queued chart stays interactive
            self._fail_all(f"{type(exc).__name__}: {exc}")
        finally:
            with self.lock:
                if not self.jobs.empty():  # queued after the loop decided to stop: start again
                    self.thread = threading.Thread(target=self._run, name="chart-images", daemon=True)
                    self.thread.start()

    def _fail_all(self, why: str) -> None:
        with self.lock:
            while True:
                try:
                    path = self.jobs.get_nowait()[0]
                except queue.Empty:
                    break
                self.failed[path] = why
            for path in self.pending:
                self.failed.setdefault(path, why)
            self.pending.clear()

    async def _loop(self) -> None:
        import kaleido

        async with kaleido.Kaleido(n=1, mathjax=False) as k:
            while True:
                try:
                    path, spec_json, width, height = await asyncio.to_thread(self.jobs.get, True, self.idle_s)
                except queue.Empty:
                    for root in self.roots:  # idle: keep the folders from growing without end
                        prune(root)
                    return
                self.roots.add(path.parent)
                try:
                    write_atomically(path, await _render(k, spec_json, width, height))
                    self.rendered += 1
                except Exception as exc:  # noqa: BLE001 - this chart stays interactive; the others go on
                    with self.lock:
                        self.failed[path] = f"{type(exc).__name__}: {exc}"
                finally:
                    with self.lock:
                        self.pending.discard(path)


RENDERER = Renderer()  # the process's one renderer (one Chromium at most)
