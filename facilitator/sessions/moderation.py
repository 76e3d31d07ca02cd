"""Moderation before the projector: on a moderated step, new notes wait for the facilitator.

A step of a kind that collects notes and opts in (`StepKind.moderatable`) takes the setting
`moderated` (from the template, and switched live on the control page). While it is on, a new
note is stored as pending: its author sees it marked as waiting, the facilitator sees it in the
queue, nobody else sees or counts it. The facilitator approves it (it joins the wall) or hides
it (rejected; it can be shown again later like any hidden note).

Switching moderation off approves nothing: notes already waiting stay in the queue until the
facilitator approves or hides them (one click for all), so a switch never puts an unchecked
note on the projector. Each decision is written to the moderation log (`moderation_log`).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, update

from .. import errors, kinds
from ..change import EVERYONE, VIEWS, Change
from ..extensions import db
from . import moderation_log, services
from .models import Note, SessionStep, WorkshopSession


def is_moderatable(step: SessionStep) -> bool:
    """Whether the step's kind collects notes that can wait for approval."""
    return kinds.get_kind(step.kind).moderatable


def is_moderated(step: SessionStep) -> bool:
    """Whether new notes of this step wait for approval now."""
    return kinds.get_kind(step.kind).is_moderated(step.settings)


def set_moderated(ws: WorkshopSession, on: bool) -> Change:
    """Switch moderation of the current step on or off (notes waiting stay waiting).

    :raises SessionClosed: the workshop has ended.
    :raises NotModeratable: the current step collects no notes.
    """
    services.require_live(ws)
    step = ws.current_step
    if not is_moderatable(step):
        raise errors.NotModeratable()
    step.settings = {**step.settings, "moderated": on}  # a new dict: JSON columns track no edits
    return services.changed(ws, VIEWS)


def approve_note(ws: WorkshopSession, note_id: int) -> Change:
    """Show one waiting note. Approving a note that waits no more changes nothing.

    :raises UnknownNote: no such note in this workshop.
    """
    note = _note(ws, note_id)
    _approve(ws, note.step_id, Note.id == note.id)
    return services.changed(ws, EVERYONE)


def approve_all(ws: WorkshopSession, step_id: int, up_to: int) -> Change:
    """Show every note of a step that waits, up to the newest the facilitator saw (`up_to`):
    a note that arrived after the page showed the queue is not approved unseen.

    :raises NotFound: the step is not one of this workshop's.
    """
    step = next((s for s in ws.steps if s.id == step_id), None)
    if step is None:
        raise errors.NotFound()
    _approve(ws, step.id, Note.id <= up_to)
    return services.changed(ws, EVERYONE)


def _approve(ws: WorkshopSession, step_id: int, which: ColumnElement[bool]) -> None:
    """Approve the waiting notes of a step that match `which`, and log how many. One
    conditional UPDATE decides on the newest rows, so two screens approving at once (a
    co-facilitator, a resent click) count each note once."""
    approved = db.session.scalars(
        update(Note)
        .where(Note.step_id == step_id, Note.pending, which)
        .values(pending=False)
        .returning(Note.id)
        .execution_options(synchronize_session="fetch")
    ).all()
    moderation_log.record(ws.id, step_id, "approved", len(approved))


def reject_note(ws: WorkshopSession, note_id: int) -> Change:
    """Hide a waiting note (rejected); the facilitator can still show it again later."""
    return services.set_note_hidden(ws, note_id, True)


def _note(ws: WorkshopSession, note_id: int) -> Note:
    note = db.session.get(Note, note_id)
    if note is None or note.step_id not in {step.id for step in ws.steps}:
        raise errors.UnknownNote()
    return note
