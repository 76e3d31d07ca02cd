"""The connection pool a server database gets (db.engine_options)."""

from __future__ import annotations

from facilitator.config import Defaults
from facilitator.db import engine_options

POOL = dict(Defaults.DATABASE_POOL)
POSTGRES = "postgresql+psycopg://127.0.0.1:5432/facilitator"


def test_a_server_database_keeps_enough_connections_for_a_burst() -> None:
    # more than SQLAlchemy's five: a burst of contributions runs dozens of transactions at once
    options = engine_options(POSTGRES, {}, POOL)
    assert options["pool_size"] >= 10
    # four processes (scripts/serve-many 4) stay within PostgreSQL's default 100 connections
    assert 4 * (options["pool_size"] + options["max_overflow"]) <= 100


def test_the_operators_own_options_win() -> None:
    options = engine_options(POSTGRES, {"pool_size": 3, "echo": True}, POOL)
    assert options == {**POOL, "pool_size": 3, "echo": True}


def test_sqlite_gets_no_pool_options() -> None:
    # an in-memory SQLite database has a pool that takes no size
    assert engine_options("sqlite://", {}, POOL) == {}
    assert engine_options("sqlite:///x.sqlite", {"echo": True}, POOL) == {"echo": True}
