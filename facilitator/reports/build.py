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

from .. import disclosure, surveys
from ..catalog import localize
from ..privacy import privacy_notice
from ..sessions import rules
from . import build_assessment, build_surveys, gated, moderation_notes
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
from .gated import other_groups_label
from .load import ReportInput, StepInput
from .section_base import base_section, column_titles, gate_of, shown_notes

SectionBuilder = Callable[[ReportInput, StepInput, disclosure.Gate], StepSection]


def _by_group(
    values: dict[str, int], release: disclosure.Release, columns: GroupFigures
) -> tuple[GroupCount, ...]:
    """Counts per released column (the pool summed), empty where the row withholds one."""
    released: dict[str | None, GroupCount] = {
        g: GroupCount(g, values.get(g, 0)) for g in release.shown
    }
    if release.pooled:
        pool = sum(values.get(g, 0) for g in release.pooled)
        released[None] = GroupCount(other_groups_label(), pool)
    return gated.cells(columns, release, released, lambda label: GroupCount(label, None))


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


def info_section(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    return replace(base_section(inp, step), link=step.settings.get("link"))


def board_section(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    titles = column_titles(step, inp.language)
    notes = [n for n in inp.notes if n.step_key == step.key]
    shown = shown_notes(notes)
    order = list(titles)
    shown.sort(key=lambda item: order.index(item[0].column) if item[0].column in order else 99)
    words: tuple[tuple[str, int], ...] = ()
    if step.settings.get("view") == "words":
        words = tuple(surveys.fold_words([n.text for n in notes if not n.hidden]))
    return replace(
        base_section(inp, step),
        columns=tuple(titles.values()),
        notes=tuple(
            ReportNote(text=note.text, column=titles.get(note.column, note.column), merged=merged)
            for note, merged in shown
        ),
        words=words,
    )


def dot_vote_section(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    """The ranking with dots per released group. A dot vote is one figure per group (how its
    voters spent their dots), so one release, from the voters per group, covers every note;
    with fewer than k voters the notes are listed without dots or rank."""
    source = next(s for s in inp.steps if s.key == step.settings["source"])
    titles = column_titles(source, inp.language)
    allowed = step.settings.get("columns") or list(titles)
    notes = [n for n in inp.notes if n.step_key == source.key and n.column in allowed]
    parents = {note.id: note.merged_into for note in notes}
    release = gate.release(inp.people.get(step.key, {}))
    columns = gated.figures([release], inp.groups)
    shown = shown_notes(notes)
    base = replace(
        base_section(inp, step),
        columns=tuple(titles[c] for c in allowed if c in titles),
        budget=step.settings["budget"],
        max_per_note=step.settings["max_per_note"],
        voters=inp.voters.get(step.key, 0),
        withheld=gated.sentences([release], [base_title(inp, step)], inp.threshold),
    )
    if not release.total:
        return replace(
            base,
            notes=tuple(
                ReportNote(text=n.text, column=titles.get(n.column, n.column), merged=m)
                for n, m in shown
            ),
        )
    per_group: dict[int, dict[str, int]] = {}
    for dot in inp.dots:
        if dot.step_key == step.key and dot.note_id in parents:
            root = rules.root_of(dot.note_id, parents)
            groups = per_group.setdefault(root, {})
            groups[dot.group] = groups.get(dot.group, 0) + dot.dots
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
                by_group=_by_group(per_group.get(note_id, {}), release, columns),
                merged=merged,
            )
        )
    return replace(base, ranking=tuple(ranked), groups=columns, dots_total=sum(totals.values()))


def base_title(inp: ReportInput, step: StepInput) -> str:
    return localize(step.title, inp.language)


# Every kind's report section, listed explicitly (no registration by import).
SECTIONS: dict[str, SectionBuilder] = {
    "info": info_section,
    "board": board_section,
    "canvas": board_section,
    "dot_vote": dot_vote_section,
    "check": build_assessment.check_section,
    "risk": build_assessment.risk_section,
    "actions": build_assessment.actions_section,
    "scale": build_surveys.scale_section,
    "poll": build_surveys.choice_section,
    "quiz": build_surveys.choice_section,
    "weighted": build_surveys.weighted_section,
}


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
        method_notes=(
            *_method_notes(inp, figures, steps),
            *build_assessment.method_notes(inp),
            *moderation_notes.method_notes(inp),
        ),
        literacy_topics=tuple(step.title for step in steps),
        action_plan=build_assessment.action_plan(inp),
    )


def _method_notes(
    inp: ReportInput, figures: GroupFigures, steps: tuple[StepSection, ...]
) -> tuple[str, ...]:
    notice = privacy_notice(inp.threshold, inp.unlink_after_minutes, inp.retention_days)
    notes = [
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
    if any(step.kind == "dot_vote" for step in inp.steps):  # method notes only for kinds used
        notes.append(
            _(
                "Dot voting: every participant had a fixed budget of dots and could put several "
                "dots on one note up to a limit. Duplicate notes merged by the facilitator are "
                "shown once; their dots are added up. Notes hidden by the facilitator are not "
                "included."
            )
        )
    if figures.pooled or figures.withheld:
        notes.append(
            _(
                "Participants per group are shown for groups of at least %(k)s people; the "
                "others are counted together or only in the total: %(groups)s.",
                k=inp.threshold,
                groups=", ".join((*figures.pooled, *figures.withheld)),
            )
        )
    for step in steps:
        notes += [f"{step.title}: {sentence}" for sentence in step.withheld]
    if inp.live:
        notes.append(_("Interim result: the workshop was still running when this was produced."))
    return tuple(notes)
