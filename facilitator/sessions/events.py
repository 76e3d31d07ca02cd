"""Socket.IO handlers: connect, and one handler per participant action.

Every action: identify (the participant the connection remembered at connect) → validate (a
form) → `perform` the service (commit, then announce its change: the shared views and the
participant's own state, unless it was a duplicate) → ack to the sender.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

from flask import current_app, request
from flask_socketio import disconnect, join_room
from flask_wtf.csrf import validate_csrf
from socketio.exceptions import ConnectionRefusedError
from werkzeug.utils import import_string
from wtforms import ValidationError

from .. import errors, kinds, ratelimit
from ..change import Change
from ..extensions import broadcaster, db, socketio
from ..live import broadcast, revision
from ..transaction import error_ack, perform
from . import assessment_services, identity, qa_services, services
from .answer_forms import AnswerForm, SkipForm
from .forms import ConnectForm, NoteAddForm, NoteEditForm, NoteRefForm, PayloadForm
from .models import WorkshopSession
from .services import Acting, Actor

Ack = dict[str, Any]


@socketio.on("connect")
def on_connect(auth: object = None) -> None:
    """Any client connects: join its view's rooms and receive the full snapshot of it."""
    if not _is_handshake():
        _connect_sent_as_event()
        return
    form = ConnectForm.from_payload(auth)
    if not form.validate():
        raise ConnectionRefusedError("invalid")
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        try:
            validate_csrf(form.csrf.data)  # the token of a page this server rendered
        except ValidationError:
            raise ConnectionRefusedError("csrf") from None
    ws = db.session.get(WorkshopSession, form.ws.data)
    if ws is None:
        raise ConnectionRefusedError("unknown")
    audience = form.view.data
    participant_id = None
    if audience == "participant":
        participant = identity.current_participant(ws)
        if participant is None:
            raise ConnectionRefusedError("not-joined")
        participant_id = participant.id
        _remember(
            Actor(id=participant.id, ws_id=ws.id, language=ws.language, group=participant.group)
        )
    elif identity.team_role(ws) is None:  # the owner, a co-facilitator or an observer
        raise ConnectionRefusedError("forbidden")
    for room in broadcast.rooms_for(audience, ws.id, participant_id):
        join_room(room)
    broadcaster().send_initial(request.sid, audience, ws, participant_id)  # type: ignore[attr-defined]


def _is_handshake() -> bool:
    """Whether this `connect` is the connection's handshake. A client can also emit an ordinary
    event named "connect"; python-socketio hands that to the same handler, but without the
    connection's WSGI environ as its first argument."""
    event = getattr(request, "event", None) or {}
    args: tuple[Any, ...] = tuple(event.get("args") or ())
    return bool(args) and args[0] is request.environ


def _connect_sent_as_event() -> None:
    """Drop a "connect" event quietly (no log, no answer), but count it like any event: a
    client that keeps sending it is cut off like one that floods any other event."""
    actor = _actor()
    key = str(actor.id) if actor is not None else f"sid:{request.sid}"  # type: ignore[attr-defined]
    try:
        ratelimit.count("events", key)
    except errors.RateLimited:
        disconnect()


ACTOR = "facilitator.actor"


def _remember(actor: Actor) -> None:
    """Keep who a participant connection is for its events: in the connection's WSGI environ,
    which Flask-SocketIO keeps per connection and gives every event's request context."""
    request.environ[ACTOR] = actor


def _actor() -> Actor | None:
    """The participant this connection joined as, in constant time (not a scan of rooms)."""
    found = request.environ.get(ACTOR)
    return found if isinstance(found, Actor) else None


def participant_action(
    event: str, form_class: type[PayloadForm]
) -> Callable[[Callable[[Acting, Any], Change]], Callable[[object], Ack]]:
    """Register a participant event: guard, validate, run the service in one transaction, ack."""

    def register(action: Callable[[Acting, Any], Change]) -> Callable[[object], Ack]:
        def handler(payload: object = None) -> Ack:
            actor = _actor()
            if actor is None:
                return error_ack(errors.NotAParticipant())
            identity.use_workshop_language(actor.language)
            try:
                ratelimit.count("events", str(actor.id))
            except errors.RateLimited as error:
                return error_ack(error)
            form = form_class.from_payload(payload)  # validated before the write lock is taken
            if not form.validate():
                return error_ack(errors.InvalidPayload(form.errors))
            try:
                change = perform(lambda: action(actor, form))
            except errors.DomainError as error:
                return error_ack(error)
            return _ack(revision.settled(change))

        handler.__name__ = action.__name__
        handler.__doc__ = action.__doc__
        socketio.on_event(event, handler)
        return handler

    return register


def _ack(change: Change) -> Ack:
    ack: Ack = {"ok": True, "revision": change.revision, "id": change.result_id}
    if change.duplicate:
        ack["duplicate"] = True
    return ack


@participant_action("note:add", NoteAddForm)
def note_add(participant: Acting, form: NoteAddForm) -> Change:
    """A participant writes a note; the ack carries its id, the wall updates on the next flush."""
    return services.add_note(
        participant, form.step_id.data, form.column.data, form.text.data, form.key.data
    )


@participant_action("note:edit", NoteEditForm)
def note_edit(participant: Acting, form: NoteEditForm) -> Change:
    """A participant changes the text of their own note while the step is open."""
    return services.edit_note(participant, form.note_id.data, form.text.data, form.key.data)


@participant_action("note:delete", NoteRefForm)
def note_delete(participant: Acting, form: NoteRefForm) -> Change:
    """A participant deletes their own note while the step is open."""
    return services.delete_note(participant, form.note_id.data, form.key.data)


@participant_action("vote:cast", NoteRefForm)
def vote_cast(participant: Acting, form: NoteRefForm) -> Change:
    """A participant puts one dot on a note; the ack and `me:state` show the dots left."""
    return services.cast_vote(participant, form.note_id.data, form.key.data)


@participant_action("vote:retract", NoteRefForm)
def vote_retract(participant: Acting, form: NoteRefForm) -> Change:
    """A participant takes one of their dots back from a note."""
    return services.retract_vote(participant, form.note_id.data, form.key.data)


@participant_action("question:upvote", NoteRefForm)
def question_upvote(participant: Acting, form: NoteRefForm) -> Change:
    """A participant upvotes someone else's question (once); the list reorders on the next
    flush, and their own `me:state` marks it as upvoted."""
    return qa_services.upvote(participant, form.note_id.data, form.key.data)


@participant_action("question:withdraw", NoteRefForm)
def question_withdraw(participant: Acting, form: NoteRefForm) -> Change:
    """A participant takes their upvote of a question back."""
    return qa_services.withdraw_upvote(participant, form.note_id.data, form.key.data)


@participant_action("answer:set", AnswerForm)
def answer_set(participant: Acting, form: AnswerForm) -> Change:
    """A participant answers a statement or rates a hazard on one axis (changeable while open)."""
    return assessment_services.set_answer(
        participant,
        form.step_id.data,
        form.item_id.data,
        form.dimension.data,
        form.value.data,
        form.key.data,
    )


@participant_action("answer:skip", SkipForm)
def answer_skip(participant: Acting, form: SkipForm) -> Change:
    """A participant cannot judge an item: their answers to it are removed."""
    return assessment_services.skip_item(
        participant,
        form.step_id.data,
        form.item_id.data,
        form.key.data,
        form.dimension.data or None,
    )


def operation_of(action: kinds.Action) -> Callable[[Acting, Any], Change]:
    """The operation a kind's action names by its import path (`kinds.Action`: a kind cannot
    import the write side, which imports the kinds; this module may import both)."""
    operation = import_string(action.operation)
    if not callable(operation):
        raise TypeError(f"{action.event}: {action.operation} is not an operation")
    return cast(Callable[[Acting, Any], Change], operation)


def register_kind_actions(registry: Mapping[str, kinds.StepKind]) -> None:
    """Register the events the kinds declare beyond the shared ones, each with its form and
    the operation it names, through `participant_action` like the shared ones."""
    for kind in registry.values():
        for action in kind.actions:
            participant_action(action.event, action.form)(operation_of(action))


register_kind_actions(kinds.KINDS)


@socketio.on_error_default
def on_error(error: Exception) -> Ack:
    """Anything unexpected: log it, roll back, and tell the sender to try again."""
    db.session.rollback()
    current_app.logger.exception("socket event failed: %s", type(error).__name__)
    return error_ack(errors.TryAgain())
