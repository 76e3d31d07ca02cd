"""Named state changes of a workshop: load, check the rules, mutate, flush.

Services never commit: the boundary (`transaction.perform`) commits once. Each operation
returns a `Change` that says who is to hear about it (its scope). Services raise
`DomainError`s when a rule refuses an action. Facilitator controls bump the session's
revision; a participant's contribution does not write the session's row (see `revision.py`
for how snapshots are ordered).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, NamedTuple, Protocol

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from .. import disclosure, errors, kinds
from ..accounts.models import User
from ..catalog import ExerciseTemplate
from ..change import EVERYONE, GONE, VIEWS, Change, Scope, own
from ..db import utc_now
from ..extensions import db
from ..rules import session as rules
from . import hot_sql as sql
from . import moderation_log
from .models import (
    Answer,
    Ballot,
    Note,
    Participant,
    SessionStatus,
    SessionStep,
    StepItem,
    StepLike,
    Vote,
    WorkshopSession,
)


class Acting(Protocol):
    """Who contributes: a participant row, or the `Actor` a connection remembers."""

    @property
    def id(self) -> int: ...

    @property
    def ws_id(self) -> int: ...

    @property
    def group(self) -> str: ...


@dataclass(frozen=True)
class Actor:
    """A connected participant, remembered by its connection at connect: no row is loaded
    for each event. A deleted workshop is noticed by the step query (`open_step`). The group
    is written with every answer and vote (a participant's group never changes)."""

    id: int
    ws_id: int
    language: str
    group: str


# --- creating and joining ----------------------------------------------------------------


def create_from_template(
    owner: User,
    template: ExerciseTemplate,
    *,
    title: str,
    organisation: str,
    language: str,
    groups: Sequence[str],
    anonymity_threshold: int,
    code_length: int,
    retention_days: int = 90,
    place: str = "",
) -> WorkshopSession:
    """Copy a template into a new live session with a fresh, unused join code."""
    snapshot = template.to_json()
    ws = WorkshopSession(
        owner_id=owner.id,
        title=title,
        organisation=organisation,
        place=place,
        language=language,
        join_code=_unused_join_code(code_length),
        template_slug=template.slug,
        template=snapshot,
        groups=list(groups),
        anonymity_threshold=anonymity_threshold,
        retention_days=retention_days,
    )
    for position, step in enumerate(snapshot["steps"]):
        visible = bool(step["settings"].get("results_visible", True))
        ws.steps.append(
            SessionStep(
                position=position,
                kind=step["kind"],
                key=step["key"],
                title=step["title"],
                prompt=step["prompt"],
                facilitator_notes=step.get("facilitator_notes"),
                settings=step["settings"],
                is_open=position == 0 and _may_open(step["kind"], visible),
                results_visible=visible,
            )
        )
    db.session.add(ws)
    db.session.flush()
    for step in ws.steps:
        copy_items(step)
    db.session.flush()
    return ws


def copy_items(step: SessionStep) -> None:
    """Copy the items a step's kind takes from its settings (statements, hazards, scale items,
    criteria) or its prompt (a poll's question) into the session's items."""
    kind = kinds.get_kind(step.kind)
    for position, item in enumerate(kind.template_items(step)):
        db.session.add(
            StepItem(
                step_id=step.id,
                position=position,
                origin="template",
                source_id=None,
                area=item.get("area"),
                text=item["text"],
                enabled=item.get("enabled", True),
                attributes=kind.item_attributes(item),
            )
        )


def _unused_join_code(length: int) -> str:
    for _ in range(50):
        code = rules.new_join_code(length)
        if db.session.scalar(select(WorkshopSession.id).filter_by(join_code=code)) is None:
            return code
    raise errors.TryAgain()


def find_by_code(raw_code: str) -> WorkshopSession:
    """The session a join code belongs to.

    :raises UnknownSession: no session has this code.
    """
    code = rules.normalize_join_code(raw_code)
    ws = db.session.scalar(select(WorkshopSession).filter_by(join_code=code))
    if ws is None:
        raise errors.UnknownSession()
    return ws


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def join(ws: WorkshopSession, group: str, max_participants: int) -> tuple[Participant, str]:
    """Admit an anonymous participant to a live session; returns it and its secret token.

    :raises SessionClosed: the session has ended.
    :raises SessionFull: the session reached its participant cap.
    """
    if not ws.is_live:
        raise errors.SessionClosed()
    if group not in ws.groups:
        raise errors.DomainError()
    count = db.session.scalar(select(func.count()).where(Participant.ws_id == ws.id)) or 0
    if count >= max_participants:
        raise errors.SessionFull()
    token = secrets.token_urlsafe(32)
    participant = Participant(ws_id=ws.id, token_hash=hash_token(token), group=group)
    db.session.add(participant)
    if ws.input_opened_at is None and ws.current_step.is_open:
        # the first phone joining an open step starts the event (the report's "held from"),
        # kept on the workshop so it survives the unlink that deletes participant rows
        ws.input_opened_at = utc_now()
    _bump(ws.id)
    db.session.flush()
    return participant, token


def admit(ws: WorkshopSession, group: str, max_participants: int) -> Change:
    """`join` as an operation: the shared views count one more participant; the new token is
    the caller's secret (it goes into this phone's cookie only)."""
    participant, token = join(ws, group, max_participants)
    return Change(ws_id=ws.id, result_id=participant.id, scope=VIEWS, secret=token)


def participant_by_token(ws_id: int, token: str) -> Participant | None:
    """The participant a cookie token stands for, if it belongs to this session."""
    participant = db.session.scalar(select(Participant).filter_by(token_hash=hash_token(token)))
    return participant if participant is not None and participant.ws_id == ws_id else None


# --- participant contributions -----------------------------------------------------------


def add_note(participant: Acting, step_id: int, column: str, text: str, key: str) -> Change:
    """Write a note into a column of the current board step.

    :raises StepClosed, WrongStepKind, UnknownColumn, NoteTooLong, NoteLimitReached
    """
    step = open_step(participant, key, step_id)
    if isinstance(step, Change):
        return step  # done before under this key
    kind = kinds.get_kind(step.kind)
    if not kind.accepts_notes:
        raise errors.WrongStepKind()
    if column not in {c["key"] for c in kind.note_columns(step)}:
        raise errors.UnknownColumn()
    if len(text) > step.settings["max_note_length"]:
        raise errors.NoteTooLong()
    written = db.session.scalar(
        select(func.count()).where(Note.step_id == step.id, Note.participant_id == participant.id)
    )
    if (written or 0) >= step.settings["max_notes"]:
        raise errors.NoteLimitReached()
    note = Note(
        step_id=step.id,
        participant_id=participant.id,
        column=column,
        text=text,
        pending=kind.is_moderated(step.settings),  # shown once the facilitator approves it
    )
    db.session.add(note)
    db.session.flush()
    return record(participant, key, note.id)


def edit_note(participant: Acting, note_id: int, text: str, key: str) -> Change:
    """Change the text of one's own note while its step is open. On a moderated step a changed
    note waits for approval again (else an approved note could be changed into anything)."""
    step = open_step(participant, key)
    if isinstance(step, Change):
        return step
    note = _own_note(participant, step, note_id)
    if len(text) > step.settings["max_note_length"]:
        raise errors.NoteTooLong()
    if (
        text != note.text
        and not note.hidden
        and kinds.get_kind(step.kind).is_moderated(step.settings)
    ):
        note.pending = True
    note.text = text
    return record(participant, key, note.id)


def delete_note(participant: Acting, note_id: int, key: str) -> Change:
    """Delete one's own note while its step is open and nobody has put a dot on it."""
    step = open_step(participant, key)
    if isinstance(step, Change):
        return step
    note = _own_note(participant, step, note_id)
    db.session.execute(
        update(Note).where(Note.merged_into_id == note.id).values(merged_into_id=None)
    )
    db.session.delete(note)
    return record(participant, key, None)


def cast_vote(participant: Acting, note_id: int, key: str) -> Change:
    """Put one dot on a note of the dot-vote step's source board.

    The per-note limit (one upsert) and the budget (one conditional update) are decided by the
    database on the newest row, backed by CHECK constraints, so they hold under concurrent emits.

    :raises StepClosed, WrongStepKind, UnknownNote, VoteBudgetExceeded, NoteVoteLimit
    """
    step = open_step(participant, key, note_id=note_id)
    if isinstance(step, Change):
        return step
    shown_id = _votable_note(participant, step, note_id)
    _cast_dot(participant, step.id, shown_id, _dot_rules(step))
    return record(participant, key, shown_id)


def retract_vote(participant: Acting, note_id: int, key: str) -> Change:
    """Take one of one's dots back from a note.

    :raises StepClosed, WrongStepKind, UnknownNote, NoVoteToRetract
    """
    step = open_step(participant, key, note_id=note_id)
    if isinstance(step, Change):
        return step
    shown_id = _votable_note(participant, step, note_id)
    mine = {"p_step": step.id, "p_participant": participant.id, "p_note": shown_id}
    if sql.run(sql.TAKE_BACK_DOT, **mine).rowcount == 0:
        raise errors.NoVoteToRetract()
    sql.run(sql.DROP_EMPTY_VOTE, **mine)
    sql.run(sql.GIVE_DOT_BACK, p_participant=participant.id, p_step=step.id)
    return record(participant, key, shown_id)


def record(participant: Acting, key: str, result_id: int | None) -> Change:
    """Keep the action's idempotency key, after the service's changes; the change carries the
    revision of the next flush as read in this transaction, which on PostgreSQL the ack reads
    again after the commit (the workshop's row is not written: see `live/revision.py`)."""
    db.session.flush()
    next_revision = sql.run(
        sql.KEEP_KEY,
        p_participant=participant.id,
        p_key=key,
        p_result=result_id,
        p_at=utc_now(),
        p_ws=participant.ws_id,
    ).scalar_one()
    return Change(
        revision=int(next_revision),
        result_id=result_id,
        ws_id=participant.ws_id,
        scope=own(participant.id),
    )


class _NoteRow(NamedTuple):
    id: int
    column: str
    hidden: bool
    pending: bool
    merged_into_id: int | None
    step_key: str
    ws_id: int


@dataclass(frozen=True)
class OpenStep:
    """The current step of a workshop while it takes input: what contributions check."""

    id: int
    ws_id: int
    kind: str
    settings: dict[str, Any]
    note: _NoteRow | None = None  # with `note_id`: that note, if it exists


def open_step(
    participant: Acting, key: str, step_id: int | None = None, note_id: int | None = None
) -> OpenStep | Change:
    """Begin a contribution (one query): the outcome of an action done before under the same
    idempotency key, or else the current step of the participant's workshop if it takes input
    (and with `note_id` the note a dot goes to or comes from, in the same query).

    :raises NotAParticipant: the workshop is gone.
    :raises StepClosed: the session ended, the step is closed, or `step_id` is not current.
    """
    parameters: dict[str, Any] = {
        "p_ws": participant.ws_id,
        "p_participant": participant.id,
        "p_key": key,
    }
    if note_id is not None:
        parameters["p_note"] = note_id
    query = sql.open_step_query(with_note=note_id is not None)
    found = sql.run(query, **parameters).first()
    if found is None:
        raise errors.NotAParticipant()
    if found.done_key is not None:  # the next flush holds it (it was committed before)
        return Change(revision=found.revision + 1, result_id=found.done_result, duplicate=True)
    if (step_id is not None and found.id != step_id) or not rules.step_accepts_input(
        session_live=found.status is SessionStatus.LIVE, is_current=True, is_open=found.is_open
    ):
        raise errors.StepClosed()
    note = None
    if note_id is not None and found.note_id is not None:
        note = _NoteRow(
            found.note_id,
            found.note_column,
            found.note_hidden,
            found.note_pending,
            found.note_merged_into_id,
            found.note_step_key,
            found.note_ws_id,
        )
    return OpenStep(found.id, found.ws_id, found.kind, found.settings, note)


def _own_note(participant: Acting, step: OpenStep, note_id: int) -> Note:
    """One's own note on the open step, with no dots on it yet."""
    note = db.session.get(Note, note_id)
    if note is None or note.participant_id != participant.id:
        raise errors.UnknownNote()
    if note.step_id != step.id:
        raise errors.StepClosed()
    if db.session.scalar(select(Vote.id).where(Vote.note_id == note.id).limit(1)) is not None:
        raise errors.NoteHasDots()
    return note


def _note_row(note_id: int) -> _NoteRow | None:
    row = sql.run(sql.NOTE_ROW, p_note=note_id).first()
    return None if row is None else _NoteRow._make(row)


def _votable_note(participant: Acting, step: OpenStep, note_id: int) -> int:
    """The id of the note a dot on `note_id` goes to on the open dot-vote step: the note it is
    shown as (merge links are walked upwards, note by note, never the whole board)."""
    if not kinds.get_kind(step.kind).accepts_votes:
        raise errors.WrongStepKind()
    note = step.note if step.note is not None and step.note.id == note_id else _note_row(note_id)
    if note is None or note.ws_id != participant.ws_id or note.step_key != step.settings["source"]:
        raise errors.UnknownNote()
    if note.pending:
        raise errors.UnknownNote()  # not shown to anyone but its author yet
    seen = {note.id}
    while note.merged_into_id is not None and note.merged_into_id not in seen:
        parent = _note_row(note.merged_into_id)
        if parent is None:
            break
        seen.add(parent.id)
        note = parent
    allowed_columns = step.settings.get("columns") or None
    if (
        note.hidden
        or note.pending
        or (allowed_columns is not None and note.column not in allowed_columns)
    ):
        raise errors.UnknownNote()
    return note.id


def _cast_dot(participant: Acting, step_id: int, note_id: int, limits: rules.DotRules) -> None:
    """One more dot on a note, unless the note already has the most allowed, spent from the
    ballot if one is left (`hot_sql.add_and_spend_dot`).

    A participant's first dot makes the ballot (a concurrent twin turns it into the update);
    a later one is a conditional update the database evaluates on the newest committed row
    (waiting for a concurrent writer), so the limit and the budget hold under concurrent emits.

    :raises NoteVoteLimit, VoteBudgetExceeded: the boundary rolls the other change back
    """
    added, spent = sql.add_and_spend_dot(
        p_step=step_id,
        p_participant=participant.id,
        p_group=participant.group,
        p_note=note_id,
        p_max=limits.max_per_note,
        p_budget=limits.budget,
    )
    if not added:
        raise errors.NoteVoteLimit()
    if not spent:
        raise errors.VoteBudgetExceeded()


def _dot_rules(step: StepLike) -> rules.DotRules:
    return rules.DotRules(
        budget=step.settings["budget"], max_per_note=step.settings["max_per_note"]
    )


def _bump(ws_id: int) -> int:
    """Increase the session's revision atomically and return the new value."""
    return int(sql.run(sql.BUMP, p_ws=ws_id).scalar_one())


# --- facilitator controls ----------------------------------------------------------------


def goto_step(ws: WorkshopSession, position: int) -> Change:
    """Show another step: its input opens (if it takes any), the previous step's closes."""
    require_live(ws)
    target = rules.clamp_position(position, len(ws.steps))
    if target != ws.current_position:
        set_step_input(ws.current_step, False)
        ws.current_position = target
        step = ws.current_step
        set_step_input(step, _may_open(step.kind, step.results_visible))
        ws.timer_ends_at = None
        ws.join_panel = None  # the join phase decides again
        _note_input_opened(ws)
    return changed(ws, EVERYONE)


def set_join_panel(ws: WorkshopSession, big: bool) -> Change:
    """Show the projector's join panel big (for latecomers) or as a corner box."""
    require_live(ws)
    ws.join_panel = "big" if big else "small"
    return changed(ws, VIEWS)


def _note_input_opened(ws: WorkshopSession) -> None:
    """Remember when input was first opened by the facilitator: the report's start of the event."""
    if ws.current_step.is_open and ws.input_opened_at is None:
        ws.input_opened_at = utc_now()


def set_input_open(ws: WorkshopSession, is_open: bool) -> Change:
    """Open or close the current step for participants' input.

    :raises QuizRevealed: opening a quiz whose right answer is shown.
    """
    require_live(ws)
    step = ws.current_step
    may_open = _may_open(step.kind, step.results_visible)
    if is_open and not may_open and kinds.get_kind(step.kind).has_input:
        raise errors.QuizRevealed()  # the one kind that takes input but may refuse it
    set_step_input(step, is_open and may_open)
    _note_input_opened(ws)
    return changed(ws, VIEWS)


def set_step_input(step: SessionStep, is_open: bool) -> None:
    """Open or close a step's input, and with it the release of its group breakdown: closing
    releases it, opening again after a release withholds it for good (`disclosure`)."""
    step.breakdown = disclosure.after_input_change(
        disclosure.Breakdown(step.breakdown), was_open=step.is_open, now_open=is_open
    ).value
    step.is_open = is_open


def clear_answers(ws: WorkshopSession) -> Change:
    """Delete every answer, dot and dot budget of the current step and start its disclosure
    over: after a reopening this is the only way to release its figures by group again, because
    nothing answered before remains to be compared with."""
    require_live(ws)
    step = ws.current_step
    for table in (Answer, Vote, Ballot):
        db.session.execute(delete(table).where(table.step_id == step.id))
    step.breakdown = disclosure.Breakdown.PENDING.value
    return changed(ws, EVERYONE)


def set_results_visible(ws: WorkshopSession, visible: bool) -> Change:
    """Reveal or hide the current step's results on the projector and the phones; revealing a
    quiz's right answer closes its input (nobody can change their answer to it)."""
    step = ws.current_step
    step.results_visible = visible
    set_step_input(step, step.is_open and _may_open(step.kind, visible))
    return changed(ws, VIEWS)


def _may_open(kind_name: str, results_visible: bool) -> bool:
    kind = kinds.get_kind(kind_name)
    return rules.input_may_open(kind.has_input, kind.answer_in_results, results_visible)


def start_timer(ws: WorkshopSession, seconds: int) -> Change:
    """Start (or restart) the countdown shown on the projector and the phones."""
    require_live(ws)
    ws.timer_ends_at = utc_now() + timedelta(seconds=seconds)
    return changed(ws, VIEWS)


def stop_timer(ws: WorkshopSession) -> Change:
    ws.timer_ends_at = None
    return changed(ws, VIEWS)


def set_note_hidden(ws: WorkshopSession, note_id: int, hidden: bool) -> Change:
    """Hide an abusive note from the wall, the phones and the report (or show it again).
    Hiding a note that waits for approval decides it: it is rejected, and leaves the queue."""
    note = _session_note(ws, note_id)
    if hidden and note.pending:
        note.pending = False
        note.hidden = True
        moderation_log.record(ws.id, note.step_id, "hidden", 1)
    elif note.hidden != hidden and not note.pending:
        note.hidden = hidden
        moderation_log.record(ws.id, note.step_id, "hidden" if hidden else "unhidden", 1)
    return changed(ws, EVERYONE)


def close_session(ws: WorkshopSession) -> Change:
    """End the workshop: all input closes; results stay for the report."""
    for step in ws.steps:
        set_step_input(step, False)
    ws.status = SessionStatus.CLOSED
    ws.closed_at = utc_now()
    ws.timer_ends_at = None
    return changed(ws, EVERYONE)


def delete_session(ws: WorkshopSession) -> Change:
    """Delete a workshop at once with everything in it: steps, participants, notes, dots,
    idempotency keys and report links (the database cascades the deletes); its open pages
    are told that it is gone."""
    ws_id = ws.id
    db.session.execute(delete(WorkshopSession).where(WorkshopSession.id == ws_id))
    db.session.expunge(ws)
    return Change(ws_id=ws_id, scope=GONE)


def reopen_session(ws: WorkshopSession) -> Change:
    """Undo closing by mistake: the workshop is live again at the step it was on.

    Not once `purge` has cut the link to the participants: they could not be recognised again
    and would count twice.
    """
    if ws.unlinked_at is not None:
        raise errors.AlreadyUnlinked()
    ws.status = SessionStatus.LIVE
    ws.closed_at = None
    return changed(ws, EVERYONE)


def set_retention(ws: WorkshopSession, days: int) -> Change:
    """How many days after closing the workshop is kept before `purge` deletes it."""
    ws.retention_days = days
    return changed(ws, VIEWS)


def require_live(ws: WorkshopSession) -> None:
    if not ws.is_live:
        raise errors.SessionClosed()


def _session_note(ws: WorkshopSession, note_id: int) -> Note:
    note = db.session.get(Note, note_id)
    if note is None or note.step_id not in {step.id for step in ws.steps}:
        raise errors.UnknownNote()
    return note


def changed(ws: WorkshopSession, scope: Scope) -> Change:
    """A facilitator's change of a workshop: flush, bump its revision, and name its scope."""
    return Change(revision=bump_and_flush(ws), ws_id=ws.id, scope=scope)


def bump_and_flush(ws: WorkshopSession) -> int:
    db.session.flush()
    revision = _bump(ws.id)
    set_committed_value(ws, "revision", revision)
    return revision
