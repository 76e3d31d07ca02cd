"""XLSX and CSV exports: an overview, the summary, participation, method notes and the
AI-literacy record, then one sheet (or CSV file in a ZIP) per step with a table: the tables of
its blocks (`tables.block_tables`), one under the other.

Numbers, shares and dates are typed cells in the XLSX file, shown with a number format
(shares as percent, means with one decimal, dates as the language writes them); the CSV files
hold the plain values (decimal point, shares as fractions 0–1, dates as YYYY-MM-DD). While the
workshop is live every sheet's printed header says "Interim result".

Text that a spreadsheet would run as a formula (starting with = + - @ or a control character)
stays inert: CSV cells get a leading apostrophe, XLSX cells are stored as text.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime
from typing import Any

from flask_babel import get_timezone
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .cells import Annotated, Cell, Figure
from .data import ReportData
from .summary import summarise
from .tables import action_plan_table, block_tables, facts_rows, generated_text, literacy_rows

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DATE_TIME = {"de": "DD.MM.YYYY HH:MM", "en": "DD/MM/YYYY HH:MM"}
Value = str | int | float | date | datetime | None


def inert(value: Cell) -> Cell:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _sheet_name(position: int, title: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", f"{position + 1} {title}")[:31].strip()
    return _unique(base, taken)


def _unique(base: str, taken: set[str]) -> str:
    base = base[:31]
    name, n = base, 2
    while name in taken:
        name = f"{base[:28]} {n}"
        n += 1
    taken.add(name)
    return name


def local(moment: datetime) -> datetime:
    """A spreadsheet has no time zones: the time as shown in the report, without its zone."""
    return moment.astimezone(get_timezone()).replace(tzinfo=None)


def _pairs_sheet(book: Workbook, title: str, rows: list[tuple[str, Value]], taken: set[str]) -> Any:
    sheet = book.create_sheet(_unique(title, taken))
    for label, value in rows:
        sheet.append([label, value])
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 90
    return sheet


def _append(sheet: Any, row: list[Cell]) -> None:
    """A row whose figures become typed cells with their number format."""
    sheet.append([_typed_value(value) for value in row])
    for cell, value in zip(sheet[sheet.max_row], row, strict=False):
        if isinstance(value, Figure):
            cell.number_format = value.number_format


def _typed_value(value: Cell) -> Value:
    if isinstance(value, Figure):
        return value.value
    return value.text if isinstance(value, Annotated) else value


def _typed(sheet: Any, language: str) -> None:
    """Date-times get their format; every text cell stays text (inert)."""
    for line in sheet.iter_rows():
        for cell in line:
            value = cell.value
            if isinstance(value, datetime):
                cell.number_format = DATE_TIME.get(language, "YYYY-MM-DD HH:MM")
            elif isinstance(value, str):
                cell.data_type = "s"
                cell.alignment = Alignment(wrap_text=len(value) > 60, vertical="top")


def _frame(sheet: Any, report: ReportData) -> None:
    """The interim mark and the time of generation on every printed page of a sheet."""
    if report.facts.interim:
        sheet.oddHeader.center.text = _("Interim result")
    sheet.oddHeader.left.text = report.title[:200]
    sheet.oddFooter.left.text = generated_text(report)
    sheet.oddFooter.right.text = _("Page %(page)s of %(pages)s", page="&P", pages="&N")
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4


def _overview(book: Workbook, report: ReportData) -> Any:
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Overview")[:31]
    sheet.append([report.title])
    sheet["A1"].font = Font(bold=True, size=14)
    facts = report.facts
    if facts.interim:
        sheet.append([_("Interim result: the workshop was still running when this was produced.")])
        sheet["A2"].font = Font(bold=True, color="A4161A")
    for label, value in facts_rows(report):
        sheet.append([label, value])
    typed: list[tuple[str, Value]] = [
        (_("Held from"), local(facts.held_from) if facts.held_from else None),
        (_("Held until"), local(facts.held_until) if facts.held_until else None),
        (_("Duration (minutes)"), facts.duration_minutes),
        (_("Participants"), facts.participants_total),
        (_("Review due by"), report.review_due),
        (_("Generated"), local(report.generated_at)),
    ]
    for name, moment in typed:
        if moment is not None:
            sheet.append([name, moment])
    for line in sheet.iter_rows():
        if isinstance(line[-1].value, date) and not isinstance(line[-1].value, datetime):
            line[-1].number_format = "DD.MM.YYYY" if report.language == "de" else "DD/MM/YYYY"
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 90
    return sheet


def _participation(book: Workbook, report: ReportData, taken: set[str]) -> Any:
    facts = report.facts
    rows: list[tuple[str, Value]] = [(_("Group"), _("Participants"))]
    rows += [(group.label, group.value) for group in facts.participants_by_group]
    rows.append((_("All"), facts.participants_total))
    if report.groups.pooled:
        rows.append((_("Shown together as “other groups”"), ", ".join(report.groups.pooled)))
    if report.groups.withheld:
        rows.append((_("Withheld, counted only in totals"), ", ".join(report.groups.withheld)))
    rows.append(("", None))
    rows.append((_("Step"), _("Took part")))
    for step in report.steps:
        count = step.highlights.count  # voted, answered or notes written, as its kind counts
        if count is not None:
            rows.append((f"{step.position + 1}. {step.title}", count))
        if step.groups is not None and (step.groups.pooled or step.groups.withheld):
            rows.append(
                (
                    f"{step.position + 1}. {_('Withheld and merged group figures')}",
                    "; ".join(
                        part
                        for part in (
                            ", ".join(step.groups.pooled),
                            ", ".join(step.groups.withheld),
                        )
                        if part
                    ),
                )
            )
    sheet = _pairs_sheet(book, _("Participation"), rows, taken)
    sheet["A1"].font = sheet["B1"].font = Font(bold=True)
    return sheet


def to_xlsx(report: ReportData) -> bytes:
    book = Workbook()
    sheets = [_overview(book, report)]
    taken = {sheets[0].title}
    summary = [(part.heading, "\n".join(part.lines)) for part in summarise(report)]
    sheets.append(_pairs_sheet(book, _("Summary"), list(summary), taken))
    sheets.append(_participation(book, report, taken))
    for step in report.steps:
        tables = block_tables(step)
        if not tables:
            continue
        sheet = book.create_sheet(_sheet_name(step.position, step.title, taken))
        for index, (header, rows) in enumerate(tables):
            if index:
                sheet.append([])
            sheet.append(header)
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
            for row in rows:
                _append(sheet, row)
        sheet.column_dimensions["B"].width = 60
        sheet.freeze_panes = "A2"
        sheets.append(sheet)
    if report.show_action_plan:
        header, rows = action_plan_table(report)
        sheet = book.create_sheet(_unique(_("Action plan"), taken))
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            _append(sheet, row)
        for column in ("B", "C", "E", "K"):
            sheet.column_dimensions[column].width = 40
        for column in ("H", "I"):
            sheet.column_dimensions[column].width = 12
        sheets.append(sheet)
    method: list[tuple[str, Value]] = [(_("Legal basis"), line) for line in report.legal_basis]
    method += [(_("Method"), line) for line in report.method_notes]
    sheets.append(_pairs_sheet(book, _("Method"), method, taken))
    literacy: list[tuple[str, Value]] = list(literacy_rows(report))
    if report.facts.held_from:
        literacy.append((_("Held from"), local(report.facts.held_from)))
    literacy.append((_("Time spent (minutes)"), report.facts.duration_minutes))
    sheets.append(_pairs_sheet(book, _("AI literacy record"), literacy, taken))
    for sheet in sheets:
        _typed(sheet, report.language)
        _frame(sheet, report)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _plain(value: Cell) -> Cell | float | date | None:
    """A CSV value: text as text (inert), a figure as its plain value."""
    if isinstance(value, Figure):
        if isinstance(value.value, date):
            return value.value.isoformat()
        return value.value
    return inert(value.text if isinstance(value, Annotated) else value)


def to_csv_zip(report: ReportData) -> bytes:
    """A ZIP with overview.csv and one CSV per step (UTF-8 with BOM, for spreadsheet apps)."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        overview: list[list[Any]] = [["", report.title]]
        if report.facts.interim:
            overview.append(["", _("Interim result")])
        overview += [[label, value] for label, value in facts_rows(report)]
        archive.writestr("overview.csv", _csv(overview))
        summary = [[part.heading, line] for part in summarise(report) for line in part.lines]
        archive.writestr("summary.csv", _csv(summary))
        method = [[_("Legal basis"), line] for line in report.legal_basis]
        method += [[_("Method"), line] for line in report.method_notes]
        archive.writestr("method.csv", _csv(method))
        archive.writestr("ai-literacy-record.csv", _csv([list(r) for r in literacy_rows(report)]))
        participation: list[list[Any]] = [[_("Group"), _("Participants")]]
        participation += [[g.label, g.value] for g in report.facts.participants_by_group]
        participation.append([_("All"), report.facts.participants_total])
        for label, groups in (
            (_("Shown together as “other groups”"), report.groups.pooled),
            (_("Withheld, counted only in totals"), report.groups.withheld),
        ):
            if groups:
                participation.append([label, ", ".join(groups)])
        archive.writestr("participation.csv", _csv(participation))
        for step in report.steps:
            lines: list[list[Any]] = []
            for header, rows in block_tables(step):
                lines += [[], list(header), *rows] if lines else [list(header), *rows]
            if lines:
                archive.writestr(f"step-{step.position + 1:02d}-{step.kind}.csv", _csv(lines))
        if report.show_action_plan:
            header, rows = action_plan_table(report)
            archive.writestr("action-plan.csv", _csv([list(header), *rows]))
    return output.getvalue()


def _csv(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow([_plain(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()
