"""The revision every snapshot carries, ordered across processes without a row that every
contribution writes.

A contribution does not touch its workshop's row (that would make one workshop's writes wait
for each other, in every process). Its ack carries `revision + 1`: the revision of the next
flush, which will hold it. A flush takes the next revision in a short transaction of its own,
then reads what it sends in a second one, unless a later flush has taken a revision meanwhile
(then it leaves its changes to the next flush). A full snapshot read for a connecting client
carries the current revision: it holds at least what the flush of that revision sent (and
perhaps more, which the next flush sends too), so clients drop a snapshot whose revision is not
newer than the one they show, and never show an older view over a newer one.

On PostgreSQL two advisory locks per workshop order this across processes. The order lock:
contributions hold it shared (any number at once) from their first statement; a flush holds it
alone while it takes the next revision, so it waits for the contributions being written, and
those that begin later read the new revision. The read lock: a flush holds it alone while it
reads, full-snapshot reads hold it shared. Contributions never wait for a flush's reads. Both
are taken before any row lock, so they cannot deadlock with row locks. On SQLite, writes are
serialised by `BEGIN IMMEDIATE` (both transactions of a flush are writes) and a read
transaction sees one snapshot of the database, which orders the same way without locks.
"""

from __future__ import annotations

from ..extensions import db
from ..sessions.hot_sql import (
    BUMP,
    ORDER_ALONE,
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
        if dialect_name() == "postgresql":
            run(ORDER_ALONE, p_ws=ws_id)
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
