"""PDF export with fpdf2 and an embedded font (Source Sans Pro, from PyPI), so umlauts,
„quotes“, dashes and the euro sign render everywhere and the file stands on its own."""

from __future__ import annotations

from pathlib import Path

import font_source_sans_pro
from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from .data import HazardRow, MatrixInfo, ReportData, StepSection
from .tables import (
    Table,
    action_plan_table,
    dot_vote_summary,
    facts_rows,
    has_action_plan,
    literacy_rows,
    mean_text,
    quiz_summary,
    ranking_table,
    respondents_line,
    step_table,
    words_line,
)

FONT_DIR = Path(font_source_sans_pro.__file__).resolve().parent / "files"
BRAND = (11, 93, 82)
FONT = "SourceSans"


class ReportPDF(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.report_title = title
        self.add_font(FONT, "", str(FONT_DIR / "SourceSansPro-Regular.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "SourceSansPro-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 16, 18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.cell(0, 6, f"{self.report_title} · {self.page_no()}", align="C")


def _heading(pdf: ReportPDF, text: str, size: int = 14) -> None:
    pdf.ln(3)
    pdf.set_font(FONT, "B", size)
    pdf.set_text_color(*BRAND)
    pdf.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, "", 10.5)


def _paragraph(pdf: ReportPDF, text: str) -> None:
    pdf.set_font(FONT, "", 10.5)
    pdf.multi_cell(0, 5.2, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _pairs(pdf: ReportPDF, rows: list[tuple[str, str]]) -> None:
    with pdf.table(
        col_widths=(35, 105), first_row_as_headings=False, line_height=5.5, text_align="LEFT"
    ) as table:
        for label, value in rows:
            table.row([label, value])


GROUP_COLOURS = ((138, 59, 18), (59, 76, 192), (107, 76, 154), (90, 90, 90), (156, 47, 92))


def _bars(pdf: ReportPDF, step: StepSection) -> None:
    """Draw the ranking as horizontal bars (vector graphics, no image), and under each bar one
    thin bar per shown group."""
    top = max([1, *(row.dots for row in step.ranking)])
    width = pdf.epw - 80
    groups = step.groups.columns if step.groups else ()
    if groups:
        pdf.set_font(FONT, "", 8)
        for index, group in enumerate(groups):
            pdf.set_fill_color(*GROUP_COLOURS[index % len(GROUP_COLOURS)])
            x, y = pdf.get_x(), pdf.get_y()
            pdf.rect(x, y + 1.5, 3, 3, style="F")
            pdf.set_x(x + 4)
            pdf.cell(pdf.get_string_width(group) + 6, 6, group)
        pdf.ln(7)
    for row in step.ranking[:15]:
        if pdf.will_page_break(7 + 2.5 * len(groups)):
            pdf.add_page()
        y = pdf.get_y()
        label = row.text if len(row.text) <= 45 else row.text[:44] + "…"
        pdf.set_font(FONT, "", 9)
        pdf.cell(70, 6, label)
        pdf.set_fill_color(*BRAND)
        bar = width * row.dots / top
        if bar > 0:
            pdf.rect(pdf.l_margin + 72, y + 1, bar, 4, style="F")
        pdf.set_xy(pdf.l_margin + 74 + bar, y)
        pdf.set_font(FONT, "B", 9)
        pdf.cell(10, 6, str(row.dots), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        for index, count in enumerate(row.by_group):
            pdf.set_fill_color(*GROUP_COLOURS[index % len(GROUP_COLOURS)])
            if count.value:
                pdf.rect(pdf.l_margin + 72, pdf.get_y(), width * count.value / top, 1.8, style="F")
            pdf.set_y(pdf.get_y() + 2.5)
    pdf.set_fill_color(255, 255, 255)  # tables drawn later must not inherit the bar colour
    pdf.ln(2)


def _table(pdf: ReportPDF, table: Table | None, font_size: float = 8) -> None:
    """A table over the page width; the longest texts get the most room."""
    if table is None:
        return
    header, rows = table
    pdf.set_font(FONT, "", font_size)
    weights = [
        max(8, min(30, max([len(str(h)), *(len(str(r[i])) for r in rows)])))
        for i, h in enumerate(header)
    ]
    total = sum(weights)
    widths = tuple(pdf.epw * w / total for w in weights)
    with pdf.table(col_widths=widths, line_height=font_size * 0.5, text_align="LEFT") as grid:
        grid.row([str(h) for h in header])
        for row in rows:
            grid.row([str(cell) for cell in row])
    pdf.set_font(FONT, "", 10.5)


CLASS_FILLS = ((220, 240, 226), (255, 241, 194), (251, 224, 222), (244, 182, 176))
LIGHT_FILLS = ((11, 107, 47), (242, 201, 76), (164, 22, 26))


def _matrix(pdf: ReportPDF, matrix: MatrixInfo, hazards: tuple[HazardRow, ...]) -> None:
    """The risk matrix as vector graphics: cells coloured by class, hazards by rank number."""
    cell, label = 22.0, 42.0
    rows, columns = len(matrix.likelihood), len(matrix.severity)
    needed = 14 + cell * rows + 16
    if pdf.will_page_break(needed):
        pdf.add_page()
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, 6, matrix.name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    x0, y0 = pdf.l_margin + label, pdf.get_y() + 8
    placed: dict[tuple[int, int], list[int]] = {}
    for row in hazards:
        if row.likelihood and row.severity:
            placed.setdefault((row.likelihood.median, row.severity.median), []).append(row.rank)
    pdf.set_font(FONT, "", 7)
    for column, name in enumerate(matrix.severity):
        pdf.set_xy(x0 + column * cell, y0 - 7)
        pdf.cell(cell, 6, f"{column + 1} {name}"[:16], align="C")
    for index in range(rows):
        likelihood = rows - index
        y = y0 + index * cell
        pdf.set_xy(pdf.l_margin, y + cell / 2 - 3)
        pdf.set_font(FONT, "", 7)
        pdf.cell(label - 2, 6, f"{likelihood} {matrix.likelihood[likelihood - 1]}"[:24], align="R")
        for column in range(columns):
            figure = matrix.table[likelihood - 1][column]
            fill = CLASS_FILLS[min(matrix.class_index(figure), len(CLASS_FILLS) - 1)]
            x = x0 + column * cell
            pdf.set_fill_color(*fill)
            pdf.rect(x + 0.5, y + 0.5, cell - 1, cell - 1, style="F")
            pdf.set_xy(x + 1, y + 1)
            pdf.set_font(FONT, "", 6)
            pdf.cell(5, 3, str(figure))
            pdf.set_font(FONT, "B", 8)
            ranks = placed.get((likelihood, column + 1), [])
            if ranks:
                pdf.set_xy(x + 1, y + cell / 2 - 2)
                pdf.multi_cell(cell - 2, 4, " ".join(f"({r})" for r in ranks), align="C")
    pdf.set_y(y0 + rows * cell + 2)
    pdf.set_font(FONT, "", 8)
    legend = " · ".join(f"{c.label} {c.low}–{c.high}" for c in matrix.classes)
    pdf.multi_cell(0, 4.5, legend, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_fill_color(255, 255, 255)
    pdf.ln(2)


def _lights(pdf: ReportPDF, hazards: tuple[HazardRow, ...]) -> None:
    """Per hazard a bar split into green, yellow and red ratings."""
    width = pdf.epw - 80
    for row in hazards[:20]:
        if pdf.will_page_break(7):
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_font(FONT, "", 9)
        label = f"{row.rank}. {row.text}"
        pdf.cell(75, 6, label if len(label) <= 48 else label[:47] + "…")
        total = row.green + row.yellow + row.red
        x = pdf.l_margin + 77
        for value, fill in zip((row.green, row.yellow, row.red), LIGHT_FILLS, strict=True):
            if total and value:
                part = width * value / total
                pdf.set_fill_color(*fill)
                pdf.rect(x, y + 1, part, 4, style="F")
                x += part
        pdf.set_xy(x + 2, y)
        pdf.cell(20, 6, f"{row.green}/{row.yellow}/{row.red}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_fill_color(255, 255, 255)
    pdf.ln(2)


def _profile(pdf: ReportPDF, step: StepSection) -> None:
    """The dimension profile: one bar per dimension (and variant) on the scale's numbers."""
    points = max(2, len(step.labels))
    width = pdf.epw - 90
    for row in step.dimension_scores:
        if pdf.will_page_break(7):
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_font(FONT, "", 9)
        label = f"{row.dimension} {row.variant}".strip()
        pdf.cell(80, 6, label if len(label) <= 50 else label[:49] + "…")
        if row.mean is not None:
            pdf.set_fill_color(*BRAND)
            bar = max(1.0, width * (row.mean - step.first_value) / (points - 1))
            pdf.rect(pdf.l_margin + 82, y + 1, bar, 4, style="F")
            pdf.set_xy(pdf.l_margin + 84 + bar, y)
        pdf.set_font(FONT, "B", 9)
        pdf.cell(12, 6, mean_text(row.mean), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_fill_color(255, 255, 255)
    pdf.ln(2)


def _step(pdf: ReportPDF, step: StepSection) -> None:
    _heading(pdf, f"{step.position + 1}. {step.title}", 13)
    _paragraph(pdf, step.prompt)
    if step.kind == "info":
        _paragraph(
            pdf, _("Input given to the participants.") + (f" {step.link}" if step.link else "")
        )
    elif step.kind == "check":
        _paragraph(pdf, respondents_line(step))
        unmet = [row for row in step.statements if row.unmet]
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(0, 6, _("Statements found unmet"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, "", 10.5)
        for statement in unmet:
            _paragraph(pdf, f"• {statement.text}")
        if not unmet:
            _paragraph(pdf, _("None."))
        _table(pdf, step_table(step))
    elif step.kind == "risk":
        _paragraph(pdf, respondents_line(step))
        if step.matrix is not None:
            _matrix(pdf, step.matrix, step.hazards)
        else:
            _lights(pdf, step.hazards)
        _table(pdf, step_table(step))
    elif step.kind in ("scale", "poll", "quiz", "weighted"):
        _paragraph(pdf, respondents_line(step))
        if step.kind == "scale" and not step.nominal:
            _profile(pdf, step)
        if step.kind == "quiz":
            _paragraph(
                pdf, quiz_summary(step) + (f" {step.explanation}" if step.explanation else "")
            )
        _table(pdf, step_table(step))
    elif step.kind in ("board", "actions", "canvas"):
        if step.words:
            _paragraph(pdf, _("Word cloud") + ": " + words_line(step))
        for column in step.columns:
            pdf.ln(1)
            pdf.set_font(FONT, "B", 11)
            pdf.multi_cell(0, 6, column, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_font(FONT, "", 10.5)
            notes = [note for note in step.notes if note.column == column]
            for note in notes:
                merged = f" ({_('Merged:')} {' · '.join(note.merged)})" if note.merged else ""
                pdf.multi_cell(
                    0, 5.2, f"• {note.text}{merged}", new_x=XPos.LMARGIN, new_y=YPos.NEXT
                )
            if not notes:
                _paragraph(pdf, _("No notes yet."))
    elif step.kind == "dot_vote":
        _paragraph(pdf, dot_vote_summary(step))
        pdf.ln(1)
        _bars(pdf, step)
        header, rows = ranking_table(step)
        pdf.set_font(FONT, "", 9)
        widths = (10, 70, 30, 14, *([18] * (len(header) - 4)))
        with pdf.table(col_widths=widths, line_height=4.8, text_align="LEFT") as table:
            table.row(header)
            for row in rows:
                table.row([str(cell) for cell in row])


def to_pdf(report: ReportData) -> bytes:
    pdf = ReportPDF(report.title)
    pdf.set_title(report.title)
    pdf.set_creator("Facilitator")
    pdf.add_page()
    pdf.set_font(FONT, "", 10)
    subtitle = _("Result report")
    if report.facts.interim:
        subtitle += " · " + _("Interim result")
    pdf.cell(0, 6, subtitle, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 20)
    pdf.multi_cell(0, 9, report.title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font(FONT, "", 10)
    _pairs(pdf, facts_rows(report))
    for step in report.steps:
        _step(pdf, step)
    if has_action_plan(report):
        pdf.add_page(orientation="L")
        _heading(pdf, _("Action plan"))
        header, rows = action_plan_table(report)
        if rows:
            _table(pdf, (header, rows), font_size=7.5)
        else:
            _paragraph(pdf, _("No measures yet."))
        pdf.add_page(orientation="P")
    _heading(pdf, _("Method"))
    for line in report.method_notes:
        _paragraph(pdf, f"• {line}")
    _heading(pdf, _("Record of an AI literacy measure (Art. 4 EU AI Act)"))
    _pairs(pdf, literacy_rows(report))
    _heading(pdf, _("Approval"))
    pdf.ln(14)
    y = pdf.get_y()
    half = (pdf.epw - 10) / 2
    pdf.line(pdf.l_margin, y, pdf.l_margin + half, y)
    pdf.line(pdf.l_margin + half + 10, y, pdf.l_margin + pdf.epw, y)
    pdf.set_font(FONT, "", 9)
    pdf.cell(half + 10, 5, _("Works council: date, signature"))
    pdf.cell(half, 5, _("Management: date, signature"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
