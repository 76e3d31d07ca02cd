"""`build_report`: ReportInput → ReportData. Pure: no database, no request.

Each step kind contributes its section through `SECTIONS`; a kind added later registers its
builder here and every format shows it. Fixed texts go through Flask-Babel's gettext: inside
`force_locale(...)` they come out in the session's language, without an app in English.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from flask_babel import gettext as _

from .. import surveys
from ..catalog import localize
from ..privacy import privacy_notice
from ..sessions import rules
from .data import (
    REPORT_FORMAT_VERSION,
    FactsSection,
    GroupCount,
    GroupFigures,
    RankedNote,
    ReportData,
    ReportNote,
    StepSection,
)
from .load import NoteInput, ReportInput, StepInput

SectionBuilder = Callable[[ReportInput, StepInput, GroupFigures, rules.GroupPlan], StepSection]
SECTIONS: dict[str, SectionBuilder] = {}


def section(kind: str) -> Callable[[SectionBuilder], SectionBuilder]:
    """Register the report section builder of a step kind."""

    def register(builder: SectionBuilder) -> SectionBuilder:
        SECTIONS[kind] = builder
        return builder

    return register


def other_groups_label() -> str:
    return _("Other groups (merged)")


def _figures(plan: rules.GroupPlan) -> GroupFigures:
    columns = plan.shown + ((other_groups_label(),) if plan.pooled else ())
    return GroupFigures(columns=columns, withheld=plan.withheld, pooled=plan.pooled)


def _by_group(values: dict[str, int], plan: rules.GroupPlan) -> tuple[GroupCount, ...]:
    counts = [GroupCount(group, values.get(group, 0)) for group in plan.shown]
    if plan.pooled:
        counts.append(GroupCount(other_groups_label(), sum(values.get(g, 0) for g in plan.pooled)))
    return tuple(counts)


def _base(inp: ReportInput, step: StepInput) -> StepSection:
    """The part every step has: position, kind, title and prompt in the report's language."""
    return StepSection(
        position=step.position,
        kind=step.kind,
        title=localize(step.title, inp.language),
        prompt=localize(step.prompt, inp.language),
    )


def _column_titles(step: StepInput, lang: str) -> dict[str, str]:
    return {c["key"]: localize(c["title"], lang) for c in step.settings.get("columns", [])}


def _shown_notes(notes: list[NoteInput]) -> list[tuple[NoteInput, tuple[str, ...]]]:
    """Notes as they were shown: merge roots with the texts merged into them; hidden left out."""
    parents = {note.id: note.merged_into for note in notes}
    merged: dict[int, list[str]] = {}
    for note in notes:
        if note.merged_into is not None and not note.hidden:
            merged.setdefault(rules.root_of(note.id, parents), []).append(note.text)
    return [
        (note, tuple(merged.get(note.id, ())))
        for note in notes
        if note.merged_into is None and not note.hidden
    ]


@section("info")
def info_section(
    inp: ReportInput, step: StepInput, figures: GroupFigures, plan: rules.GroupPlan
) -> StepSection:
    return replace(_base(inp, step), link=step.settings.get("link"))


@section("canvas")
@section("board")
def board_section(
    inp: ReportInput, step: StepInput, figures: GroupFigures, plan: rules.GroupPlan
) -> StepSection:
    titles = _column_titles(step, inp.language)
    notes = [n for n in inp.notes if n.step_key == step.key]
    shown = _shown_notes(notes)
    order = list(titles)
    shown.sort(key=lambda item: order.index(item[0].column) if item[0].column in order else 99)
    words: tuple[tuple[str, int], ...] = ()
    if step.settings.get("view") == "words":
        words = tuple(surveys.fold_words([n.text for n in notes if not n.hidden]))
    return replace(
        _base(inp, step),
        columns=tuple(titles.values()),
        notes=tuple(
            ReportNote(text=note.text, column=titles.get(note.column, note.column), merged=merged)
            for note, merged in shown
        ),
        words=words,
    )


@section("dot_vote")
def dot_vote_section(
    inp: ReportInput, step: StepInput, figures: GroupFigures, plan: rules.GroupPlan
) -> StepSection:
    source = next(s for s in inp.steps if s.key == step.settings["source"])
    titles = _column_titles(source, inp.language)
    allowed = step.settings.get("columns") or list(titles)
    notes = [n for n in inp.notes if n.step_key == source.key and n.column in allowed]
    parents = {note.id: note.merged_into for note in notes}
    per_group: dict[int, dict[str, int]] = {}
    for dot in inp.dots:
        if dot.step_key == step.key and dot.note_id in parents:
            root = rules.root_of(dot.note_id, parents)
            groups = per_group.setdefault(root, {})
            groups[dot.group] = groups.get(dot.group, 0) + dot.dots
    shown = _shown_notes(notes)
    totals = {note.id: sum(per_group.get(note.id, {}).values()) for note, _ in shown}
    ranking = rules.ranking([note.id for note, _ in shown], totals)
    by_id = {note.id: (note, merged) for note, merged in shown}
    ranked = []
    for rank, (note_id, dots) in enumerate(ranking, start=1):
        note, merged = by_id[note_id]
        ranked.append(
            RankedNote(
                rank=rank,
                text=note.text,
                column=titles.get(note.column, note.column),
                dots=dots,
                by_group=_by_group(per_group.get(note_id, {}), plan),
                merged=merged,
            )
        )
    return replace(
        _base(inp, step),
        columns=tuple(titles[c] for c in allowed if c in titles),
        ranking=tuple(ranked),
        groups=figures,
        budget=step.settings["budget"],
        max_per_note=step.settings["max_per_note"],
        voters=inp.voters.get(step.key, 0),
        dots_total=sum(totals.values()),
    )


def _duration_minutes(inp: ReportInput, now: datetime) -> int:
    end = inp.closed_at or now
    return max(0, round((end - inp.created_at).total_seconds() / 60))


def build_report(inp: ReportInput, now: datetime) -> ReportData:
    """Turn the loaded session into the report's content, anonymity threshold applied."""
    plan = rules.group_plan(inp.participants_by_group, inp.threshold)
    figures = _figures(plan)
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
        participants_by_group=_by_group(inp.participants_by_group, plan),
        interim=inp.live,
    )
    steps = tuple(SECTIONS[step.kind](inp, step, figures, plan) for step in inp.steps)
    return ReportData(
        version=REPORT_FORMAT_VERSION,
        language=inp.language,
        generated_at=now,
        facts=facts,
        steps=steps,
        anonymity_threshold=inp.threshold,
        groups=figures,
        method_notes=_method_notes(inp, figures) + tuple(build_assessment.method_notes(inp)),
        literacy_topics=tuple(step.title for step in steps),
        action_plan=build_assessment.action_plan(inp, plan),
    )


def _method_notes(inp: ReportInput, figures: GroupFigures) -> tuple[str, ...]:
    notice = privacy_notice(inp.threshold, inp.unlink_after_minutes, inp.retention_days)
    notes = [
        _(
            "Participants took part anonymously on their own devices; the report contains "
            "nothing that links a contribution to a person. Before joining they read this "
            "privacy notice: “%(notice)s”",
            notice=" ".join(notice),
        ),
        _(
            "Results are broken down by group only for groups with at least %(k)s "
            "participants (anonymity threshold).",
            k=inp.threshold,
        ),
    ]
    if any(step.kind == "dot_vote" for step in inp.steps):  # method notes only for kinds used
        notes.append(
            _(
                "Dot voting: every participant had a fixed budget of dots and could put several "
                "dots on one note up to a limit. Duplicate notes merged by the facilitator are "
                "shown once; their dots are added up. Notes hidden by the facilitator are not "
                "included."
            )
        )
    if figures.pooled:
        notes.append(
            _(
                "These groups are shown together as “other groups” to protect groups with fewer "
                "than %(k)s participants: %(groups)s.",
                k=inp.threshold,
                groups=", ".join(figures.pooled),
            )
        )
    if figures.withheld:
        notes.append(
            _(
                "Figures for these groups are withheld and only counted in the totals, to protect "
                "groups with fewer than %(k)s participants: %(groups)s.",
                k=inp.threshold,
                groups=", ".join(figures.withheld),
            )
        )
    if inp.live:
        notes.append(_("Interim result: the workshop was still running when this was produced."))
    return tuple(notes)


from . import build_assessment, build_surveys  # noqa: E402, F401  (register more sections)
