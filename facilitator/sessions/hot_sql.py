"""The SQL of the hot path, built once: Core statements with bound parameters.

In a large room a dot is cast hundreds of times a second and every session is flushed five
times a second. Building a statement, its cache key and ORM objects each time costs more than
running it, so the statements every contribution runs (the open step with its idempotency key,
the key, the revision), those of a dot and those every flush loads are built at import (the
dialect's upserts once per dialect) and run on the session's connection, inside the
transaction the caller opened.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import (
    CursorResult,
    Executable,
    Integer,
    and_,
    bindparam,
    cast,
    delete,
    func,
    literal_column,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..extensions import db
from .models import (
    Ballot,
    Note,
    Participant,
    ProcessedAction,
    SessionStep,
    Vote,
    WorkshopSession,
    person,
)

NOTES = Note.__table__
STEPS = SessionStep.__table__
VOTES = Vote.__table__
BALLOTS = Ballot.__table__
PROCESSED = ProcessedAction.__table__
WORKSHOPS = WorkshopSession.__table__

# parameter names differ from column names: SQLAlchemy reserves those for VALUES and SET
# The key, returning the revision of the next flush (which will hold this contribution; on
# PostgreSQL read again after the commit: `live/revision.py`).
KEEP_KEY = (
    PROCESSED.insert()
    .values(
        participant_id=bindparam("p_participant"),
        key=bindparam("p_key"),
        result_id=bindparam("p_result"),
        created_at=bindparam("p_at"),
    )
    .returning(
        select(WORKSHOPS.c.revision + 1)
        .where(WORKSHOPS.c.id == bindparam("p_ws"))
        .scalar_subquery()
    )
)
# PostgreSQL's advisory lock of one workshop that orders a flush's reading against full
# snapshots read for connecting clients (`live/revision.py`); the first key names the use, the
# second is the workshop.
READ_KEY = literal_column("17042", Integer)
READ_SHARED = select(func.pg_advisory_xact_lock_shared(READ_KEY, cast(bindparam("p_ws"), Integer)))
READ_ALONE = select(func.pg_advisory_xact_lock(READ_KEY, cast(bindparam("p_ws"), Integer)))
REVISION = select(WORKSHOPS.c.revision).where(WORKSHOPS.c.id == bindparam("p_ws"))
# the same, plain SQL for a connection outside any transaction (`revision.settled`)
NEXT_REVISION_SQL = f'SELECT revision + 1 FROM "{WORKSHOPS.name}" WHERE id = %(p_ws)s'
BUMP = (
    update(WORKSHOPS)
    .where(WORKSHOPS.c.id == bindparam("p_ws"))
    .values(revision=WORKSHOPS.c.revision + 1)
    .returning(WORKSHOPS.c.revision)
)
NOTE_ROW = (
    select(
        NOTES.c.id,
        NOTES.c.column,
        NOTES.c.hidden,
        NOTES.c.pending,
        NOTES.c.merged_into_id,
        STEPS.c.key,
        STEPS.c.ws_id,
    )
    .join_from(NOTES, STEPS, NOTES.c.step_id == STEPS.c.id)
    .where(NOTES.c.id == bindparam("p_note"))
)
# the current step, and the outcome of an earlier action under the same idempotency key
OPEN_STEP = (
    select(
        STEPS.c.id,
        STEPS.c.ws_id,
        STEPS.c.kind,
        STEPS.c.settings,
        STEPS.c.is_open,
        WORKSHOPS.c.status,
        WORKSHOPS.c.revision,
        PROCESSED.c.key.label("done_key"),
        PROCESSED.c.result_id.label("done_result"),
    )
    .select_from(WORKSHOPS)
    .join(
        STEPS,
        and_(STEPS.c.ws_id == WORKSHOPS.c.id, STEPS.c.position == WORKSHOPS.c.current_position),
    )
    .outerjoin(
        PROCESSED,
        and_(
            PROCESSED.c.participant_id == bindparam("p_participant"),
            PROCESSED.c.key == bindparam("p_key"),
        ),
    )
    .where(WORKSHOPS.c.id == bindparam("p_ws"))
)
# a dot's: the same, with the note it is cast on (one round trip fewer per dot)
_NOTE = NOTES.alias("dot_note")
_NOTE_STEP = STEPS.alias("dot_note_step")
_WITH_NOTE = (
    _NOTE.c.id.label("note_id"),
    _NOTE.c.column.label("note_column"),
    _NOTE.c.hidden.label("note_hidden"),
    _NOTE.c.pending.label("note_pending"),
    _NOTE.c.merged_into_id.label("note_merged_into_id"),
    _NOTE_STEP.c.key.label("note_step_key"),
    _NOTE_STEP.c.ws_id.label("note_ws_id"),
)


def _with_note(query: Any) -> Any:
    return (
        query.outerjoin(_NOTE, _NOTE.c.id == bindparam("p_note"))
        .outerjoin(_NOTE_STEP, _NOTE_STEP.c.id == _NOTE.c.step_id)
        .add_columns(*_WITH_NOTE)
    )


OPEN_VOTE = _with_note(OPEN_STEP)
_MY_BALLOT = (
    BALLOTS.c.participant_id == bindparam("p_participant"),
    BALLOTS.c.step_id == bindparam("p_step"),
)
GIVE_DOT_BACK = update(BALLOTS).where(*_MY_BALLOT).values(used=BALLOTS.c.used - 1)
_MY_VOTE = (
    VOTES.c.step_id == bindparam("p_step"),
    VOTES.c.participant_id == bindparam("p_participant"),
    VOTES.c.note_id == bindparam("p_note"),
)
TAKE_BACK_DOT = update(VOTES).where(*_MY_VOTE, VOTES.c.dots > 0).values(dots=VOTES.c.dots - 1)
DROP_EMPTY_VOTE = delete(VOTES).where(*_MY_VOTE, VOTES.c.dots == 0)

# what every flush of a board or dot-vote step loads
NOTES_OF_BOARD = (
    select(
        NOTES.c.id,
        NOTES.c.column,
        NOTES.c.text,
        NOTES.c.hidden,
        NOTES.c.merged_into_id,
        NOTES.c.participant_id,
        NOTES.c.pending,
    )
    .where(NOTES.c.step_id == bindparam("p_step"))
    .order_by(NOTES.c.id)
)
PARTICIPANTS = Participant.__table__
# participants per group (every flush counts them for the projector and the facilitator)
GROUP_SIZES = (
    select(PARTICIPANTS.c.group, func.count())
    .where(PARTICIPANTS.c.ws_id == bindparam("p_ws"))
    .group_by(PARTICIPANTS.c.group)
)
# who voted as `person` (a participant's id, or after the unlink minus a number never one)
DOTS_OF_STEP = select(VOTES.c.note_id, person(Vote).label("person"), VOTES.c.dots).where(
    VOTES.c.step_id == bindparam("p_step")
)


class Upserts(NamedTuple):
    add_dot: Executable
    spend_dot: Executable
    # both in one statement where the dialect can (PostgreSQL: data-modifying CTEs)
    add_and_spend_dot: Executable | None


def insert_for(dialect: str) -> Any:
    """The dialect's INSERT with ON CONFLICT support (PostgreSQL or SQLite)."""
    return pg_insert if dialect == "postgresql" else sqlite_insert


def dialect_name() -> str:
    """The dialect of the database the session is bound to: "postgresql" or "sqlite"."""
    return str(db.session.get_bind().dialect.name)


def dialect_insert() -> Any:
    """The INSERT with ON CONFLICT of the database the session is bound to."""
    return insert_for(dialect_name())


def open_step_query(with_note: bool = False) -> Executable:
    """The query that begins every contribution; `with_note` adds the note a dot is cast on
    or taken from (parameter `p_note`)."""
    return OPEN_VOTE if with_note else OPEN_STEP


@cache
def upserts(dialect: str) -> Upserts:
    """The prebuilt INSERT … ON CONFLICT statements of a dialect."""
    insert = insert_for(dialect)
    add_dot = (
        insert(VOTES)
        .values(
            step_id=bindparam("p_step"),
            participant_id=bindparam("p_participant"),
            group=bindparam("p_group"),
            note_id=bindparam("p_note"),
            dots=1,
            max_dots=bindparam("p_max"),
        )
        .on_conflict_do_update(
            index_elements=["step_id", "participant_id", "note_id"],
            set_={"dots": VOTES.c.dots + 1},
            where=VOTES.c.dots < VOTES.c.max_dots,
        )
        # a row only if a dot was added: psycopg reports no rowcount (-1) for an upsert
        .returning(VOTES.c.dots)
    )
    # a participant's first dot makes the ballot with that dot spent; a later one spends one
    # more if the budget allows (the insert's budget is at least 1: see kinds/notes.py)
    spend_dot = (
        insert(BALLOTS)
        .values(
            participant_id=bindparam("p_participant"),
            step_id=bindparam("p_step"),
            budget=bindparam("p_budget"),
            used=1,
        )
        .on_conflict_do_update(
            index_elements=["participant_id", "step_id"],
            set_={"used": BALLOTS.c.used + 1},
            where=BALLOTS.c.used < BALLOTS.c.budget,
        )
        .returning(BALLOTS.c.used)  # a row only if a dot was spent (rowcount: see add_dot)
    )
    both = None
    if dialect == "postgresql":  # one round trip; both see the same snapshot, other tables
        added, spent = add_dot.cte("added"), spend_dot.cte("spent")
        both = select(
            select(added.c.dots).scalar_subquery().label("added"),
            select(spent.c.used).scalar_subquery().label("spent"),
        )
    return Upserts(add_dot, spend_dot, both)


def run(statement: Executable, **params: Any) -> CursorResult[Any]:
    """Run a prebuilt statement on the session's connection, in its current transaction."""
    return db.session.connection().execute(statement, params)


def dialect_upserts() -> Upserts:
    return upserts(dialect_name())


def add_and_spend_dot(**params: Any) -> tuple[bool, bool]:
    """Add a dot to a note (within its per-note limit) and spend it from the ballot (within
    the budget): whether each happened. On PostgreSQL one statement; elsewhere two, the second
    only if the first added a dot. Either False means the caller refuses the dot, and the
    rollback undoes the other (parameters: those of `add_dot` and `spend_dot`)."""
    found = dialect_upserts()
    if found.add_and_spend_dot is not None:
        row = run(found.add_and_spend_dot, **params).one()
        return row.added is not None, row.spent is not None
    if run(found.add_dot, **params).first() is None:
        return False, False
    return True, run(found.spend_dot, **params).first() is not None
