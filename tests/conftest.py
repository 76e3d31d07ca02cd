"""Fixtures: an app on in-memory SQLite, clients, factories, and join/connect helpers."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_socketio import SocketIOTestClient
from hypothesis import settings

from facilitator import create_app
from facilitator.accounts.models import User
from facilitator.accounts.services import create_user
from facilitator.extensions import db as _db
from facilitator.extensions import socketio
from facilitator.sessions import services
from facilitator.sessions.models import Note, Participant, WorkshopSession
from tests.realserver.services import postgres_schema

TESTS = Path(__file__).resolve().parent
EXERCISES = TESTS / "data" / "exercises"
PASSWORD = "correct horse battery"
# Scrypt takes about 0.1 s a hash by design; the suite hashes hundreds of throwaway passwords.
# tests/unit/test_password_hashing.py checks that an app configured otherwise uses scrypt.
FAST_PASSWORD_HASH = "pbkdf2:sha256:1"

# Property tests check results, never time: no deadline per example (on a loaded machine an
# example may take longer than Hypothesis' default 200 ms without anything being wrong).
settings.register_profile("facilitator", deadline=None)
settings.load_profile("facilitator")


@contextlib.contextmanager
def app_on(database: str = "sqlite") -> Iterator[Flask]:
    """The test app in its app context, on an in-memory SQLite database or (`"postgresql"`)
    on a fresh schema of the test PostgreSQL database, dropped afterwards."""
    with contextlib.ExitStack() as stack:
        url = "sqlite://"
        if database == "postgresql":
            url = stack.enter_context(postgres_schema())
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "test-secret",
                "SQLALCHEMY_DATABASE_URI": url,
                "WTF_CSRF_ENABLED": False,
                "EXERCISES_DIR": str(EXERCISES),
                "BROADCAST_INTERVAL": 0,
                "COMPRESS_REGISTER": False,
                "PASSWORD_HASH_METHOD": FAST_PASSWORD_HASH,
            }
        )
        with app.app_context():
            _db.create_all()
            yield app
            _db.session.remove()
            _db.engine.dispose()  # before a schema is dropped (an open connection warns)


@pytest.fixture
def app() -> Iterator[Flask]:
    with app_on() as app:
        yield app


@pytest.fixture
def db(app: Flask) -> Any:
    return _db


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    def make(email: str | None = None, password: str = PASSWORD) -> User:
        return create_user(email or f"f{secrets.token_hex(3)}@example.org", password)

    return make


@pytest.fixture
def make_session(app: Flask, make_user: Callable[..., User]) -> Callable[..., WorkshopSession]:
    def make(owner: User | None = None, **overrides: Any) -> WorkshopSession:
        template = app.extensions["facilitator.catalog"].get(overrides.pop("template", "mini"))
        options: dict[str, Any] = {
            "title": "Werkstatt-Workshop",
            "organisation": "Bäckerei Süß",
            "language": "de",
            "groups": ["Beschäftigte", "Führungskräfte", "Betriebsrat"],
            "anonymity_threshold": 5,
            "code_length": 6,
        }
        options.update(overrides)
        return services.create_from_template(owner or make_user(), template, **options)

    return make


@pytest.fixture
def make_participant(app: Flask) -> Callable[..., Participant]:
    def make(ws: WorkshopSession, group: str | None = None) -> Participant:
        participant, _ = services.join(ws, group or ws.groups[0], 10_000)
        return participant

    return make


@pytest.fixture
def make_note(app: Flask) -> Callable[..., Note]:
    def make(participant: Participant, text: str = "Eine Idee", column: str = "pro") -> Note:
        ws = _db.session.get(WorkshopSession, participant.ws_id)
        board = next(step for step in ws.steps if step.kind == "board")
        if ws.current_step.id != board.id:
            services.goto_step(ws, board.position)
        outcome = services.add_note(participant, board.id, column, text, secrets.token_hex(8))
        note = _db.session.get(Note, outcome.result_id)
        assert note is not None
        return note

    return make


def step_of(ws: WorkshopSession, kind: str) -> Any:
    return next(step for step in ws.steps if step.kind == kind)


def login(client: FlaskClient, user: User, password: str = PASSWORD) -> None:
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.text


def join_as(client: FlaskClient, ws: WorkshopSession, group: str | None = None) -> None:
    """Join over HTTP the way a phone does; the cookie then identifies the participant."""
    _db.session.commit()
    response = client.post(f"/j/{ws.join_code}", data={"group": group or ws.groups[0]})
    assert response.status_code == 200, response.text
    assert 'data-view="participant"' in response.text  # the live page, in the same round trip


def connect_socket(
    app: Flask, client: FlaskClient, ws: WorkshopSession, view: str = "participant"
) -> SocketIOTestClient:
    _db.session.commit()
    return socketio.test_client(app, flask_test_client=client, auth={"ws": ws.id, "view": view})


def received(socket: SocketIOTestClient, name: str) -> list[dict[str, Any]]:
    """Every `name` event this socket got so far (kept, unlike `get_received`)."""
    inbox: list[dict[str, Any]] = socket.__dict__.setdefault("inbox", [])
    inbox.extend(socket.get_received())
    if name == "me:state":  # a phone's own state also rides along with its view
        return [
            message["args"][0] if message["name"] == name else message["args"][0]["me"]
            for message in inbox
            if message["name"] == name
            or (message["name"] == "session:state" and "me" in message["args"][0])
        ]
    return [message["args"][0] for message in inbox if message["name"] == name]


def clear(socket: SocketIOTestClient) -> None:
    """Forget what the socket received so far."""
    socket.get_received()
    socket.__dict__["inbox"] = []
