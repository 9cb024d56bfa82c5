"""WCAG 2.1 AA in headless Chromium: axe-core on every page (both languages, desktop and phone), reflow at 320 CSS px
(400 % zoom) without sideways scrolling, the main journeys by keyboard alone, and status chips read as words.

axe-core comes packaged in axe-playwright-python (its axe.min.js; nothing is downloaded). A violation fails the
test unless ui/accessibility.py lists it (rule id, the element it sits in, the reason); those exceptions are what
the accessibility statement names. After a full passing run the test writes docs/accessibility-check.json (date,
axe version, pages, viewports), which the statement shows as the date of the last check."""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.serve import APP_IDLE, CHROMIUM
from charts.contrast import TEXT, contrast_ratio
from indicators.catalog import load_catalog
from indicators.progress import STATUSES
from tests.conftest import dashboard_server
from ui import accessibility as a11y

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (apt-get install chromium)"),
]

GOALS = [g.id for g in load_catalog().goals]
# Every page: the public ones, then the analyst pages (open in local mode: the test server listens on localhost).
PAGES = (
    [""]
    + [f"mal-{g}" for g in GOALS]
    + [
        "indikator?indikator=klimagassutslipp",
        "utforsk",
        "mote",
        "rapporter",
        "datakvalitet",
        "om",
        "tilgjengelighet",
        "apne-data",
        "last-opp",
        "opplastinger",
        "sikkerhetskopi",
        "tiltak",
        # the views other sites embed in an iframe (no sidebar)
        "indikator?indikator=klimagassutslipp&embed=true",
        "utforsk?ind=klimagassutslipp,sykefravaer&embed=true",
    ]
)
VIEWPORTS = {"1920x1080": (1920, 1080), "390x844": (390, 844)}
LANGS = ("nb", "en")
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": list(a11y.AXE_TAGS)}, "resultTypes": ["violations"]}
RESULTS: dict[tuple[str, str, str], Counter] = {}  # (viewport, lang, page) -> exceptions seen, for the record
AXE_VERSION: dict[str, str] = {}


def url_for(server: str, page: str, lang: str, **params) -> str:
    path, _, query = page.partition("?")
    parts = [query] if query else []
    parts += [f"{k}={v}" for k, v in params.items()]
    if lang != "nb":
        parts.append(f"lang={lang}")
    return f"{server}/{path}" + ("?" + "&".join(parts) if parts else "")


@pytest.fixture(scope="module")
def server(example_db_template, tmp_path_factory):
    yield from dashboard_server(example_db_template, tmp_path_factory.mktemp("a11y"))


@pytest.fixture(scope="module")
def tabs(browser):
    """One tab per viewport, reused for every page (a new tab per page would cost a second each)."""
    opened = {}

    def get(name: str):
        if name not in opened:
            width, height = VIEWPORTS.get(name) or tuple(int(v) for v in name.split("x"))
            context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
            opened[name] = context.new_page()
        return opened[name]

    yield get
    for page in opened.values():
        page.context.close()


def wait_until_done(page, timeout_ms: int = 120_000) -> None:
    """The app has finished its run: content shown, no 'running' indicator, widgets and charts drawn."""
    page.wait_for_selector("h1", timeout=timeout_ms)
    page.wait_for_selector(APP_IDLE, timeout=timeout_ms)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms)
    page.wait_for_load_state("networkidle", timeout=timeout_ms)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout_ms)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
        ".every(c => c.querySelector('.main-svg'))",
        timeout=timeout_ms,
    )
    page.wait_for_timeout(300)


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_until_done(page)
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.first.inner_text()
    assert page.get_by_text("Page not found").count() == 0, f"{url} is not a page"


# Runs axe, then decides in the page itself whether each violating element sits inside an excepted element.
AXE_RUN = """async ([options, exceptions]) => {
  const result = await axe.run(document, options);
  const nodes = [];
  for (const v of result.violations) for (const n of v.nodes) {
    const el = n.target.length === 1 ? document.querySelector(n.target[0]) : null;
    const ex = exceptions.find(e => e.rule === v.id && el && el.closest(e.inside));
    nodes.push({rule: v.id, help: v.help, target: n.target.join(' >>> '), html: n.html.slice(0, 240),
                summary: (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 300), excused: !!ex});
  }
  return {version: result.testEngine.version, nodes};
}"""


def run_axe(page) -> dict:
    from axe_playwright_python.base import AXE_SCRIPT

    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    exceptions = [{"rule": d.rule, "inside": d.inside} for d in a11y.AXE_EXCEPTIONS]
    return page.evaluate(AXE_RUN, [AXE_OPTIONS, exceptions])


# Elements that may scroll sideways themselves (1.4.10 allows it for data tables and charts).
SCROLLERS = (
    "[data-testid='stDataFrame'], [data-testid='stTable'], [data-testid='stPlotlyChart'], [data-testid='stCode'], pre"
)
REFLOW = """(scrollers) => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('p, h1, h2, h3, h4, li, label, a, button, .status-chip')) {
    if (el.closest(scrollers) || !el.offsetParent) continue;
    const r = el.getBoundingClientRect();
    if (r.right <= 0) continue;  // wholly off to the left: the collapsed sidebar, hidden until opened
    if (r.width > 0 && (r.right > width + 1 || r.left < -1)) wide.push(el.tagName + ': ' + el.innerText.slice(0, 60));
  }
  const main = document.querySelector('[data-testid="stMain"]');
  return {page: document.documentElement.scrollWidth, main: main ? main.scrollWidth : 0, width, wide};
}"""
PHONE, REFLOW_WIDTH = "390x844", 320


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violation_that_is_not_listed(server, tabs, path, lang, viewport):
    """And on the phone, the same page narrowed to 320 CSS px (1280 px at 400 % zoom, WCAG 1.4.10) needs no
    sideways scrolling of text: only tables and charts may scroll within themselves."""
    page = tabs(viewport)
    open_page(page, url_for(server, path, lang))
    # 3.1.1 and 2.4.2, which axe cannot judge: the page says its own language and has its own title.
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.title().endswith("· Asker 2030") and page.title() != "· Asker 2030", page.title()
    result = run_axe(page)
    AXE_VERSION["seen"] = result["version"]
    unlisted = [n for n in result["nodes"] if not n["excused"]]
    assert not unlisted, f"/{path} ({lang}, {viewport}): {len(unlisted)} axe violations:\n" + "\n".join(
        f"- {n['rule']} ({n['help']}): {n['target']}\n  {n['html']}\n  {n['summary']}" for n in unlisted
    )
    # 1.4.3 inside the charts, where axe does not look (SVG text): ticks, axis titles, legend, notes.
    fills = page.evaluate(
        "() => [...new Set([...document.querySelectorAll('.js-plotly-plot text')]"
        ".filter(t => t.textContent.trim()).map(t => getComputedStyle(t).fill))]"
    )
    faint = [f for f in fills if contrast_ratio(f) < TEXT]
    assert not faint, f"/{path}: chart text below {TEXT}:1 on white: {faint}"
    if viewport == PHONE:
        page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
        try:
            # Streamlit's layout follows the width by CSS alone (nothing to rerun), but tables re-measure
            # themselves a moment later: give the page up to five seconds to settle before judging it.
            try:
                page.wait_for_function(
                    f"(scrollers) => ({REFLOW})(scrollers).main <= {REFLOW_WIDTH + 1}", arg=SCROLLERS, timeout=5_000
                )
            except Exception:  # judged below, with the details
                pass
            got = page.evaluate(REFLOW, SCROLLERS)
        finally:
            page.set_viewport_size(dict(zip(("width", "height"), VIEWPORTS[PHONE])))
        assert got["page"] <= got["width"] and got["main"] <= got["width"] + 1, f"/{path} scrolls sideways: {got}"
        assert not got["wide"], f"/{path}: text wider than the {got['width']} px viewport: {got['wide'][:10]}"
    RESULTS[(viewport, lang, path)] = Counter(n["rule"] for n in result["nodes"])


# --- beyond axe ------------------------------------------------------------------------------------------

FOCUS_STYLES = [
    "outlineStyle",
    "outlineWidth",
    "outlineColor",
    "boxShadow",
    "backgroundColor",
    "borderColor",
    "textDecorationLine",
    "color",
]


def focused(page) -> dict:
    """The focused element, and whether focus shows: an outline or ring, or styles that differ from when it is not
    focused (Streamlit's menu links change their background)."""
    return page.evaluate(
        """(props) => {
      const el = document.activeElement;
      if (!el || el === document.body) return {tag: 'body', text: '', html: '', role: '', href: '', visible: false};
      const look = () => { const s = getComputedStyle(el); return props.map(p => s[p]).join('|'); };
      const s = getComputedStyle(el);
      const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
      const withFocus = look();
      el.blur();
      const without = look();
      el.focus();  // back where it was: after keyboard use, Chromium keeps :focus-visible on a programmatic focus
      return {tag: el.tagName.toLowerCase(), text: (el.innerText || el.getAttribute('aria-label') || '').trim(),
              html: el.outerHTML.replace(/ class="[^"]*"/g, '').slice(0, 200),
              role: el.getAttribute('role') || '', href: el.getAttribute('href') || '',
              visible: ring || withFocus !== without, styles: [withFocus, without]};
    }""",
        FOCUS_STYLES,
    )


BRIEF = """() => { const el = document.activeElement || document.body;
  return {tag: el.tagName.toLowerCase(), text: (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 200),
          role: el.getAttribute('role') || '', href: el.getAttribute('href') || ''}; }"""


def tab_to(page, matches, limit: int = 200) -> dict:
    """Press Tab until the focused element matches, and check that its focus shows; fail if it is not reached
    within `limit` presses."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        el = page.evaluate(BRIEF)
        if matches(el):
            el = focused(page)
            assert el["visible"], f"no visible focus indicator on {el}"
            return el
        seen.append(el["text"][:30])
    pytest.fail(f"not reached by Tab in {limit} presses; focus went through: {seen[:80]}")


def skip_to_main(page) -> None:
    """The first Tab reaches Streamlit's "Skip to main content" link (WCAG 2.4.1); Enter moves focus past the menu."""
    el = tab_to(page, lambda el: el["tag"] == "a" and el["href"] == "#stMain", limit=1)
    assert el["text"]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "stMain"


def link_to(pattern: str):
    """A link whose text matches (the text includes the name of its aria-hidden icon, e.g. 'arrow_forward')."""
    return lambda el: el["tag"] == "a" and re.search(pattern, el["text"]) is not None


def press_for_download(page, button, timeout_ms: int = 30_000):
    """Enter on the focused download `button`, and the file that arrives.

    Streamlit makes the file on the server when the button is pressed and then starts the download. In one CI run of
    many no file came and nothing showed why; here a press that brings no file is reported with what the page
    showed (the button's own error text, which goes away after 5 s, the app's run and connection state, where focus
    was) as a warning, and Enter is pressed once more, as a person would: the journey fails if that brings none
    either."""
    page.evaluate("""() => { window.a2030DownloadErrors = [];
      new MutationObserver(() => document.querySelectorAll('[data-testid="stDownloadButtonError"]')
        .forEach(e => window.a2030DownloadErrors.push(e.innerText))).observe(document.body, {childList: true, subtree: true});
    }""")
    seen = []
    for _ in range(2):
        before = page.evaluate(BRIEF)
        try:
            with page.expect_download(timeout=timeout_ms) as download:
                page.keyboard.press("Enter")
            if seen:
                warnings.warn(f"the first Enter on a download button brought no file: {seen[0]}", stacklevel=2)
            return download.value
        except PlaywrightTimeout:
            app = page.locator('[data-testid="stApp"]')
            seen.append(
                {
                    "focus before Enter": before,
                    "focus now": page.evaluate(BRIEF),
                    "run": app.get_attribute("data-test-script-state"),
                    "connection": app.get_attribute("data-test-connection-state"),
                    "button errors": sorted(set(page.evaluate("window.a2030DownloadErrors"))),
                }
            )
            button.focus()
    raise AssertionError(f"no download after Enter, twice: {seen}")


def test_main_journeys_work_by_keyboard_alone(server, tabs):
    page = tabs("1280x900")
    # Open a goal: from the overview, Tab to the first goal card's link and press Enter.
    open_page(page, url_for(server, "", "nb"))
    skip_to_main(page)
    tab_to(page, link_to(rf"Åpne mål {GOALS[0]}$"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/mal-{GOALS[0]}\b"))
    wait_until_done(page)
    assert page.locator("h1").first.inner_text().startswith(f"Mål {GOALS[0]}")
    # Read a status: the goal's status chips are visible, and what a screen reader gets is the status in words.
    chip = page.locator(".status-chip").first
    assert chip.is_visible()
    code = chip.get_attribute("data-status")
    assert STATUSES[code]["nb"] in chip.aria_snapshot()
    # Open an indicator: Tab on to its "Detaljer" link, Enter. (After a page change focus stays in the main
    # area, so Tab goes on from there.)
    tab_to(page, lambda el: el["tag"] == "a" and "indikator" in el["href"] and "Detaljer" in el["text"])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/indikator\?indikator="))
    wait_until_done(page)
    # Download: Tab to the chart's CSV button, Enter, and a file arrives.
    tab_to(page, lambda el: el["tag"] == "button" and el["text"].endswith("CSV"))
    buttons = page.locator('[data-testid="stDownloadButton"] button')
    csv_button = buttons.nth(buttons.evaluate_all("(bs) => bs.indexOf(document.activeElement)"))
    downloaded = press_for_download(page, csv_button)
    assert downloaded.suggested_filename.endswith(".csv")
    # Change language: Tab to the sidebar's language switch (a radio group: Tab reaches the chosen language,
    # the arrow keys move between languages), then Enter on "English"; the page turns English.
    page.keyboard.press("Control+Home")
    page.evaluate("document.activeElement.blur()")
    tab_to(page, lambda el: el["role"] == "radio" and el["text"].endswith("Norsk (bokmål)"))
    page.keyboard.press("ArrowRight")
    assert focused(page)["text"].endswith("English")
    page.keyboard.press("Enter")
    page.wait_for_function("document.documentElement.lang === 'en' && location.search.includes('lang=en')")
    wait_until_done(page)
    assert page.get_by_text("The numbers behind the status").count() > 0


@pytest.mark.parametrize("lang", LANGS)
def test_status_chips_are_read_as_their_words(server, tabs, lang):
    """The accessible text of every chip is its status word (and count), never the icon's character."""
    page = tabs("1920x1080")
    open_page(page, url_for(server, "om", lang))  # «Om» shows every status once
    chips = page.locator(".status-chip")
    assert chips.count() == len(STATUSES)
    for n in range(chips.count()):
        chip = chips.nth(n)
        code = chip.get_attribute("data-status")
        word = STATUSES[code][lang]
        spoken = chip.aria_snapshot()  # what the accessibility tree exposes, as Playwright reads it
        assert word in spoken, (code, spoken)
        icon = STATUSES[code]["icon"]
        assert icon not in spoken, f"the icon {icon!r} of {code} is read out: {spoken}"


def test_record_of_the_check_is_written_after_a_full_run():
    """Last: after every page × language × viewport passed, the record the statement shows is brought up to date."""
    expected = {(v, lang, p) for v in VIEWPORTS for lang in LANGS for p in PAGES}
    if set(RESULTS) != expected:
        pytest.skip(f"only {len(RESULTS)} of {len(expected)} axe checks ran and passed here: the record is kept")
    seen = Counter()
    for counts in RESULTS.values():
        seen.update(counts)
    record = {
        "date": dt.date.today().isoformat(),
        "axe_version": AXE_VERSION.get("seen", ""),
        "tags": list(a11y.AXE_TAGS),
        "pages": ["/" + p for p in PAGES],
        "languages": list(LANGS),
        "viewports": list(VIEWPORTS),
        "checks": len(RESULTS),
        "exceptions_seen": {f"{d.rule} in {d.inside}": seen.get(d.rule, 0) for d in a11y.AXE_EXCEPTIONS},
    }
    a11y.CHECK_RECORD.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert a11y.check_record() == record
