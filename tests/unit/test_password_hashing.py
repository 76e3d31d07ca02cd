"""Passwords are hashed with scrypt unless configured otherwise: the suite's cheap method
(tests/conftest.py) must never become what an installation gets."""

from __future__ import annotations

from collections.abc import Callable

from facilitator import create_app
from facilitator.accounts.models import User
from facilitator.accounts.services import authenticate, create_user
from facilitator.config import Defaults
from facilitator.extensions import db
from tests.conftest import EXERCISES, FAST_PASSWORD_HASH, PASSWORD


def test_the_default_method_is_scrypt() -> None:
    assert Defaults.PASSWORD_HASH_METHOD == "scrypt"


def test_an_app_configured_like_an_installation_hashes_with_scrypt() -> None:
    """No PASSWORD_HASH_METHOD in the configuration, as in production: Werkzeug's scrypt with
    its full cost (N = 2**15), for new accounts and for the check on an unknown e-mail."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "EXERCISES_DIR": str(EXERCISES),
        }
    )
    assert app.config["PASSWORD_HASH_METHOD"] == "scrypt"
    with app.app_context():
        db.create_all()
        user = create_user("scrypt@example.org", PASSWORD)
        assert user.password_hash.startswith("scrypt:32768:8:1$")
        assert authenticate("scrypt@example.org", PASSWORD) is user
        assert authenticate("scrypt@example.org", PASSWORD + "!") is None
        db.session.remove()
        db.engine.dispose()


def test_the_suites_app_hashes_cheaply(make_user: Callable[..., User]) -> None:
    """The cheap method is where it is meant to be: in the tests' app only."""
    user = make_user()
    assert user.password_hash.startswith(FAST_PASSWORD_HASH + "$")
    assert authenticate(user.email, PASSWORD) is user
