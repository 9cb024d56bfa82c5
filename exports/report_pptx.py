"""The status report as a 16:9 PowerPoint (python-pptx): title, status overview, one slide per indicator
(chart with target and required path, status, explanation, latest commentary) and the goal's measures."""

from __future__ import annotations

import io
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from exports.report_data import GoalSection, IndicatorItem, ReportContent
from indicators.progress import STATUSES

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
ASKER_BLUE = RGBColor(0x00, 0x54, 0x82)
GREY = RGBColor(0x5A, 0x5A, 0x5A)
LIGHT = RGBColor(0xF2, 0xF2, 0xF2)
WARN = RGBColor(0xFF, 0xEC, 0xC8)
ROWS_PER_TABLE = 8
MEASURES_PER_SLIDE = 5
BLANK = 6  # the default template's blank layout


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _text(
    slide,
    left,
    top,
    width,
    height,
    text: str | list[tuple],  # one text, or lines of (text, size, bold, colour)
    size: int = 18,
    bold: bool = False,
    colour=None,
    fill=None,
    align=PP_ALIGN.LEFT,
    anchor=MSO_ANCHOR.TOP,
):
    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = anchor
    if fill is not None:
        box.fill.solid()
        box.fill.fore_color.rgb = fill
    lines = text if isinstance(text, list) else [(text, size, bold, colour)]
    for n, (line, line_size, line_bold, line_colour) in enumerate(lines):
        p = tf.paragraphs[0] if n == 0 else tf.add_paragraph()
        p.alignment = align
        run = p.add_run()
        run.text = line
        run.font.size = Pt(line_size)
        run.font.bold = line_bold
        if line_colour is not None:
            run.font.color.rgb = line_colour
    return box


def _title(slide, text: str, kicker: str = "") -> None:
    if kicker:
        _text(slide, MARGIN, Inches(0.25), WIDTH - 2 * MARGIN, Inches(0.4), kicker, 14, colour=GREY)
    _text(slide, MARGIN, Inches(0.55), WIDTH - 2 * MARGIN, Inches(0.8), text, 30, True, ASKER_BLUE)


def _chip(slide, left, top, code: str, label: str, size: int = 18):
    """Icon + word on the status colour with black text: never colour alone."""
    s = STATUSES[code]
    width = Inches(0.25 + 0.13 * len(label) * size / 18)
    shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top, width, Inches(0.5 * size / 18))
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(s["colour"])
    shape.line.fill.background()
    tf = shape.text_frame
    tf.margin_left = tf.margin_right = Inches(0.08)
    p = tf.paragraphs[0]
    run = p.add_run()
    run.text = label
    run.font.size = Pt(size)
    run.font.bold = True
    run.font.color.rgb = _rgb(s["text_colour"])
    return shape


def _footer(slide, c: ReportContent) -> None:
    text = f"{c.t('footer')} · {c.data_as_of}" + (f" · {c.t('example')}" if c.example else "")
    _text(slide, MARGIN, HEIGHT - Inches(0.45), WIDTH - 2 * MARGIN, Inches(0.35), text, 11, colour=GREY)


def _table(
    slide,
    top,
    headers: list[str],
    rows: list[list[str]],
    widths: list[float],
    size: int = 14,
    status_col: int | None = None,
    codes: list[str] | None = None,
):
    shape = slide.shapes.add_table(
        len(rows) + 1, len(headers), MARGIN, top, WIDTH - 2 * MARGIN, Inches(0.45 * (len(rows) + 1))
    )
    table = shape.table
    total = sum(widths)
    for j, w in enumerate(widths):
        table.columns[j].width = Emu(int((WIDTH - 2 * MARGIN) * w / total))
    for j, h in enumerate(headers):
        cell = table.cell(0, j)
        cell.text = h
        for run in cell.text_frame.paragraphs[0].runs:  # an empty heading has no run
            run.font.size = Pt(size)
            run.font.bold = True
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.text = value
            for p in cell.text_frame.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(size)
            if status_col is not None and j == status_col and codes:
                s = STATUSES[codes[i - 1]]
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(s["colour"])
                for p in cell.text_frame.paragraphs:
                    for run in p.runs:
                        run.font.bold = True
                        run.font.color.rgb = _rgb(s["text_colour"])
    return shape


def _chunks(seq, n):
    return [seq[i : i + n] for i in range(0, len(seq), n)] or [[]]


def _title_slide(prs, c: ReportContent) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK])
    _text(slide, Inches(0.9), Inches(2.0), Inches(11.5), Inches(1.2), c.title, 44, True, ASKER_BLUE)
    _text(slide, Inches(0.9), Inches(3.2), Inches(11.5), Inches(0.9), c.subtitle, 30)
    _text(
        slide,
        Inches(0.9),
        Inches(4.3),
        Inches(11.5),
        Inches(1.0),
        [(c.created, 20, False, None), (c.data_as_of, 20, True, None)],
    )
    if c.example:
        _text(slide, Inches(0.9), Inches(5.6), Inches(11.5), Inches(0.6), c.t("example"), 18, True, fill=WARN)


def _overview_slide(prs, c: ReportContent) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK])
    _title(slide, c.t("summary"))
    rows = [[g.title, g.summary_text, "\n".join(t for _, t in g.chips)] for g in c.goals]
    _table(slide, Inches(1.5), [c.t("col_goal"), c.t("goal_status"), c.t("col_statuses")], rows, [3, 4, 4], size=13)
    _footer(slide, c)


def _goal_slides(prs, c: ReportContent, g: GoalSection) -> None:
    rows = g.status_rows(c.lang)
    parts = _chunks(rows, ROWS_PER_TABLE)
    for n, part in enumerate(parts, start=1):
        slide = prs.slides.add_slide(prs.slide_layouts[BLANK])
        _title(slide, g.title, g.ambition if n == 1 else f"{c.t('summary')} ({n}/{len(parts)})")
        x = MARGIN
        for code, label in g.chips:
            chip = _chip(slide, x, Inches(1.45), code, label, 14)
            x += chip.width + Inches(0.1)
        _table(
            slide,
            Inches(2.05),
            [c.t(k) for k in ("col_objective", "col_indicator", "col_latest", "col_target", "col_status")],
            [[r["objective"], r["indicator"], r["latest"], r["target"], r["status_text"]] for r in part],
            [1.0, 3.6, 1.8, 3.6, 2.4],
            size=12,
            status_col=4,
            codes=[r["status"] for r in part],
        )
        _footer(slide, c)


def _indicator_slide(prs, c: ReportContent, g: GoalSection, objective_title: str, item: IndicatorItem) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK])
    _title(slide, item.name, f"{g.title} · {objective_title}")
    _chip(slide, MARGIN, Inches(1.4), item.status, item.status_text, 20)
    chart_left, chart_top, chart_w = MARGIN, Inches(2.05), Inches(8.3)
    if item.chart:
        picture = slide.shapes.add_picture(io.BytesIO(item.chart), chart_left, chart_top, width=chart_w)
        # alt text ("descr" of the picture, what PowerPoint's Alt Text pane edits): read instead of the picture
        picture._element.nvPicPr.cNvPr.set("descr", f"{c.t('chart_alt')}: {item.name}. {item.explanation}")
    else:
        message = c.t("chart_missing", reason=item.chart_error or "?") if item.has_data else c.t("no_series")
        _text(
            slide,
            chart_left,
            chart_top,
            chart_w,
            Inches(1.0),
            message,
            20,
            True,
            fill=WARN if item.has_data else LIGHT,
            anchor=MSO_ANCHOR.MIDDLE,
        )
    side_left = MARGIN + chart_w + Inches(0.3)
    side_w = WIDTH - side_left - MARGIN
    facts = [
        (item.explanation, 16, False, None),
        ("", 8, False, None),
        (f"{c.t('target')}: {item.target}", 13, False, GREY),
        (f"{c.t('latest')}: {item.latest}", 13, False, GREY),
    ]
    if item.linked_from:
        facts.append((c.t("linked_from", id=item.linked_from), 12, False, GREY))
    _text(slide, side_left, Inches(1.35), side_w, Inches(2.6), facts)
    if item.comment:
        lines = [(item.comment.heading(c.lang), 12, True, ASKER_BLUE), (item.comment.text, 14, False, None)]
        if item.comment.planned_action:
            lines.append((f"{c.t('planned_action')}: {item.comment.planned_action}", 13, True, None))
    else:
        lines = [(c.t("no_comment"), 13, False, GREY)]
    _text(slide, side_left, Inches(4.1), side_w, Inches(2.6), lines, fill=LIGHT)
    _footer(slide, c)


def _measures_slides(prs, c: ReportContent, g: GoalSection) -> None:
    parts = _chunks(g.measures, MEASURES_PER_SLIDE)
    for n, part in enumerate(parts, start=1):
        slide = prs.slides.add_slide(prs.slide_layouts[BLANK])
        suffix = f" ({n}/{len(parts)})" if len(parts) > 1 else ""
        _title(slide, f"{c.t('measures')}{suffix}", g.title)
        if not part:
            _text(slide, MARGIN, Inches(1.6), WIDTH - 2 * MARGIN, Inches(0.6), c.t("no_measures"), 20, colour=GREY)
        else:
            rows = [
                [
                    m.title + (f" ({c.t('example_measure')})" if m.is_example else ""),
                    m.responsible or "–",
                    m.status_text,
                    m.due,
                    ", ".join(m.indicators) or "–",
                ]
                for m in part
            ]
            _table(
                slide,
                Inches(1.5),
                [c.t(k) for k in ("col_measure", "col_responsible", "col_status", "col_due", "col_indicators")],
                rows,
                [4.2, 2.0, 1.6, 1.6, 3.6],
                size=13,
            )
        _footer(slide, c)


def build_pptx(content: ReportContent) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    prs.core_properties.title = f"{content.title} – {content.subtitle}"
    prs.core_properties.author = "Asker kommune"
    _title_slide(prs, content)
    if len(content.goals) > 1:
        _overview_slide(prs, content)
    for g in content.goals:
        _goal_slides(prs, content, g)
        for o in g.objectives:
            for item in o.items:
                _indicator_slide(prs, content, g, o.title, item)
        _measures_slides(prs, content, g)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def write_pptx(content: ReportContent, out_dir: Path) -> Path:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{content.file_stem()}.pptx"
    path.write_bytes(build_pptx(content))
    return path
