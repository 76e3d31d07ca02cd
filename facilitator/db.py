"""Declarative base with a constraint naming convention, UTC time, and SQLite tuning."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, MetaData, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    """The current time, timezone-aware in UTC (the only clock the models use)."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC and returns them aware, also on SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use db.utc_now()")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value if value.tzinfo else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


WRITE_OPTION = "facilitator_write"


def engine_options(uri: str, configured: dict[str, Any], pool: dict[str, int]) -> dict[str, Any]:
    """The engine options: for a server database (PostgreSQL) the connection pool of `pool`
    (`DATABASE_POOL` in config.py) unless the operator set their own, else what is configured.

    Every transaction holds a connection, and a burst of contributions runs dozens at once in
    one gevent process. SQLAlchemy's default pool keeps five; each transaction beyond that
    opened a connection and closed it again, so PostgreSQL started a backend process for it
    (288 connections in one 1,000-phone benchmark run, with their CPU)."""
    if uri.startswith("sqlite"):
        return configured
    return {**pool, **configured}


def protect_sqlite_files(engine: Engine) -> None:
    """Make an SQLite database readable by this user only: created empty with mode 0600 before
    SQLite opens it (SQLite gives its -wal and -shm files the database file's mode), and an
    existing one with its companions narrowed to 0600."""
    if engine.dialect.name != "sqlite":
        return
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    database = Path(name)
    if not database.exists():
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT, 0o600))  # an empty file is a database
    for path in (database, *(Path(f"{database}{end}") for end in ("-wal", "-shm", "-journal"))):
        if path.exists():
            path.chmod(0o600)


def tune_sqlite(engine: Engine, busy_timeout_ms: int = 10_000) -> None:
    """Make SQLite safe for concurrent writers in one process.

    pysqlite opens transactions lazily and only before a write, so two threads could both read a
    vote budget and then both write. We emit BEGIN ourselves: plain (deferred) for reads, so
    readers never block anyone under WAL, and `BEGIN IMMEDIATE` for the transactions that
    `transaction.committing()` opens, which takes the write lock at the start and serialises
    read-check-write sequences in the database itself.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get(WRITE_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


# Columns added to a table after databases were already made with it: `create_all` adds
# missing tables but never columns, so `facilitator init` and `serve` add these (table, column,
# type and default in SQL both SQLite and PostgreSQL understand).
ADDED_COLUMNS = (
    ("user", "session_version", "INTEGER NOT NULL DEFAULT 0"),
    ("action_item", "note_id", "INTEGER REFERENCES note (id) ON DELETE SET NULL"),
    ("workshop_session", "join_panel", "VARCHAR(5)"),
    ("workshop_session", "place", "VARCHAR(200) NOT NULL DEFAULT ''"),
    ("workshop_session", "input_opened_at", "TIMESTAMP WITH TIME ZONE"),
    ("workshop_session", "participants_by_group", "JSON"),
    # pending: a step closed before the gate existed releases its figures by group, as then
    ("session_step", "breakdown", "VARCHAR(10) NOT NULL DEFAULT 'pending'"),
    ("answer", "group", "VARCHAR(80) NOT NULL DEFAULT ''"),
    ("answer", "respondent", "INTEGER"),
    ("vote", "group", "VARCHAR(80) NOT NULL DEFAULT ''"),
    ("vote", "respondent", "INTEGER"),
    ("note", "qa_status", "VARCHAR(10) NOT NULL DEFAULT 'open'"),
    ("note", "heading", "BOOLEAN NOT NULL DEFAULT FALSE"),
    ("note", "pending", "BOOLEAN NOT NULL DEFAULT FALSE"),
)
# Filling an added column from what the database already holds (run once, when it is added):
# answers and dots take the group of the participant who gave them.
BACKFILLS = {
    f"{table}.group": (
        f'UPDATE "{table}" SET "group" = (SELECT p."group" FROM participant AS p '
        f'WHERE p.id = "{table}".participant_id) WHERE participant_id IS NOT NULL'
    )
    for table in ("answer", "vote")
}
# Indexes that belong to such added columns (name, table, column; all unique).
ADDED_INDEXES = (("uq_action_item_note_id", "action_item", "note_id"),)


def add_missing_columns(engine: Engine) -> list[str]:
    """Add the `ADDED_COLUMNS` an older database lacks; returns "table.column" of each added."""
    inspector = inspect(engine)
    tables = set(inspector.get_table_names())
    missing = [
        (table, column, ddl)
        for table, column, ddl in ADDED_COLUMNS
        if table in tables and column not in {c["name"] for c in inspector.get_columns(table)}
    ]
    if missing:
        with engine.begin() as connection:
            for table, column, ddl in missing:
                connection.exec_driver_sql(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {ddl}')
            for table, column, _ddl in missing:
                if f"{table}.{column}" in BACKFILLS:
                    connection.exec_driver_sql(BACKFILLS[f"{table}.{column}"])
    with engine.begin() as connection:
        for name, table, column in ADDED_INDEXES:
            if table in tables:
                connection.exec_driver_sql(
                    f'CREATE UNIQUE INDEX IF NOT EXISTS {name} ON "{table}" ({column})'
                )
    return [f"{table}.{column}" for table, column, _ddl in missing]
