"""Room names and emitting: the only module that sends anything to clients.

After a commit, `session_changed` marks the session dirty. One flush per session, at most every
`BROADCAST_INTERVAL` seconds, builds each audience's snapshot once from committed state and
emits it to that audience's room. A slow client therefore gets the newest state, never a queue
of every vote, and the cost of a vote does not grow with the number of participants.

Each phone gets the smallest set of messages that brings it up to date: when everyone's own
state may have changed (a step change), the state of a participant with nothing of their own
in the step rides along with the phones' shared view, one message to the phones' room, and
only the phones with notes, dots or answers in the step get theirs, after it.

The first change after a quiet spell is flushed at once (leading edge: a facilitator's step
change reaches the room without waiting for a tick); what follows within the interval is
coalesced into the next flush.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from flask import Flask, current_app, has_app_context
from flask_socketio import SocketIO

from ..extensions import db
from ..sessions.models import WorkshopSession

if TYPE_CHECKING:
    from .content import StepContent
from ..transaction import flushing
from . import phones_view, revision, snapshots


class Message(NamedTuple):
    event: str
    payload: dict[str, Any]
    to: str
    phones_view: tuple[int, int, str] | None = None  # (ws id, revision, view) to claim first
    unclaimed: Message | None = None  # sent instead when the phones' view is not sent


AUDIENCES = ("participant", "projector", "facilitator")


def participants_room(ws_id: int) -> str:
    return f"ws:{ws_id}"


def projector_room(ws_id: int) -> str:
    return f"ws:{ws_id}:projector"


def facilitator_room(ws_id: int) -> str:
    return f"ws:{ws_id}:facilitator"


def participant_room(participant_id: int) -> str:
    return f"p:{participant_id}"


def rooms_for(audience: str, ws_id: int, participant_id: int | None) -> list[str]:
    """The rooms a connection of this audience joins."""
    if audience == "facilitator":
        return [facilitator_room(ws_id)]
    if audience == "projector":
        return [projector_room(ws_id)]
    assert participant_id is not None
    return [participants_room(ws_id), participant_room(participant_id)]


class Broadcaster:
    """Coalesces changes per session and flushes snapshots to the rooms that need them."""

    def __init__(self, app: Flask, socketio: SocketIO) -> None:
        self._app = app
        self._socketio = socketio
        self._lock = threading.Lock()
        self._dirty: dict[int, set[int] | None] = {}
        self._worker_started = False
        self._wake: Any = None  # the worker's event (of the server's async mode), once started
        self._phones = phones_view.record_for(app)
        self.flushes = 0  # counted for tests and benchmarks
        self.last_change = time.monotonic()  # when anything last changed (see gc_policy)

    @property
    def interval(self) -> float:
        return float(self._app.config["BROADCAST_INTERVAL"])

    def session_changed(self, ws_id: int, participant_ids: Iterable[int] | None = ()) -> None:
        """Mark a session dirty after a commit; `None` means every participant's own state."""
        self.last_change = time.monotonic()
        with self._lock:
            pending = self._dirty.get(ws_id, set())
            if pending is None or participant_ids is None:
                self._dirty[ws_id] = None
            else:
                self._dirty[ws_id] = pending | set(participant_ids)
            start = self.interval > 0 and not self._worker_started
            if start:
                self._worker_started = True
                self._wake = self._socketio.server.eio.create_event()
        if self.interval <= 0:
            self.flush()
            return
        if start:
            self._socketio.start_background_task(self._run)
        self._wake_up()

    def _wake_up(self) -> None:
        if self._wake is not None:
            self._wake.set()

    def _run(self) -> None:
        """Flush as soon as something changed, then rest one interval so that the changes of a
        burst are coalesced: a lone action is sent at once, a burst at most every interval."""
        while True:
            self.flush_when_woken()
            self._socketio.sleep(self.interval)

    def flush_when_woken(self) -> None:
        """Wait until something changed, then flush (one turn of the worker)."""
        self._wake.wait()
        self._wake.clear()
        try:
            self.flush()
        except Exception:  # keep flushing other sessions; never let the worker die
            self._app.logger.exception("snapshot flush failed")

    def flush(self) -> None:
        """Send fresh snapshots for every dirty session."""
        with self._lock:
            dirty, self._dirty = self._dirty, {}
        if not dirty:
            return
        try:
            if has_app_context() and current_app._get_current_object() is self._app:  # type: ignore[attr-defined]
                # immediate mode, right after a commit in a view or handler: reuse its context
                self._emit_all(dirty)
            else:
                with self._app.app_context():
                    try:
                        self._emit_all(dirty)
                    finally:
                        db.session.remove()
        except Exception:
            self._mark_again(dirty)  # e.g. the database briefly unreachable: next tick retries
            raise
        self.flushes += 1

    def _mark_again(self, dirty: dict[int, set[int] | None]) -> None:
        self._wake_up()  # retried after the worker's rest
        with self._lock:
            for ws_id, participant_ids in dirty.items():
                pending = self._dirty.get(ws_id, set())
                if pending is None or participant_ids is None:
                    self._dirty[ws_id] = None
                else:
                    self._dirty[ws_id] = pending | participant_ids

    def _emit_all(self, dirty: dict[int, set[int] | None]) -> None:
        messages: list[Message] = []
        for ws_id, participant_ids in dirty.items():
            label = revision.advance(ws_id)  # a short transaction of its own (revision.py)
            if label is None:
                continue  # the workshop is gone
            with flushing():
                if not revision.hold_for_flush(ws_id, label):
                    self._mark_again({ws_id: participant_ids})  # a later flush overtook
                    continue
                ws = db.session.get(WorkshopSession, ws_id, populate_existing=True)
                assert ws is not None
                messages += self._session_messages(ws, participant_ids)
        self._send(messages)

    def _session_messages(
        self, ws: WorkshopSession, participant_ids: set[int] | None
    ) -> list[Message]:
        """Build each audience's snapshot once; private states only for those who changed."""
        content = snapshots.load_content(ws)
        messages = [
            Message("session:state", snapshots.projector_snapshot(content), projector_room(ws.id)),
            Message(
                "session:state", snapshots.facilitator_snapshot(content), facilitator_room(ws.id)
            ),
        ]
        phones = snapshots.participant_snapshot(content)
        view = (ws.id, ws.revision, phones_view.fingerprint(phones))
        if participant_ids is None:  # everyone's own state, e.g. after a step change
            # the blank one (nothing of one's own in this step; most phones then) rides along
            # with the phones' view: one message per phone. Only those with something of
            # their own get theirs after that, with the same revision, so theirs wins.
            phones = {**phones, "me": snapshots.blank_state(content)}
            # to the whole room when the view is unchanged; marked, so a phone's own state of
            # the same revision that follows still replaces it (live.js)
            blank = Message("me:state", {**phones["me"], "blank": True}, participants_room(ws.id))
            messages.append(Message("session:state", phones, participants_room(ws.id), view, blank))
            states = snapshots.own_states(content)
        else:
            messages.append(Message("session:state", phones, participants_room(ws.id), view))
            states = snapshots.private_states(content, participant_ids) if participant_ids else {}
        messages += [
            Message("me:state", state, participant_room(participant_id))
            for participant_id, state in states.items()
        ]
        return messages

    def _send(self, messages: list[Message]) -> None:
        """Emit after the read transaction ended: no lock is held while sending may block.

        The phones' shared view goes out only if it differs from the last one sent (see
        `phones_view`): a vote changes what the projector shows, usually not the phones.
        """
        db.session.rollback()
        each = getattr(self._socketio.server.manager, "emit_each", None)  # message_queue.py
        private = [m for m in messages if m.event == "me:state"] if each else []
        for message in messages:
            if message.phones_view is not None and not self._phones.claim(*message.phones_view):
                if message.unclaimed is None:
                    continue
                message = message.unclaimed  # the blank own state, to the whole phones' room
            elif each is not None and message.event == "me:state":
                continue  # sent below, all in one queue message
            self._socketio.emit(message.event, message.payload, to=message.to)
        if each is not None and private:  # several processes: one queue message for them all
            each("me:state", [(message.to, message.payload) for message in private])

    def send_initial(self, sid: str, audience: str, ws: WorkshopSession, pid: int | None) -> None:
        """Send a connecting client the full state of its view (also after a reconnect)."""
        revision.hold_for_read(ws)
        content = snapshots.load_content(ws)
        snapshot = self.snapshot(content, audience)
        if pid is not None:  # one message: the phone's own state rides along
            snapshot["me"] = snapshots.private_states(content, [pid])[pid]
        self._send([Message("session:state", snapshot, sid)])

    def team_changed(self, ws_id: int, accounts: Iterable[int], revoked: bool) -> None:
        """Tell the workshop's control pages that its team changed (after the commit): each page
        refreshes its team list, and the pages of `accounts` (whose role changed) reload.
        `revoked`: someone was removed. Then every connection leaves the facilitator room,
        across processes, so a removed member's open page gets nothing more; the members'
        pages reload and connect again, which checks the team anew."""
        room = facilitator_room(ws_id)
        change = {"accounts": sorted(accounts), "revoked": revoked}
        self._socketio.emit("team:changed", change, to=room)
        if revoked:
            self._socketio.close_room(room)

    def workshop_gone(self, ws_id: int) -> None:
        """Tell every page of a deleted workshop (phones, projector, control pages) that it is
        gone (after the commit): each reloads and shows what a gone workshop shows on any
        request. Then the rooms are closed, across processes."""
        rooms = (participants_room(ws_id), projector_room(ws_id), facilitator_room(ws_id))
        for room in rooms:
            self._socketio.emit("session:gone", {"ws": ws_id}, to=room)
        for room in rooms:
            self._socketio.close_room(room)

    @staticmethod
    def snapshot(content: StepContent, audience: str) -> dict[str, Any]:
        builders = {
            "facilitator": snapshots.facilitator_snapshot,
            "projector": snapshots.projector_snapshot,
            "participant": snapshots.participant_snapshot,
        }
        return builders[audience](content)
