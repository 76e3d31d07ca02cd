"""Findings of the hardening review (issue 16): each one probed over HTTP as an attacker would."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import IntegerConverter

from facilitator.extensions import db
from facilitator.sessions import services
from tests.conftest import PASSWORD, clear, connect_socket, join_as, login

Factory = Callable[..., Any]


@pytest.mark.parametrize(
    "raw_next",
    [
        "/%09/evil.example",
        "/%0A/evil.example",
        "%0D%0A//evil.example",
        "/%5Cevil.example",
        "/%E2%82%AC",
        "/%00",
        "//%09evil.example",
        "/x%0AX-Injected:%201",
    ],
)
def test_login_never_redirects_off_site_nor_fails(
    client: FlaskClient, make_user: Factory, raw_next: str
) -> None:
    user = make_user()
    db.session.commit()
    response = client.post(
        f"/login?next={raw_next}", data={"email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/")
    assert not location.startswith("//")
    assert "\\" not in location
    assert "evil.example" not in location
    assert "X-Injected" not in response.headers


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.text())
def test_any_next_gives_a_redirect_on_this_site(client: FlaskClient, target: str) -> None:
    response = client.post("/language", data={"lang": "en", "next": target})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/")
    assert not location.startswith("//")


def test_next_in_the_address_of_the_language_switch(client: FlaskClient) -> None:
    response = client.post("/language", data={"lang": "en", "next": "/\t/evil.example"})
    assert response.headers["Location"] == "/"
    response = client.post("/language", data={"lang": "en", "next": quote("/sessions/1")})
    assert response.headers["Location"] == "/sessions/1"


def test_ids_beyond_the_database_range_are_404(
    app: Flask, client: FlaskClient, make_user: Factory
) -> None:
    user = make_user()
    db.session.commit()
    login(client, user)
    probed = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or not rule.arguments:
            continue
        converters = rule._converters
        if not any(isinstance(c, IntegerConverter) for c in converters.values()):
            continue
        for huge in (99999999999999999999, 2**31, 2**63):
            values = {
                name: huge if isinstance(c, IntegerConverter) else "x"
                for name, c in converters.items()
            }
            path = rule.rule
            for name, value in values.items():
                path = re.sub(rf"<[^>]*\b{name}>", str(value), path)
            response = client.get(path)
            assert response.status_code == 404, (path, response.status_code)
            probed += 1
    assert probed >= 9
    assert client.get("/sessions/99999999999999999999").status_code == 404


def test_connect_sent_as_an_event_is_dropped_quietly_and_counted(
    app: Flask, make_session: Factory, caplog: pytest.LogCaptureFixture
) -> None:
    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "events": (3, 10)}
    ws = make_session()
    board = next(step for step in ws.steps if step.kind == "board")
    services.goto_step(ws, board.position)
    client = app.test_client()
    join_as(client, ws)
    socket = connect_socket(app, client, ws)
    clear(socket)
    for _ in range(2):
        socket.emit("connect", {"ws": ws.id, "view": "participant"})
    assert socket.is_connected()
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert socket.get_received() == []  # no second snapshot, no answer
    ack = socket.emit(
        "note:add",
        {"step_id": board.id, "column": "pro", "text": "Idee", "key": "connect-as-event-1"},
        callback=True,
    )
    assert ack["ok"], ack  # the third event of three
    socket.emit("connect", {})
    assert not socket.is_connected()  # over the limit: cut off
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
