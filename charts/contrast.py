"""WCAG 2.1 contrast of colours: relative luminance, contrast ratio, and a colour darkened until it reaches a ratio.

Used to keep chart lines, markers and status chips at least 3:1 against the page (1.4.11 non-text contrast) and
chip text at least 4.5:1 against its chip (1.4.3); tests/test_contrast.py checks the palettes with it."""

from __future__ import annotations

import re

WHITE = "#FFFFFF"
NON_TEXT = 3.0  # WCAG 1.4.11: graphical objects and the boundaries of components
TEXT = 4.5  # WCAG 1.4.3: normal-size text


def rgb(colour: str, background: str = WHITE, opacity: float = 1.0) -> tuple[int, int, int]:
    """'#0072B2', '#07b', 'white', 'black', 'rgb(0, 114, 178)' or 'rgba(0, 158, 115, 0.3)' → (r, g, b) as seen:
    a transparent colour (alpha, or an element's `opacity`) is composed over `background`."""
    c = colour.strip().lower()
    alpha = opacity
    m = re.fullmatch(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)", c)
    if c in ("white", "black"):
        r, g, b = (255, 255, 255) if c == "white" else (0, 0, 0)
    elif m:
        r, g, b = (int(v) for v in m.groups()[:3])
        alpha *= float(m.group(4)) if m.group(4) is not None else 1.0
    else:
        h = c.lstrip("#")
        if len(h) == 3:
            h = "".join(ch * 2 for ch in h)
        if not re.fullmatch(r"[0-9a-f]{6}", h):
            raise ValueError(f"not a colour: {colour!r}")
        r, g, b = int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
    if alpha >= 1:
        return r, g, b
    br, bg, bb = rgb(background)
    return tuple(round(alpha * v + (1 - alpha) * w) for v, w in ((r, br), (g, bg), (b, bb)))  # type: ignore[return-value]


def hex_colour(r: int, g: int, b: int) -> str:
    return f"#{r:02X}{g:02X}{b:02X}"


def relative_luminance(colour: str, background: str = WHITE, opacity: float = 1.0) -> float:
    """WCAG 2.1 definition (sRGB channels linearised; 0.04045 threshold as in the sRGB standard)."""

    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(colour, background, opacity))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str = WHITE, opacity: float = 1.0) -> float:
    """Contrast of colour `a` (seen at `opacity`, over `b`) against background `b`: 1 to 21."""
    la, lb = sorted((relative_luminance(a, b, opacity), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def darken_until(colour: str, ratio: float = NON_TEXT, against: str = WHITE) -> str:
    """The colour itself if it already has `ratio` against `against`, else the same hue darkened in small steps
    until it has (used for the border of a light status chip, so the chip keeps its colour and its outline)."""
    r, g, b = rgb(colour)
    factor = 1.0
    while contrast_ratio(hex_colour(r, g, b), against) < ratio and factor > 0:
        factor -= 0.02
        r, g, b = (round(v * factor) for v in rgb(colour))
    return hex_colour(r, g, b)
