"""Room names and emitting: the only module that sends anything to clients.

After a commit, `session_changed` marks the session dirty. One flush per session, at most every
`BROADCAST_INTERVAL` seconds, builds each audience's snapshot once from committed state and
emits it to that audience's room. A slow client therefore gets the newest state, never a queue
of every vote, and the cost of a vote does not grow with the number of participants.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from flask import Flask, current_app, has_app_context
from flask_socketio import SocketIO

from ..extensions import db
from . import snapshots
from .models import WorkshopSession

EVERYONE = None  # marks "all participants' private state changed" (e.g. a new step)

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
        self.flushes = 0  # counted for tests and benchmarks

    @property
    def interval(self) -> float:
        return float(self._app.config["BROADCAST_INTERVAL"])

    def session_changed(self, ws_id: int, participant_ids: Iterable[int] | None = ()) -> None:
        """Mark a session dirty after a commit; `None` means every participant's own state."""
        with self._lock:
            pending = self._dirty.get(ws_id, set())
            if pending is None or participant_ids is None:
                self._dirty[ws_id] = None
            else:
                self._dirty[ws_id] = pending | set(participant_ids)
            start = self.interval > 0 and not self._worker_started
            if start:
                self._worker_started = True
        if self.interval <= 0:
            self.flush()
        elif start:
            self._socketio.start_background_task(self._run)

    def _run(self) -> None:
        while True:
            self._socketio.sleep(self.interval)
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
        if has_app_context() and current_app._get_current_object() is self._app:  # type: ignore[attr-defined]
            # immediate mode, right after a commit in a view or handler: reuse its context
            self._emit_all(dirty)
        else:
            with self._app.app_context():
                self._emit_all(dirty)
                db.session.remove()
        self.flushes += 1

    def _emit_all(self, dirty: dict[int, set[int] | None]) -> None:
        for ws_id, participant_ids in dirty.items():
            ws = db.session.get(WorkshopSession, ws_id)
            if ws is not None:
                self._emit_session(ws, participant_ids)

    def _emit_session(self, ws: WorkshopSession, participant_ids: set[int] | None) -> None:
        content = snapshots.load_content(ws)
        public = snapshots.public_snapshot(content)
        self._socketio.emit("session:state", public, to=participants_room(ws.id))
        self._socketio.emit("session:state", public, to=projector_room(ws.id))
        self._socketio.emit(
            "session:state", snapshots.facilitator_snapshot(content), to=facilitator_room(ws.id)
        )
        if participant_ids is None or participant_ids:
            states = snapshots.private_states(content, participant_ids)
            for participant_id, state in states.items():
                self._socketio.emit("me:state", state, to=participant_room(participant_id))

    def send_initial(self, sid: str, audience: str, ws: WorkshopSession, pid: int | None) -> None:
        """Send a connecting client the full state of its view (also after a reconnect)."""
        content = snapshots.load_content(ws)
        self._socketio.emit("session:state", self.snapshot(content, audience), to=sid)
        if pid is not None:
            state = snapshots.private_states(content, [pid])[pid]
            self._socketio.emit("me:state", state, to=sid)

    @staticmethod
    def snapshot(content: snapshots.StepContent, audience: str) -> dict[str, Any]:
        if audience == "facilitator":
            return snapshots.facilitator_snapshot(content)
        return snapshots.public_snapshot(content)


def participant_of(room_names: Iterable[str]) -> int | None:
    """The participant id of a connection, read from the private room it joined at connect."""
    for room in room_names:
        if room.startswith("p:") and room[2:].isdigit():
            return int(room[2:])
    return None
