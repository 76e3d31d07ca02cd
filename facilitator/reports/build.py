"""`build_report`: ReportInput → ReportData. Pure: no database, no request.

Each step kind contributes its section through `SECTIONS`: its builder (in `facilitator/kinds/`)
returns the section's blocks, which every format draws; a kind added later lists its builder
here and every format shows it. Fixed texts go through Flask-Babel's gettext: inside
`force_locale(...)` they come out in the session's language, without an app in English.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from flask_babel import gettext as _

from .. import disclosure
from ..catalog import localize
from ..kinds.items_plan import action_plan, is_risk_assessment, shows_action_plan
from ..kinds.items_plan import method_notes as item_method_notes
from ..kinds.items_report import actions_section, check_section, risk_section
from ..kinds.notes_report import board_section, dot_vote_section, info_section
from ..kinds.notes_report import method_notes as note_method_notes
from ..kinds.qa_report import method_notes as qa_method_notes
from ..kinds.qa_report import qa_section
from ..kinds.surveys_report import poll_section, quiz_section, scale_section, weighted_section
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
from .load import ReportInput, StepInput
from .section_base import gate_of

SectionBuilder = Callable[[ReportInput, StepInput, disclosure.Gate], StepSection]


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


# Every kind's report section, listed explicitly (no registration by import); each builder
# returns the section with its blocks, so a kind added later shows in every format.
SECTIONS: dict[str, SectionBuilder] = {
    "info": info_section,
    "board": board_section,
    "canvas": board_section,
    "dot_vote": dot_vote_section,
    "check": check_section,
    "risk": risk_section,
    "actions": actions_section,
    "scale": scale_section,
    "poll": poll_section,
    "quiz": quiz_section,
    "weighted": weighted_section,
    "qa": qa_section,
}
# The method notes of each family, for the kinds the workshop used.
METHOD_NOTES: tuple[Callable[[ReportInput], list[str]], ...] = (
    note_method_notes,
    item_method_notes,
    qa_method_notes,
    moderation_notes.method_notes,  # counts of the facilitator's actions, not of people
)


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
            SECTIONS[step.kind](inp, step, gate_of(inp, step)),
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
    for family in METHOD_NOTES:  # how each kind used found its figures
        lines += family(inp)
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
