"""Small things a user notices: link addresses, copying, language, icon, the code field."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from facilitator.extensions import db
from tests.conftest import login

Factory = Callable[..., Any]


def test_works_council_link_uses_the_public_address_like_join_links(
    app: Flask, client: FlaskClient, make_user: Factory, make_session: Factory
) -> None:
    app.config["PUBLIC_URL"] = "http://192.168.1.20:5000"
    owner = make_user()
    ws = make_session(owner)
    db.session.commit()
    login(client, owner)
    assert "http://192.168.1.20:5000/j/" in client.get(f"/sessions/{ws.id}").text
    page = client.post(f"/sessions/{ws.id}/sharing", data={"days": "14"}, follow_redirects=True)
    field = re.search(r'<input id="new-link"[^>]*value="([^"]+)"', page.text)
    assert field is not None
    assert field.group(1).startswith("http://192.168.1.20:5000/r/")
    assert 'data-copy="new-link"' in page.text  # the copy button (shown by copy.js)
    assert "js/copy.js" in page.text
    assert "new-link" not in client.get(f"/sessions/{ws.id}/sharing").text  # shown once


def test_a_new_link_is_shown_only_on_its_own_workshop(
    client: FlaskClient, make_user: Factory, make_session: Factory
) -> None:
    owner = make_user()
    first, second = make_session(owner), make_session(owner)
    db.session.commit()
    login(client, owner)
    client.post(f"/sessions/{first.id}/sharing", data={"days": "14"})
    assert "new-link" not in client.get(f"/sessions/{second.id}/sharing").text
    assert "new-link" in client.get(f"/sessions/{first.id}/sharing").text


def test_login_and_start_page_follow_the_browser_until_someone_chooses(
    client: FlaskClient,
) -> None:
    english = {"Accept-Language": "en-GB,en;q=0.9,de;q=0.5"}
    german = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.8"}
    assert '<html lang="en">' in client.get("/login", headers=english).text
    assert '<html lang="de">' in client.get("/login", headers=german).text
    assert "Join a workshop" in client.get("/", headers=english).text
    assert "An einem Workshop teilnehmen" in client.get("/", headers=german).text
    client.post("/language", data={"lang": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/login", headers=german).text


def test_favicon_is_served_by_the_app(client: FlaskClient) -> None:
    page = client.get("/login").text
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert icon is not None
    assert icon.group(1).startswith("/static/")
    with client.get(icon.group(1)) as served:
        assert served.status_code == 200
        assert served.data.startswith(b"<svg")
    with client.get("/favicon.ico") as fallback:
        assert fallback.status_code == 200
        assert fallback.mimetype == "image/svg+xml"


def test_the_code_field_is_typed_as_a_code(client: FlaskClient) -> None:
    field = re.search(r"<input[^>]*id=\"code\"[^>]*>", client.get("/").text)
    assert field is not None
    for attribute in ('autocapitalize="characters"', 'autocomplete="off"', 'spellcheck="false"'):
        assert attribute in field.group(0)


def test_content_on_the_control_page_carries_the_workshop_language(
    client: FlaskClient, make_user: Factory, make_session: Factory
) -> None:
    owner = make_user()
    ws = make_session(owner, language="de")
    db.session.commit()
    login(client, owner)
    client.post("/language", data={"lang": "en", "next": "/"})
    page = client.get(f"/sessions/{ws.id}").text
    assert '<html lang="en">' in page
    assert re.search(r'id="step"[^>]*lang="de"', page)


def test_the_projector_speaks_the_workshop_language(
    client: FlaskClient, make_user: Factory, make_session: Factory
) -> None:
    owner = make_user()
    ws = make_session(owner, language="de")
    db.session.commit()
    login(client, owner)
    client.post("/language", data={"lang": "en", "next": "/"})
    assert '<html lang="en">' in client.get(f"/sessions/{ws.id}").text  # the facilitator's
    projector = client.get(f"/sessions/{ws.id}/projector").text
    assert '<html lang="de">' in projector  # the room's: hyphenation matches the text
    assert "Verbunden" in projector or "Verbinde" in projector
