"""Facilitator accounts. Participants never have accounts."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ..db import UTCDateTime, utc_now
from ..extensions import db


class User(UserMixin, db.Model):  # type: ignore[name-defined,misc]
    """A facilitator who prepares and runs workshops."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)

    def set_password(self, password: str) -> None:
        """Hash with Werkzeug's current default (scrypt)."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


def load_user(user_id: str) -> User | None:
    """Flask-Login's user loader."""
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None
