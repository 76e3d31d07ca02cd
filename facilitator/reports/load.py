"""Read what a report needs from the database into plain values (`ReportInput`, see
`inputs.py`); what to read beyond what every step gets, the step kinds declare.

Dots are summed per note and participant *group* in SQL, answers counted per item, value and
group, so nothing that links a contribution to a participant leaves this module.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from .. import assessment as ar
from .. import kinds, queries
from ..extensions import db
from ..sessions import assessment_data, moderation_log, rules
from ..sessions.models import (
    ActionItem,
    Note,
    SessionStep,
    StepItem,
    Vote,
    WorkshopSession,
    person,
)
from ..sessions.team_rules import Role
from .inputs import ActionInput, DotInput, ItemInput, NoteInput, ReportInput, StepInput


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
    voters = {s.key: sum(people[s.key].values()) for s in ws.steps if _kind(s).counts_voters}
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
            key_of[s.id]: assessment_data.selections(s)
            for s in ws.steps
            if _kind(s).reads_selections
        },
        decisions={
            key_of[s.id]: assessment_data.decision_of(s, assessment_data.items_of(s.id))
            for s in ws.steps
            if _kind(s).reads_decision
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


def _kind(step: SessionStep) -> kinds.StepKind:
    return kinds.get_kind(step.kind)


def _upvotes(ws: WorkshopSession, notes: tuple[NoteInput, ...]) -> dict[str, dict[int, int]]:
    """Distinct upvoters per shown question of each Q&A step (who they are stays here)."""
    qa_steps = {s.id: s.key for s in ws.steps if _kind(s).has_questions}
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
    qa_steps = [s.id for s in ws.steps if _kind(s).has_questions]
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
