"""One queue message carries every participant's own state; each process delivers its share."""

from __future__ import annotations

import json
from typing import Any

from socketio.manager import Manager

from facilitator.live.message_queue import RedisQueue, client_manager


class Delivered(RedisQueue):
    """The Redis queue without Redis: what it publishes and what it hands to local rooms."""

    def __init__(self) -> None:
        super().__init__("redis://127.0.0.1:1/0", channel="test", write_only=True)
        self.published: list[str] = []
        self.local: list[tuple[str, Any, str]] = []

    def _publish(self, data: Any) -> None:
        self.published.append(json.dumps(data))

    def _handle_emit(self, message: dict[str, Any]) -> None:
        original = Manager.emit
        try:
            Manager.emit = lambda _self, event, data, namespace, room=None, **kw: (  # type: ignore[method-assign]
                self.local.append((event, data, room))
            )
            super()._handle_emit(message)
        finally:
            Manager.emit = original  # type: ignore[method-assign]


def test_one_message_for_many_rooms_is_delivered_room_by_room() -> None:
    sender, receiver = Delivered(), Delivered()
    states = [("p:1", {"dots_left": 2}), ("p:2", {"dots_left": 0})]
    sender.emit_each("me:state", states)
    assert len(sender.published) == 1  # one publish, not one per participant
    assert sender.local == [
        ("me:state", {"dots_left": 2}, "p:1"),
        ("me:state", {"dots_left": 0}, "p:2"),
    ]
    receiver._handle_emit(json.loads(sender.published[0]))  # what the other process receives
    assert receiver.local == sender.local


def test_one_process_keeps_its_clients_in_memory() -> None:
    assert type(client_manager(None, "x")) is Manager
    assert isinstance(client_manager("redis://127.0.0.1:6379/0", "x"), RedisQueue)
