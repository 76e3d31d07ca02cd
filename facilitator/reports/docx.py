"""DOCX export: an editable Word file with real headings and tables, for the works council."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from flask_babel import format_date
from flask_babel import gettext as _

from . import docx_layout as layout
from .data import HazardRow, MatrixInfo, ReportData, StepSection
from .document import approval_roles
from .pdf import covered
from .summary import summarise
from .tables import (
    Table,
    action_plan_table,
    dot_vote_summary,
    has_action_plan,
    literacy_rows,
    mean_text,
    qa_summary,
    questions_table,
    quiz_summary,
    ranking_table,
    respondents_line,
    step_table,
    words_line,
)

BRAND = RGBColor(0x0B, 0x5D, 0x52)
BAR_CELLS = 30
TOP = 20  # entries of a long ranking or note list in the main part; all in the annex


def _table(document: object, table: Table) -> None:
    header, rows = table
    grid = document.add_table(rows=1, cols=len(header))  # type: ignore[attr-defined]
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, header, strict=True):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)


def _pairs(document: object, rows: list[tuple[str, str]]) -> None:
    _table(document, (["", ""], [[label, value] for label, value in rows]))


GROUP_COLOURS = (
    RGBColor(0x8A, 0x3B, 0x12),
    RGBColor(0x3B, 0x4C, 0xC0),
    RGBColor(0x6B, 0x4C, 0x9A),
    RGBColor(0x5A, 0x5A, 0x5A),
)


def _bar(document: object, label: str, value: int, top: int, colour: RGBColor) -> None:
    paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    paragraph.add_run(f"{label}  ")
    bar = paragraph.add_run("█" * max(0, round(BAR_CELLS * value / top)))
    bar.font.color.rgb = colour
    paragraph.add_run(f"  {value}").bold = True
    paragraph.paragraph_format.space_after = Pt(0)


def _bars(document: object, step: StepSection) -> None:
    """Drawn bars: per note a coloured run of block characters proportional to its dots, and
    under it one thinner bar per shown group."""
    top = max([1, *(row.dots for row in step.ranking)])
    for row in step.ranking[:10]:
        _bar(
            document, row.text if len(row.text) <= 45 else row.text[:44] + "…", row.dots, top, BRAND
        )
        for index, count in enumerate(row.by_group):
            colour = GROUP_COLOURS[index % len(GROUP_COLOURS)]
            _bar(document, f"    {count.label}", count.value or 0, top, colour)


CLASS_FILLS = ("DCF0E2", "FFF1C2", "FBE0DE", "F4B6B0")


def _shade(cell: object, fill: str) -> None:
    """Background colour of a table cell (python-docx has no API for it)."""
    properties = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _matrix(document: object, matrix: MatrixInfo, hazards: tuple[HazardRow, ...]) -> None:
    """The risk matrix as a table: likelihood rows (highest on top), severity columns, cells
    shaded by class, each hazard's rank number in the cell of its medians."""
    placed: dict[tuple[int, int], list[int]] = {}
    for row in hazards:
        if row.likelihood and row.severity:
            placed.setdefault((row.likelihood.median, row.severity.median), []).append(row.rank)
    document.add_paragraph(matrix.name).runs[0].bold = True  # type: ignore[attr-defined]
    rows, columns = len(matrix.likelihood), len(matrix.severity)
    grid = document.add_table(rows=rows + 1, cols=columns + 1)  # type: ignore[attr-defined]
    grid.style = "Table Grid"
    grid.cell(0, 0).text = f"{_('Likelihood')} ↓ · {_('Severity')} →"
    for column, name in enumerate(matrix.severity):
        grid.cell(0, column + 1).text = f"{column + 1} {name}"
    for index in range(rows):
        likelihood = rows - index
        grid.cell(index + 1, 0).text = f"{likelihood} {matrix.likelihood[likelihood - 1]}"
        for column in range(columns):
            figure = matrix.table[likelihood - 1][column]
            ranks = placed.get((likelihood, column + 1), [])
            cell = grid.cell(index + 1, column + 1)
            cell.text = f"{figure}  " + " ".join(f"({r})" for r in ranks)
            _shade(cell, CLASS_FILLS[min(matrix.class_index(figure), len(CLASS_FILLS) - 1)])
    legend = " · ".join(f"{c.label} {c.low}–{c.high}" for c in matrix.classes)
    document.add_paragraph(legend)  # type: ignore[attr-defined]


LIGHT_COLOURS = (RGBColor(0x0B, 0x6B, 0x2F), RGBColor(0xC9, 0x9A, 0x06), RGBColor(0xA4, 0x16, 0x1A))


def _lights(document: object, hazards: tuple[HazardRow, ...]) -> None:
    """Per hazard a bar of green, yellow and red blocks in proportion to the ratings."""
    for row in hazards:
        paragraph = document.add_paragraph()  # type: ignore[attr-defined]
        paragraph.add_run(f"{row.rank}. {row.text}  ")
        total = max(1, row.green + row.yellow + row.red)
        for value, colour in zip((row.green, row.yellow, row.red), LIGHT_COLOURS, strict=True):
            blocks = paragraph.add_run("█" * round(BAR_CELLS * value / total))
            blocks.font.color.rgb = colour
        counts = _(
            "green %(green)s · yellow %(yellow)s · red %(red)s",
            green=row.green,
            yellow=row.yellow,
            red=row.red,
        )
        paragraph.add_run(f"  {counts}").bold = True
        paragraph.paragraph_format.space_after = Pt(0)


def _step(document: object, step: StepSection, annex: list[StepSection]) -> None:
    document.add_heading(f"{step.position + 1}. {step.title}", level=2)  # type: ignore[attr-defined]
    document.add_paragraph(step.prompt)  # type: ignore[attr-defined]
    if step.kind == "info":
        text = _("Input given to the participants.") + (f" {step.link}" if step.link else "")
        document.add_paragraph(text)  # type: ignore[attr-defined]
    elif step.kind == "check":
        document.add_paragraph(respondents_line(step))  # type: ignore[attr-defined]
        document.add_heading(_("Statements found unmet"), level=3)  # type: ignore[attr-defined]
        unmet = [row for row in step.statements if row.unmet]
        for statement in unmet:
            document.add_paragraph(statement.text, style="List Bullet")  # type: ignore[attr-defined]
        if not unmet:
            document.add_paragraph(_("None."))  # type: ignore[attr-defined]
        _table(document, step_table(step))  # type: ignore[arg-type]
    elif step.kind == "risk":
        document.add_paragraph(respondents_line(step))  # type: ignore[attr-defined]
        if step.matrix is not None:
            _matrix(document, step.matrix, step.hazards)
        else:
            _lights(document, step.hazards)
        document.add_heading(_("Prioritised hazards"), level=3)  # type: ignore[attr-defined]
        _table(document, step_table(step))  # type: ignore[arg-type]
    elif step.kind in ("scale", "poll", "quiz", "weighted"):
        document.add_paragraph(respondents_line(step))  # type: ignore[attr-defined]
        if step.kind == "scale" and not step.nominal:
            points = max(2, len(step.labels))
            for score in step.dimension_scores:  # the profile as bars
                paragraph = document.add_paragraph()  # type: ignore[attr-defined]
                paragraph.add_run(f"{score.dimension} {score.variant}".strip() + "  ")
                mean = score.mean
                low = step.first_value
                cells = 0 if mean is None else round(BAR_CELLS * (mean - low) / (points - 1))
                paragraph.add_run("█" * max(cells, 1)).font.color.rgb = BRAND
                paragraph.add_run(f"  {mean_text(mean)}").bold = True
                paragraph.paragraph_format.space_after = Pt(0)
        if step.kind == "quiz":
            summary = quiz_summary(step) + (f" {step.explanation}" if step.explanation else "")
            document.add_paragraph(summary)  # type: ignore[attr-defined]
        _table(document, step_table(step))  # type: ignore[arg-type]
    elif step.kind in ("board", "actions", "canvas"):
        _notes(document, step, annex)
    elif step.kind == "qa":
        document.add_paragraph(qa_summary(step))  # type: ignore[attr-defined]
        _table(document, questions_table(step))
    elif step.kind == "dot_vote" and not step.ranking:  # too few voters (the gate)
        document.add_paragraph(dot_vote_summary(step))  # type: ignore[attr-defined]
        _notes(document, step, annex)
    elif step.kind == "dot_vote":
        document.add_paragraph(dot_vote_summary(step))  # type: ignore[attr-defined]
        _bars(document, step)
        header, rows = ranking_table(step)
        _table(document, (header, rows[:TOP]))
        if len(rows) > TOP:
            annex.append(step)
            document.add_paragraph(  # type: ignore[attr-defined]
                _(
                    "The top %(top)s of %(all)s notes; the full ranking is in the annex and the "
                    "XLSX file.",
                    top=TOP,
                    all=len(rows),
                )
            )


def _notes(document: object, step: StepSection, annex: list[StepSection]) -> None:
    """A step's notes by column (the top ones; the rest go to the annex)."""
    if step.words:
        document.add_paragraph(_("Word cloud") + ": " + words_line(step))  # type: ignore[attr-defined]
    for column in step.columns:
        document.add_heading(column, level=3)  # type: ignore[attr-defined]
        notes = sorted(
            (note for note in step.notes if note.column == column),
            key=lambda note: -len(note.merged),
        )
        if len(notes) > TOP:
            annex.append(step)
            document.add_paragraph(  # type: ignore[attr-defined]
                _(
                    "The %(top)s notes above come first (merged duplicates first); all "
                    "%(all)s are in the annex and the XLSX file.",
                    top=TOP,
                    all=len(notes),
                )
            )
        for note in notes[:TOP]:
            merged = f" ({_('Merged:')} {' · '.join(note.merged)})" if note.merged else ""
            document.add_paragraph(note.text + merged, style="List Bullet")  # type: ignore[attr-defined]
        if not notes:
            document.add_paragraph(_("No notes yet."))  # type: ignore[attr-defined]


def to_docx(report: ReportData) -> bytes:
    document = Document()
    document.core_properties.title = report.title
    document.core_properties.language = layout.LANGUAGES.get(report.language, report.language)
    document.core_properties.author = report.facts.facilitator
    layout.prepare(document, report)
    layout.cover(document, report, _pairs)
    layout.contents(document)
    document.add_heading(_("Summary"), level=1)
    for part in summarise(report):
        document.add_heading(part.heading, level=3)
        for line in part.lines:
            document.add_paragraph(line, style="List Bullet")
    document.add_page_break()
    document.add_heading(_("Results by step"), level=1)
    annex: list[StepSection] = []
    for step in report.steps:
        _step(document, step, annex)
    if has_action_plan(report):
        layout.landscape(document)
        document.add_heading(_("Action plan"), level=2)
        header, rows = action_plan_table(report)
        if rows:
            _table(document, (header, rows))
        else:
            document.add_paragraph(_("No measures yet."))
        layout.portrait(document)
    document.add_heading(_("Legal basis"), level=2)
    for line in report.legal_basis:
        document.add_paragraph(line, style="List Bullet")
    if report.review_due:
        document.add_paragraph(f"{_('Review due by')}: {format_date(report.review_due, 'long')}")
    document.add_heading(_("Method"), level=2)
    for line in report.method_notes:
        document.add_paragraph(line, style="List Bullet")
    document.add_heading(_("Record of an AI literacy measure (Art. 4 EU AI Act)"), level=2)
    _pairs(document, literacy_rows(report))
    layout.approval(document, approval_roles(report))
    if annex:
        document.add_page_break()
        document.add_heading(_("Annex: full lists"), level=1)
        for step in dict.fromkeys(annex):
            document.add_heading(f"{step.position + 1}. {step.title}", level=2)
            if step.kind == "dot_vote":
                _table(document, ranking_table(step))
                continue
            ranking = covered(step, list(annex))
            if ranking is not None:
                document.add_paragraph(
                    _(
                        "Every note is listed in the full ranking of step %(step)s.",
                        step=ranking.position + 1,
                    )
                )
                continue
            for column in step.columns:
                document.add_heading(column, level=3)
                for note in step.notes:
                    if note.column == column:
                        merged = (
                            f" ({_('Merged:')} {' · '.join(note.merged)})" if note.merged else ""
                        )
                        document.add_paragraph(note.text + merged, style="List Bullet")
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
