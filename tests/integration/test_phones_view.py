"""The record of the phones' last view: each view is sent once, never an older over a newer.

The shared record runs on the real Redis (skipped outside CI when Redis is missing), with two
records standing for two server processes.
"""

from __future__ import annotations

import secrets

from flask import Flask

from facilitator.live.phones_view import LocalRecord, Record, SharedRecord, fingerprint
from tests.realserver.server import free_port
from tests.realserver.services import REDIS, require


def view(text: str, revision: int = 1, ends_at: int | None = None) -> dict[str, object]:
    return {"revision": revision, "notes": [text], "timer": {"ends_at": ends_at, "now": revision}}


def test_fingerprint_ignores_revision_and_clock_not_content_or_timer() -> None:
    assert fingerprint(view("a", 1)) == fingerprint(view("a", 2))
    assert fingerprint(view("a")) != fingerprint(view("b"))
    assert fingerprint(view("a")) != fingerprint(view("a", ends_at=5))


def claims(first: Record, second: Record) -> list[bool]:
    """The same sequence on two processes' records (or twice on one)."""
    return [
        first.claim(7, 5, "X"),  # first view: send
        second.claim(7, 6, "X"),  # same view, newer revision: already on the phones
        second.claim(7, 7, "Y"),  # changed: send
        first.claim(7, 6, "Z"),  # read before Y was sent: older, never over a newer one
        first.claim(7, 8, "X"),  # changed back: send
        first.claim(8, 1, "X"),  # another workshop has its own record
    ]


def test_one_process_remembers_what_it_sent() -> None:
    record = LocalRecord()
    assert claims(record, record) == [True, False, True, False, True, True]


def test_processes_share_what_any_of_them_sent_through_redis() -> None:
    require(6379, "Redis")
    app = Flask(__name__)
    channel = f"test-{secrets.token_hex(4)}"
    first, second = SharedRecord(app, REDIS, channel), SharedRecord(app, REDIS, channel)
    assert claims(first, second) == [True, False, True, False, True, True]


def test_without_redis_the_view_is_sent_rather_than_withheld() -> None:
    app = Flask(__name__)
    record = SharedRecord(app, f"redis://127.0.0.1:{free_port()}/0", "test")  # nobody there
    assert record.claim(1, 1, "X")
    assert record.claim(1, 1, "X")


def test_after_an_outage_the_next_view_is_sent_even_if_the_record_has_it() -> None:
    """Views sent while Redis was away are not in the record; the first one after it is sent."""
    require(6379, "Redis")
    app = Flask(__name__)
    record = SharedRecord(app, REDIS, f"test-{secrets.token_hex(4)}")
    assert record.claim(1, 10, "X")
    reachable = record._claim

    def gone(**_: object) -> None:
        raise ConnectionError("Redis is gone")

    record._claim = gone  # type: ignore[assignment]
    assert record.claim(1, 12, "Y")  # sent without the record
    record._claim = reachable
    assert record.claim(1, 15, "X")  # the record says X, the phones show Y
    assert not record.claim(1, 16, "X")
