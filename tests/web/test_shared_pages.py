"""The join page and the live page are rendered once per workshop state and language; each
phone still gets the form token of its own session, and a change of what the pages show
renders them anew."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Flask, g
from flask.testing import FlaskClient

from facilitator.extensions import db
from facilitator.sessions.models import SessionStatus

Factory = Callable[..., Any]


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert found is not None, html
    return found.group(1)


def _live_token(html: str) -> str:
    found = re.search(r'data-csrf="([^"]+)"', html)
    assert found is not None, html
    return found.group(1)


def _phone_joins(app: Flask, code: str, group: str) -> tuple[FlaskClient, str, str]:
    """A phone with cookies of its own: the join page, then the group choice with its token.
    Returns the phone, its join page and the live page it got back."""
    g.pop("csrf_token", None)  # Flask-WTF keeps a request's token in `g`, which this test's
    # app context keeps across requests (a server has one app context per request)
    phone = app.test_client()
    join_page = phone.get(f"/j/{code}").text
    live = phone.post(f"/j/{code}", data={"csrf_token": _token(join_page), "group": group})
    assert live.status_code == 200, live.text
    return phone, join_page, live.text


def test_every_phone_gets_its_own_token_in_the_shared_pages(
    app: Flask, make_session: Factory
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    ws = make_session()
    db.session.commit()
    first, first_join, first_live = _phone_joins(app, ws.join_code, "Betriebsrat")
    second, second_join, second_live = _phone_joins(app, ws.join_code, "Betriebsrat")
    # the second phone got the pages from the cache: the same page around another token
    assert _token(first_join) != _token(second_join)
    assert first_join.replace(_token(first_join), "") == second_join.replace(
        _token(second_join), ""
    )
    assert _live_token(first_live) != _live_token(second_live)
    # each token is good for its own phone only (the live page's language switch posts it)
    switch = {"lang": "en", "next": f"/p/{ws.join_code}"}
    assert (
        first.post("/language", data={**switch, "csrf_token": _live_token(second_live)}).status_code
        == 400
    )
    assert (
        second.post(
            "/language", data={**switch, "csrf_token": _live_token(second_live)}
        ).status_code
        == 302
    )
    # the reloaded live page (/p/…) carries the phone's own token too
    g.pop("csrf_token", None)
    reloaded = second.get(f"/p/{ws.join_code}").text
    assert "Werkstatt-Workshop" in reloaded
    assert _live_token(reloaded) not in first_live


def test_a_changed_workshop_renders_its_pages_anew(
    app: Flask, client: FlaskClient, make_session: Factory
) -> None:
    ws = make_session()
    db.session.commit()
    assert "Werkstatt-Workshop" in client.get(f"/j/{ws.join_code}").text
    ws.title = "Neuer Titel"
    ws.groups = [*ws.groups, "Auszubildende"]
    db.session.commit()
    page = client.get(f"/j/{ws.join_code}").text
    assert "Neuer Titel" in page
    assert "Auszubildende" in page
    ws.status = SessionStatus.CLOSED
    db.session.commit()
    assert "Dieser Workshop ist beendet." in client.get(f"/j/{ws.join_code}").text


def test_each_language_and_refusal_is_its_own_page(
    app: Flask, client: FlaskClient, make_session: Factory
) -> None:
    ws = make_session()
    db.session.commit()
    german = client.get(f"/j/{ws.join_code}").text
    client.post("/language", data={"lang": "en", "next": f"/j/{ws.join_code}"})
    english = client.get(f"/j/{ws.join_code}").text
    assert "Mitmachen" in german
    assert "Take part" in english
    refused = client.post(f"/j/{ws.join_code}", data={"group": "Niemand"})
    assert refused.status_code == 200
    assert "Not a valid choice." in refused.text  # the refusal, in the phone's language
    assert "Not a valid choice." not in client.get(f"/j/{ws.join_code}").text  # not kept
