"""Reports are built from a real store and opened again: the PDF's text (pypdf) and the PowerPoint's slides
(python-pptx) carry every indicator, status, explanation, comment and measure; a chart that cannot be drawn
is never dropped silently."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu, Inches
from pypdf import PdfReader

from exports.report_data import ChartsMissing, build_report
from exports.report_pdf import build_pdf
from exports.report_pptx import build_pptx
from indicators.progress import status_label
from store import db
from tests.meeting_data import CATALOG, COMMENTS, NO_DATA, build


def tiny_png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (110, 48), "#0072B2").save(buf, format="PNG")
    return buf.getvalue()


class CountingRenderer:
    """Stands in for kaleido: records each call, returns a small valid PNG per figure."""

    def __init__(self):
        self.calls: list[int] = []

    def __call__(self, figs):
        self.calls.append(len(figs))
        return [tiny_png() for _ in figs]


def failing_renderer(figs):
    return [RuntimeError("Chromium crashed") for _ in figs]


def norm(text: str) -> str:
    """Compare text regardless of line wrapping and no-break spaces."""
    return " ".join(text.replace("\u00a0", " ").split())


def pdf_pages(data: bytes) -> list[str]:
    return [norm(page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = build(tmp_path_factory.mktemp("reports") / "asker2030.duckdb")
    con = db.connect(path)
    yield con
    con.close()


@pytest.fixture(scope="module")
def goal13(store):
    """Goal 13 with real charts (kaleido + Chromium), built once for the PDF and PowerPoint tests."""
    return build_report(store, CATALOG, ["13"], "nb")


@pytest.fixture(scope="module")
def goal13_pdf(goal13):
    return build_pdf(goal13)


@pytest.fixture(scope="module")
def goal13_pptx(goal13):
    return Presentation(io.BytesIO(build_pptx(goal13)))


def with_data(content):
    return [i for i in content.items if i.has_data]


# --- the shared content ---------------------------------------------------------------------------------


def test_content_has_every_indicator_of_the_goal_with_its_status(goal13):
    expected = {i.id for o in CATALOG.goal("13").objectives for i in CATALOG.indicators_for_objective(o.id)}
    assert {i.indicator.id for i in goal13.items} == expected
    assert [o.id for o in goal13.goals[0].objectives] == ["13.1", "13.2"]
    assert all(i.chart and i.chart.startswith(b"\x89PNG") for i in with_data(goal13))
    empty = next(i for i in goal13.items if i.indicator.id == NO_DATA)
    assert not empty.has_data and empty.chart is None and empty.chart_error is None
    assert goal13.missing_charts == []
    assert goal13.data_as_of == "Data per 1.\u00a0mars\u00a02025"


def test_charts_are_rendered_once_per_indicator_in_one_batch(store):
    renderer = CountingRenderer()
    content = build_report(store, CATALOG, None, "nb", render=renderer)
    unique_with_data = {i.indicator.id for i in with_data(content)}
    assert renderer.calls == [len(unique_with_data)], "one batch, one figure per indicator"
    linked = [i for i in content.items if i.linked_from]
    assert linked, "the catalog links some indicators to a second objective"
    assert all(i.chart for i in linked if i.has_data)


def test_a_failing_chart_renderer_raises_by_default(store):
    with pytest.raises(ChartsMissing) as err:
        build_report(store, CATALOG, ["13"], "nb", render=failing_renderer)
    assert "klimagassutslipp" in str(err.value) and "Chromium crashed" in str(err.value)
    assert NO_DATA not in str(err.value), "an indicator without data has no chart to miss"


def test_a_renderer_that_drops_a_chart_is_caught(store):
    def drops_one(figs):
        return [tiny_png() for _ in figs[:-1]]

    with pytest.raises(ChartsMissing):
        build_report(store, CATALOG, ["13"], "nb", render=drops_one)


def test_a_renderer_that_blows_up_marks_every_chart(store):
    def explodes(figs):
        raise OSError("no browser")

    content = build_report(store, CATALOG, ["13"], "nb", render=explodes, strict=False)
    assert len(content.missing_charts) == len(with_data(content)) > 0
    assert all("no browser" in i.chart_error for i in content.missing_charts)


# --- PDF ------------------------------------------------------------------------------------------------


def test_pdf_text_has_every_indicator_status_explanation_and_comment(goal13, goal13_pdf):
    text = " ".join(pdf_pages(goal13_pdf))
    assert "Asker 2030 – statusrapport" in text  # en dash
    assert "Mål 13: Stoppe klimaendringene" in text  # å
    assert "Data per 1. mars 2025" in text and "Laget " in text
    assert "Eksempeldata" in text
    for item in goal13.items:
        assert norm(item.name) in text, item.indicator.id
        assert norm(status_label(item.status, "nb")) in text, item.indicator.id
        assert norm(item.explanation) in text, item.indicator.id
    for entries in COMMENTS.values():
        period, author, comment, action = entries[-1]  # the latest comment of each indicator
        assert norm(comment) in text
        if action:
            assert norm(action) in text
    older = COMMENTS["klimagassutslipp"][0][2]
    assert norm(older) not in text, "the report shows the latest assessment"
    for measure in goal13.goals[0].measures:
        assert norm(measure.title) in text
        assert norm(measure.status_text.split(" ", 1)[1]) in text


def test_pdf_has_a_chart_on_the_page_of_every_indicator_with_data(goal13, goal13_pdf):
    reader = PdfReader(io.BytesIO(goal13_pdf))
    pages = [(norm(p.extract_text() or ""), len(p.images)) for p in reader.pages]
    assert sum(n for _, n in pages) == len(with_data(goal13))
    for item in with_data(goal13):  # the explanation is printed in the indicator's block only, above its chart
        hits = [n for text, n in pages if norm(item.explanation) in text]
        assert hits and hits[0] >= 1, f"no chart on the page of {item.indicator.id}"
    empty = next(i for i in goal13.items if i.indicator.id == NO_DATA)
    no_data_page = next(text for text, _ in pages if norm(empty.explanation) in text)
    assert "Ingen målinger for Asker ennå." in no_data_page


def test_pdf_embeds_the_dejavu_fonts(goal13_pdf):
    reader = PdfReader(io.BytesIO(goal13_pdf))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("DejaVuSans" in f for f in fonts), fonts
    assert any("Bold" in f for f in fonts), fonts


def test_pdf_marks_missing_charts_instead_of_omitting_them(store):
    content = build_report(store, CATALOG, ["13"], "nb", render=failing_renderer, strict=False)
    data = build_pdf(content)
    text = " ".join(pdf_pages(data))
    assert text.count("Diagrammet mangler: RuntimeError: Chromium crashed") == len(with_data(content))
    assert sum(len(p.images) for p in PdfReader(io.BytesIO(data)).pages) == 0


def test_pdf_for_all_goals_in_english(store):
    content = build_report(store, CATALOG, None, "en", render=CountingRenderer())
    text = " ".join(pdf_pages(build_pdf(content)))
    assert "Asker 2030 – status report" in text and "Status overview" in text
    for goal in CATALOG.goals:
        assert norm(f"Goal {goal.id}: {goal.name.en}") in text
    for item in content.items:
        assert norm(item.name) in text
    assert "Latest assessment" in text


def test_pptx_for_all_goals_has_an_overview_and_every_goal(store):
    content = build_report(store, CATALOG, None, "nb", render=CountingRenderer())
    prs = Presentation(io.BytesIO(build_pptx(content)))
    texts = [slide_text(s) for s in prs.slides]
    assert "Oversikt over status" in texts[1]
    for goal in CATALOG.goals:
        assert norm(f"Mål {goal.id}: {goal.name.nb}") in texts[1]
    with_pictures = sum(1 for s in prs.slides if pictures(s))
    assert with_pictures == len(with_data(content))


# --- PowerPoint -----------------------------------------------------------------------------------------


def slide_text(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return norm("\n".join(parts))


def pictures(slide) -> list:
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def test_pptx_is_16_9_with_title_overview_indicator_and_measure_slides(goal13, goal13_pptx):
    prs = goal13_pptx
    assert (Emu(prs.slide_width).inches, Emu(prs.slide_height).inches) == pytest.approx((13.333, 7.5), abs=0.01)
    slides = list(prs.slides)
    title = slide_text(slides[0])
    assert "Asker 2030 – statusrapport" in title and "Mål 13: Stoppe klimaendringene" in title
    assert "Data per 1. mars 2025" in title
    summary = slide_text(slides[1])
    for item in goal13.items:
        assert norm(status_label(item.status, "nb")) in summary
    n_items = len(goal13.items)
    indicator_slides = slides[2 : 2 + n_items]
    for item, slide in zip(goal13.items, indicator_slides):
        text = slide_text(slide)
        assert norm(item.name) in text and norm(item.explanation) in text
        assert norm(status_label(item.status, "nb")) in text
        if item.has_data:
            assert len(pictures(slide)) == 1, f"no chart on the slide of {item.indicator.id}"
            pic = pictures(slide)[0]
            assert pic.width > Inches(7), "the chart fills most of the slide"
        else:
            assert not pictures(slide) and "Ingen målinger for Asker ennå." in text
        if item.comment:
            assert norm(item.comment.text) in text
    measures = slide_text(slides[2 + n_items])
    assert "Tiltak" in measures
    for m in goal13.goals[0].measures:
        assert norm(m.title) in measures
    assert len(slides) == 2 + n_items + 1


def test_pptx_marks_missing_charts(store):
    content = build_report(store, CATALOG, ["13"], "nb", render=failing_renderer, strict=False)
    prs = Presentation(io.BytesIO(build_pptx(content)))
    marked = [s for s in prs.slides if "Diagrammet mangler" in slide_text(s)]
    assert len(marked) == len(with_data(content))
    assert not any(pictures(s) for s in prs.slides)


def test_pptx_splits_long_tables_over_several_slides(store):
    content = build_report(store, CATALOG, ["11"], "nb", render=CountingRenderer())
    prs = Presentation(io.BytesIO(build_pptx(content)))
    rows = len(content.goals[0].status_rows("nb"))
    summaries = [
        s
        for s in prs.slides
        if s.shapes
        and any(sh.has_table for sh in s.shapes)
        and "Indikator" in slide_text(s)
        and "Siste verdi" in slide_text(s)
    ]
    assert len(summaries) == -(-rows // 8)
    shown = sum(len(sh.table.rows) - 1 for s in summaries for sh in s.shapes if sh.has_table)
    assert shown == rows


# --- command line ---------------------------------------------------------------------------------------


def test_cli_writes_pdf_and_pptx(tmp_path):
    path = build(tmp_path / "cli.duckdb")
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "etl",
            "--db",
            str(path),
            "report",
            "--goal",
            "13",
            "--format",
            "pdf",
            "--format",
            "pptx",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    pdf, pptx = out / "asker2030-maal-13.pdf", out / "asker2030-maal-13.pptx"
    assert pdf.is_file() and pptx.is_file()
    assert "Klimagassutslipp i Asker-samfunnet" in " ".join(pdf_pages(pdf.read_bytes()))
    assert len(Presentation(str(pptx)).slides) > 3


def test_cli_refuses_an_unknown_goal(tmp_path):
    path = build(tmp_path / "cli.duckdb")
    result = subprocess.run(
        [sys.executable, "-m", "etl", "--db", str(path), "report", "--goal", "99"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "unknown goal" in result.stderr


def test_report_charts_have_alternative_text(goal13, goal13_pdf, goal13_pptx):
    """Every chart picture says what it shows: the indicator and its status sentence (WCAG 1.1.1)."""
    charted = [i for i in with_data(goal13) if i.chart]
    assert charted
    alts = []

    def walk(node):  # the PDF's structure tree: elements with /K children, figures with /Alt
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif hasattr(node, "get"):
            if "/Alt" in node:
                alts.append(norm(str(node["/Alt"])))
            if "/K" in node:
                walk(node["/K"])

    walk(PdfReader(io.BytesIO(goal13_pdf)).trailer["/Root"]["/StructTreeRoot"])
    descrs = [
        norm(shape._element.nvPicPr.cNvPr.get("descr") or "")
        for slide in goal13_pptx.slides
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE
    ]
    for item in charted:
        expected = norm(f"Diagram: {item.name}. {item.explanation}")
        assert expected in alts, (expected, alts[:3])
        assert expected in descrs, (expected, descrs[:3])
