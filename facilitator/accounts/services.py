"""Named operations on facilitator accounts (flush, never commit)."""

from __future__ import annotations

import functools

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .models import User
from .passwords import password_problems


class AccountError(ValueError):
    """An account cannot be created or changed as asked."""


def _min_length() -> int:
    return int(current_app.config["PASSWORD_MIN_LENGTH"])


def check_new_password(password: str, email: str) -> None:
    """Refuse a password the policy does not allow, naming every reason."""
    problems = password_problems(password, email, _min_length())
    if problems:
        raise AccountError(" ".join(str(problem) for problem in problems))


def create_user(email: str, password: str, display_name: str | None = None) -> User:
    """Create a facilitator account with a hashed password."""
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise AccountError(f"not an e-mail address: {email!r}")
    check_new_password(password, email)
    if find_user(email) is not None:
        raise AccountError(f"an account for {email} exists already")
    user = User(email=email, display_name=display_name or email.split("@")[0])
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def change_password(user: User, password: str) -> None:
    """Set a new password and log the account out everywhere else."""
    check_new_password(password, user.email)
    user.set_password(password)
    user.end_sessions()
    db.session.flush()


@functools.cache
def _dummy_hash(method: str) -> str:
    """A hash made the same way as real ones, to spend the same time on unknown e-mails."""
    return generate_password_hash("no account has this password", method=method)


def authenticate(email: str, password: str) -> User | None:
    """The account if the password is right. Takes as long for an unknown e-mail as for a
    known one (a hash is checked either way), so timing does not tell which accounts exist."""
    user = find_user(email)
    if user is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return None
    return user if user.check_password(password) else None


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def count_users() -> int:
    return db.session.scalar(select(func.count()).select_from(User)) or 0


def first_user() -> User | None:
    """The oldest facilitator account (the one `facilitator init` made)."""
    return db.session.scalar(select(User).order_by(User.id).limit(1))
