"""Facilitator accounts. Participants never have accounts."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ..db import UTCDateTime, utc_now
from ..extensions import db
from ..navigation import MAX_ID


class User(UserMixin, db.Model):  # type: ignore[name-defined,misc]
    """A facilitator who prepares and runs workshops."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    # Part of every login cookie (session and "stay logged in"): raising it on logout or a
    # password change makes every cookie issued before worthless, in every browser.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    def set_password(self, password: str) -> None:
        """Hash with the configured method (scrypt unless a test suite says otherwise); the
        stored hash names its method, so checking needs no configuration."""
        self.password_hash = generate_password_hash(
            password, method=current_app.config["PASSWORD_HASH_METHOD"]
        )

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """What Flask-Login keeps in the cookies: the account and its session version."""
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """Log this account out everywhere: cookies issued so far no longer load it."""
        self.session_version += 1


def load_user(user_id: str) -> User | None:
    """Flask-Login's user loader: the account, if the cookie's session version is current."""
    account, _, version = user_id.partition(":")
    if not (account.isdigit() and version.isdigit()) or int(account) > MAX_ID:
        return None
    user = db.session.get(User, int(account))
    if user is None or user.session_version != int(version):
        return None
    return user
