"""Goal pages with static chart images, in headless Chromium as a viewer meets them: the first view draws
interactive charts and asks for images; once made, every chart is an image that loads (the wide one at 1920×1080,
the narrow one at 390×844), read by its summary, served for good (immutable), with no legend over the plot in the
phone's picture, and axe-core finds nothing new on the page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.serve import CHROMIUM, running_dashboard
from exports import chart_images
from tests.browser.test_accessibility import run_axe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (apt-get install chromium)"),
]

PAGE = "mal-13"
DESKTOP, PHONE = {"width": 1920, "height": 1080}, {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def store(example_db_template, tmp_path_factory):
    db_file = tmp_path_factory.mktemp("images") / "asker2030.duckdb"
    shutil.copy(example_db_template, db_file)
    return db_file


@pytest.fixture(scope="module")
def server(store):
    try:
        with running_dashboard(store, timeout_s=60, env={"ASKER2030_CHART_IMAGES": "auto"}) as (url, _pid):
            yield url
    except RuntimeError as exc:
        pytest.fail(str(exc))


def wait_until_drawn(page, timeout_ms: int = 120_000) -> None:
    page.wait_for_selector("h1", timeout=timeout_ms)
    page.wait_for_function(  # the run is over and the page's statuses are there (not a page between runs)
        "() => document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state')"
        " === 'notRunning' && document.querySelectorAll('.status-chip').length > 5"
        " && !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-testid=\"stSkeleton\"]')",  # Plotly's code loads lazily
        timeout=timeout_ms,
    )
    page.wait_for_load_state("networkidle", timeout=timeout_ms)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')].every(c => c.querySelector('.main-svg'))"
        " && [...document.querySelectorAll('picture img')].every(i => i.complete)",
        timeout=timeout_ms,
    )


IMAGES = """() => [...document.querySelectorAll('picture img')].map(i => (
  {src: i.currentSrc, width: i.naturalWidth, shown: i.getBoundingClientRect().width, alt: i.alt}))"""


@pytest.fixture(scope="module")
def rendered(server, browser, store):
    """The first view (interactive charts), then the images it asked for: how many charts the page has."""
    page = browser.new_page(viewport=DESKTOP)
    try:
        page.goto(f"{server}/{PAGE}")
        wait_until_drawn(page)
        charts = page.locator('[data-testid="stPlotlyChart"]').count()
        assert charts > 0 and page.locator("picture").count() == 0, "the first view draws interactive charts"
    finally:
        page.close()
    from bench.drawing import wait_for_images

    made = wait_for_images(chart_images.cache_dir(store), quiet_s=8.0, limit_s=300)
    assert made >= 2 * charts and made % 2 == 0, f"a wide and a narrow image per chart: {made} for {charts}"
    return made // 2


def test_every_chart_is_an_image_that_loads_and_is_read_by_its_summary(server, browser, rendered):
    page = browser.new_page(viewport=DESKTOP)
    try:
        page.goto(f"{server}/{PAGE}")
        wait_until_drawn(page)
        assert page.locator('[data-testid="stPlotlyChart"]').count() == 0
        images = page.evaluate(IMAGES)
        assert len(images) == rendered
        for image in images:
            assert image["width"] == chart_images.WIDE * chart_images.SCALE, image  # the wide picture, at 2x
            assert 600 < image["shown"] <= chart_images.WIDE, image
            assert image["alt"].startswith("Diagram") and len(image["alt"]) > 40, image
        details = page.locator("details", has_text="Tallene i diagrammet").first
        assert not details.locator("table").is_visible()
        details.locator("summary").focus()
        page.keyboard.press("Enter")  # the data table opens from the keyboard
        details.locator("table").wait_for()
        assert details.locator("tbody tr").count() > 3
        got = page.request.get(images[0]["src"])
        assert got.status == 200 and got.headers["content-type"] == "image/webp"
        assert "immutable" in got.headers["cache-control"]
        assert page.request.get(f"{server}/chart-images/{'0' * 32}.webp").status == 404
    finally:
        page.close()


BOXES = """() => { const r = e => { if (!e) return null; const b = e.getBoundingClientRect();
                                  return b.width && b.height ? [b.left, b.top, b.right, b.bottom] : null; };
  const svg = document.querySelector('svg');
  // the plot area's background (the legend has a background rect of its own)
  const plot = [...document.querySelectorAll('rect.bg')].find(b => !b.closest('.legend'));
  return {plot: r(plot), legend: r(document.querySelector('.infolayer .legend')),
          width: Number(svg.getAttribute('width'))}; }"""


def overlap(a, b) -> bool:
    return bool(a and b) and a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1


def page_figure_specs(store, indicator_ids=None, langs=("nb",), height: int = 320):
    """(indicator, lang, plotly JSON) of each chart a goal page shows, made from the store by the same code as the
    page (ui/state.HeadlineCharts.figure) and frozen as the page freezes it; every indicator with data, or those
    in `indicator_ids`."""
    from charts.frozen import freeze
    from charts.indicator import indicator_figure
    from indicators.catalog import load_catalog
    from indicators.progress import required_path, trend_path
    from store import db, queries
    from store.status import assess_all

    with db.reader(store) as con:
        catalog = db.effective_catalog(con, load_catalog())
        assessments, example = assess_all(con, catalog), set(queries.example_indicators(con))
        for ind in catalog.indicators:
            if indicator_ids is not None and ind.id not in indicator_ids:
                continue
            series = queries.series(con, ind.id)
            if series["value"].notna().sum() == 0:
                continue
            a = assessments[ind.id]
            for lang in langs:
                fig = indicator_figure(
                    ind,
                    series,
                    a,
                    required_path(ind, a),
                    trend_path(a),
                    lang=lang,
                    example=ind.id in example,
                    height=height,
                )
                yield ind, lang, chart_images.figure_json(freeze(fig))


def narrow_figures(store) -> dict[str, str]:
    """The phone's pictures of the goal's charts as SVG, by the name the page gives their image, drawn by kaleido.
    A raster picture cannot say where its legend is; the SVG of the same figure at the same size can."""
    import json

    import kaleido

    from indicators.catalog import load_catalog
    from store import db

    height = 320
    with db.reader(store) as con:
        catalog = db.effective_catalog(con, load_catalog())
    goal = catalog.goal(PAGE.removeprefix("mal-"))
    # the goal's own indicators and those of other goals listed under its objectives
    shown = {i.id for o in goal.objectives for i in catalog.indicators_for_objective(o.id)}
    specs = {
        chart_images.image_name(spec, chart_images.NARROW, height): spec
        for _ind, _lang, spec in page_figure_specs(store, shown, height=height)
    }
    return {
        name: kaleido.calc_fig_sync(
            json.loads(spec), opts=dict(format="svg", width=chart_images.NARROW, height=height)
        ).decode()
        for name, spec in specs.items()
    }


def test_a_phone_gets_the_narrow_picture_with_no_legend_over_the_plot(server, browser, rendered, store):
    page = browser.new_page(viewport=PHONE, has_touch=True)
    try:
        page.goto(f"{server}/{PAGE}")
        wait_until_drawn(page)
        images = page.evaluate(IMAGES)
        assert len(images) == rendered
        assert all(i["width"] == chart_images.NARROW * chart_images.SCALE for i in images), images
        page.locator("details", has_text="Tallene i diagrammet").first.locator("summary").click()
        page.wait_for_timeout(500)
        widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], f"an open data table makes the page scroll sideways: {widths}"
        served = {i["src"].rsplit("/", 1)[1] for i in images}
        figures = narrow_figures(store)
        assert served <= set(figures), f"the test rebuilt other figures than the page: {served - set(figures)}"
        for name in sorted(served):  # each picture's figure drawn as SVG at the picture's size, laid out by Chromium
            page.set_content(f"<html><body style='margin:0'>{figures[name]}</body></html>")
            image = {"src": name}
            box = page.evaluate(BOXES)
            assert box["plot"], f"{image['src']}: no plot area"
            assert not overlap(box["legend"], box["plot"]), f"{image['src']}: the legend covers the plot: {box}"
            assert not box["legend"] or box["legend"][2] <= box["width"] + 1, f"the legend is cut off: {box}"
    finally:
        page.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1920x1080", "390x844"])
def test_axe_finds_nothing_new_on_a_goal_page_of_images(server, browser, rendered, viewport):
    page = browser.new_page(viewport=viewport)
    try:
        page.goto(f"{server}/{PAGE}")
        wait_until_drawn(page)
        assert page.locator("picture img").count() == rendered
        unlisted = [n for n in run_axe(page)["nodes"] if not n["excused"]]
        assert not unlisted, "\n".join(f"- {n['rule']}: {n['target']} {n['html']}" for n in unlisted)
    finally:
        page.close()
