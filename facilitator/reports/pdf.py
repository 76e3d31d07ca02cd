"""PDF export with fpdf2 and an embedded font (Source Sans Pro, from PyPI): a document to file.

Cover page with the facts, table of contents, a one-page summary, the steps (long rankings and
note lists cut to their top entries), the action plan on landscape pages, legal basis, method,
the AI-literacy record and an approval block with roles; the full lists in an annex. The page
frame, text setting and tables are in `pdf_layout`, the charts in `pdf_charts`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _
from fpdf.enums import XPos, YPos
from fpdf.outline import OutlineSection

from . import pdf_charts as charts
from .data import ReportData, ReportNote, StepSection, to_json
from .document import approval_roles
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
from .tables import (
    action_plan_table,
    dot_vote_summary,
    facts_rows,
    generated_text,
    has_action_plan,
    literacy_rows,
    qa_summary,
    quiz_summary,
    ranking_table,
    respondents_line,
    step_table,
    words_line,
)

TOP = 20  # entries of a long ranking or note list in the main part; all of them in the annex


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


def _notes_by_cluster(notes: list[ReportNote]) -> list[ReportNote]:
    """Merged clusters first (most duplicates first), then the rest in their order."""
    return sorted(notes, key=lambda note: -len(note.merged))


def _note_lines(notes: list[ReportNote]) -> list[str]:
    merged = _("Merged:")
    return [
        note.text + (f" ({merged} {' · '.join(note.merged)})" if note.merged else "")
        for note in notes
    ]


def _board(pdf: ReportPDF, step: StepSection, annex: list[StepSection]) -> None:
    if step.words:
        paragraph(pdf, _("Word cloud") + ": " + words_line(step))
    cut = False
    for column in step.columns:
        subheading(pdf, column)
        notes = _notes_by_cluster([n for n in step.notes if n.column == column])
        if not notes:
            paragraph(pdf, _("No notes yet."))
            continue
        bullets(pdf, _note_lines(notes[:TOP]), size=9.5)
        if len(notes) > TOP:
            cut = True
            paragraph(
                pdf,
                _(
                    "The %(top)s notes above come first (merged duplicates first); all "
                    "%(all)s are in the annex and the XLSX file.",
                    top=TOP,
                    all=len(notes),
                ),
                size=8.5,
            )
    if cut:
        annex.append(step)


def _dot_vote(pdf: ReportPDF, step: StepSection, annex: list[StepSection]) -> None:
    paragraph(pdf, dot_vote_summary(step))
    if not step.ranking:  # too few voters: the notes, without dots or order (the gate)
        _board(pdf, step, annex)
        return
    pdf.ln(1)
    charts.ranking_bars(pdf, step, step.ranking[:10])
    header, rows = ranking_table(step)
    table(pdf, header, rows[:TOP])
    if len(rows) > TOP:
        annex.append(step)
        paragraph(
            pdf,
            _(
                "The top %(top)s of %(all)s notes; the full ranking is in the annex and the "
                "XLSX file.",
                top=TOP,
                all=len(rows),
            ),
            size=8.5,
        )


def _step(pdf: ReportPDF, step: StepSection, annex: list[StepSection]) -> None:
    heading(pdf, f"{step.position + 1}. {step.title}", 1)
    if step.prompt:
        paragraph(pdf, step.prompt)
    if step.kind == "info":
        paragraph(
            pdf, _("Input given to the participants.") + (f" {step.link}" if step.link else "")
        )
    elif step.kind == "check":
        paragraph(pdf, respondents_line(step))
        unmet = [row.text for row in step.statements if row.unmet]
        subheading(pdf, _("Statements found unmet"))
        bullets(pdf, unmet) if unmet else paragraph(pdf, _("None."))
        _table(pdf, step)
    elif step.kind == "risk":
        paragraph(pdf, respondents_line(step))
        if step.matrix is not None:
            charts.matrix(pdf, step.matrix, step.hazards)
        else:
            charts.lights(pdf, step.hazards)
        _table(pdf, step, _("Prioritised hazards"))
    elif step.kind in ("scale", "poll", "quiz", "weighted"):
        paragraph(pdf, respondents_line(step))
        if step.kind == "scale" and not step.nominal:
            charts.profile(pdf, step)
        if step.kind == "quiz":
            paragraph(
                pdf, quiz_summary(step) + (f" {step.explanation}" if step.explanation else "")
            )
        _table(pdf, step)
    elif step.kind in ("board", "actions", "canvas"):
        _board(pdf, step, annex)
    elif step.kind == "dot_vote":
        _dot_vote(pdf, step, annex)
    elif step.kind == "qa":
        paragraph(pdf, qa_summary(step))
        _table(pdf, step)


def _table(pdf: ReportPDF, step: StepSection, title: str = "") -> None:
    found = step_table(step)
    if found is not None:
        header, rows = found
        table(pdf, header, rows, title=title)


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
    roles = approval_roles(report)
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


def covered(board: StepSection, steps: list[StepSection]) -> StepSection | None:
    """The dot vote whose full ranking already lists every note of this board, if any."""
    texts = {note.text for note in board.notes}
    for step in steps:
        if step.kind == "dot_vote" and texts <= {row.text for row in step.ranking}:
            return step
    return None


def _annex(pdf: ReportPDF, steps: list[StepSection]) -> None:
    if not steps:
        return
    pdf.add_page()
    heading(pdf, _("Annex: full lists"))
    for step in steps:
        heading(pdf, f"{step.position + 1}. {step.title}", 1)
        if step.kind == "dot_vote":
            header, rows = ranking_table(step)
            table(pdf, header, rows, size=7.5)
            continue
        ranking = covered(step, steps)
        if ranking is not None:
            paragraph(
                pdf,
                _(
                    "Every note is listed in the full ranking of step %(step)s.",
                    step=ranking.position + 1,
                ),
            )
            continue
        for column in step.columns:
            notes = _notes_by_cluster([n for n in step.notes if n.column == column])
            if notes:
                subheading(pdf, column)
                bullets(pdf, _note_lines(notes), size=8.5)


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
    annex: list[StepSection] = []
    for step in report.steps:
        _step(pdf, step, annex)
    if has_action_plan(report):
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
