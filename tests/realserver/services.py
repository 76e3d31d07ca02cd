"""PostgreSQL and Redis for the scale-out tests: found on 127.0.0.1, or skipped (failed in CI)."""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

POSTGRES = "postgresql+psycopg://127.0.0.1:5432/test"
REDIS = "redis://127.0.0.1:6379/0"


def reachable(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def require(port: int, what: str) -> None:
    if reachable(port):
        return
    reason = f"{what} is not running on 127.0.0.1:{port}"
    if os.environ.get("CI") == "true":
        pytest.fail(reason + "; with CI=true the scale-out tests must run (.ci/run starts it)")
    pytest.skip(reason)


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A fresh schema in the `test` database; yields a database URL that uses it."""
    import psycopg

    require(5432, "PostgreSQL")
    schema = f"facilitator_{secrets.token_hex(4)}"
    with psycopg.connect("host=127.0.0.1 port=5432 dbname=test", autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{POSTGRES}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect("host=127.0.0.1 port=5432 dbname=test", autocommit=True) as c:
            c.execute(f'DROP SCHEMA "{schema}" CASCADE')


def postgres_query(database_url: str, sql: str) -> list[tuple[object, ...]]:
    import psycopg

    schema = database_url.split("search_path%3D")[1]
    with psycopg.connect("host=127.0.0.1 port=5432 dbname=test") as connection:
        connection.execute(f'SET search_path TO "{schema}"')
        return list(connection.execute(sql).fetchall())
