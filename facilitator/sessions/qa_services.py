"""Named state changes of a Q&A step: upvoting questions, and the facilitator's status marks.

A question is a `Note` of the Q&A step (asked with `services.add_note`, its addressee is the
note's column); an upvote is a `Vote` of one dot that may hold one dot at most, so the database
(unique per step, person and note) keeps it to one per person and question. There is no budget.
Services flush, never commit.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update

from .. import errors, kinds
from ..change import VIEWS, Change
from ..extensions import db
from . import hot_sql as sql
from . import rules, services
from .models import Note, SessionStep, Vote, WorkshopSession
from .services import Acting, OpenStep


def upvote(participant: Acting, note_id: int, key: str) -> Change:
    """Upvote a question of the open Q&A step, once; not one's own, not an answered one.

    :raises StepClosed, WrongStepKind, UnknownNote, OwnQuestion, QuestionAnswered, AlreadyUpvoted
    """
    step = services.open_step(participant, key)
    if isinstance(step, Change):
        return step  # done before under this key
    question = _shown_question(step, note_id)
    if question.participant_id == participant.id:
        raise errors.OwnQuestion()
    if question.qa_status == "answered":
        raise errors.QuestionAnswered()
    if _my_upvotes(participant, step, _members(step.id, question.id)):
        raise errors.AlreadyUpvoted()
    added = sql.run(
        sql.dialect_upserts().add_dot,
        p_step=step.id,
        p_participant=participant.id,
        p_group=participant.group,
        p_note=question.id,
        p_max=1,
    )
    if added.first() is None:  # a concurrent twin of this upvote came first (RETURNING: see
        # hot_sql.upserts; psycopg reports no row count for an upsert)
        raise errors.AlreadyUpvoted()
    return services.record(participant, key, question.id)


def withdraw_upvote(participant: Acting, note_id: int, key: str) -> Change:
    """Take one's upvote of a question back (also one given to a duplicate merged into it).

    :raises StepClosed, WrongStepKind, UnknownNote, NoVoteToRetract
    """
    step = services.open_step(participant, key)
    if isinstance(step, Change):
        return step
    question = _shown_question(step, note_id)
    members = _members(step.id, question.id)
    if not _my_upvotes(participant, step, members):
        raise errors.NoVoteToRetract()
    db.session.execute(
        delete(Vote).where(
            Vote.step_id == step.id,
            Vote.participant_id == participant.id,
            Vote.note_id.in_(members),
        )
    )
    return services.record(participant, key, question.id)


def set_question_status(ws: WorkshopSession, note_id: int, status: str) -> Change:
    """Mark a question open, being answered or answered. At most one question of a step is
    being answered: marking another one moves the previous one on to answered.

    :raises UnknownNote, WrongStepKind
    """
    if status not in rules.QA_STATUSES:
        raise errors.DomainError()
    note = db.session.get(Note, note_id)
    step = None if note is None else db.session.get(SessionStep, note.step_id)
    if note is None or step is None or step.ws_id != ws.id:
        raise errors.UnknownNote()
    if not kinds.get_kind(step.kind).has_questions:
        raise errors.WrongStepKind()
    if note.pending:
        raise errors.NoteWaiting()  # never big on the projector before it is approved
    if status == "answering":
        db.session.execute(
            update(Note)
            .where(Note.step_id == step.id, Note.qa_status == "answering", Note.id != note.id)
            .values(qa_status="answered")
            .execution_options(synchronize_session=False)
        )
    note.qa_status = status
    return services.changed(ws, VIEWS)


def _shown_question(step: OpenStep, note_id: int) -> Note:
    """The question a phone shows for `note_id` on the open Q&A step: merge links are walked up
    to the question it is shown as; a hidden one, or one waiting for approval, is not shown."""
    if not kinds.get_kind(step.kind).has_questions:
        raise errors.WrongStepKind()
    note = db.session.get(Note, note_id)
    if note is None or note.step_id != step.id or note.pending:
        raise errors.UnknownNote()
    seen = {note.id}
    while note.merged_into_id is not None and note.merged_into_id not in seen:
        parent = db.session.get(Note, note.merged_into_id)
        if parent is None:
            break
        seen.add(parent.id)
        note = parent
    if note.hidden or note.pending:
        raise errors.UnknownNote()
    return note


def _members(step_id: int, root_id: int) -> list[int]:
    """A shown question and every duplicate merged into it."""
    links = dict(
        db.session.execute(
            select(Note.id, Note.merged_into_id).where(Note.step_id == step_id)
        ).all()
    )
    return [note_id for note_id in links if rules.root_of(note_id, links) == root_id]


def _my_upvotes(participant: Acting, step: OpenStep, members: list[int]) -> bool:
    return (
        db.session.scalar(
            select(Vote.id)
            .where(
                Vote.step_id == step.id,
                Vote.participant_id == participant.id,
                Vote.note_id.in_(members),
            )
            .limit(1)
        )
        is not None
    )
