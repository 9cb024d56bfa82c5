"""Every indicator's chart, drawn by kaleido as SVG at the phone picture's width (340 px) and laid out in headless
Chromium: the target's value beside its star and every line of the source stay inside the picture (the phone
picture of goal 13 cut «1,50 ‰» off at its right edge, and long source lines ran past it). The meeting view's
bigger type keeps the target's value inside too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.serve import CHROMIUM
from indicators.catalog import load_catalog
from tests.browser.test_chart_images_browser import page_figure_specs

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (apt-get install chromium)"),
]

# Text marks and annotations whose box leaves the picture (half a pixel of anti-aliasing allowed).
OUTSIDE = """() => { const svg = document.querySelector('svg');
  const w = Number(svg.getAttribute('width')), h = Number(svg.getAttribute('height'));
  return [...document.querySelectorAll('.textpoint text, .annotation-text tspan, .annotation-text')]
    .map(t => { const b = t.getBoundingClientRect(); return {text: t.textContent, box: [b.left, b.top, b.right, b.bottom]}; })
    .filter(t => t.box[2] > t.box[0] && (t.box[0] < -0.5 || t.box[2] > w + 0.5 || t.box[1] < -0.5 || t.box[3] > h + 0.5)); }"""


@pytest.fixture(scope="module")
def figures(example_db_template):
    """(indicator id, lang, kind) -> the figure as plotly JSON: the goal pages' charts for every indicator with
    data, both languages, and the meeting view's chart for a few."""
    from charts.presentation import presentation_figure
    from store import db, queries
    from store.status import assess_all

    out = {
        (ind.id, lang, "goal page"): json.loads(spec)
        for ind, lang, spec in page_figure_specs(example_db_template, langs=("nb", "en"))
    }
    meeting = ("klimagassutslipp", "overvannsskader", "boligpris-inntekt")
    with db.reader(example_db_template) as con:
        catalog = db.effective_catalog(con, load_catalog())
        assessments, example = assess_all(con, catalog), set(queries.example_indicators(con))
        for ind_id in meeting:
            ind = catalog.indicator(ind_id)
            fig = presentation_figure(ind, queries.series(con, ind_id), assessments[ind_id], example=ind_id in example)
            out[(ind_id, "nb", "meeting")] = json.loads(fig.to_json())
    return out


def test_chart_texts_stay_inside_the_phone_picture_and_the_meeting_chart(browser, figures):
    import kaleido

    from exports import chart_images

    assert len(figures) > 60
    page = browser.new_page()
    outside = {}
    kaleido.start_sync_server(n=1, mathjax=False, silence_warnings=True)  # one Chromium for all, not one each
    try:
        for key, spec in figures.items():
            width, height = (chart_images.NARROW, 320) if key[2] == "goal page" else (600, 480)
            svg = kaleido.calc_fig_sync(spec, opts=dict(format="svg", width=width, height=height)).decode()
            page.set_content(f"<html><body style='margin:0'>{svg}</body></html>")
            if found := page.evaluate(OUTSIDE):
                outside[key] = found
    finally:
        kaleido.stop_sync_server(silence_warnings=True)
        page.close()
    assert not outside, f"text cut off at the picture's edge: {outside}"
