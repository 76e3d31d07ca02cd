"""The dot budget holds in the database when one participant's emits race each other."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from facilitator import create_app, errors
from facilitator.accounts.services import create_user
from facilitator.extensions import db
from facilitator.sessions import services
from facilitator.sessions.models import Ballot, Participant, Vote
from facilitator.transaction import committing
from tests.conftest import EXERCISES
from tests.realserver.services import postgres_schema

ATTEMPTS = 12


def file_app(database_url: str) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "EXERCISES_DIR": str(EXERCISES),
            "BROADCAST_INTERVAL": 0,
        }
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'race.sqlite'}"
        return
    with postgres_schema() as url:
        yield url


def test_concurrent_casts_never_exceed_the_budget(database_url: str) -> None:
    app = file_app(database_url)
    with app.app_context():
        db.create_all()
        owner = create_user("race@example.org", "long enough for the policy")
        template = app.extensions["facilitator.catalog"].get("mini")
        ws = services.create_from_template(
            owner,
            template,
            title="Race",
            organisation="",
            language="de",
            groups=["A"],
            anonymity_threshold=3,
            code_length=6,
        )
        voter, _ = services.join(ws, "A", 100)
        board = ws.steps[1]
        services.goto_step(ws, board.position)
        note_ids = [
            services.add_note(voter, board.id, "pro", f"Idee {n}", secrets.token_hex(8)).result_id
            for n in range(3)
        ]
        services.goto_step(ws, 2)
        db.session.commit()
        voter_id, vote_step = voter.id, ws.steps[2].id

    outcomes: list[str] = []
    barrier = threading.Barrier(ATTEMPTS)

    def cast(index: int) -> None:
        with app.app_context():
            participant = db.session.get(Participant, voter_id)
            assert participant is not None
            barrier.wait()
            try:
                with committing():
                    services.cast_vote(participant, note_ids[index % 3], secrets.token_hex(8))
                outcomes.append("ok")
            except errors.TryAgain:
                outcomes.append("TryAgain")  # a collision: the client retries with the same key
            except errors.DomainError as error:
                outcomes.append(error.code)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=cast, args=(i,)) for i in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == ATTEMPTS
    assert outcomes.count("ok") <= 3  # budget 3 in mini.toml
    # a refusal for the budget only once the budget is really spent
    if "VoteBudgetExceeded" in outcomes or database_url.startswith("sqlite"):
        assert outcomes.count("ok") == 3
    with app.app_context():
        stored = db.session.scalar(select(func.sum(Vote.dots)))
        assert stored == outcomes.count("ok")  # every acknowledged dot stored, no other
        assert db.session.get(Ballot, (voter_id, vote_step)).used == stored
    with app.app_context():
        db.engine.dispose()


def test_the_per_note_limit_and_the_budget_hold_on_every_database(database_url: str) -> None:
    """A dot over the per-note limit or the budget is refused and leaves nothing behind (on
    PostgreSQL psycopg reports no row count for an upsert: the refusal once went unnoticed, the
    dot was acknowledged, the ballot spent, and no dot stored)."""
    app = file_app(database_url)
    with app.app_context():
        db.create_all()
        owner = create_user("limit@example.org", "long enough for the policy")
        template = app.extensions["facilitator.catalog"].get("mini")
        ws = services.create_from_template(
            owner,
            template,
            title="Grenzen",
            organisation="",
            language="de",
            groups=["A"],
            anonymity_threshold=3,
            code_length=6,
        )
        voter, _ = services.join(ws, "A", 100)
        services.goto_step(ws, 1)
        notes = [
            services.add_note(voter, ws.steps[1].id, "pro", f"Idee {n}", f"n{n}").result_id
            for n in range(2)
        ]
        services.goto_step(ws, 2)
        db.session.commit()
        outcomes = []
        for index, note_id in enumerate([notes[0], notes[0], notes[0], notes[1], notes[1]]):
            try:
                with committing():
                    services.cast_vote(voter, note_id, f"v{index}")  # type: ignore[arg-type]
                outcomes.append("ok")
            except errors.DomainError as error:
                outcomes.append(error.code)
        # mini.toml: at most 2 dots per note, a budget of 3
        assert outcomes == ["ok", "ok", "NoteVoteLimit", "ok", "VoteBudgetExceeded"]
        assert db.session.scalar(select(func.sum(Vote.dots))) == 3
        assert db.session.get(Ballot, (voter.id, ws.steps[2].id)).used == 3  # type: ignore[union-attr]
        db.session.remove()
        db.engine.dispose()
