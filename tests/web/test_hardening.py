"""Findings of the hardening review (issue 16): each one probed over HTTP as an attacker would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.extensions import db
from tests.conftest import PASSWORD

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
