"""DOCX export: an editable Word file with real headings and tables, for the works council.
Each step's section is drawn block by block, by the block's type."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from flask_babel import format_date
from flask_babel import gettext as _

from . import docx_layout as layout
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
from .cells import Table, mean_text
from .data import ReportData, StepSection
from .pdf import by_step, covered
from .summary import summarise
from .tables import action_plan_table, literacy_rows

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


def _bars(document: object, block: RankingBlock) -> None:
    """Drawn bars: per note a coloured run of block characters proportional to its dots, and
    under it one thinner bar per shown group."""
    top = max([1, *(bar.value for bar in block.bars)])
    for bar in block.bars[: block.top]:
        label = bar.label if len(bar.label) <= 45 else bar.label[:44] + "…"
        _bar(document, label, bar.value, top, BRAND)
        for index, (group, count) in enumerate(zip(block.groups, bar.by_group, strict=False)):
            colour = GROUP_COLOURS[index % len(GROUP_COLOURS)]
            _bar(document, f"    {group}", count or 0, top, colour)


def _distribution(document: object, block: DistributionBlock) -> None:
    top = max([1, *(bar.value for bar in block.bars)])
    for bar in block.bars:
        label = bar.label if len(bar.label) <= 45 else bar.label[:44] + "…"
        _bar(document, label, bar.value, top, BRAND)


CLASS_FILLS = ("DCF0E2", "FFF1C2", "FBE0DE", "F4B6B0")


def _shade(cell: object, fill: str) -> None:
    """Background colour of a table cell (python-docx has no API for it)."""
    properties = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _matrix(document: object, block: MatrixBlock) -> None:
    """The risk matrix as a table: likelihood rows (highest on top), severity columns, cells
    shaded by class, each hazard's rank number in the cell of its medians."""
    matrix = block.matrix
    placed: dict[tuple[int, int], list[int]] = {}
    for point in block.points:
        placed.setdefault((point.likelihood, point.severity), []).append(point.rank)
    document.add_paragraph(matrix.name).runs[0].bold = True  # type: ignore[attr-defined]
    rows, columns = len(matrix.likelihood), len(matrix.severity)
    grid = document.add_table(rows=rows + 1, cols=columns + 1)  # type: ignore[attr-defined]
    grid.style = "Table Grid"
    grid.cell(0, 0).text = f"{block.likelihood_label} ↓ · {block.severity_label} →"
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
    if block.points:
        key = " · ".join(f"{point.rank} = {point.text}" for point in block.points)
        document.add_paragraph(f"{block.key_label}: {key}")  # type: ignore[attr-defined]


LIGHT_COLOURS = (RGBColor(0x0B, 0x6B, 0x2F), RGBColor(0xC9, 0x9A, 0x06), RGBColor(0xA4, 0x16, 0x1A))


def _lights(document: object, block: LightsBlock) -> None:
    """Per hazard a bar of green, yellow and red blocks in proportion to the ratings."""
    for row in block.rows:
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


def _profile(document: object, block: ProfileBlock) -> None:
    """The profile as bars of block characters from the first point of the scale."""
    for bar in block.bars:
        paragraph = document.add_paragraph()  # type: ignore[attr-defined]
        paragraph.add_run(bar.label + "  ")
        mean = bar.mean
        cells = 0 if mean is None else round(BAR_CELLS * (mean - block.first) / (block.points - 1))
        paragraph.add_run("█" * max(cells, 1)).font.color.rgb = BRAND
        paragraph.add_run(f"  {mean_text(mean)}").bold = True
        paragraph.paragraph_format.space_after = Pt(0)


QUADRANT_CELLS = ((1, 1), (1, 2), (2, 1), (2, 2))  # top left, top right, bottom left, right


def _quadrant(document: object, block: QuadrantBlock) -> None:
    """The 2x2 as a table: the quadrants (high values of the vertical axis on top, of the
    horizontal axis on the right) with their labels and the numbers of the items whose
    medians lie in them; items on a middle line are named below, then the key."""
    middle = (block.points + 1) / 2
    document.add_paragraph(block.title).runs[0].bold = True  # type: ignore[attr-defined]
    grid = document.add_table(rows=3, cols=3)  # type: ignore[attr-defined]
    grid.style = "Table Grid"
    grid.cell(0, 0).text = f"{block.y_label} ↑ · {block.x_label} →"
    x_low, x_high = block.x_ends
    y_low, y_high = block.y_ends
    grid.cell(0, 1).text = f"{block.x_label}: {x_low}" if x_low else block.x_label
    grid.cell(0, 2).text = f"{block.x_label}: {x_high}" if x_high else block.x_label
    grid.cell(1, 0).text = f"{block.y_label}: {y_high}" if y_high else block.y_label
    grid.cell(2, 0).text = f"{block.y_label}: {y_low}" if y_low else block.y_label
    inside: dict[tuple[int, int], list[int]] = {cell: [] for cell in QUADRANT_CELLS}
    between = []
    for point in block.items:
        if point.x == middle or point.y == middle:
            between.append(point)
            continue
        inside[(1 if point.y > middle else 2, 2 if point.x > middle else 1)].append(point.number)
    for label, at in zip(block.quadrants, QUADRANT_CELLS, strict=True):
        cell = grid.cell(*at)
        cell.text = ""
        cell.paragraphs[0].add_run(label).bold = True
        if inside[at]:
            cell.add_paragraph(" ".join(f"({number})" for number in inside[at]))
        _shade(cell, "F7F7F4")
    if between:
        lines = " · ".join(f"{p.number} ({mean_text(p.x)} / {mean_text(p.y)})" for p in between)
        document.add_paragraph(  # type: ignore[attr-defined]
            _("On a middle line: %(items)s", items=lines)
        )
    if block.items:
        key = " · ".join(f"{point.number} = {point.text}" for point in block.items)
        document.add_paragraph(f"{block.key_label}: {key}")  # type: ignore[attr-defined]


Annex = list[tuple[StepSection, Block]]


def _block(document: Any, step: StepSection, block: Block, annex: Annex) -> None:
    """One block of a step's section, drawn by its type."""
    if isinstance(block, TextBlock):
        label = f"{block.label}: " if block.label else ""
        document.add_paragraph(label + " ".join(part for part in (block.lead, block.text) if part))
    elif isinstance(block, ListBlock):
        document.add_heading(block.heading, level=3)
        for item in block.items:
            document.add_paragraph(item, style="List Bullet")
        if not block.items:
            document.add_paragraph(block.empty)
    elif isinstance(block, TableBlock):
        if block.caption:
            document.add_heading(block.caption, level=3)
        rows = block.rows[: block.top] if block.top else block.rows
        _table(document, (list(block.header), [list(row) for row in rows]))
        if len(rows) < len(block.rows):
            annex.append((step, block))
            document.add_paragraph(block.more)
    elif isinstance(block, NotesBlock):
        _notes(document, step, block, annex)
    elif isinstance(block, RankingBlock):
        _bars(document, block)
    elif isinstance(block, DistributionBlock):
        _distribution(document, block)
    elif isinstance(block, MatrixBlock):
        _matrix(document, block)
    elif isinstance(block, LightsBlock):
        _lights(document, block)
    elif isinstance(block, ProfileBlock):
        _profile(document, block)
    elif isinstance(block, QuadrantBlock):
        _quadrant(document, block)


def _step(document: Any, step: StepSection, annex: Annex) -> None:
    document.add_heading(f"{step.position + 1}. {step.title}", level=2)
    document.add_paragraph(step.prompt)
    for block in step.blocks:
        _block(document, step, block, annex)


def _notes(document: Any, step: StepSection, block: NotesBlock, annex: Annex) -> None:
    """A step's notes by column (the top ones; the rest go to the annex)."""
    for column in block.columns:
        document.add_heading(column.title, level=3)
        notes = sorted(column.notes, key=lambda note: -len(note.merged))
        if len(notes) > block.top:
            if (step, block) not in annex:
                annex.append((step, block))
            document.add_paragraph(column.more)
        for note in notes[: block.top]:
            document.add_paragraph(_note_text(block, note), style="List Bullet")
        if not notes:
            document.add_paragraph(block.empty)


def _note_text(block: NotesBlock, note: NoteEntry) -> str:
    merged = f" ({block.merged_label} {' · '.join(note.merged)})" if note.merged else ""
    return note.text + merged


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
    annex: Annex = []
    for step in report.steps:
        _step(document, step, annex)
    if report.show_action_plan:
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
    layout.approval(document, report.approval_roles)
    if annex:
        document.add_page_break()
        document.add_heading(_("Annex: full lists"), level=1)
        for step, blocks in by_step(annex):
            document.add_heading(f"{step.position + 1}. {step.title}", level=2)
            for block in blocks:
                _annexed(document, block, annex)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _annexed(document: Any, block: Block, annex: Annex) -> None:
    """A block in full in the annex: a whole table, or every note by column."""
    if isinstance(block, TableBlock):
        _table(document, (list(block.header), [list(row) for row in block.rows]))
        return
    assert isinstance(block, NotesBlock)
    ranking = covered(block, annex)
    if ranking is not None:
        document.add_paragraph(
            _(
                "Every note is listed in the full ranking of step %(step)s.",
                step=ranking.position + 1,
            )
        )
        return
    for column in block.columns:
        document.add_heading(column.title, level=3)
        for note in column.notes:
            document.add_paragraph(_note_text(block, note), style="List Bullet")
