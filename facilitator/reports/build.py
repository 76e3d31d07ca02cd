"""`build_report`: ReportInput → ReportData. Pure: no database, no request.

Each step kind contributes its section (`StepKind.report_section`, built in
`facilitator/kinds/`): the section's blocks, which every format draws, so a kind added later
shows in every format without a line here. Fixed texts go through Flask-Babel's gettext: inside
`force_locale(...)` they come out in the session's language, without an app in English.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from flask_babel import gettext as _

from .. import disclosure, kinds
from ..catalog import localize
from ..kinds.items_plan import action_plan
from ..privacy import privacy_notice
from . import gated, moderation_notes
from .data import (
    REPORT_FORMAT_VERSION,
    FactsSection,
    GroupCount,
    GroupFigures,
    ReportData,
    StepSection,
)
from .gated import other_groups_label
from .inputs import ReportInput, StepInput
from .section_base import gate_of


def _participation(inp: ReportInput, step: StepInput) -> tuple[GroupCount, ...]:
    """Who took part in a step, per group: a head count, shown like the participants per group
    (a number from k people on, small groups pooled)."""
    people = inp.people.get(step.key, {})
    return _counts(people, disclosure.release(people, inp.threshold, None, inp.groups))


def _counts(values: dict[str, int], release: disclosure.Release) -> tuple[GroupCount, ...]:
    """Released counts as labelled pairs (shown groups, then the pool)."""
    counts = [GroupCount(group, values.get(group, 0)) for group in release.shown]
    if release.pooled:
        counts.append(
            GroupCount(other_groups_label(), sum(values.get(g, 0) for g in release.pooled))
        )
    return tuple(counts)


def is_risk_assessment(inp: ReportInput) -> bool:
    """A workshop with a step of a risk assessment's kinds is (part of) a risk assessment: the
    report names its legal basis, its review date and the safety specialists who sign."""
    return any(kinds.get_kind(step.kind).risk_assessment for step in inp.steps)


def shows_action_plan(inp: ReportInput) -> bool:
    """The report has an action plan section when there are measures, or a step to propose
    them (then it says there are none yet)."""
    return bool(inp.actions) or any(
        kinds.get_kind(step.kind).proposes_measures for step in inp.steps
    )


def _section(inp: ReportInput, step: StepInput) -> StepSection:
    return kinds.get_kind(step.kind).report_section(inp, step, gate_of(inp, step))


def _duration_minutes(inp: ReportInput, now: datetime) -> int:
    end = inp.closed_at or now
    return max(0, round((end - inp.created_at).total_seconds() / 60))


def build_report(inp: ReportInput, now: datetime) -> ReportData:
    """Turn the loaded session into the report's content, every figure through the gate."""
    heads = disclosure.release(inp.participants_by_group, inp.threshold, None, inp.groups)
    figures = gated.figures([heads], inp.groups)
    facts = FactsSection(
        title=inp.title,
        organisation=inp.organisation,
        template=localize(inp.template_title, inp.language),
        facilitator=inp.facilitator,
        language=inp.language,
        created_at=inp.created_at,
        ended_at=inp.closed_at,
        duration_minutes=_duration_minutes(inp, now),
        participants_total=sum(inp.participants_by_group.values()),
        participants_by_group=_counts(inp.participants_by_group, heads),
        interim=inp.live,
    )
    steps = tuple(
        replace(
            _section(inp, step),
            participation=_participation(inp, step),
        )
        for step in inp.steps
    )
    return ReportData(
        version=REPORT_FORMAT_VERSION,
        language=inp.language,
        generated_at=now,
        facts=facts,
        steps=steps,
        anonymity_threshold=inp.threshold,
        groups=figures,
        method_notes=_method_notes(inp, figures, steps),
        literacy_topics=tuple(step.title for step in steps),
        action_plan=action_plan(inp),
        show_action_plan=shows_action_plan(inp),
        risk_assessment=is_risk_assessment(inp),
    )


def _method_notes(
    inp: ReportInput, figures: GroupFigures, steps: tuple[StepSection, ...]
) -> tuple[str, ...]:
    notice = privacy_notice(inp.threshold, inp.unlink_after_minutes, inp.retention_days)
    lines = [
        _(
            "Participants took part anonymously on their own devices; the report contains "
            "nothing that links a contribution to a person. Before joining they read this "
            "privacy notice: “%(notice)s”",
            notice=" ".join(notice),
        ),
        _(
            "Anonymity threshold %(k)s: every figure (the answers to one statement, hazard, "
            "item or question, or a whole dot vote) is shown only if at least %(k)s people gave "
            "it, and broken down by group only for groups of at least %(k)s of those people. "
            "Smaller groups are merged into “other groups” or left out, with as many other "
            "groups as needed so that no total minus the shown groups reveals them. Figures by "
            "group are shown only once a step's input is closed.",
            k=inp.threshold,
        ),
    ]
    for kind in kinds.KINDS.values():  # how each kind used found its figures
        lines += kind.method_notes(inp)
    lines += moderation_notes.method_notes(inp)  # the facilitator's actions (not people's)
    if figures.pooled or figures.withheld:
        lines.append(
            _(
                "Participants per group are shown for groups of at least %(k)s people; the "
                "others are counted together or only in the total: %(groups)s.",
                k=inp.threshold,
                groups=", ".join((*figures.pooled, *figures.withheld)),
            )
        )
    for step in steps:
        lines += [f"{step.title}: {sentence}" for sentence in step.withheld]
    if inp.live:
        lines.append(_("Interim result: the workshop was still running when this was produced."))
    return tuple(lines)
