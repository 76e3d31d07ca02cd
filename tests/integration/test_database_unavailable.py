"""A locked or unreachable database: a clear "please try again", nothing half-written, and the
app carries on without a restart once the database is back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from facilitator import create_app
from facilitator.accounts.services import create_user
from facilitator.extensions import db, socketio
from facilitator.sessions import services
from facilitator.sessions.models import Note, Participant
from tests.conftest import EXERCISES


def locked_app(tmp_path: Path) -> tuple[Flask, Path]:
    database = tmp_path / "locked.sqlite"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "EXERCISES_DIR": str(EXERCISES),
            "BROADCAST_INTERVAL": 0,
            "WTF_CSRF_ENABLED": False,
            "SQLITE_BUSY_TIMEOUT_MS": 100,
        }
    )
    return app, database


def test_locked_database_asks_to_try_again_and_recovers(tmp_path: Path) -> None:
    app, database = locked_app(tmp_path)
    with app.app_context():
        db.create_all()
        owner = create_user("lock@example.org", "long enough for the policy")
        template = app.extensions["facilitator.catalog"].get("mini")
        ws = services.create_from_template(
            owner,
            template,
            title="Lock",
            organisation="",
            language="de",
            groups=["A"],
            anonymity_threshold=3,
            code_length=6,
        )
        services.goto_step(ws, 1)
        db.session.commit()
        ws_id, code, board_id = ws.id, ws.join_code, ws.steps[1].id
    client = app.test_client()
    assert client.post(f"/j/{code}", data={"group": "A"}).status_code == 200
    phone = socketio.test_client(
        app, flask_test_client=client, auth={"ws": ws_id, "view": "participant"}
    )
    assert phone.is_connected()
    note = {"step_id": board_id, "column": "pro", "text": "Hallo", "key": "locked-0001"}

    blocker = sqlite3.connect(database, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # another process holds the database
    try:
        ack = phone.emit("note:add", note, callback=True)
        assert ack["ok"] is False
        assert ack["error"] == "TryAgain"
        assert (
            ack["message"]
            == "Der Server ist gerade ausgelastet. Bitte versuchen Sie es noch einmal."
        )
        assert client.get(f"/p/{code}").status_code == 200  # reading goes on (WAL)
        newcomer = app.test_client().post(f"/j/{code}", data={"group": "A"})
        assert newcomer.status_code == 503  # a write: a clear page, no half-joined participant
        assert "Bitte versuchen Sie es noch einmal" in newcomer.text
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()

    again = phone.emit("note:add", note, callback=True)  # the same key, no restart
    assert again["ok"] is True
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Note)) == 1
        assert db.session.scalar(select(func.count()).select_from(Participant)) == 1
        db.engine.dispose()
