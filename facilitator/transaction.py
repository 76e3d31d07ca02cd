"""The one commit point: every view and socket handler changes state through these helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from flask import current_app
from sqlalchemy.exc import IntegrityError, OperationalError

from .db import WRITE_OPTION
from .errors import DomainError, InvalidPayload, TryAgain
from .extensions import db

T = TypeVar("T")


@contextmanager
def committing() -> Iterator[None]:
    """Commit once if the block succeeds; roll back on any exception and re-raise.

    A unique or check constraint that refuses a write under a race, or a database that is
    unreachable or locked, becomes `TryAgain`, so nothing is half-written and the user is told
    to retry.
    """
    try:
        begin_write()
        yield
        db.session.commit()
    except (IntegrityError, OperationalError) as error:
        db.session.rollback()
        current_app.logger.warning("transaction refused: %s", type(error).__name__)
        raise TryAgain() from error
    except BaseException:
        db.session.rollback()
        raise


def begin_write() -> None:
    """Start the write transaction: end any read-only one, then take the write lock early.

    Objects loaded before are expired by the rollback and reload inside the new transaction,
    so every check a service makes sees the state it is about to change.
    """
    if db.session().in_transaction():
        db.session.rollback()
    db.session.connection(execution_options={WRITE_OPTION: True})


def ack_of(action: Callable[[], T], on_success: Callable[[T], dict[str, Any]]) -> dict[str, Any]:
    """Run a socket action in one transaction and turn its outcome into an acknowledgement."""
    try:
        with committing():
            result = action()
    except DomainError as error:
        return error_ack(error)
    return {"ok": True, **on_success(result)}


def error_ack(error: DomainError) -> dict[str, Any]:
    """The ack of a refused action: a code, a translated message, and field errors if any."""
    ack: dict[str, Any] = {"ok": False, "error": error.code, "message": str(error.message)}
    if isinstance(error, InvalidPayload):
        ack["errors"] = error.errors
    return ack
