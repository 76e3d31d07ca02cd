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

A contribution's ack must name a flush that holds it. Every flush that takes its revision
after the contribution's commit reads after that commit, so the revision read after the commit,
plus one, always names such a flush. On SQLite the contribution reads it inside its write
transaction (`record` in services.py), which is the same: writes are serialised (`BEGIN
IMMEDIATE`), and taking a revision is a write. On PostgreSQL contributions run side by side,
so `settled` reads it again after the commit, in one statement outside any transaction.
Contributions take no lock for this, and a flush never waits for them. Two designs were
measured and dropped (1,000 phones on two processes, `bench/load.py`): contributions holding an
advisory lock shared that a flush took alone (from their first statement: dots acknowledged
after seconds, every flush waiting for the slowest contribution in progress while new ones
queued behind it; from their last statement: still 1.6 s), and reading the revision `FOR
SHARE` (a flush's `UPDATE` then waited up to 3 s behind the stream of share locks, and the
projector lagged by 2 s).

On PostgreSQL an advisory lock per workshop orders reads: a flush holds it alone while it
reads, full-snapshot reads hold it shared, contributions never take it. On SQLite a read
transaction sees one snapshot of the database, which orders the same way without locks.
"""

from __future__ import annotations

from dataclasses import replace

from ..change import Change
from ..extensions import db
from ..sessions.hot_sql import (
    BUMP,
    NEXT_REVISION_SQL,
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


def settled(change: Change) -> Change:
    """A committed contribution's change with the revision of the next flush, which holds it
    (see above): on PostgreSQL read now, after the commit, on a pooled connection outside any
    transaction (one round trip); on SQLite the one read in the write transaction."""
    if change.ws_id is None or change.revision is None or dialect_name() != "postgresql":
        return change
    pooled = db.engine.raw_connection()
    try:
        connection = pooled.driver_connection
        assert connection is not None
        connection.autocommit = True  # psycopg: no BEGIN, no COMMIT
        try:
            row = connection.execute(NEXT_REVISION_SQL, {"p_ws": change.ws_id}).fetchone()
        finally:
            connection.autocommit = False
    finally:
        pooled.close()  # back to the pool
    return change if row is None else replace(change, revision=max(change.revision, int(row[0])))


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
