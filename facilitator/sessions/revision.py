"""The revision every snapshot carries, ordered across processes without a row that every
contribution writes.

A contribution does not touch its workshop's row (that would make one workshop's writes wait
for each other, in every process). Its ack carries `revision + 1`: the revision of the next
flush, which will hold it. A flush takes the next revision itself, in its own transaction, and
reads what it sends in that transaction. A full snapshot read for a connecting client carries
the current revision: it holds at least what the flush of that revision sent (and perhaps
more, which the next flush will send too), so clients drop a snapshot whose revision is not
newer than the one they show, and never show an older view over a newer one.

On PostgreSQL an advisory lock per workshop orders these across processes: contributions and
full-snapshot reads hold it shared (any number at once), a flush holds it alone while it takes
the next revision and reads. So a flush's snapshot holds every contribution acknowledged with
a revision up to its own, and a full snapshot read never overlaps a flush. Every transaction
takes this lock before any row lock, so it cannot deadlock with them. On SQLite, writes are
serialised by `BEGIN IMMEDIATE` (a flush is one) and a read transaction sees one snapshot of
the database, which orders the same way without a lock.
"""

from __future__ import annotations

from ..extensions import db
from . import hot_sql as sql
from .models import WorkshopSession


def advance(ws_id: int) -> int | None:
    """Take the next revision for a flush (inside its write transaction, before it reads);
    None if the workshop is gone."""
    if sql.dialect_name() == "postgresql":
        sql.run(sql.ORDER_ALONE, p_ws=ws_id)
    revision = sql.run(sql.BUMP, p_ws=ws_id).scalar_one_or_none()
    return None if revision is None else int(revision)


def hold_for_read(ws: WorkshopSession) -> None:
    """Before reading a full snapshot outside a flush: wait for a running flush of the workshop
    and keep the next one from starting until this transaction ends; the workshop is read again
    afterwards, so its revision and content are those after the lock."""
    if sql.dialect_name() == "postgresql":
        sql.run(sql.ORDER_SHARED, p_ws=ws.id)
        db.session.expire(ws)
