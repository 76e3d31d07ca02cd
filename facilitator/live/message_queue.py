"""The message queue between server processes: python-socketio's Redis manager, plus one
message for many rooms.

A flush sends each participant whose own state changed a `me:state` of their own: during a
dot vote with a thousand phones, dozens per flush. Through python-socketio's Redis manager
each would be a message of its own: a publish from this process and, in every other process,
a message to decode and hand to a room that usually has no connection there. `emit_each` sends
them all in one message; every process then delivers, from it, to the connections it holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import socketio
from socketio.manager import Manager

EACH = "facilitator:each"  # the event name that marks such a message inside the queue


class RedisQueue(socketio.RedisManager):  # type: ignore[misc]
    """python-socketio's Redis manager that can also send one message for many rooms."""

    def emit_each(self, event: str, items: Sequence[tuple[str, Any]], namespace: str = "/") -> None:
        """Emit `event` to each room with that room's own payload, in one queue message."""
        message = {
            "method": "emit",
            "event": EACH,
            "data": [[event, [[room, payload] for room, payload in items]]],
            "binary": False,
            "namespace": namespace,
            "room": None,
            "skip_sid": None,
            "callback": None,
            "host_id": self.host_id,
        }
        self._handle_emit(message)  # this process's connections
        self._publish(message)  # the other processes'

    def _handle_emit(self, message: dict[str, Any]) -> None:
        if message.get("event") != EACH:
            super()._handle_emit(message)
            return
        event, items = message["data"][0]
        for room, payload in items:
            Manager.emit(self, event, payload, namespace=message.get("namespace"), room=room)


def client_manager(url: str | None, channel: str) -> Manager:
    """The client manager of a server: in memory for one process, the Redis queue for several
    (another queue goes through kombu, as Flask-SocketIO would make it, one message per room)."""
    if not url:
        return Manager()
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisQueue(url, channel=channel)
    return socketio.KombuManager(url, channel=channel)
