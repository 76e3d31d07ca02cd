"""Two real server processes on PostgreSQL and a Redis message queue, like behind a balancer."""

from __future__ import annotations

import secrets
import threading
from pathlib import Path

import pytest

from tests.realserver.phones import Phone, disconnect_all, post_notes, wait_for_step
from tests.realserver.server import (
    control,
    create_session,
    facilitator_login,
    initialise,
    running_server,
    server_env,
    wait_for,
)
from tests.realserver.services import REDIS, postgres_query, postgres_schema, require

pytestmark = pytest.mark.realserver
PHONES = 12


def test_two_processes_share_state_through_postgres_and_redis(tmp_path: Path) -> None:
    require(6379, "Redis")
    with postgres_schema() as database_url:
        env = server_env(
            database_url,
            {
                "FACILITATOR_SOCKETIO_MESSAGE_QUEUE": REDIS,
                "FACILITATOR_SOCKETIO_CHANNEL": f"facilitator-test-{secrets.token_hex(4)}",
            },
        )
        initialise(env)
        with (
            running_server(env, "gevent", tmp_path / "a.log", tmp_path) as a,
            running_server(env, "gevent", tmp_path / "b.log", tmp_path) as b,
        ):
            browser = facilitator_login(a.url)
            ws_id, code = create_session(browser, a.url)
            control(browser, a.url, ws_id, "goto", position="1")
            groups = ["Beschäftigte", "Führungskräfte", "Betriebsrat"]
            # like a balancer without sticky sessions: join on one process, connect to either
            phones = [
                Phone((a, b)[i % 2].url, ws_id, code, groups[i % 3], join_url=(b, a)[i % 2].url)
                for i in range(PHONES)
            ]
            try:
                board_id = wait_for_step(phones, "board")
                note_ids = post_notes(phones, board_id, "scale-note")
                # once input closes, every phone on either process sees every note
                control(browser, b.url, ws_id, "input/close")
                wait_for(
                    lambda: all(len(p.state.get("notes", [])) == PHONES for p in phones),
                    20,
                    "all notes on every phone",
                )
                control(browser, b.url, ws_id, "goto", position="2")  # the other process
                wait_for_step(phones, "dot_vote")
                threads = [
                    threading.Thread(
                        target=lambda p=phone, n=i: [
                            p.call(
                                "vote:cast",
                                {
                                    "note_id": note_ids[(n + k) % PHONES],
                                    "key": f"scale-vote-{n:03d}-{k}",
                                },
                            )
                            for k in range(3)
                        ]
                    )
                    for i, phone in enumerate(phones)
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=30)
                revealed = control(browser, a.url, ws_id, "results/reveal")
                # the first flush after the reveal, from either process, holds every dot
                wait_for(
                    lambda: all(p.state.get("revision", 0) > revealed for p in phones),
                    20,
                    "every phone on a revision after the reveal",
                )
                notes = postgres_query(database_url, "select count(*) from note")[0][0]
                dots = postgres_query(database_url, "select sum(dots) from vote")[0][0]
                assert (notes, dots) == (PHONES, 3 * PHONES)
                for phone in phones:
                    assert sum(n["dots"] for n in phone.state["notes"]) == dots
                # private states follow the public one in the same flush
                wait_for(lambda: all(p.me.get("dots_left") == 0 for p in phones), 10, "dots left 0")
            finally:
                disconnect_all([phone.client for phone in phones])
                for phone in phones:
                    phone.http.close()
                browser.close()
            for server in (a, b):
                assert "Traceback" not in server.log.read_text()
