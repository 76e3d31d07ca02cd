"""Phones for the real-server tests: python-socketio clients that join like a browser."""

from __future__ import annotations

import threading
from typing import Any

import socketio

from tests.realserver.server import cookie_header, join, live_page_csrf, wait_for


class Phone:
    """One participant: an HTTP join, then a WebSocket connection that keeps the newest state."""

    def __init__(
        self, url: str, ws_id: int, code: str, group: str, join_url: str | None = None
    ) -> None:
        self.http = join(join_url or url, code, group)
        csrf = live_page_csrf(self.http, f"{join_url or url}/p/{code}")
        self.client = socketio.Client(reconnection=False)
        self.state: dict[str, Any] = {}
        self.me: dict[str, Any] = {}
        self.lock = threading.Lock()
        self.client.on("session:state", self._on_state)
        self.client.on("me:state", self._on_me)
        self.client.connect(
            url,
            headers={"Cookie": cookie_header(self.http)},
            auth={"ws": ws_id, "view": "participant", "csrf": csrf},
            transports=["websocket"],
            wait_timeout=10,
        )

    def _on_state(self, state: dict[str, Any]) -> None:
        with self.lock:
            if state["revision"] > self.state.get("revision", 0):  # as live.js
                self.state = state
            me = state.get("me")  # a phone's own state may ride along with its view
            if me is not None and me["revision"] >= self.me.get("revision", 0):
                self.me = me

    def _on_me(self, me: dict[str, Any]) -> None:
        with self.lock:
            if me["revision"] > self.me.get("revision", 0):
                self.me = me

    def call(self, event: str, payload: dict[str, Any]) -> dict[str, Any]:
        ack = self.client.call(event, payload, timeout=15)
        assert isinstance(ack, dict)
        return ack


def disconnect_all(clients: list[socketio.Client]) -> None:
    """Disconnect in parallel: each disconnect waits for the server's close handshake."""
    threads = [threading.Thread(target=client.disconnect) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=15)


def wait_for_step(phones: list[Phone], kind: str) -> int:
    """Wait until every phone shows a step of `kind`; return that step's id."""
    wait_for(
        lambda: all(p.state.get("step", {}).get("kind") == kind for p in phones),
        20,
        f"the {kind} step on every phone",
    )
    return int(phones[0].state["step"]["id"])


def post_notes(phones: list[Phone], board_id: int, prefix: str) -> list[int]:
    """Every phone writes one note (alternating columns); returns the acknowledged ids."""
    note_ids = []
    for index, phone in enumerate(phones):
        ack = phone.call(
            "note:add",
            {
                "step_id": board_id,
                "column": "pro" if index % 2 else "contra",
                "text": f"Idee Nr. {index} – Größe ü",
                "key": f"{prefix}-{index:06d}",
            },
        )
        assert ack["ok"], ack
        note_ids.append(int(ack["id"]))
    return note_ids
