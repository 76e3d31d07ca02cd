"""HTTP views: join flow, facilitator pages, ownership, controls and language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from facilitator.extensions import db
from facilitator.sessions import services
from facilitator.sessions.models import Participant, WorkshopSession
from tests.conftest import join_as, login, step_of

Factory = Callable[..., Any]


def test_start_page_redirects_valid_code(client: FlaskClient, make_session: Factory) -> None:
    ws = make_session()
    db.session.commit()
    response = client.post("/", data={"code": ws.join_code.lower()})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/j/{ws.join_code}")


def test_start_page_rejects_ambiguous_code_in_german(client: FlaskClient) -> None:
    response = client.post("/", data={"code": "ABC10O"})
    assert response.status_code == 200
    assert "kein gültiger Code" in response.text


def test_unknown_code_is_a_friendly_404(client: FlaskClient) -> None:
    response = client.get("/j/ZZZZZZ")
    assert response.status_code == 404
    assert "Workshop" in response.text


def test_join_page_shows_groups_and_privacy_notice(
    client: FlaskClient, make_session: Factory
) -> None:
    ws = make_session()
    db.session.commit()
    page = client.get(f"/j/{ws.join_code}").text
    for group in ws.groups:
        assert group in page
    assert "IP-Adresse" in page


def test_join_creates_anonymous_participant_and_survives_reload(
    client: FlaskClient, make_session: Factory
) -> None:
    ws = make_session()
    join_as(client, ws, "Betriebsrat")
    participant = db.session.scalar(select(Participant))
    assert participant.group == "Betriebsrat"
    assert set(Participant.__table__.columns.keys()) == {
        "id",
        "ws_id",
        "token_hash",
        "group",
        "created_at",
    }
    # a reload of the join link goes straight to the live page, no second participant
    again = client.get(f"/j/{ws.join_code}")
    assert again.status_code == 302
    assert f"/p/{ws.join_code}" in again.headers["Location"]
    assert client.get(f"/p/{ws.join_code}").status_code == 200


def test_join_answers_with_the_live_page_and_a_resent_choice_joins_nobody_twice(
    client: FlaskClient, make_session: Factory
) -> None:
    ws = make_session()
    db.session.commit()
    page = client.post(f"/j/{ws.join_code}", data={"group": ws.groups[0]})
    assert page.status_code == 200
    assert 'data-view="participant"' in page.text  # the live page, no redirect in between
    assert f'data-live-url="/p/{ws.join_code}"' in page.text  # shown in the address bar
    assert 'data-csrf="' in page.text
    again = client.post(f"/j/{ws.join_code}", data={"group": ws.groups[1]})  # resent form
    assert again.status_code == 302
    assert f"/p/{ws.join_code}" in again.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 1


def test_join_with_invalid_group_changes_nothing(
    client: FlaskClient, make_session: Factory
) -> None:
    ws = make_session()
    db.session.commit()
    response = client.post(f"/j/{ws.join_code}", data={"group": "Vorstand"})
    assert response.status_code == 200
    assert db.session.scalar(select(Participant)) is None


def test_participate_without_joining_redirects_to_join(
    client: FlaskClient, make_session: Factory
) -> None:
    ws = make_session()
    db.session.commit()
    response = client.get(f"/p/{ws.join_code}")
    assert response.status_code == 302
    assert "/j/" in response.headers["Location"]


def test_participant_page_has_no_external_resources(
    client: FlaskClient, make_session: Factory
) -> None:
    ws = make_session()
    join_as(client, ws)
    page = client.get(f"/p/{ws.join_code}").text
    assert "http://" not in page.replace("http://localhost", "")
    assert "https://" not in page
    assert "/static/vendor/socket.io.min.js" in page


def test_live_page_strings_are_in_each_participants_language(
    app: Flask, client: FlaskClient, make_session: Factory
) -> None:
    app.jinja_env.auto_reload = False  # as in production: rendered once per language
    ws = make_session()
    join_as(client, ws)
    assert '"connected": "Verbunden"' in client.get(f"/p/{ws.join_code}").text
    client.post("/language", data={"lang": "en", "next": "/"})
    assert '"connected": "Connected"' in client.get(f"/p/{ws.join_code}").text
    other = app.test_client()
    join_as(other, ws)
    assert '"connected": "Verbunden"' in other.get(f"/p/{ws.join_code}").text


def test_facilitator_pages_need_login(client: FlaskClient, make_session: Factory) -> None:
    ws = make_session()
    db.session.commit()
    for path in (
        "/dashboard",
        "/sessions/new",
        f"/sessions/{ws.id}",
        f"/sessions/{ws.id}/projector",
    ):
        response = client.get(path)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_login_wrong_password(client: FlaskClient, make_user: Factory) -> None:
    user = make_user()
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": "wrong-one"})
    assert response.status_code == 200
    assert "falsch" in response.text


def test_create_session_from_template(client: FlaskClient, make_user: Factory) -> None:
    user = make_user()
    db.session.commit()
    login(client, user)
    form = client.get("/sessions/new").text
    assert "Beschäftigte" in form  # default groups prefilled
    response = client.post(
        "/sessions/new",
        data={
            "template": "mini",
            "title": "KI im Büro",
            "organisation": "Tischlerei",
            "language": "de",
            "groups": "Beschäftigte\nBetriebsrat\n",
            "anonymity_threshold": "3",
            "retention_days": "30",
            "place": "Werkhalle 2, Köln",
        },
    )
    assert response.status_code == 302
    ws = db.session.scalar(select(WorkshopSession))
    assert (ws.title, ws.groups, ws.anonymity_threshold, ws.retention_days, ws.place) == (
        "KI im Büro",
        ["Beschäftigte", "Betriebsrat"],
        3,
        30,
        "Werkhalle 2, Köln",
    )
    assert ws.input_opened_at is None  # prepared, not yet held
    assert ws.join_code in client.get(f"/sessions/{ws.id}").text
    assert "<svg" in client.get(f"/sessions/{ws.id}/projector").text
    assert "KI im Büro" in client.get("/dashboard").text


def test_create_session_rejects_threshold_below_three(
    client: FlaskClient, make_user: Factory
) -> None:
    user = make_user()
    db.session.commit()
    login(client, user)
    response = client.post(
        "/sessions/new",
        data={
            "template": "mini",
            "title": "X",
            "language": "de",
            "groups": "A",
            "anonymity_threshold": "2",
            "retention_days": "90",
        },
    )
    assert response.status_code == 200
    assert db.session.scalar(select(WorkshopSession)) is None


def test_nobody_sees_another_facilitators_session(
    client: FlaskClient, make_user: Factory, make_session: Factory
) -> None:
    owner, intruder = make_user(), make_user()
    ws = make_session(owner)
    db.session.commit()
    login(client, intruder)
    for path in (
        f"/sessions/{ws.id}",
        f"/sessions/{ws.id}/projector",
        f"/sessions/{ws.id}/state.json",
    ):
        assert client.get(path).status_code == 404
    assert client.post(f"/sessions/{ws.id}/goto", data={"position": "1"}).status_code == 404
    assert ws.title not in client.get("/dashboard").text


def test_controls_change_state_and_answer_json(
    client: FlaskClient, make_user: Factory, make_session: Factory
) -> None:
    user = make_user()
    ws = make_session(user)
    db.session.commit()
    login(client, user)
    json_headers = {"Accept": "application/json"}
    response = client.post(f"/sessions/{ws.id}/goto", data={"position": "1"}, headers=json_headers)
    assert response.json["ok"] is True
    response = client.post(f"/sessions/{ws.id}/results/hide", headers=json_headers)
    response = client.post(
        f"/sessions/{ws.id}/timer/start", data={"minutes": "3"}, headers=json_headers
    )
    assert response.json["ok"] is True
    state = client.get(f"/sessions/{ws.id}/state.json").json
    assert state["step"]["position"] == 1
    assert state["step"]["open"] is True
    assert state["step"]["results_visible"] is False
    assert state["timer"]["ends_at"] - state["timer"]["now"] > 170_000
    bad = client.post(f"/sessions/{ws.id}/timer/start", data={"minutes": "0"}, headers=json_headers)
    assert bad.status_code == 400
    assert bad.json["ok"] is False
    # without JSON: post/redirect/get with a flash message
    closed = client.post(f"/sessions/{ws.id}/close", data={"confirm": "y"})
    assert closed.status_code == 302
    refused = client.post(f"/sessions/{ws.id}/goto", data={"position": "0"}, follow_redirects=True)
    assert 'class="flash flash-error"' in refused.text
    assert "beendet" in refused.text


def test_moderation_controls(
    app: Flask,
    client: FlaskClient,
    make_user: Factory,
    make_session: Factory,
    make_participant: Factory,
    make_note: Factory,
) -> None:
    user = make_user()
    ws = make_session(user)
    author = make_participant(ws)
    a, b = make_note(author, "A"), make_note(author, "B")
    db.session.commit()
    login(client, user)
    headers = {"Accept": "application/json"}
    assert client.post(
        f"/sessions/{ws.id}/notes/merge", data={"note_id": b.id, "into_id": a.id}, headers=headers
    ).json["ok"]
    state = client.get(f"/sessions/{ws.id}/state.json").json
    assert [(n["id"], [m["id"] for m in n["merged"]]) for n in state["notes"]] == [(a.id, [b.id])]
    assert client.post(
        f"/sessions/{ws.id}/notes/unmerge", data={"note_id": b.id}, headers=headers
    ).json["ok"]
    assert client.post(
        f"/sessions/{ws.id}/notes/hide", data={"note_id": a.id}, headers=headers
    ).json["ok"]
    state = client.get(f"/sessions/{ws.id}/state.json").json
    assert [(n["id"], n["hidden"]) for n in state["notes"]] == [(a.id, True), (b.id, False)]
    wrong = client.post(
        f"/sessions/{ws.id}/notes/merge", data={"note_id": a.id, "into_id": a.id}, headers=headers
    )
    assert wrong.status_code == 400
    assert "zusammengeführt" in wrong.json["message"]
    assert step_of(ws, "board").id == state["step"]["id"]


def test_language_switch_is_remembered(client: FlaskClient) -> None:
    assert "Workshop-Code" in client.get("/").text or "Code" in client.get("/").text
    client.post("/language", data={"lang": "en", "next": "/"})
    assert "Join a workshop" in client.get("/").text
    client.post("/language", data={"lang": "xx", "next": "//evil.example"})
    assert "Join a workshop" in client.get("/").text


def test_language_switch_never_redirects_elsewhere(client: FlaskClient) -> None:
    response = client.post("/language", data={"lang": "de", "next": "//evil.example/x"})
    assert response.headers["Location"] == "/"


def test_pages_carry_security_headers(client: FlaskClient) -> None:
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    # no inline script anywhere: only external files and JSON data blocks
    for tag in response.text.split("<script")[1:]:
        assert tag.lstrip().startswith(("src=", 'type="application/json"'))


def test_delete_session_removes_everything(
    client: FlaskClient,
    make_user: Factory,
    make_session: Factory,
    make_participant: Factory,
    make_note: Factory,
) -> None:
    from facilitator.reports import links
    from facilitator.reports.models import ReportLink
    from facilitator.sessions.models import Ballot, Note, ProcessedAction, SessionStep, Vote

    owner = make_user()
    ws = make_session(owner)
    voter = make_participant(ws)
    note = make_note(voter)
    services.goto_step(ws, step_of(ws, "dot_vote").position)
    services.cast_vote(voter, note.id, "delete-k1")
    links.create_link(ws, 5)
    other = make_session(owner, title="Bleibt")
    db.session.commit()
    login(client, owner)
    unconfirmed = client.post(f"/sessions/{ws.id}/delete", data={})
    assert unconfirmed.status_code == 302
    assert db.session.get(WorkshopSession, ws.id) is not None
    response = client.post(
        f"/sessions/{ws.id}/delete", data={"confirm": "y"}, follow_redirects=True
    )
    assert "gelöscht" in response.text
    db.session.expire_all()
    for model in (Participant, SessionStep, Note, Vote, Ballot, ProcessedAction, ReportLink):
        rows = db.session.scalars(select(model)).all()
        assert all(getattr(row, "ws_id", other.id) == other.id for row in rows), model
    assert db.session.scalar(select(func.count()).select_from(Vote)) == 0
    assert db.session.scalar(select(func.count()).select_from(ReportLink)) == 0
    assert db.session.get(WorkshopSession, other.id) is not None


def _recorded_delays(app: Flask) -> list[float]:
    """Replace the rate limiter's sleep by a recorder (unit tests never sleep)."""
    delays: list[float] = []
    app.extensions["facilitator.limiter"].sleep = delays.append
    return delays


def test_wrong_codes_slow_down_every_answer_to_that_address(
    app: Flask, client: FlaskClient, make_session: Factory
) -> None:
    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "join": (3, 60)}
    app.config["RATE_LIMIT_DELAYS"] = {**app.config["RATE_LIMIT_DELAYS"], "join": (0.5, 4.0)}
    delays = _recorded_delays(app)
    ws = make_session()
    db.session.commit()
    for _ in range(3):
        response = client.post("/", data={"code": "ZZZZZZ"})
        assert response.status_code == 200
        assert "Es gibt keinen Workshop mit diesem Code." in response.text
    assert delays == []  # within the allowance: no delay
    assert client.post("/", data={"code": "YYYYYY"}).status_code == 200
    assert delays == [0.5]
    # a right code from the same address waits just as long, then gets in: nothing to learn
    # from the timing, and phones behind the same NAT are never locked out
    assert client.post("/", data={"code": ws.join_code}).status_code == 302
    assert delays == [0.5, 1.0]
    assert client.get("/j/XXXXXX").status_code == 404  # guessing in the address counts too
    assert client.get(f"/j/{ws.join_code}").status_code == 200
    assert client.get(f"/p/{ws.join_code}").status_code == 302
    assert delays == [0.5, 1.0, 1.0, 2.0, 2.0]
    assert max(delays) <= 4.0
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert other.post("/", data={"code": ws.join_code}).status_code == 302
    assert len(delays) == 5  # another address is not slowed


def test_failed_logins_slow_down_but_the_right_password_still_logs_in(
    app: Flask, client: FlaskClient, make_user: Factory
) -> None:
    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "login": (2, 300)}
    app.config["RATE_LIMIT_DELAYS"] = {**app.config["RATE_LIMIT_DELAYS"], "login": (1.0, 10.0)}
    delays = _recorded_delays(app)
    user = make_user()
    db.session.commit()
    for _ in range(2):
        assert (
            client.post("/login", data={"email": user.email, "password": "falsch"}).status_code
            == 200
        )
    assert delays == []
    response = client.post(
        "/login", data={"email": user.email, "password": "correct horse battery"}
    )
    assert response.status_code == 302  # accepted, after the delay
    assert delays == [1.0]


def test_failed_logins_for_one_account_slow_it_down_from_any_address(
    app: Flask, make_user: Factory
) -> None:
    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "login": (3, 300)}
    delays = _recorded_delays(app)
    user = make_user()
    db.session.commit()
    for n in range(5):  # a botnet: every attempt from another address
        attacker = app.test_client()
        attacker.environ_base["REMOTE_ADDR"] = f"198.51.100.{n}"
        attacker.post("/login", data={"email": user.email.upper(), "password": f"falsch{n}"})
    assert delays == [1.0, 2.0]
    owner = app.test_client()
    owner.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    response = owner.post("/login", data={"email": user.email, "password": "correct horse battery"})
    assert response.status_code == 302
    assert delays == [1.0, 2.0, 4.0]
