"""The one-page summary at the front of the report.

Built only from what `ReportData` already holds: every figure in it has passed the anonymity
rules upstream, so the summary can neither show a group that the sections withhold nor count
anything the sections do not. Each part is a heading with short lines, so every format
renders it the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _

from .data import HazardRow, ReportData, StepSection

TOP_NOTES = 5  # per dot vote
TOP_HAZARDS = 10


@dataclass(frozen=True)
class SummaryPart:
    heading: str
    lines: tuple[str, ...]


def number(value: int | float) -> str:
    """A count with the language's grouping (1.000 / 1,000)."""
    return str(format_decimal(value, "#,##0"))


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
        title = f"{step.position + 1}. {step.title}"
        groups = _per_group(step)
        if step.kind == "dot_vote":
            line = _(
                "%(title)s: %(num)s of %(total)s people voted",
                title=title,
                num=number(step.voters or 0),
                total=number(facts.participants_total),
            )
            if step.dots_total is not None:
                line += " – " + ngettext(
                    "%(count)s dot",
                    "%(count)s dots",
                    step.dots_total,
                    count=number(step.dots_total),
                )
        elif step.kind in ("board", "canvas", "actions") and step.notes:
            line = _("%(title)s: %(notes)s notes", title=title, notes=number(len(step.notes)))
        elif step.respondents is not None and step.kind != "info":
            line = _(
                "%(title)s: %(num)s of %(total)s people answered",
                title=title,
                num=number(step.respondents),
                total=number(facts.participants_total),
            )
        else:
            continue
        if groups:
            line += " – " + _("by group: %(groups)s", groups=_groups_text(groups))
        else:
            continue
        lines.append(line)
    return SummaryPart(_("Participation"), tuple(lines))


def _top_notes(report: ReportData) -> SummaryPart | None:
    lines = []
    for step in report.steps:
        if step.kind == "dot_vote" and step.ranking:
            lines += [
                ngettext(
                    "%(rank)s. %(text)s – %(count)s dot",
                    "%(rank)s. %(text)s – %(count)s dots",
                    row.dots,
                    count=number(row.dots),
                    rank=row.rank,
                    text=row.text,
                )
                for row in step.ranking[:TOP_NOTES]
            ]
        leader = ""
        if step.kind == "poll" and step.options:
            leader = max(step.options, key=lambda option: option.count).text
        if step.kind == "weighted" and step.decision:
            leader = step.decision[0].option
        if leader:
            lines.append(_("%(title)s: first “%(option)s”", title=step.title, option=leader))
    return SummaryPart(_("Top-ranked results"), tuple(lines)) if lines else None


def _hazard_line(step: StepSection, row: HazardRow) -> str:
    if step.mode == "traffic_light":
        rating = _(
            "green %(green)s · yellow %(yellow)s · red %(red)s",
            green=row.green,
            yellow=row.yellow,
            red=row.red,
        )
    else:
        rating = f"{row.risk_class} ({row.figure})" if row.risk_class else "–"
    return f"{row.ref} {row.text} – {rating}"


def _hazards(report: ReportData) -> list[SummaryPart]:
    needing: list[str] = []
    disagree: list[str] = []
    unmet: list[str] = []
    for step in report.steps:
        if step.kind == "check":
            found = [row for row in step.statements if row.unmet]
            if found:
                unmet.append(
                    ngettext(
                        "%(title)s: %(num)s statement found unmet",
                        "%(title)s: %(num)s statements found unmet",
                        len(found),
                        title=step.title,
                    )
                )
        if step.kind != "risk":
            continue
        needing += [_hazard_line(step, row) for row in step.hazards if row.prioritised]
        disagree += [_hazard_line(step, row) for row in step.hazards if row.disagreement]
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
