"""The real server (gevent and eventlet) driven by 20 python-socketio clients over WebSocket."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
import websocket

from tests.realserver.phones import Phone, disconnect_all, post_notes, wait_for_step
from tests.realserver.server import (
    control,
    create_session,
    facilitator_login,
    live_server,
    wait_for,
)

pytestmark = pytest.mark.realserver
PHONES = 20


def db_counts(database: Path) -> tuple[int, int]:
    with sqlite3.connect(database) as connection:
        notes = connection.execute("select count(*) from note").fetchone()[0]
        dots = connection.execute("select coalesce(sum(dots), 0) from vote").fetchone()[0]
        revision = connection.execute("select revision from workshop_session").fetchone()[0]
    assert revision > 0
    return notes, dots


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
            board_id = wait_for_step(phones, "board")
            note_ids = post_notes(phones, board_id, "note")
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
            wait_for_step(phones, "dot_vote")
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
            revealed = control(browser, server.url, ws_id, "results/reveal")
            wait_for(
                lambda: all(p.state.get("revision", 0) > revealed for p in phones),
                20,
                "every phone on a revision after the reveal",
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
            board_id = wait_for_step([phone], "board")
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


def test_websocket_from_another_origin_is_refused(tmp_path: Path) -> None:
    with live_server(tmp_path, "gevent") as server:
        endpoint = server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        with pytest.raises(websocket.WebSocketBadStatusException) as refused:
            websocket.create_connection(endpoint, origin="https://evil.example", timeout=5)
        assert refused.value.status_code == 400
        accepted = websocket.create_connection(endpoint, origin=server.url, timeout=5)
        assert accepted.recv().startswith("0{")  # the Engine.IO open packet
        accepted.close()


@pytest.mark.parametrize("async_mode", ["gevent", "eventlet"])
def test_websockets_agree_on_no_compression(tmp_path: Path, async_mode: str) -> None:
    """A browser offers permessage-deflate; the server declines it, so it keeps no compressor
    per phone and compresses nothing once per phone."""
    with live_server(tmp_path, async_mode) as server:
        endpoint = server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        offer = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"
        accepted = websocket.create_connection(
            endpoint, origin=server.url, header=[offer], timeout=5
        )
        try:
            assert accepted.recv().startswith("0{")  # the connection works
            headers = {name.lower(): value for name, value in accepted.getheaders().items()}
            assert "sec-websocket-extensions" not in headers
        finally:
            accepted.close()


def test_serve_purges_by_itself(tmp_path: Path) -> None:
    """`facilitator serve` runs purge periodically: a closed workshop loses its participant
    link without anyone running `facilitator purge`."""
    periods = {"FACILITATOR_UNLINK_AFTER_MINUTES": "0", "FACILITATOR_PURGE_INTERVAL_SECONDS": "0.2"}
    with live_server(tmp_path, "gevent", periods) as server:
        browser = facilitator_login(server.url)
        ws_id, code = create_session(browser, server.url)
        control(browser, server.url, ws_id, "goto", position="1")
        phone = Phone(server.url, ws_id, code, "Betriebsrat")
        try:
            board_id = wait_for_step([phone], "board")
            post_notes([phone], board_id, "note")
        finally:
            disconnect_all([phone.client])
            phone.http.close()
        control(browser, server.url, ws_id, "close", confirm="y")  # ending needs the tick
        browser.close()

        def unlinked() -> bool:
            with sqlite3.connect(server.database) as connection:
                linked = connection.execute(
                    "select count(*) from note where participant_id is not null"
                ).fetchone()[0]
                people = connection.execute("select count(*) from participant").fetchone()[0]
            return linked == 0 and people == 0

        wait_for(unlinked, 15, "the periodic purge to cut the participant link")
        assert db_counts(server.database) == (1, 0)
    assert "Traceback" not in server.log.read_text()
