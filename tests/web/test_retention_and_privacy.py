"""Retention over HTTP and CLI, the privacy notice in one voice, and Secure cookies over HTTPS."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask, g
from flask.testing import FlaskClient, FlaskCliRunner
from flask_babel import force_locale
from sqlalchemy import select

from facilitator import create_app
from facilitator.config import Defaults
from facilitator.db import utc_now
from facilitator.extensions import db
from facilitator.privacy import privacy_notice
from facilitator.reports.build import build_report
from facilitator.reports.load import load_report_input
from facilitator.sessions import services
from facilitator.sessions.models import Participant, WorkshopSession
from tests.conftest import EXERCISES, login

Factory = Callable[..., Any]
INVENTORY = (Path(__file__).resolve().parents[2] / "docs" / "privacy.md").read_text()


def test_the_facilitator_sets_the_retention_period(
    client: FlaskClient, make_user: Factory, make_session: Factory
) -> None:
    user = make_user()
    ws = make_session(user)
    db.session.commit()
    login(client, user)
    page = client.get(f"/sessions/{ws.id}").text
    assert 'name="retention_days"' in page
    assert 'value="90"' in page
    response = client.post(f"/sessions/{ws.id}/retention", data={"retention_days": "14"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(WorkshopSession, ws.id).retention_days == 14
    for bad in ("0", "3651", "x", ""):
        g.pop("_login_user", None)
        response = client.post(
            f"/sessions/{ws.id}/retention",
            data={"retention_days": bad},
            headers={"Accept": "application/json"},
        )
        assert response.status_code == 400, bad
        assert response.json["message"]
    db.session.expire_all()
    assert db.session.get(WorkshopSession, ws.id).retention_days == 14


def test_the_control_page_shows_when_a_closed_workshop_is_deleted(
    client: FlaskClient, make_user: Factory, make_session: Factory
) -> None:
    user = make_user()
    ws = make_session(user, retention_days=30)
    services.close_session(ws)
    db.session.commit()
    login(client, user)
    page = client.get(f"/sessions/{ws.id}").text
    assert "gelöscht" in page
    assert str((ws.closed_at + timedelta(days=30)).year) in page


def test_reopening_an_unlinked_workshop_is_refused_with_a_message(
    client: FlaskClient, make_user: Factory, make_session: Factory, make_participant: Factory
) -> None:
    user = make_user()
    ws = make_session(user)
    make_participant(ws)
    services.close_session(ws)
    db.session.commit()
    from facilitator.sessions import retention

    retention.purge(now=ws.closed_at + timedelta(hours=2))
    login(client, user)
    response = client.post(f"/sessions/{ws.id}/reopen", headers={"Accept": "application/json"})
    assert response.status_code == 409
    assert "neuen Workshop" in response.json["message"]


def test_the_dashboard_counts_participants_of_an_unlinked_workshop(
    client: FlaskClient, make_user: Factory, make_session: Factory, make_participant: Factory
) -> None:
    from facilitator.sessions import retention

    user = make_user()
    ws = make_session(user, title="Dreier-Runde")
    for _ in range(3):
        make_participant(ws)
    services.close_session(ws)
    db.session.commit()
    retention.purge(now=ws.closed_at + timedelta(hours=2))
    assert db.session.scalars(select(Participant.id)).all() == []  # the rows are gone
    login(client, user)
    page = client.get("/dashboard").text
    row = page[page.index("Dreier-Runde") :]
    assert "<td>3</td>" in row[: row.index("</tr>")]


def test_purge_command(
    runner: FlaskCliRunner, make_session: Factory, make_participant: Factory
) -> None:
    ws = make_session(retention_days=1)
    make_participant(ws)
    services.close_session(ws)
    ws.closed_at = ws.closed_at - timedelta(days=2)
    db.session.commit()
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "cut the participant link in 1" in result.output
    assert "deleted 1 expired" in result.output
    db.session.expire_all()
    assert db.session.scalar(select(WorkshopSession)) is None
    assert db.session.scalar(select(Participant)) is None


def test_the_join_page_and_the_report_give_the_same_privacy_notice(
    client: FlaskClient, make_session: Factory, app: Flask
) -> None:
    ws = make_session(anonymity_threshold=4, retention_days=45)
    db.session.commit()
    page = html.unescape(client.get(f"/j/{ws.join_code}").text)
    with force_locale("de"):
        notice = privacy_notice(4, app.config["UNLINK_AFTER_MINUTES"], 45)
        report = build_report(load_report_input(ws), utc_now())
    assert len(notice) >= 6
    quoted = report.method_notes[0]
    for sentence in notice:
        assert sentence in page
        assert sentence in quoted
    assert "45 Tage" in page
    assert "4 " in notice[3]


def test_the_inventory_states_the_configured_periods() -> None:
    english, german = INVENTORY.split("## Deutsch")
    for part in (english, german):
        assert f"{Defaults.UNLINK_AFTER_MINUTES} Minuten" in german
        assert f"{Defaults.UNLINK_AFTER_MINUTES} minutes" in english
        assert f"{Defaults.DEFAULT_RETENTION_DAYS} Tage" in german
        assert f"{Defaults.DEFAULT_RETENTION_DAYS} days" in english
        assert f"{Defaults.AUTO_CLOSE_AFTER_DAYS}" in part
        assert "facilitator purge" in part


def _cookies(response: Any) -> list[str]:
    return response.headers.getlist("Set-Cookie")


def test_cookies_are_secure_over_https_only(client: FlaskClient, make_session: Factory) -> None:
    ws = make_session()
    db.session.commit()
    plain = client.post(f"/j/{ws.join_code}", data={"group": ws.groups[0]})
    assert _cookies(plain)
    assert all("Secure" not in cookie for cookie in _cookies(plain))
    assert all("HttpOnly" in cookie and "SameSite=Lax" in cookie for cookie in _cookies(plain))
    secure = client.post(
        f"/j/{ws.join_code}", data={"group": ws.groups[0]}, base_url="https://localhost"
    )
    assert _cookies(secure)
    assert all("; Secure" in cookie for cookie in _cookies(secure))
    assert "max-age" in secure.headers["Strict-Transport-Security"]


def test_behind_a_trusted_proxy_https_is_recognised(tmp_path: Path) -> None:
    def app_with(proxies: int) -> Flask:
        return create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "test",
                "SQLALCHEMY_DATABASE_URI": "sqlite://",
                "EXERCISES_DIR": str(EXERCISES),
                "PROXY_COUNT": proxies,
            }
        )

    forwarded = {"X-Forwarded-Proto": "https"}
    trusting = app_with(1).test_client().get("/", headers=forwarded)
    assert all("; Secure" in cookie for cookie in _cookies(trusting))
    assert _cookies(trusting)
    # without a configured proxy the header is a client's claim and is ignored
    direct = app_with(0).test_client().get("/", headers=forwarded)
    assert all("Secure" not in cookie for cookie in _cookies(direct))
