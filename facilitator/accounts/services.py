"""Named operations on facilitator accounts (flush, never commit)."""

from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from .models import User


class AccountError(ValueError):
    """An account cannot be created as asked."""


def create_user(email: str, password: str, display_name: str | None = None) -> User:
    """Create a facilitator account with a hashed password."""
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise AccountError(f"not an e-mail address: {email!r}")
    if len(password) < 8:
        raise AccountError("the password needs at least 8 characters")
    if find_user(email) is not None:
        raise AccountError(f"an account for {email} exists already")
    user = User(email=email, display_name=display_name or email.split("@")[0])
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def count_users() -> int:
    return db.session.scalar(select(func.count()).select_from(User)) or 0


def first_user() -> User | None:
    """The oldest facilitator account (the one `facilitator init` made)."""
    return db.session.scalar(select(User).order_by(User.id).limit(1))
