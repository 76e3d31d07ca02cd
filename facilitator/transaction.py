"""The one commit point and the boundary: every state change goes through `perform`.

`perform(operation)` begins the write, runs the operation, commits once, and then announces
the operation's `Change` to exactly the scope the operation returned (see `change.py`). A
`DomainError` rolls everything back and propagates; nothing is announced. Views, socket
handlers, the purge and the command line all change state through it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from flask import current_app
from sqlalchemy.exc import IntegrityError, OperationalError

from .change import Change
from .db import WRITE_OPTION
from .errors import DomainError, InvalidPayload, TryAgain
from .extensions import broadcaster, db


def perform(operation: Callable[[], Change]) -> Change:
    """Run one operation in one write transaction, commit, then announce its change."""
    with committing():
        change = operation()
    announce(change)
    return change


def announce(change: Change) -> None:
    """Tell the pages in the change's scope (after the commit, so they read committed state)."""
    scope = change.audience
    if scope.silent:
        return
    assert change.ws_id is not None
    if scope.gone:
        broadcaster().workshop_gone(change.ws_id)
    if scope.team is not None:
        broadcaster().team_changed(change.ws_id, scope.team.accounts, scope.team.revoked)
    if scope.views:
        participants = None if scope.participants is None else sorted(scope.participants)
        broadcaster().session_changed(change.ws_id, participants)


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


@contextmanager
def flushing() -> Iterator[None]:
    """A broadcast flush's own short transactions: taking the next revision, then the locked
    read its snapshots are built from (`live/revision.py`). They change no one's content
    and announce nothing (the flush itself is the announcement), so they are not operations
    for `perform`; they commit here all the same, so this module stays the one commit point."""
    with committing():
        yield


def begin_write() -> None:
    """Start the write transaction: end any read-only one, then take the write lock early.

    Objects loaded before are expired by the rollback and reload inside the new transaction,
    so every check a service makes sees the state it is about to change.
    """
    if db.session().in_transaction():
        db.session.rollback()
    db.session.connection(execution_options={WRITE_OPTION: True})


def error_ack(error: DomainError) -> dict[str, Any]:
    """The ack of a refused action: a code, a translated message, and field errors if any."""
    ack: dict[str, Any] = {"ok": False, "error": error.code, "message": str(error.message)}
    if isinstance(error, InvalidPayload):
        ack["errors"] = error.errors
    return ack
