"""Contrast, computed: every line and marker the charts draw, and every status chip, has at least 3:1 against the
white page (WCAG 1.4.11), and chip text at least 4.5:1 against its chip (1.4.3). The figures are the real ones,
built from the example store, so a colour added to a chart later is checked too."""

from __future__ import annotations

import pytest

from charts.contrast import NON_TEXT, TEXT, contrast_ratio, darken_until, rgb
from charts.indicator import COMPARE, compare_figure, indicator_figure
from charts.presentation import presentation_figure
from charts.upload_preview import before_after_figure
from indicators.catalog import load_catalog
from indicators.progress import STATUSES, assess, required_path, trend_path
from store import db, queries

CATALOG = load_catalog()


@pytest.mark.parametrize(
    "colour, expected",
    [("#FFFFFF", 1.0), ("#000000", 21.0), ("#777777", 4.48), ("#767676", 4.54), ("rgba(0, 0, 0, 0.5)", 3.95)],
)
def test_contrast_ratio_matches_the_wcag_definition(colour, expected):
    # #767676 on white is the well-known lightest grey that passes 4.5:1 (#777777 just fails); 50 % black is #808080, 3.95:1
    assert contrast_ratio(colour) == pytest.approx(expected, abs=0.01)


def test_transparent_colours_are_seen_over_the_background():
    assert rgb("rgba(0, 0, 0, 0.5)") == (128, 128, 128)
    assert rgb("#000000", opacity=0.25) == (191, 191, 191)
    with pytest.raises(ValueError):
        rgb("not-a-colour")


@pytest.mark.parametrize("colour", ["#F0E442", "#56B4E9", "#BBBBBB", "#0072B2"])
def test_darken_until_reaches_the_ratio_and_keeps_dark_colours(colour):
    darker = darken_until(colour)
    assert contrast_ratio(darker) >= NON_TEXT
    if contrast_ratio(colour) >= NON_TEXT:
        assert darker == colour


@pytest.mark.parametrize("code", list(STATUSES))
def test_status_chip_outline_and_text(code):
    from ui.components import chip_border

    s = STATUSES[code]
    assert contrast_ratio(chip_border(code)) >= NON_TEXT, f"{code}: chip outline against the page"
    assert contrast_ratio(s["text_colour"], s["colour"]) >= TEXT, f"{code}: chip text against the chip"


def drawn_colours(fig) -> list[tuple[str, str, float]]:
    """(what, colour, opacity) of every line and marker the figure draws; a marker passes on its fill or outline."""
    out = []
    plot_bg = fig.layout.plot_bgcolor or "white"
    assert contrast_ratio(plot_bg) == 1.0 or plot_bg in ("white", "#FFFFFF", "#ffffff")
    for tr in fig.data:
        mode = tr.mode or ""
        opacity = 1.0 if tr.opacity is None else tr.opacity
        if "lines" in mode and tr.line.width != 0 and tr.fill in (None, "none"):
            out.append((f"{tr.name}: line", tr.line.color, opacity))
        if "markers" in mode:
            m_op = opacity * (1.0 if tr.marker.opacity is None else tr.marker.opacity)
            fill = tr.marker.color or (tr.line.color if "lines" in mode else None)  # unset: the line's colour
            edge = tr.marker.line.color if tr.marker.line else None
            fills = list(fill) if isinstance(fill, (list, tuple)) else [fill]  # one colour per point, or one
            edges = list(edge) if isinstance(edge, (list, tuple)) else [edge] * len(fills)
            for n, (f, e) in enumerate(zip(fills, edges)):
                drawn = [c for c in (f, e) if isinstance(c, str)]
                assert drawn, f"{tr.name}: marker colour left to plotly's defaults"
                out.append((f"{tr.name}: marker {n}", max(drawn, key=lambda c: contrast_ratio(c, opacity=m_op)), m_op))
    for shape in fig.layout.shapes:
        if shape.line and shape.line.color and shape.line.width != 0:
            out.append((f"shape {shape.type}: edge", shape.line.color, 1.0 if shape.opacity is None else shape.opacity))
    return out


def assert_readable(fig, label: str) -> int:
    colours = drawn_colours(fig)
    low = [
        (what, c, round(contrast_ratio(c, opacity=o), 2))
        for what, c, o in colours
        if contrast_ratio(c, opacity=o) < NON_TEXT
    ]
    assert not low, f"{label}: below {NON_TEXT}:1 against the plot: {low}"
    return len(colours)


@pytest.fixture(scope="module")
def con(example_db_template):
    c = db.connect(example_db_template, read_only=True)
    yield c
    c.close()


def test_every_indicator_chart_draws_readable_lines_and_markers(con):
    checked = 0
    kinds = set()
    for ind in CATALOG.indicators:
        series = queries.series(con, ind.id)
        a = assess(ind, series)
        for lang in ("nb", "en"):
            fig = indicator_figure(ind, series, a, required_path(ind, a), trend_path(a), lang=lang, example=True)
            checked += assert_readable(fig, ind.id)
        big = presentation_figure(ind, series, a, lang="nb", example=True)
        checked += assert_readable(big, f"{ind.id} (meeting view)")
        kinds.add(ind.target.kind)
    assert checked > 3 * len(CATALOG.indicators)
    assert {"absolute", "band"} <= kinds  # the band's edges and swatch are among what was checked


def test_a_comparison_of_many_series_uses_only_readable_colours(con):
    import pandas as pd

    ids = [i.id for i in CATALOG.indicators[: len(COMPARE) + 2]]  # more series than colours: the cycle repeats
    frame = queries.series_many(con, ids, ["Asker"], None, 2010, 2030)
    assert frame.groupby(["indicator_id", "area", "breakdown"]).ngroups > len(COMPARE)
    fig = compare_figure(frame, {i: i for i in ids}, {i: "" for i in ids}, "nb", indexed_to=2015)
    assert assert_readable(fig, "compare") >= len(COMPARE)
    assert isinstance(frame, pd.DataFrame)


def test_the_upload_preview_chart_is_readable(con):
    ind = CATALOG.indicators[0]
    before = queries.series(con, ind.id)
    after = before.copy()
    after.loc[after.index[-1], "value"] = after["value"].iloc[-1] * 1.1
    fig = before_after_figure(before, after, unit=ind.unit, decimals=ind.decimals)
    assert assert_readable(fig, "upload preview") >= 3


def test_the_peer_comparison_dot_plot_is_readable(con):
    from charts.peers import peers_figure
    from indicators.catalog import load_comparison
    from indicators.peers import compare

    group = load_comparison()
    drawn = 0
    for ind in CATALOG.indicators:
        frame = queries.peer_series(con, [a.name for a in group], ind.id)
        comparison = compare(ind, frame, group, target_value=assess(ind, queries.series(con, ind.id)).target_value)
        if comparison.has_peers:
            drawn += assert_readable(peers_figure(ind, comparison, lang="nb", example=True), f"{ind.id} (peers)")
    assert drawn > 0
