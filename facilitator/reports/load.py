"""Read what a report needs from the database into plain values (`ReportInput`).

Dots are summed per note and participant *group* in SQL, answers counted per item, value and
group, so nothing that links a contribution to a participant leaves this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from .. import assessment as ar
from .. import queries, surveys
from ..extensions import db
from ..sessions import assessment_data, moderation_log, rules
from ..sessions.models import ActionItem, Note, StepItem, Vote, WorkshopSession, person
from ..sessions.team_rules import Role


@dataclass(frozen=True)
class StepInput:
    position: int
    kind: str
    key: str
    title: dict[str, str]
    prompt: dict[str, str]
    settings: dict[str, Any]
    breakdown: str = "pending"  # disclosure.Breakdown of the step
    is_open: bool = False  # input open (only while the workshop is live)


@dataclass(frozen=True)
class NoteInput:
    id: int
    step_key: str
    column: str
    text: str
    hidden: bool
    merged_into: int | None


@dataclass(frozen=True)
class DotInput:
    step_key: str
    note_id: int
    group: str
    dots: int


@dataclass(frozen=True)
class ItemInput:
    """A statement or hazard of a check, risk or actions step."""

    id: int
    step_key: str
    origin: str
    source_id: int | None
    area: dict[str, str] | None
    text: dict[str, str]
    enabled: bool
    attributes: dict[str, Any] | None = None


@dataclass(frozen=True)
class ActionInput:
    hazard_id: int | None
    measure: str
    stop_type: str
    priority: str
    expertise: str
    responsible: str
    budget: str
    start_on: date | None
    due_on: date | None
    effectiveness: str
    status: str


@dataclass(frozen=True)
class ReportInput:
    title: str
    organisation: str
    language: str
    template_title: dict[str, str]
    facilitator: str
    created_at: datetime
    closed_at: datetime | None
    live: bool
    threshold: int
    groups: tuple[str, ...]
    participants_by_group: dict[str, int]
    steps: tuple[StepInput, ...]
    notes: tuple[NoteInput, ...]
    dots: tuple[DotInput, ...]
    voters: dict[str, int]  # per dot-vote step key: how many people spent dots
    # per step key: distinct people per group who voted (dot vote) or answered (other kinds)
    people: dict[str, dict[str, int]] = field(default_factory=dict)
    retention_days: int = 90
    unlink_after_minutes: int = 60
    items: tuple[ItemInput, ...] = ()
    # per step key: answers counted per item, dimension, value and group (no person in them)
    answers: dict[str, tuple[ar.AnswerCount, ...]] = field(default_factory=dict)
    respondents: dict[tuple[int, str], int] = field(default_factory=dict)
    actions: tuple[ActionInput, ...] = ()
    # per quiz step key: each respondent's chosen option numbers, without who
    selections: dict[str, tuple[frozenset[int], ...]] = field(default_factory=dict)
    decisions: dict[str, surveys.Decision] = field(default_factory=dict)  # weighted steps
    # the document's facts (reports/document.py): where and when it was really held
    place: str = ""
    input_opened_at: datetime | None = None
    last_activity_at: datetime | None = None
    # the template's declared learning objectives, one {"de": …, "en": …} table each
    learning_objectives: tuple[dict[str, str], ...] = ()
    # per Q&A step key: distinct people who upvoted each shown question (a merged duplicate's
    # upvotes count for the question it was merged into, each person once); each question's
    # status where it is not open
    upvotes: dict[str, dict[int, int]] = field(default_factory=dict)
    question_status: dict[int, str] = field(default_factory=dict)
    # per step key: the moderation log summed up (how many notes per action, when) and the
    # notes still waiting for approval; never which notes
    moderation: dict[str, moderation_log.StepModeration] = field(default_factory=dict)


def load_report_input(ws: WorkshopSession) -> ReportInput:
    """Everything a report of `ws` shows, in a handful of queries."""
    steps = tuple(
        StepInput(
            s.position,
            s.kind,
            s.key,
            s.title,
            s.prompt,
            s.settings,
            breakdown=s.breakdown,
            is_open=s.is_open and ws.is_live,
        )
        for s in ws.steps
    )
    key_of = {s.id: s.key for s in ws.steps}
    step_ids = list(key_of)
    notes = tuple(
        NoteInput(note_id, key_of[step_id], column, text, hidden, merged_into)
        for note_id, step_id, column, text, hidden, merged_into in db.session.execute(
            select(Note.id, Note.step_id, Note.column, Note.text, Note.hidden, Note.merged_into_id)
            .where(Note.step_id.in_(step_ids), Note.pending.is_(False))  # approved notes only
            .order_by(Note.id)
        )
    )
    dots = tuple(
        DotInput(key_of[step_id], note_id, group, int(total))
        for step_id, note_id, group, total in db.session.execute(
            select(Vote.step_id, Vote.note_id, Vote.group, func.sum(Vote.dots))
            .where(Vote.step_id.in_(step_ids))
            .group_by(Vote.step_id, Vote.note_id, Vote.group)
        )
    )
    people: dict[str, dict[str, int]] = {key: {} for key in key_of.values()}
    for step_id, group, voters_in_group in db.session.execute(
        select(Vote.step_id, Vote.group, func.count(func.distinct(person(Vote))))
        .where(Vote.step_id.in_(step_ids))
        .group_by(Vote.step_id, Vote.group)
    ):
        people[key_of[step_id]][group] = int(voters_in_group)
    for step_id, groups in assessment_data.step_respondents(step_ids).items():
        people[key_of[step_id]].update(groups)
    voters = {s.key: sum(people[s.key].values()) for s in ws.steps if s.kind in ("dot_vote", "qa")}
    items = tuple(
        ItemInput(
            item.id,
            key_of[item.step_id],
            item.origin,
            item.source_id,
            item.area,
            item.text,
            item.enabled,
            item.attributes,
        )
        for item in db.session.scalars(
            select(StepItem)
            .where(StepItem.step_id.in_(step_ids))
            .order_by(StepItem.step_id, StepItem.position)
        )
    )
    answers: dict[str, list[ar.AnswerCount]] = {}
    for step_id, count in assessment_data.answer_counts(step_ids):
        answers.setdefault(key_of[step_id], []).append(count)
    actions = tuple(
        ActionInput(
            a.hazard_id,
            a.measure,
            a.stop_type,
            a.priority,
            a.expertise,
            a.responsible,
            a.budget,
            a.start_on,
            a.due_on,
            a.effectiveness,
            a.status,
        )
        for a in db.session.scalars(
            select(ActionItem).where(ActionItem.ws_id == ws.id).order_by(ActionItem.position)
        )
    )
    # who ran it: the owner, then the co-facilitators (observers only watched)
    facilitators = [
        member.name
        for member in queries.team_of(ws)
        if member.role in (Role.OWNER, Role.COFACILITATOR)
    ]
    last_note = db.session.scalar(
        select(func.max(Note.updated_at)).where(Note.step_id.in_(step_ids))
    )
    last_action = db.session.scalar(
        select(func.max(ActionItem.updated_at)).where(ActionItem.ws_id == ws.id)
    )
    return ReportInput(
        title=ws.title,
        organisation=ws.organisation,
        language=ws.language,
        template_title=ws.template.get("title", {}),
        facilitator=", ".join(facilitators),
        created_at=ws.created_at,
        closed_at=ws.closed_at,
        live=ws.is_live,
        threshold=ws.anonymity_threshold,
        groups=tuple(ws.groups),
        participants_by_group=queries.group_sizes(ws),
        steps=steps,
        notes=notes,
        dots=dots,
        voters=voters,
        people=people,
        retention_days=ws.retention_days,
        unlink_after_minutes=current_app.config["UNLINK_AFTER_MINUTES"],
        items=items,
        answers={key: tuple(counts) for key, counts in answers.items()},
        respondents=assessment_data.respondents(step_ids),
        actions=actions,
        selections={
            key_of[s.id]: assessment_data.selections(s) for s in ws.steps if s.kind == "quiz"
        },
        decisions={
            key_of[s.id]: assessment_data.decision_of(s, assessment_data.items_of(s.id))
            for s in ws.steps
            if s.kind == "weighted"
        },
        place=ws.place,
        input_opened_at=ws.input_opened_at,
        last_activity_at=max(
            (t for t in map(_utc, (last_note, last_action)) if t is not None),
            default=None,
        ),
        learning_objectives=_objectives(ws.template),
        upvotes=_upvotes(ws, notes),
        question_status=_question_status(ws),
        moderation={
            key_of[step_id]: summary
            for step_id, summary in moderation_log.summaries(step_ids).items()
        },
    )


def _upvotes(ws: WorkshopSession, notes: tuple[NoteInput, ...]) -> dict[str, dict[int, int]]:
    """Distinct upvoters per shown question of each Q&A step (who they are stays here)."""
    qa_steps = {s.id: s.key for s in ws.steps if s.kind == "qa"}
    if not qa_steps:
        return {}
    rows: dict[str, list[tuple[int, int | None]]] = {key: [] for key in qa_steps.values()}
    for step_id, note_id, voter in db.session.execute(
        select(Vote.step_id, Vote.note_id, person(Vote)).where(Vote.step_id.in_(qa_steps))
    ):
        rows[qa_steps[step_id]].append((note_id, voter))
    result = {}
    for key, upvoted in rows.items():
        parents = {note.id: note.merged_into for note in notes if note.step_key == key}
        result[key] = rules.upvotes(upvoted, parents)
    return result


def _question_status(ws: WorkshopSession) -> dict[int, str]:
    qa_steps = [s.id for s in ws.steps if s.kind == "qa"]
    if not qa_steps:
        return {}
    rows = db.session.execute(
        select(Note.id, Note.qa_status).where(Note.step_id.in_(qa_steps), Note.qa_status != "open")
    )
    return {note_id: status for note_id, status in rows}


def _utc(moment: datetime | None) -> datetime | None:
    """Aggregates (min/max) bypass the column type, so SQLite returns them naive or as text."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _objectives(template: dict[str, Any]) -> tuple[dict[str, str], ...]:
    """The template's `learning_objectives` ({"de": …, "en": …} tables), if it declares any."""
    objectives = template.get("learning_objectives") or ()
    return tuple(o for o in objectives if isinstance(o, dict) and any(o.values()))
