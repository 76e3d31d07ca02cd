"""PDF export with fpdf2 and an embedded font (Source Sans Pro, from PyPI): a document to file.

Cover page with the facts, table of contents, a one-page summary, the steps (each section's
blocks drawn by their type; long tables and note lists cut to their top entries), the action
plan on landscape pages, legal basis, method, the AI-literacy record and an approval block with
roles; the full lists in an annex. The page frame, text setting and tables are in
`pdf_layout`, the charts in `pdf_charts`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _
from fpdf.enums import XPos, YPos
from fpdf.outline import OutlineSection

from . import pdf_charts as charts
from .blocks import (
    Block,
    DistributionBlock,
    LightsBlock,
    ListBlock,
    MatrixBlock,
    NoteEntry,
    NotesBlock,
    ProfileBlock,
    QuadrantBlock,
    RankingBlock,
    TableBlock,
    TextBlock,
)
from .data import ReportData, StepSection, to_json
from .pdf_layout import (
    BRAND,
    FONT,
    INTERIM_RED,
    ReportPDF,
    bullets,
    heading,
    landscape,
    pairs,
    paragraph,
    printable,
    subheading,
    table,
)
from .summary import summarise
from .tables import action_plan_table, facts_rows, generated_text, literacy_rows


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def needs_marks(report: ReportData) -> bool:
    """Whether any text of the report has characters the PDF font cannot print."""
    return any(printable(text)[1] for text in _strings(to_json(report)))


def _toc(pdf: Any, outline: list[OutlineSection]) -> None:
    pdf.set_xy(pdf.l_margin, 20)
    pdf.set_font(FONT, "B", 15)
    pdf.set_text_color(*BRAND)
    pdf.cell(0, 9, _("Contents"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)
    for section in outline:
        if section.level > 1:
            continue
        size = 10 if section.level == 0 else 9
        pdf.set_font(FONT, "B" if section.level == 0 else "", size)
        indent = 6.0 * section.level
        number = str(section.page_number)
        name = section.name
        room = pdf.epw - indent - pdf.get_string_width(number) - 6
        while pdf.get_string_width(name) > room and len(name) > 4:
            name = name[:-2].rstrip() + "…"
        pdf.set_x(pdf.l_margin + indent)
        dots_width = room - pdf.get_string_width(name)
        dots = "." * max(2, int(dots_width / max(0.1, pdf.get_string_width("."))))
        pdf.cell(
            pdf.get_string_width(name) + 1, 5.6, name, link=pdf.add_link(page=section.page_number)
        )
        pdf.set_text_color(150, 150, 150)
        pdf.cell(dots_width + 4, 5.6, dots[: max(2, len(dots) - 2)])
        pdf.set_text_color(0, 0, 0)
        pdf.cell(0, 5.6, number, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _cover(pdf: ReportPDF, report: ReportData) -> None:
    pdf.add_page()
    pdf.ln(18)
    pdf.set_font(FONT, "", 12)
    pdf.set_text_color(*BRAND)
    pdf.cell(0, 7, _("Result report"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, "B", 22)
    pdf.multi_cell(0, 10, report.title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if report.facts.interim:
        pdf.ln(3)
        pdf.set_font(FONT, "B", 12)
        pdf.set_text_color(*INTERIM_RED)
        pdf.set_draw_color(*INTERIM_RED)
        pdf.multi_cell(
            0,
            7,
            _("Interim result: the workshop was still running when this was produced."),
            border=1,
            padding=2,
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.set_text_color(0, 0, 0)
        pdf.set_draw_color(0, 0, 0)
    pdf.ln(8)
    pairs(pdf, facts_rows(report))


def _notes_by_cluster(notes: tuple[NoteEntry, ...]) -> list[NoteEntry]:
    """Merged clusters first (most duplicates first), then the rest in their order."""
    return sorted(notes, key=lambda note: -len(note.merged))


def note_lines(block: NotesBlock, notes: list[NoteEntry]) -> list[str]:
    merged = block.merged_label
    return [
        note.text + (f" ({merged} {' · '.join(note.merged)})" if note.merged else "")
        for note in notes
    ]


Annex = list[tuple[StepSection, Block]]


def _notes(pdf: ReportPDF, step: StepSection, block: NotesBlock, annex: Annex) -> None:
    cut = False
    for column in block.columns:
        subheading(pdf, column.title)
        notes = _notes_by_cluster(column.notes)
        if not notes:
            paragraph(pdf, block.empty)
            continue
        bullets(pdf, note_lines(block, notes[: block.top]), size=9.5)
        if len(notes) > block.top:
            cut = True
            paragraph(pdf, column.more, size=8.5)
    if cut:
        annex.append((step, block))


def _table(pdf: ReportPDF, step: StepSection, block: TableBlock, annex: Annex) -> None:
    rows = block.rows[: block.top] if block.top else block.rows
    table(pdf, block.header, rows, title=block.caption)
    if len(rows) < len(block.rows):
        annex.append((step, block))
        paragraph(pdf, block.more, size=8.5)


def _block(pdf: ReportPDF, step: StepSection, block: Block, annex: Annex) -> None:
    """One block of a step's section, drawn by its type."""
    if isinstance(block, TextBlock):
        label = f"{block.label}: " if block.label else ""
        paragraph(pdf, label + " ".join(part for part in (block.lead, block.text) if part))
    elif isinstance(block, ListBlock):
        subheading(pdf, block.heading)
        bullets(pdf, block.items) if block.items else paragraph(pdf, block.empty)
    elif isinstance(block, TableBlock):
        _table(pdf, step, block, annex)
    elif isinstance(block, NotesBlock):
        _notes(pdf, step, block, annex)
    elif isinstance(block, RankingBlock):
        pdf.ln(1)
        charts.ranking_bars(pdf, block)
    elif isinstance(block, DistributionBlock):
        charts.distribution(pdf, block)
    elif isinstance(block, MatrixBlock):
        charts.matrix(pdf, block)
    elif isinstance(block, LightsBlock):
        charts.lights(pdf, block)
    elif isinstance(block, ProfileBlock):
        charts.profile(pdf, block)
    elif isinstance(block, QuadrantBlock):
        charts.quadrant(pdf, block)


def _step(pdf: ReportPDF, step: StepSection, annex: Annex) -> None:
    heading(pdf, f"{step.position + 1}. {step.title}", 1)
    if step.prompt:
        paragraph(pdf, step.prompt)
    for block in step.blocks:
        _block(pdf, step, block, annex)


def _summary(pdf: ReportPDF, report: ReportData) -> None:
    heading(pdf, _("Summary"))
    for part in summarise(report):
        subheading(pdf, part.heading)
        bullets(pdf, part.lines, size=9)


def _approval(pdf: ReportPDF, report: ReportData) -> None:
    heading(pdf, _("Approval"))
    paragraph(
        pdf,
        _(
            "Read and agreed. Reservations or dissenting opinions are noted below with the "
            "role that raises them."
        ),
        size=9,
    )
    roles = report.approval_roles
    if pdf.will_page_break(30 * ((len(roles) + 1) // 2) + 50):
        pdf.add_page()
    half = (pdf.epw - 10) / 2
    for start in range(0, len(roles), 2):
        pdf.ln(16)
        y = pdf.get_y()
        for column, role in enumerate(roles[start : start + 2]):
            x = pdf.l_margin + column * (half + 10)
            pdf.line(x, y, x + half, y)
            pdf.set_xy(x, y + 0.5)
            pdf.set_font(FONT, "B", 9)
            pdf.cell(half, 4.5, role)
            pdf.set_xy(x, y + 5)
            pdf.set_font(FONT, "", 8)
            pdf.cell(half, 4, _("Date, name, signature"))
        pdf.set_xy(pdf.l_margin, y + 10)
    pdf.ln(4)
    subheading(pdf, _("Reservations"))
    y = pdf.get_y()
    pdf.set_draw_color(150, 150, 150)
    pdf.rect(pdf.l_margin, y, pdf.epw, 40)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_y(y + 42)


def covered(block: NotesBlock, annex: Annex) -> StepSection | None:
    """The step whose full table in the annex already lists every note of this block, if any."""
    texts = {note.text for column in block.columns for note in column.notes}
    for step, other in annex:
        if isinstance(other, TableBlock) and other.lists and texts <= set(other.lists):
            return step
    return None


def by_step(annex: Annex) -> list[tuple[StepSection, list[Block]]]:
    """The annexed blocks grouped by their step, in the report's order."""
    grouped: dict[int, tuple[StepSection, list[Block]]] = {}
    for step, block in annex:
        grouped.setdefault(step.position, (step, []))[1].append(block)
    return list(grouped.values())


def _annex(pdf: ReportPDF, annex: Annex) -> None:
    if not annex:
        return
    pdf.add_page()
    heading(pdf, _("Annex: full lists"))
    for step, blocks in by_step(annex):
        heading(pdf, f"{step.position + 1}. {step.title}", 1)
        for block in blocks:
            if isinstance(block, TableBlock):
                table(pdf, block.header, block.rows, size=7.5)
                continue
            assert isinstance(block, NotesBlock)
            ranking = covered(block, annex)
            if ranking is not None:
                paragraph(
                    pdf,
                    _(
                        "Every note is listed in the full ranking of step %(step)s.",
                        step=ranking.position + 1,
                    ),
                )
                continue
            for column in block.columns:
                notes = _notes_by_cluster(column.notes)
                if notes:
                    subheading(pdf, column.title)
                    bullets(pdf, note_lines(block, notes), size=8.5)


def to_pdf(report: ReportData) -> bytes:
    pdf = ReportPDF(report.title, report.language, report.facts.interim, generated_text(report))
    pdf.set_title(report.title)
    pdf.set_creator(report.facts.software or "Facilitator")
    pdf.set_lang(report.language)
    _cover(pdf, report)
    pdf.add_page()
    pdf.insert_toc_placeholder(_toc, pages=1)
    _summary(pdf, report)
    pdf.add_page()
    heading(pdf, _("Results by step"))
    annex: Annex = []
    for step in report.steps:
        _step(pdf, step, annex)
    if report.show_action_plan:
        with landscape(pdf):
            heading(pdf, _("Action plan"))
            header, rows = action_plan_table(report)
            if rows:
                table(pdf, header, rows, size=7.5, allow_landscape=False)
            else:
                paragraph(pdf, _("No measures yet."))
    heading(pdf, _("Legal basis"))
    bullets(pdf, report.legal_basis, size=9)
    if report.review_due:
        pairs(pdf, [(_("Review due by"), format_date(report.review_due, "long"))])
    heading(pdf, _("Method"))
    notes = list(report.method_notes)
    if needs_marks(report):
        notes.append(
            _(
                "Characters the PDF's font cannot show (such as emoji, Arabic or Chinese script) "
                "are printed as their Unicode code point in brackets, e.g. [U+1F44D]; the DOCX, "
                "XLSX, CSV, JSON and HTML formats keep them."
            )
        )
    bullets(pdf, notes, size=9)
    heading(pdf, _("Record of an AI literacy measure (Art. 4 EU AI Act)"))
    pairs(pdf, literacy_rows(report))
    _approval(pdf, report)
    _annex(pdf, annex)
    return bytes(pdf.output())
