"""The real server (gevent and eventlet) driven by 20 python-socketio clients over WebSocket."""

from __future__ import annotations

import random
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
import socketio

from tests.realserver.server import (
    control,
    cookie_header,
    create_session,
    facilitator_login,
    join,
    live_server,
    wait_for,
)

pytestmark = pytest.mark.realserver
PHONES = 20


class Phone:
    """One participant: an HTTP join, then a WebSocket connection that keeps the newest state."""

    def __init__(
        self, url: str, ws_id: int, code: str, group: str, join_url: str | None = None
    ) -> None:
        self.http = join(join_url or url, code, group)
        self.client = socketio.Client(reconnection=False)
        self.state: dict[str, Any] = {}
        self.me: dict[str, Any] = {}
        self.lock = threading.Lock()
        self.client.on("session:state", self._on_state)
        self.client.on("me:state", self._on_me)
        self.client.connect(
            url,
            headers={"Cookie": cookie_header(self.http)},
            auth={"ws": ws_id, "view": "participant"},
            transports=["websocket"],
            wait_timeout=10,
        )

    def _on_state(self, state: dict[str, Any]) -> None:
        with self.lock:
            if state["revision"] >= self.state.get("revision", 0):
                self.state = state

    def _on_me(self, me: dict[str, Any]) -> None:
        with self.lock:
            if me["revision"] >= self.me.get("revision", 0):
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


def db_counts(database: Path) -> tuple[int, int]:
    with sqlite3.connect(database) as connection:
        notes = connection.execute("select count(*) from note").fetchone()[0]
        dots = connection.execute("select coalesce(sum(dots), 0) from vote").fetchone()[0]
        revision = connection.execute("select revision from workshop_session").fetchone()[0]
    assert revision > 0
    return notes, dots


def db_revision(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute("select revision from workshop_session").fetchone()[0])


@pytest.mark.parametrize("async_mode", ["gevent", "eventlet"])
def test_twenty_phones_end_on_the_same_state_as_the_database(
    tmp_path: Path, async_mode: str
) -> None:
    with live_server(tmp_path, async_mode) as server:
        browser = facilitator_login(server.url)
        ws_id, code = create_session(browser, server.url)
        control(browser, server.url, ws_id, "goto", position="1")
        groups = ["Beschäftigte", "Führungskräfte", "Betriebsrat"]
        phones = [Phone(server.url, ws_id, code, groups[i % 3]) for i in range(PHONES)]
        try:
            wait_for(
                lambda: all(p.state.get("step", {}).get("kind") == "board" for p in phones),
                20,
                "board on all phones",
            )
            board_id = phones[0].state["step"]["id"]
            note_ids = []
            for index, phone in enumerate(phones):
                ack = phone.call(
                    "note:add",
                    {
                        "step_id": board_id,
                        "column": "pro" if index % 2 else "contra",
                        "text": f"Idee Nr. {index} – Größe ü",
                        "key": f"note-{index:06d}",
                    },
                )
                assert ack["ok"], ack
                note_ids.append(ack["id"])
            # a retried emit with the same key is acknowledged but stored once
            retry = phones[0].call(
                "note:add",
                {
                    "step_id": board_id,
                    "column": "contra",
                    "text": "Idee Nr. 0 – Größe ü",
                    "key": "note-000000",
                },
            )
            assert retry["duplicate"] is True

            control(browser, server.url, ws_id, "goto", position="2")
            wait_for(
                lambda: all(p.state.get("step", {}).get("kind") == "dot_vote" for p in phones),
                20,
                "dot vote on all phones",
            )
            chooser = random.Random(7)
            dots = 0
            for index, phone in enumerate(phones):
                for n, note_id in enumerate(chooser.sample(note_ids, 2)):
                    ack = phone.call(
                        "vote:cast", {"note_id": note_id, "key": f"vote-{index:04d}-{n}"}
                    )
                    assert ack["ok"], ack
                    dots += 1
            over = phones[0].call("vote:cast", {"note_id": note_ids[0], "key": "vote-over-01"})
            over2 = phones[0].call("vote:cast", {"note_id": note_ids[1], "key": "vote-over-02"})
            assert [over["ok"], over2["ok"]].count(True) <= 1  # budget 3: at most one more dot
            dots += [over["ok"], over2["ok"]].count(True)
            control(browser, server.url, ws_id, "results/reveal")

            final = db_revision(server.database)
            wait_for(
                lambda: all(p.state.get("revision") == final for p in phones),
                20,
                "every phone on the final revision",
            )
            assert db_counts(server.database) == (PHONES, dots)
            for phone in phones:
                shown = phone.state["notes"]
                assert len(shown) == PHONES
                assert sum(note["dots"] for note in shown) == dots
            spent = {index: 2 for index in range(PHONES)}
            spent[0] += [over["ok"], over2["ok"]].count(True)
            # private states follow the public one in the same flush
            wait_for(
                lambda: all(p.me.get("dots_left") == 3 - spent[i] for i, p in enumerate(phones)),
                10,
                "every phone's own dots",
            )
        finally:
            disconnect_all([phone.client for phone in phones])
            for phone in phones:
                phone.http.close()
            browser.close()
        assert "Traceback" not in server.log.read_text()


def test_oversized_message_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    with live_server(tmp_path, "gevent") as server:
        browser = facilitator_login(server.url)
        ws_id, code = create_session(browser, server.url)
        control(browser, server.url, ws_id, "goto", position="1")
        phone = Phone(server.url, ws_id, code, "Betriebsrat")
        websocket = phone.client.eio.ws
        try:
            wait_for(lambda: phone.state.get("step", {}).get("kind") == "board", 10, "board")
            board_id = phone.state["step"]["id"]
            huge = {"step_id": board_id, "column": "pro", "text": "x" * 100_000, "key": "huge-0001"}
            phone.client.emit("note:add", huge)
            wait_for(lambda: not phone.client.connected, 10, "the server to drop the connection")
        finally:
            phone.client.disconnect()
            # the client library leaves the dropped WebSocket open; close it ourselves
            websocket.shutdown()
            phone.http.close()
            browser.close()
        assert db_counts(server.database) == (0, 0)
