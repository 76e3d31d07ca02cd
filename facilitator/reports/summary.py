"""The one-page summary at the front of the report.

Built only from what `ReportData` already holds: every figure in it has passed the anonymity
rules upstream, so the summary can neither show a group that the sections withhold nor count
anything the sections do not. What a step adds is in its `highlights`, worded by its kind's
builder; nothing here knows step kinds. Each part is a heading with short lines, so every format
renders it the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext

from .cells import number
from .data import ReportData, StepSection

TOP_HAZARDS = 10


@dataclass(frozen=True)
class SummaryPart:
    heading: str
    lines: tuple[str, ...]


def _groups_text(pairs: list[tuple[str, int]]) -> str:
    return " · ".join(f"{label} {number(value)}" for label, value in pairs)


def _per_group(step: StepSection) -> list[tuple[str, int]]:
    """Per group, how many took part in the step, as the gate released it (`participation`)."""
    return [(g.label, g.value) for g in step.participation if g.value is not None]


def _participation(report: ReportData) -> SummaryPart:
    facts = report.facts
    lines = [
        ngettext(
            "%(count)s participant in all",
            "%(count)s participants in all",
            facts.participants_total,
            count=number(facts.participants_total),
        )
        + (
            f" ({_groups_text([(g.label, g.value or 0) for g in facts.participants_by_group])})"
            if facts.participants_by_group
            else ""
        )
    ]
    for step in report.steps:
        line, groups = step.highlights.took_part, _per_group(step)
        if line and groups:
            lines.append(line + " – " + _("by group: %(groups)s", groups=_groups_text(groups)))
    return SummaryPart(_("Participation"), tuple(lines))


def _top_notes(report: ReportData) -> SummaryPart | None:
    lines = [line for step in report.steps for line in step.highlights.top]
    return SummaryPart(_("Top-ranked results"), tuple(lines)) if lines else None


def _hazards(report: ReportData) -> list[SummaryPart]:
    unmet = [line for step in report.steps for line in step.highlights.unmet]
    needing = [line for step in report.steps for line in step.highlights.needs_measures]
    disagree = [line for step in report.steps for line in step.highlights.disagree]
    parts = []
    if unmet or needing:
        more = len(needing) - TOP_HAZARDS
        lines = unmet + needing[:TOP_HAZARDS]
        if more > 0:
            lines.append(ngettext("… and %(num)s more", "… and %(num)s more", more))
        if not needing:
            lines.append(_("No hazard rated yet needs measures."))
        parts.append(SummaryPart(_("Hazards that need measures"), tuple(lines)))
    if disagree:
        parts.append(SummaryPart(_("Where groups disagree"), tuple(disagree[:TOP_HAZARDS])))
    return parts


def _withheld(report: ReportData) -> SummaryPart | None:
    pooled: dict[str, None] = dict.fromkeys(report.groups.pooled)
    withheld: dict[str, None] = dict.fromkeys(report.groups.withheld)
    for step in report.steps:
        if step.groups is not None:
            pooled.update(dict.fromkeys(step.groups.pooled))
            withheld.update(dict.fromkeys(step.groups.withheld))
    lines = []
    if pooled:
        lines.append(_("Shown together as “other groups”: %(groups)s", groups=", ".join(pooled)))
    if withheld:
        lines.append(
            _("Figures withheld, counted only in totals: %(groups)s", groups=", ".join(withheld))
        )
    if not lines:
        return None
    lines.append(
        _(
            "Reason: groups below the anonymity threshold of %(k)s people.",
            k=report.anonymity_threshold,
        )
    )
    return SummaryPart(_("Withheld and merged group figures"), tuple(lines))


def summarise(report: ReportData) -> tuple[SummaryPart, ...]:
    """The summary's parts, in reading order; parts with nothing to say are left out."""
    parts: list[SummaryPart | None] = [_participation(report), _top_notes(report)]
    parts += _hazards(report)
    parts.append(_withheld(report))
    return tuple(part for part in parts if part is not None)
