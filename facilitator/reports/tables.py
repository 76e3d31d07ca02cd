"""The report's tables as rows of text and numbers: shared by PDF, DOCX, XLSX and CSV."""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _

from .data import ReportData, StepSection

Cell = str | int
Table = tuple[list[str], list[list[Cell]]]


def group_summary(report: ReportData) -> str:
    facts = report.facts
    parts = [f"{g.label}: {g.value}" for g in facts.participants_by_group]
    return f"{facts.participants_total}" + (f" ({', '.join(parts)})" if parts else "")


def facts_rows(report: ReportData) -> list[tuple[str, str]]:
    facts = report.facts
    rows = [
        (_("Organisation"), facts.organisation),
        (_("Date"), format_date(facts.created_at, "long")),
        (_("Duration"), _("%(n)s minutes", n=facts.duration_minutes)),
        (_("Facilitated by"), facts.facilitator),
        (_("Exercise template"), facts.template),
        (_("Participants"), group_summary(report)),
        (_("Anonymity threshold"), str(report.anonymity_threshold)),
    ]
    return [(label, value) for label, value in rows if value]


def literacy_rows(report: ReportData) -> list[tuple[str, str]]:
    facts = report.facts
    return [
        (_("Date"), format_date(facts.created_at, "long")),
        (_("Duration"), _("%(n)s minutes", n=facts.duration_minutes)),
        (_("Topics"), "; ".join(report.literacy_topics)),
        (_("Participants"), group_summary(report)),
    ]


def notes_table(step: StepSection) -> Table:
    header = [_("Column"), _("Note"), _("Merged:")]
    rows: list[list[Cell]] = [
        [note.column, note.text, " · ".join(note.merged)] for note in step.notes
    ]
    return header, rows


def ranking_table(step: StepSection) -> Table:
    groups = list(step.groups.columns) if step.groups else []
    header = [_("Rank"), _("Note"), _("Column"), _("Dots"), *groups]
    rows: list[list[Cell]] = [
        [row.rank, row.text, row.column, row.dots, *(g.value for g in row.by_group)]
        for row in step.ranking
    ]
    return header, rows


def step_table(step: StepSection) -> Table | None:
    """The table a step contributes to the tabular exports, if it has one."""
    if step.kind == "board":
        return notes_table(step)
    if step.kind == "dot_vote":
        return ranking_table(step)
    return None


def dot_vote_summary(step: StepSection) -> str:
    return _(
        "%(voters)s people spent %(dots)s dots (each up to %(budget)s, at most %(max)s per note).",
        voters=step.voters,
        dots=step.dots_total,
        budget=step.budget,
        max=step.max_per_note,
    )
