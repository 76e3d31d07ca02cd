"""The `facilitator` command: init, create-user, check-exercises, demo."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from facilitator.accounts.models import User
from facilitator.cli import (
    check_exercises_command,
    create_user_command,
    demo_command,
    init_command,
    set_password_command,
)
from facilitator.config import Defaults
from facilitator.extensions import db
from facilitator.kinds import KINDS
from facilitator.sessions.models import Note, Participant, Vote, WorkshopSession
from tests.conftest import EXERCISES

ROOT = Path(__file__).resolve().parents[2]


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_init_creates_first_account_once(runner: FlaskCliRunner) -> None:
    result = runner.invoke(init_command, ["--email", "chef@example.org"])
    assert result.exit_code == 0, result.output
    assert "chef@example.org" in result.output
    assert "Password:" in result.output
    again = runner.invoke(init_command)
    assert "exist already" in again.output
    assert count(User) == 1


def test_create_user(runner: FlaskCliRunner) -> None:
    runner.app.config["PASSWORD_HASH_METHOD"] = Defaults.PASSWORD_HASH_METHOD  # not the suite's
    result = runner.invoke(
        create_user_command, ["anna@example.org", "--password", "lang genug 123"]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert user.check_password("lang genug 123")
    assert user.password_hash.startswith("scrypt:")
    db.session.rollback()  # end the test's read before the command runs on the same connection
    short = runner.invoke(create_user_command, ["bert@example.org", "--password", "kurz"])
    assert short.exit_code != 0
    assert "12 characters" in short.output


def test_check_exercises_names_the_broken_file(runner: FlaskCliRunner) -> None:
    good = runner.invoke(check_exercises_command, [str(EXERCISES)])
    assert good.exit_code == 0
    assert "ok  mini  (3 steps, 2 learning objectives)" in good.output
    assert "note: umfrage-mini has no learning_objectives" in good.output
    broken = runner.invoke(check_exercises_command, [str(EXERCISES.parent / "exercises_broken")])
    assert broken.exit_code == 1
    assert ".toml: " in broken.output


def test_check_exercises_runs_without_the_app() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "check-exercises", str(ROOT / "exercises")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "aengste-und-chancen" in result.stdout


def test_demo_seeds_a_live_session(app: Flask, runner: FlaskCliRunner) -> None:
    app.extensions["facilitator.catalog"] = type(app.extensions["facilitator.catalog"]).load(
        ROOT / "exercises", KINDS
    )
    runner.invoke(
        init_command, ["--email", "chef@example.org", "--password", "geheim und lang genug"]
    )
    result = runner.invoke(demo_command, ["--participants", "5"])
    assert result.exit_code == 0, result.output
    ws = db.session.scalar(select(WorkshopSession))
    assert ws.owner_id == db.session.scalar(select(User.id))  # the first account sees it
    assert "chef@example.org" in result.output
    assert count(Participant) == 5
    assert count(Note) == 5
    assert db.session.scalar(select(func.sum(Vote.dots))) == 10


def test_demo_seeds_a_risk_assessment(app: Flask, runner: FlaskCliRunner) -> None:
    from facilitator.sessions.models import ActionItem, Answer, StepItem

    app.extensions["facilitator.catalog"] = type(app.extensions["facilitator.catalog"]).load(
        ROOT / "exercises", KINDS
    )
    result = runner.invoke(demo_command, ["--participants", "6", "--workshop", "risk"])
    assert result.exit_code == 0, result.output
    assert "demo@example.org" in result.output  # no account yet: a demo account is made
    assert count(Participant) == 6
    assert count(Answer) > 6 * 20  # every statement answered, every strain rated
    taken = db.session.scalar(select(func.count()).where(StepItem.origin == "check"))
    assert taken  # unmet statements went on to the rating
    assert count(ActionItem) == 1


def test_set_password_follows_the_policy_and_logs_out_everywhere(runner: FlaskCliRunner) -> None:
    runner.invoke(create_user_command, ["anna@example.org", "--password", "lang genug 123"])
    user = db.session.scalar(select(User))
    version = user.session_version
    db.session.rollback()
    weak = runner.invoke(set_password_command, ["anna@example.org", "--password", "password1234"])
    assert weak.exit_code != 0
    assert "guesses" in weak.output
    unknown = runner.invoke(set_password_command, ["nobody@example.org", "--password", "x" * 20])
    assert unknown.exit_code != 0
    result = runner.invoke(
        set_password_command, ["anna@example.org", "--password", "ein ganz neues Passwort"]
    )
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    user = db.session.scalar(select(User))
    assert user.check_password("ein ganz neues Passwort")
    assert user.session_version == version + 1


def test_init_upgrades_a_database_made_before_session_versions(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    """`create_all` never adds columns; `init` (and `serve`) add the ones added since."""
    from sqlalchemy import create_engine, inspect, text

    from facilitator.db import add_missing_columns

    engine = create_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    with engine.begin() as connection:
        connection.execute(
            text(
                'CREATE TABLE "user" (id INTEGER PRIMARY KEY, email VARCHAR(254), '
                "display_name VARCHAR(120), password_hash VARCHAR(255), created_at DATETIME)"
            )
        )
        connection.execute(text("INSERT INTO \"user\" VALUES (1, 'a@b.de', 'A', 'x', NULL)"))
    assert add_missing_columns(engine) == ["user.session_version"]
    columns = {c["name"] for c in inspect(engine).get_columns("user")}
    assert "session_version" in columns
    with engine.connect() as connection:
        assert connection.execute(text('SELECT session_version FROM "user"')).scalar() == 0
    assert add_missing_columns(engine) == []  # once only
    engine.dispose()


def test_an_older_database_gains_the_gates_columns_with_groups_filled_in(
    app: Flask, make_session: Any, make_participant: Any, make_note: Any
) -> None:
    """A database made before the anonymity gate and the unlink: the new columns are added and
    answers and dots take their participant's group, so figures by group stay right."""
    from sqlalchemy import text

    from facilitator.db import ADDED_COLUMNS, add_missing_columns
    from facilitator.extensions import db
    from facilitator.sessions import services

    ws = make_session()
    people = [make_participant(ws, group) for group in ("Beschäftigte", "Betriebsrat")]
    note = make_note(people[0], "Schichtplan")
    services.goto_step(ws, next(s for s in ws.steps if s.kind == "dot_vote").position)
    for person in people:
        services.cast_vote(person, note.id, f"up{person.id:07d}")
    db.session.commit()
    gate_columns = [(t, c) for t, c, _ in ADDED_COLUMNS if t in ("answer", "vote", "session_step")]
    gate_columns += [(t, c) for t, c, _ in ADDED_COLUMNS if t == "workshop_session"]
    with db.engine.begin() as connection:
        for table, column in gate_columns:
            connection.execute(text(f'ALTER TABLE "{table}" DROP COLUMN "{column}"'))
    added = add_missing_columns(db.engine)
    assert {f"{t}.{c}" for t, c in gate_columns} <= set(added)
    with db.engine.connect() as connection:
        groups = connection.execute(text('SELECT "group" FROM vote ORDER BY id')).scalars().all()
        breakdowns = set(connection.execute(text("SELECT breakdown FROM session_step")).scalars())
    assert groups == ["Beschäftigte", "Betriebsrat"]
    assert breakdowns == {"pending"}
    assert add_missing_columns(db.engine) == []  # once only
