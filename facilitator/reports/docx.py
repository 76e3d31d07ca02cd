"""DOCX export: an editable Word file with real headings and tables, for the works council."""

from __future__ import annotations

import io

from docx import Document
from docx.shared import Pt, RGBColor
from flask_babel import gettext as _

from .data import ReportData, StepSection
from .tables import Table, dot_vote_summary, facts_rows, literacy_rows, ranking_table

BRAND = RGBColor(0x0B, 0x5D, 0x52)
BAR_CELLS = 30


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
    for row in step.ranking[:15]:
        _bar(
            document, row.text if len(row.text) <= 45 else row.text[:44] + "…", row.dots, top, BRAND
        )
        for index, count in enumerate(row.by_group):
            colour = GROUP_COLOURS[index % len(GROUP_COLOURS)]
            _bar(document, f"    {count.label}", count.value, top, colour)


def _step(document: object, step: StepSection) -> None:
    document.add_heading(f"{step.position + 1}. {step.title}", level=2)  # type: ignore[attr-defined]
    document.add_paragraph(step.prompt)  # type: ignore[attr-defined]
    if step.kind == "info":
        text = _("Input given to the participants.") + (f" {step.link}" if step.link else "")
        document.add_paragraph(text)  # type: ignore[attr-defined]
    elif step.kind == "board":
        for column in step.columns:
            document.add_heading(column, level=3)  # type: ignore[attr-defined]
            notes = [note for note in step.notes if note.column == column]
            for note in notes:
                merged = f" ({_('Merged:')} {' · '.join(note.merged)})" if note.merged else ""
                document.add_paragraph(note.text + merged, style="List Bullet")  # type: ignore[attr-defined]
            if not notes:
                document.add_paragraph(_("No notes yet."))  # type: ignore[attr-defined]
    elif step.kind == "dot_vote":
        document.add_paragraph(dot_vote_summary(step))  # type: ignore[attr-defined]
        _bars(document, step)
        _table(document, ranking_table(step))


def to_docx(report: ReportData) -> bytes:
    document = Document()
    document.core_properties.title = report.title
    subtitle = _("Result report") + (" · " + _("Interim result") if report.facts.interim else "")
    document.add_paragraph(subtitle)
    document.add_heading(report.title, level=1)
    _pairs(document, facts_rows(report))
    for step in report.steps:
        _step(document, step)
    document.add_heading(_("Method"), level=2)
    for line in report.method_notes:
        document.add_paragraph(line, style="List Bullet")
    document.add_heading(_("Record of an AI literacy measure (Art. 4 EU AI Act)"), level=2)
    _pairs(document, literacy_rows(report))
    document.add_heading(_("Approval"), level=2)
    _table(
        document,
        (
            [_("Works council: date, signature"), _("Management: date, signature")],
            [["\n\n", "\n\n"]],
        ),
    )
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
