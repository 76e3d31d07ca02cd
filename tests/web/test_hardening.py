"""Findings of the hardening review (issue 16): each one probed over HTTP as an attacker would."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from werkzeug.routing import IntegerConverter

from facilitator import create_app
from facilitator.accounts.services import create_user
from facilitator.cli import init_db
from facilitator.extensions import db
from facilitator.rules.session import JOIN_CODE_ALPHABET as ALPHABET
from facilitator.sessions import services
from facilitator.sessions.models import Note, WorkshopSession
from tests.conftest import PASSWORD, TESTS, clear, connect_socket, join_as, login

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


def _board_phone(app: Flask, make_session: Factory) -> tuple[Any, Any]:
    ws = make_session()
    board = next(step for step in ws.steps if step.kind == "board")
    services.goto_step(ws, board.position)
    client = app.test_client()
    join_as(client, ws)
    return connect_socket(app, client, ws), board


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Idee\x01", "Steuerzeichen"),
        ("a\x0bb", "Steuerzeichen"),
        ("\x1b[31mrot", "Steuerzeichen"),
        ("Mitte\x00Text", "Steuerzeichen"),
        ("Ersatz\ud800", "Steuerzeichen"),
        ("\u200b\u200b\u200b", "unsichtbaren Zeichen"),
        ("\u2800\u3164\ufeff", "unsichtbaren Zeichen"),
    ],
)
def test_notes_with_control_or_only_invisible_characters_are_refused(
    app: Flask, make_session: Factory, text: str, message: str
) -> None:
    socket, board = _board_phone(app, make_session)
    ack = socket.emit(
        "note:add",
        {"step_id": board.id, "column": "pro", "text": text, "key": "odd-text-0001"},
        callback=True,
    )
    assert not ack["ok"]
    assert ack["error"] == "invalid"
    assert message in " ".join(ack["errors"]["text"])
    assert db.session.scalar(select(func.count()).select_from(Note)) == 0


def test_notes_are_stored_in_nfc_with_plain_line_breaks(app: Flask, make_session: Factory) -> None:
    socket, board = _board_phone(app, make_session)
    ack = socket.emit(
        "note:add",
        {"step_id": board.id, "column": "pro", "text": "Cafe\u0301\r\nTee\t!", "key": "nfc-0001"},
        callback=True,
    )
    assert ack["ok"], ack
    assert db.session.scalar(select(Note.text)) == "Café\nTee\t!"


def test_facilitator_forms_refuse_control_characters(
    client: FlaskClient, make_user: Factory
) -> None:
    login(client, make_user())
    response = client.post(
        "/sessions/new",
        data={
            "template": "mini",
            "title": "Titel\x1b",
            "organisation": "Firma",
            "language": "de",
            "groups": "Beschäftigte\n\u200b\nBetriebsrat",
            "anonymity_threshold": "5",
            "retention_days": "90",
        },
    )
    assert response.status_code == 200
    assert "Steuerzeichen" in response.text
    assert db.session.scalar(select(func.count()).select_from(WorkshopSession)) == 0
    response = client.post(
        "/sessions/new",
        data={
            "template": "mini",
            "title": "\u200b",
            "groups": "Beschäftigte",
            "language": "de",
            "anonymity_threshold": "5",
            "retention_days": "90",
        },
    )
    assert "unsichtbaren Zeichen" in response.text
    assert db.session.scalar(select(func.count()).select_from(WorkshopSession)) == 0


def test_every_text_field_of_every_form_is_checked(app: Flask) -> None:
    """No form can skip the text checks: each text field of each form class carries them."""
    from wtforms import PasswordField, StringField

    from facilitator.text import TextForm, plain_text

    def subclasses(cls: type) -> set[type]:
        found = set(cls.__subclasses__())
        for sub in list(found):
            found |= subclasses(sub)
        return found

    from flask_wtf import FlaskForm

    import facilitator.accounts.forms
    import facilitator.reports.forms
    import facilitator.sessions.assessment_forms
    import facilitator.sessions.forms  # noqa: F401

    assert subclasses(FlaskForm) <= subclasses(TextForm) | {TextForm}
    checked = 0
    with app.test_request_context():
        for form_class in subclasses(TextForm):
            try:
                form = form_class(meta={"csrf": False})
            except TypeError:
                continue  # needs arguments (e.g. the join form's groups)
            for field in form:
                if isinstance(field, StringField) and not isinstance(field, PasswordField):
                    assert plain_text in field.validators, (form_class, field.name)
                    checked += 1
    assert checked >= 20


def _captured(client: FlaskClient, name: str) -> str:
    cookie = client.get_cookie(name)
    assert cookie is not None, name
    return cookie.value


def _opens_dashboard(app: Flask, **cookies: str) -> bool:
    g.pop("_login_user", None)  # the fixture's app context outlives requests; forget the user
    thief = app.test_client()
    for name, value in cookies.items():
        thief.set_cookie(name, value)
    return thief.get("/dashboard").status_code == 200


def test_logout_makes_every_captured_cookie_worthless(app: Flask, make_user: Factory) -> None:
    user = make_user()
    db.session.commit()
    laptop, phone = app.test_client(), app.test_client()
    for browser in (laptop, phone):
        g.pop("_login_user", None)
        response = browser.post(
            "/login", data={"email": user.email, "password": PASSWORD, "remember": "y"}
        )
        assert response.status_code == 302
    session_cookie = _captured(laptop, "session")
    remember_cookie = _captured(laptop, "remember_token")
    assert _opens_dashboard(app, session=session_cookie)
    assert _opens_dashboard(app, remember_token=remember_cookie)
    g.pop("_login_user", None)
    assert laptop.post("/logout").status_code == 302
    assert not _opens_dashboard(app, session=session_cookie)
    assert not _opens_dashboard(app, remember_token=remember_cookie)
    g.pop("_login_user", None)
    assert phone.get("/dashboard").status_code == 302  # logged out in the other browser too


def test_password_change_page(app: Flask, make_user: Factory) -> None:
    user = make_user()
    db.session.commit()
    laptop, other = app.test_client(), app.test_client()
    for browser in (laptop, other):
        g.pop("_login_user", None)
        response = browser.post(
            "/login", data={"email": user.email, "password": PASSWORD, "remember": "y"}
        )
        assert response.status_code == 302
    old_remember = _captured(other, "remember_token")
    g.pop("_login_user", None)
    assert "Passwort ändern" in laptop.get("/account/password").text
    wrong = laptop.post(
        "/account/password",
        data={
            "current": "falsch",
            "new": "ein neues langes Passwort",
            "confirm": "ein neues langes Passwort",
        },
    )
    assert "nicht Ihr aktuelles Passwort" in wrong.text
    weak = laptop.post(
        "/account/password",
        data={"current": PASSWORD, "new": "password1234", "confirm": "password1234"},
    )
    assert "errät" in weak.text
    mismatch = laptop.post(
        "/account/password",
        data={"current": PASSWORD, "new": "ein neues langes Passwort", "confirm": "etwas anderes"},
    )
    assert "nicht gleich" in mismatch.text
    changed = laptop.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "new": "ein neues langes Passwort",
            "confirm": "ein neues langes Passwort",
        },
    )
    assert changed.status_code == 302
    g.pop("_login_user", None)
    assert laptop.get("/dashboard").status_code == 200  # this browser stays logged in
    g.pop("_login_user", None)
    assert other.get("/dashboard").status_code == 302  # every other one is logged out
    assert not _opens_dashboard(app, remember_token=old_remember)
    assert _opens_dashboard(app, remember_token=_captured(laptop, "remember_token"))
    db.session.expire_all()
    assert user.check_password("ein neues langes Passwort")


def test_unknown_e_mails_cost_a_password_check_too(
    app: Flask, client: FlaskClient, make_user: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Constant-time login: a hash is checked whether or not the account exists."""
    import facilitator.accounts.models as models
    import facilitator.accounts.services as accounts

    checked: list[str] = []
    real = accounts.check_password_hash

    def spy(stored: str, password: str) -> bool:
        checked.append(stored.split(":")[0])
        return real(stored, password)

    monkeypatch.setattr(accounts, "check_password_hash", spy)
    monkeypatch.setattr(models, "check_password_hash", spy)
    user = make_user()
    db.session.commit()
    client.post("/login", data={"email": user.email, "password": "falsch"})
    client.post("/login", data={"email": "niemand@example.org", "password": "falsch"})
    assert len(checked) == 2
    assert checked[0] == checked[1]  # the same method (scrypt), so the same cost


def test_a_hall_of_phones_behind_one_address_gets_in_while_someone_guesses(
    app: Flask, make_session: Factory
) -> None:
    """1,000 phones behind one venue NAT type the right code while a guesser from the same
    address keeps trying wrong ones: every answer is delayed alike, nobody is refused."""
    delays: list[tuple[str, float]] = []
    limiter = app.extensions["facilitator.limiter"]
    ws = make_session()
    db.session.commit()
    nat = app.test_client()
    nat.environ_base["REMOTE_ADDR"] = "192.0.2.1"
    free, _window = app.config["RATE_LIMITS"]["join"]
    first, cap = app.config["RATE_LIMIT_DELAYS"]["join"]
    current = ["guess"]
    limiter.sleep = lambda seconds: delays.append((current[0], seconds))
    guesses = 0
    for phone in range(1000):
        if phone % 5 == 0:  # the guesser runs all along
            current[0] = "guess"
            wrong = "".join(ALPHABET[(guesses >> (5 * i)) % 31] for i in range(6))
            response = nat.post("/", data={"code": wrong})
            assert response.status_code == 200
            guesses += 1
        current[0] = "phone"
        response = nat.post("/", data={"code": ws.join_code.lower()})
        assert response.status_code == 302, (phone, response.status_code)
    phone_delays = [seconds for who, seconds in delays if who == "phone"]
    guess_delays = [seconds for who, seconds in delays if who == "guess"]
    assert len(guess_delays) == guesses - free  # the guesser is slowed once over the limit
    assert min(guess_delays) == first
    assert max(guess_delays) == cap
    assert len(phone_delays) == 1000 - 5 * (free - 1)  # phones wait while it is limited…
    assert max(phone_delays) == cap  # …but never longer than the cap, and all got in


def test_database_files_and_instance_folder_are_for_this_user_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even under a permissive umask: the database, its WAL and SHM files and the secret key
    are 0600, the instance folder 0700."""
    instance = tmp_path / "instance"
    monkeypatch.setenv("FACILITATOR_INSTANCE", str(instance))
    old_umask = os.umask(0o022)
    try:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": "sqlite:///facilitator.sqlite",
                "EXERCISES_DIR": str(TESTS / "data" / "exercises"),
            }
        )
        with app.app_context():
            init_db()
            create_user("files@example.org", PASSWORD)
            db.session.commit()
            database = instance / "facilitator.sqlite"
            modes = {
                path.name: stat.S_IMODE(path.stat().st_mode)
                for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm"))
            }
            db.engine.dispose()
    finally:
        os.umask(old_umask)
    assert modes == dict.fromkeys(modes, 0o600)
    assert len(modes) == 3
    assert stat.S_IMODE((instance / "secret_key").stat().st_mode) == 0o600
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700


def test_the_command_narrows_the_umask(tmp_path: Path) -> None:
    """`facilitator …` sets umask 077 before anything else, for every file it creates."""
    script = "import os, facilitator.__main__ as m, sys; sys.argv=['facilitator','--help']\n"
    script += "try:\n    m.main()\nexcept SystemExit:\n    pass\nprint(oct(os.umask(0)))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip().endswith("0o77")


def test_static_files_have_content_hashed_urls_and_are_cached_for_good(
    client: FlaskClient,
) -> None:
    page = client.get("/login").text
    match = re.search(r'href="(/static/css/app\.css\?v=([0-9a-f]{16}))"', page)
    assert match, "the stylesheet's URL carries its content hash"
    url, digest = match.groups()
    static = Path(__file__).resolve().parents[2] / "facilitator" / "static" / "css" / "app.css"
    assert hashlib.sha256(static.read_bytes()).hexdigest().startswith(digest)
    with client.get(url) as cached:
        assert cached.status_code == 200
        control = cached.headers["Cache-Control"]
    assert "immutable" in control
    assert "max-age=31536000" in control
    assert "no-cache" not in control
    for stale in ("/static/css/app.css", "/static/css/app.css?v=0000000000000000"):
        with client.get(stale) as response:
            assert response.status_code == 200
            assert "immutable" not in response.headers.get("Cache-Control", "")
