"""The revision every snapshot carries, ordered across processes without a row that every
contribution writes.

A contribution does not write its workshop's row (that would make one workshop's writes wait
for each other, in every process). Its ack carries the revision of the next flush, which will
hold it. A flush takes the next revision in a short transaction of its own, then reads what it
sends in a second one, unless a later flush has taken a revision meanwhile (then it leaves its
changes to the next flush). A full snapshot read for a connecting client carries the current
revision: it holds at least what the flush of that revision sent (and perhaps more, which the
next flush sends too), so clients drop a snapshot whose revision is not newer than the one
they show, and never show an older view over a newer one.

A contribution's ack must name a flush that holds it: the revision it reads must not be taken
by a flush that read before the contribution committed. On SQLite the contribution reads it
in its write transaction, and writes are serialised (`BEGIN IMMEDIATE`; taking a revision is a
write). On PostgreSQL contributions run side by side; the last statement of each (the one that
keeps its idempotency key, `KEEP_KEY` in hot_sql.py) reads the revision `FOR SHARE`. That
waits for a flush that is taking the next revision and then reads the newest one, and a flush
taking the next revision waits for the contributions that read the current one to commit.
Contributions never wait for each other, and only from that last statement to their commit
for a flush. (They used to hold an advisory lock shared from their first statement, which a
flush took alone to take its revision: under load every flush then waited for the slowest
contribution in progress while newer ones queued behind it, and at 1,000 phones on two
processes dots were acknowledged after seconds.)

On PostgreSQL an advisory lock per workshop orders reads: a flush holds it alone while it
reads, full-snapshot reads hold it shared, contributions never take it. On SQLite a read
transaction sees one snapshot of the database, which orders the same way without locks.
"""

from __future__ import annotations

from ..extensions import db
from ..sessions.hot_sql import (
    BUMP,
    READ_ALONE,
    READ_SHARED,
    REVISION,
    dialect_name,
    run,
)
from ..sessions.models import WorkshopSession
from ..transaction import flushing


def advance(ws_id: int) -> int | None:
    """Take the next revision for a flush, in a transaction of its own (committed on return);
    None if the workshop is gone."""
    with flushing():
        revision = run(BUMP, p_ws=ws_id).scalar_one_or_none()
    return None if revision is None else int(revision)


def hold_for_flush(ws_id: int, revision: int) -> bool:
    """At the start of a flush's reading transaction: True if no later revision was taken since
    `advance` gave this one (then no later flush read before this one); False if one was (this
    flush then sends nothing: the later one holds all it would)."""
    if dialect_name() == "postgresql":
        run(READ_ALONE, p_ws=ws_id)
    return run(REVISION, p_ws=ws_id).scalar_one_or_none() == revision


def hold_for_read(ws: WorkshopSession) -> None:
    """Before reading a full snapshot outside a flush: wait for a flush that is reading and keep
    the next one from reading until this transaction ends; the workshop is read again
    afterwards, so its revision and content are those after the lock."""
    if dialect_name() == "postgresql":
        run(READ_SHARED, p_ws=ws.id)
        db.session.expire(ws)
