"""A removed team member's open control page, across two processes: the owner removes them on
one process; their live connection on the other hears it and then nothing more of the workshop
(the room is closed through the Redis queue), and it cannot come back."""

from __future__ import annotations

import secrets
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
import requests
import socketio

from tests.realserver.server import (
    COMMAND,
    control,
    cookie_header,
    create_session,
    csrf_token,
    facilitator_login,
    initialise,
    live_page_csrf,
    running_server,
    server_env,
    wait_for,
)
from tests.realserver.services import REDIS, postgres_schema, require

pytestmark = pytest.mark.realserver
MEMBER = "kollegin@example.org"
MEMBER_PASSWORD = "co-facilitator-secret-7"


class ControlPage:
    """A facilitator's live control page: a socket on the facilitator view, keeping events."""

    def __init__(self, url: str, http: requests.Session, ws_id: int, csrf: str = "") -> None:
        self.csrf = csrf or live_page_csrf(http, f"{url}/sessions/{ws_id}")
        self.events: list[tuple[str, Any]] = []
        self.lock = threading.Lock()
        self.client = socketio.Client(reconnection=False)
        for name in ("session:state", "team:changed"):
            self.client.on(name, lambda payload, name=name: self._keep(name, payload))
        self.client.connect(
            url,
            headers={"Cookie": cookie_header(http)},
            auth={"ws": ws_id, "view": "facilitator", "csrf": self.csrf},
            transports=["websocket"],
            wait_timeout=10,
        )

    def _keep(self, name: str, payload: Any) -> None:
        with self.lock:
            self.events.append((name, payload))

    def got(self, name: str) -> list[Any]:
        with self.lock:
            return [payload for event, payload in self.events if event == name]


def login(url: str, email: str, password: str) -> requests.Session:
    http = requests.Session()
    page = http.get(f"{url}/login", timeout=10).text
    response = http.post(
        f"{url}/login",
        data={"email": email, "password": password, "csrf_token": csrf_token(page)},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text
    return http


def team_post(http: requests.Session, url: str, ws_id: int, path: str, **data: str) -> str:
    token = csrf_token(http.get(f"{url}/sessions/{ws_id}", timeout=10).text)
    response = http.post(
        f"{url}/sessions/{ws_id}/team/{path}",
        data={"csrf_token": token, "invite-csrf_token": token, **data},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.text


def test_a_removed_member_hears_nothing_more_on_another_process(tmp_path: Path) -> None:
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
        subprocess.run(
            [*COMMAND, "create-user", MEMBER, "--name", "Kollegin", "--password", MEMBER_PASSWORD],
            env=env,
            check=True,
            capture_output=True,
            timeout=60,
        )
        with (
            running_server(env, "gevent", tmp_path / "a.log", tmp_path) as a,
            running_server(env, "gevent", tmp_path / "b.log", tmp_path) as b,
        ):
            owner = facilitator_login(a.url)
            ws_id, _code = create_session(owner, a.url)
            page = team_post(
                owner,
                a.url,
                ws_id,
                "invite",
                **{"invite-email": MEMBER, "invite-role": "cofacilitator"},
            )
            assert "ist jetzt im Team" in page
            member_http = login(b.url, MEMBER, MEMBER_PASSWORD)
            member = ControlPage(b.url, member_http, ws_id)  # on the other process
            try:
                wait_for(lambda: bool(member.got("session:state")), 10, "the member's snapshot")
                control(member_http, b.url, ws_id, "goto", position="1")  # a co-facilitator runs it
                wait_for(
                    lambda: member.got("session:state")[-1]["step"]["position"] == 1,
                    10,
                    "the member's own step change",
                )

                assert "nicht mehr im Team" in team_post(
                    owner, a.url, ws_id, "remove", account_id=str(_account_id(owner, a.url, ws_id))
                )
                wait_for(lambda: bool(member.got("team:changed")), 10, "the removal, on process B")
                assert member.got("team:changed")[-1]["revoked"] is True
                seen = len(member.got("session:state"))
                # the owner's page reconnects (on process B too) and moves the workshop on
                witness = ControlPage(b.url, owner, ws_id)
                control(owner, a.url, ws_id, "goto", position="2")
                wait_for(
                    lambda: witness.got("session:state")[-1]["step"]["position"] == 2,
                    10,
                    "the step change on the owner's page",
                )
                # a round trip on the removed member's connection: anything sent to it before
                # arrives before this answer
                assert member.client.call("note:add", {}, timeout=10)["ok"] is False
                assert len(member.got("session:state")) == seen
                assert member_http.get(f"{b.url}/sessions/{ws_id}", timeout=10).status_code == 404
                with pytest.raises(socketio.exceptions.ConnectionError):
                    ControlPage(b.url, member_http, ws_id, member.csrf)
                witness.client.disconnect()
            finally:
                member.client.disconnect()


def _account_id(owner: requests.Session, url: str, ws_id: int) -> int:
    """The member's account id, as the owner's team box shows it."""
    import re

    box = owner.get(f"{url}/sessions/{ws_id}/team", timeout=10).text
    found = re.search(r'data-account="(\d+)" data-role="cofacilitator"', box)
    assert found, box
    return int(found.group(1))
