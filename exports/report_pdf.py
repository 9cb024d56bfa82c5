"""The status report as PDF (A4, fpdf2) with embedded DejaVu fonts, so æøå, arrows and the en dash always render."""

from __future__ import annotations

import io
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from exports.report_data import CHART_HEIGHT, CHART_WIDTH, GoalSection, IndicatorItem, ReportContent
from indicators.progress import STATUSES

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
ASKER_BLUE = (0, 84, 130)
GREY = (90, 90, 90)
LIGHT = (242, 242, 242)
WARN = (255, 236, 200)
CHART_W = 180  # mm: the full text width of A4 with 15 mm margins


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


class _PDF(FPDF):
    def __init__(self, content: ReportContent):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.content = content
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=18)
        self.set_title(f"{content.title} – {content.subtitle}")
        self.set_author("Asker kommune")
        self.set_creator("Asker 2030")
        self.set_lang("en" if content.lang == "en" else "nb")
        self.alias_nb_pages()

    def footer(self):
        if self.page_no() == 1:
            return
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY)
        page = self.content.t("page", n=self.page_no(), total="{nb}")
        self.cell(0, 5, f"{self.content.t('footer')} · {self.content.subtitle}", align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, page, align="R")
        self.set_text_color(0, 0, 0)

    # -- small building blocks --
    def para(self, text: str, size: float = 10, style: str = "", colour=(0, 0, 0), h: float | None = None):
        self.set_font(FONT, style, size)
        self.set_text_color(*colour)
        self.multi_cell(0, h or size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, size: float, colour=ASKER_BLUE, space: float = 2):
        self.ln(space)
        self.para(text, size, "B", colour)
        self.ln(1)

    def chip(self, code: str, text: str, size: float = 9):
        """A status: icon + word on the colour-blind-safe fill, black text."""
        s = STATUSES[code]
        self.set_font(FONT, "B", size)
        self.set_fill_color(*_rgb(s["colour"]))
        self.set_text_color(*_rgb(s["text_colour"]))
        w = self.get_string_width(text) + 4
        if self.get_x() + w > self.w - self.r_margin:
            self.ln(size * 0.6)
        self.cell(w, size * 0.6, text, fill=True, new_x=XPos.RIGHT, new_y=YPos.TOP)
        self.set_x(self.get_x() + 1.5)
        self.set_text_color(0, 0, 0)

    def chips(self, parts: list[tuple[str, str]], size: float = 9):
        for code, text in parts:
            self.chip(code, text, size)
        self.ln(size * 0.6 + 2)

    def boxed(self, lines: list[tuple[str, str]], fill=LIGHT, size: float = 9.5):
        """A shaded box of (style, text) lines, e.g. the latest comment."""
        self.set_fill_color(*fill)
        for style, text in lines:
            self.set_font(FONT, style, size)
            self.multi_cell(
                0,
                size * 0.5,
                text,
                fill=True,
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
                align="L",
                padding=(0.8, 2, 0.8, 2),  # type: ignore[arg-type]  # mm; fpdf2 takes floats, its hint says int
            )
        self.ln(1)

    def table_style(self):
        """Before a table: white cells (the table fills with the current colour), thin grey rules."""
        self.set_fill_color(255, 255, 255)
        self.set_draw_color(170, 170, 170)
        self.set_line_width(0.2)
        self.set_text_color(0, 0, 0)

    def space_left(self) -> float:
        return self.h - self.b_margin - self.get_y()


def _title_page(pdf: _PDF, c: ReportContent) -> None:
    pdf.add_page()
    pdf.set_y(70)
    pdf.para(c.title, 26, "B", ASKER_BLUE, h=12)
    pdf.ln(4)
    pdf.para(c.subtitle, 18, "", (0, 0, 0), h=9)
    pdf.ln(8)
    pdf.para(c.created, 12, h=7)
    pdf.para(c.data_as_of, 12, "B", h=7)
    if c.example:
        pdf.ln(6)
        pdf.boxed([("B", c.t("example"))], fill=WARN, size=11)
    if len(c.goals) > 1:
        pdf.ln(8)
        for g in c.goals:
            pdf.para(g.title, 12, h=7)
    pdf.set_y(-45)
    pdf.para(c.t("method_note"), 8.5, colour=GREY)


def _overview(pdf: _PDF, c: ReportContent) -> None:
    """All goals: one row per goal with its status counts (icon + word + number, coloured)."""
    pdf.add_page()
    pdf.heading(c.t("summary"), 18, space=0)
    head = FontFace(emphasis="BOLD", fill_color=(225, 232, 240))
    pdf.set_font(FONT, "", 9.5)
    pdf.table_style()
    with pdf.table(col_widths=(70, 110), text_align="LEFT", line_height=5.5, headings_style=head, padding=1.5) as table:
        row = table.row()
        row.cell(c.t("col_goal"))
        row.cell(c.t("col_statuses"))
        for g in c.goals:
            row = table.row()
            row.cell(f"{g.title}\n{g.summary_text}")
            row.cell("\n".join(text for _, text in g.chips))
    pdf.ln(3)


def _status_table(pdf: _PDF, c: ReportContent, g: GoalSection) -> None:
    head = FontFace(emphasis="BOLD", fill_color=(225, 232, 240))
    pdf.set_font(FONT, "", 8.5)
    pdf.table_style()
    with pdf.table(
        col_widths=(18, 54, 27, 44, 37), text_align="LEFT", line_height=4.5, headings_style=head, padding=1.2
    ) as table:
        row = table.row()
        for key in ("col_objective", "col_indicator", "col_latest", "col_target", "col_status"):
            row.cell(c.t(key))
        for r in g.status_rows(c.lang):
            row = table.row()
            row.cell(r["objective"])
            row.cell(r["indicator"])
            row.cell(r["latest"])
            row.cell(r["target"])
            s = STATUSES[r["status"]]
            row.cell(
                r["status_text"],
                style=FontFace(emphasis="BOLD", fill_color=_rgb(s["colour"]), color=_rgb(s["text_colour"])),
            )
    pdf.ln(2)


def _block_height(item: IndicatorItem | None) -> float:
    """A rough height (mm) of an indicator block, so a page break never separates a name from its chart."""
    if item is None:
        return 10
    return 40 + 4 * len(item.notes) + (CHART_W * CHART_HEIGHT / CHART_WIDTH if item.chart else 0)


def _indicator(pdf: _PDF, c: ReportContent, item: IndicatorItem) -> None:
    if pdf.space_left() < _block_height(item):
        pdf.add_page()
    pdf.set_draw_color(200, 200, 200)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2)
    pdf.para(item.name, 12, "B")
    pdf.ln(0.5)
    pdf.chip(item.status, item.status_text, 9.5)
    pdf.ln(7)
    pdf.para(item.explanation, 10)
    pdf.para(f"{c.t('target')}: {item.target}   ·   {c.t('latest')}: {item.latest}", 9, colour=GREY)
    if item.linked_from:
        pdf.para(c.t("linked_from", id=item.linked_from), 8.5, colour=GREY)
    for note in item.notes:
        pdf.para(note, 8.5, colour=GREY)
    pdf.ln(1)
    if item.chart:
        # alt text (fpdf2 tags the image as a Figure): what a screen reader says instead of the picture
        pdf.image(
            io.BytesIO(item.chart),
            x=pdf.l_margin,
            w=CHART_W,
            alt_text=f"{c.t('chart_alt')}: {item.name}. {item.explanation}",
        )
    elif item.has_data:
        pdf.boxed([("B", c.t("chart_missing", reason=item.chart_error or "?"))], fill=WARN)
    else:
        pdf.para(c.t("no_series"), 9.5, colour=GREY)
    pdf.ln(1)
    if item.comment:
        lines = [("B", item.comment.heading(c.lang)), ("", item.comment.text)]
        if item.comment.planned_action:
            lines.append(("", f"{c.t('planned_action')}: {item.comment.planned_action}"))
        pdf.boxed(lines)
    else:
        pdf.para(c.t("no_comment"), 9, colour=GREY)
    pdf.ln(3)


def _measures(pdf: _PDF, c: ReportContent, g: GoalSection) -> None:
    if pdf.space_left() < 50:
        pdf.add_page()
    pdf.heading(f"{c.t('measures')} – {g.title}", 14)
    if not g.measures:
        pdf.para(c.t("no_measures"), 10, colour=GREY)
        return
    head = FontFace(emphasis="BOLD", fill_color=(225, 232, 240))
    pdf.set_font(FONT, "", 8.5)
    pdf.table_style()
    with pdf.table(
        col_widths=(60, 26, 24, 27, 43), text_align="LEFT", line_height=4.5, headings_style=head, padding=1.2
    ) as table:
        row = table.row()
        for key in ("col_measure", "col_responsible", "col_status", "col_due", "col_indicators"):
            row.cell(c.t(key))
        for m in g.measures:
            row = table.row()
            title = m.title + (f" ({c.t('example_measure')})" if m.is_example else "")
            row.cell(f"{title}\n{m.description}" if m.description else title)
            row.cell(m.responsible or "–")
            row.cell(m.status_text)
            row.cell(m.due)
            row.cell(", ".join(m.indicators) or "–")


def build_pdf(content: ReportContent) -> bytes:
    pdf = _PDF(content)
    _title_page(pdf, content)
    if len(content.goals) > 1:
        _overview(pdf, content)
    for g in content.goals:
        pdf.add_page()
        pdf.heading(g.title, 20, space=0)
        pdf.para(g.ambition, 11)
        pdf.ln(2)
        pdf.para(f"{content.t('goal_status')}: {g.summary_text}", 10, "B")
        pdf.ln(1)
        pdf.chips(g.chips)
        _status_table(pdf, content, g)
        for o in g.objectives:
            if pdf.space_left() < 30 + _block_height(o.items[0] if o.items else None):
                pdf.add_page()  # keep an objective's heading with its first indicator
            pdf.heading(o.title, 15)
            pdf.para(o.text, 9.5, colour=GREY)
            pdf.ln(1)
            if not o.items:
                pdf.para(content.t("no_indicators"), 10, colour=GREY)
                continue
            for item in o.items:
                _indicator(pdf, content, item)
        _measures(pdf, content, g)
    return bytes(pdf.output())


def write_pdf(content: ReportContent, out_dir: Path) -> Path:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{content.file_stem()}.pdf"
    path.write_bytes(build_pdf(content))
    return path
