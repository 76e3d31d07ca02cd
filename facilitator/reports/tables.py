"""The document's own tables and lines (facts, AI-literacy record, action plan) and a step's
tables for the spreadsheets, as rows of text and numbers: shared by every format. A step's
content comes from its blocks; nothing here knows step kinds."""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_date, format_datetime, format_time, get_timezone, ngettext
from flask_babel import gettext as _

from .blocks import NotesBlock, TableBlock
from .cells import Cell, Figure, Table, date_cell
from .data import ReportData, StepSection

__all__ = ["Cell", "Figure", "Table"]


def group_summary(report: ReportData) -> str:
    facts = report.facts
    parts = [f"{g.label}: {g.value}" for g in facts.participants_by_group]
    return f"{facts.participants_total}" + (f" ({', '.join(parts)})" if parts else "")


def zone() -> str:
    """The name of the time zone times are shown in (UTC unless configured)."""
    return str(get_timezone())


def moment_text(moment: datetime) -> str:
    """A date and time with its zone, e.g. "24.11.26, 09:00 UTC"."""
    return f"{format_datetime(moment, 'short')} {zone()}"


def held_text(report: ReportData) -> str:
    """When the workshop was held: one day with a time span, or from one moment to another."""
    facts = report.facts
    start, end = facts.held_from, facts.held_until
    if start is None:
        return _("not held yet (created on %(date)s)", date=format_date(facts.created_at, "long"))
    if end is None or format_date(start) == format_date(end):
        until = f"–{format_time(end, 'short')}" if end and end != start else ""
        return f"{format_date(start, 'long')}, {format_time(start, 'short')}{until} {zone()}"
    return f"{moment_text(start)} – {moment_text(end)}"


def duration_text(minutes: int) -> str:
    return ngettext("%(num)s minute", "%(num)s minutes", minutes)


def status_text(report: ReportData) -> str:
    if report.facts.interim:
        return _("Interim result: the workshop was still running")
    return _("Final: the workshop was closed")


def generated_text(report: ReportData, prefix: bool = True) -> str:
    """When the file was made and by what, printed on every page."""
    made = moment_text(report.generated_at)
    software = report.facts.software
    when = _("Generated %(when)s", when=made) if prefix else made
    return when + (f" · {software}" if software else "")


def facts_rows(report: ReportData) -> list[tuple[str, str]]:
    facts = report.facts
    rows = [
        (_("Organisation"), facts.organisation),
        (_("Place"), facts.place),
        (_("Held"), held_text(report)),
        (_("Duration"), duration_text(facts.duration_minutes)),
        (_("Facilitated by"), facts.facilitator),
        (_("Exercise template"), facts.template),
        (_("Participants"), group_summary(report)),
        (_("Anonymity threshold"), str(report.anonymity_threshold)),
        (_("Status"), status_text(report)),
        (_("Review due by"), format_date(report.review_due, "long") if report.review_due else ""),
        (_("Generated"), generated_text(report, prefix=False)),
    ]
    return [(label, value) for label, value in rows if value]


def literacy_rows(report: ReportData) -> list[tuple[str, str]]:
    """The record of an AI-literacy measure (Art. 4 EU AI Act): content, time spent, who."""
    facts = report.facts
    topics = _("Learning objectives") if report.literacy_from_objectives else _("Topics")
    return [
        (_("Held"), held_text(report)),
        (_("Time spent"), duration_text(facts.duration_minutes)),
        (_("Place"), facts.place or "–"),
        (_("Facilitated by"), facts.facilitator or "–"),
        (topics, "; ".join(report.literacy_topics)),
        (_("Participants"), group_summary(report)),
    ]


def action_plan_table(report: ReportData) -> Table:
    """The action plan with OiRA's columns (as in its Excel export) plus ours."""
    header = [
        _("No."),
        _("Hazard"),
        _("Measure (general approach)"),
        _("Type (STOP)"),
        _("Expertise or requirements needed"),
        _("Responsible"),
        _("Budget"),
        _("Start"),
        _("Due"),
        _("Priority"),
        _("Effectiveness check: how, when, by whom"),
        _("Status"),
    ]
    rows: list[list[Cell]] = [
        [
            row.ref,
            row.hazard,
            row.measure,
            f"{row.stop_type} – {row.stop_label}",
            row.expertise,
            row.responsible,
            row.budget,
            date_cell(row.start_on),
            date_cell(row.due_on),
            row.priority,
            row.effectiveness,
            row.status,
        ]
        for row in report.action_plan
    ]
    return header, rows


def block_tables(section: StepSection) -> list[Table]:
    """The tables a step contributes to XLSX and CSV: its table blocks, and its notes as rows
    of column, note and the duplicates merged into it."""
    found: list[Table] = []
    for block in section.blocks:
        if isinstance(block, TableBlock):
            found.append((list(block.header), [list(row) for row in block.rows]))
        elif isinstance(block, NotesBlock):
            rows: list[list[Cell]] = [
                [column.title, note.text, " · ".join(note.merged)]
                for column in block.columns
                for note in column.notes
            ]
            found.append(([_("Column"), _("Note"), block.merged_label], rows))
    return found
