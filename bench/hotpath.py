"""In-process cost of the hot path: one dot (validate, write, ack) and one flush.

Run:  .venv/bin/python bench/hotpath.py [--participants 1000] [--profile]
      [--database-url postgresql+psycopg://127.0.0.1:5432/test]

Builds the app on a file SQLite database in a temporary folder (or, with `--database-url`, in a
fresh schema of that PostgreSQL database, dropped afterwards), lets N participants join the
way a phone does (the join page, the group choice, then the socket, each timed on its own;
through Flask-SocketIO's test client, which drives the same python-socketio server code
without a network), lets each add a note, then
times three dots per participant one after another, and one flush that builds every
participant's private state (timed after the test clients left, so that their decoding of
what is sent does not count). It prints the server time and the SQL statements per dot and per
flush; `--profile` adds the number of Python function calls per dot (repeatable, unlike
times on a shared machine) and the functions that cost the most. Single-threaded: the times
are CPU time of this process.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import secrets
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from facilitator import create_app  # noqa: E402
from facilitator.accounts.services import create_user  # noqa: E402
from facilitator.extensions import db, socketio  # noqa: E402
from facilitator.sessions import services  # noqa: E402


class StatementCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args: Any) -> None:
        self.count += 1


JOIN_STAGES = (
    "join page",
    "group choice, answered with the live page",
    "socket connect with the first snapshot",
)


class Stage:
    """CPU time (and with `--profile` the Python calls) of one step of joining, summed over
    every phone; a context manager around each phone's request."""

    def __init__(self, profile: bool) -> None:
        self.seconds = 0.0
        self.profile = cProfile.Profile() if profile else None

    def __enter__(self) -> None:
        self.started = time.process_time()
        if self.profile:
            self.profile.enable()

    def __exit__(self, *exc: object) -> None:
        if self.profile:
            self.profile.disable()
        self.seconds += time.process_time() - self.started

    def calls(self) -> int:
        if self.profile is None:
            return 0
        return int(pstats.Stats(self.profile).total_calls)  # type: ignore[attr-defined]

    def report(self, phones: int) -> str:
        text = f"{1000 * self.seconds / phones:.2f} ms server CPU per phone"
        if self.profile:
            text += f", {self.calls() / phones:.0f} Python calls"
        return text


@contextmanager
def database(url: str | None) -> Iterator[str]:
    """A file SQLite database in a temporary folder, or a fresh schema of a PostgreSQL one."""
    if url is None:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'hotpath.sqlite'}"
        return
    import psycopg

    schema = f"hotpath_{secrets.token_hex(4)}"
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--database-url", default=None, help="a PostgreSQL database (a schema is made in it)"
    )
    args = parser.parse_args()
    if not 1 <= args.participants <= 3000:
        parser.error("--participants must be 1..3000")
    with database(args.database_url) as url:
        app = create_app(
            {
                "SECRET_KEY": secrets.token_hex(16),
                "SQLALCHEMY_DATABASE_URI": url,
                "WTF_CSRF_ENABLED": False,
                "BROADCAST_INTERVAL": 3600,  # flushes are timed on their own below
                "COMPRESS_REGISTER": False,
                "RATE_LIMITS": {"join": (10**6, 1), "login": (10, 60), "events": (10**6, 1)},
                "MAX_PARTICIPANTS_PER_SESSION": 10**6,
            }
        )
        with app.app_context():
            db.create_all()
            owner = create_user("bench@example.org", "Messlauf-Kennwort-2026")
            template = app.extensions["facilitator.catalog"].get("aengste-und-chancen")
            ws = services.create_from_template(
                owner,
                template,
                title="Betriebsversammlung",
                organisation="Bench",
                language="de",
                groups=["Beschäftigte", "Führungskräfte", "Betriebsrat", "Sonstige"],
                anonymity_threshold=5,
                code_length=6,
            )
            services.goto_step(ws, 1)
            db.session.commit()
            ws_id, code, groups = ws.id, ws.join_code, list(ws.groups)
            board_id = ws.current_step.id
            db.session.remove()
        sockets = []
        joining = {stage: Stage(args.profile) for stage in JOIN_STAGES}
        for i in range(args.participants):
            http = app.test_client()
            with joining["join page"]:
                response = http.get(f"/j/{code}")
            assert response.status_code == 200, response.text
            with joining["group choice, answered with the live page"]:
                response = http.post(f"/j/{code}", data={"group": groups[i % len(groups)]})
            assert response.status_code == 200, response.text
            with joining["socket connect with the first snapshot"]:
                sock = socketio.test_client(
                    app, flask_test_client=http, auth={"ws": ws_id, "view": "participant"}
                )
            sockets.append(sock)
        note_ids = []
        for i, sock in enumerate(sockets):
            ack = sock.emit(
                "note:add",
                {
                    "step_id": board_id,
                    "column": "chancen" if i % 2 else "sorgen",
                    "text": f"Idee {i}: Datenschutz und Entlastung",
                    "key": f"note-{i:05d}",
                },
                callback=True,
            )
            assert ack["ok"], ack
            note_ids.append(ack["id"])
        broadcaster = app.extensions["facilitator.broadcaster"]
        broadcaster.flush()
        with app.app_context():
            ws = services.find_by_code(code)
            assert ws is not None
            services.goto_step(ws, 2)
            db.session.commit()
            db.session.remove()
        broadcaster.flush()
        for sock in sockets:
            sock.get_received()

        counter = StatementCounter()
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", counter)
        chooser = random.Random(7)
        jobs = [
            (sock, chooser.choice(note_ids), f"vote-{i:05d}-{k}")
            for i, sock in enumerate(sockets)
            for k in range(3)
        ]
        profile = cProfile.Profile() if args.profile else None
        started = time.process_time()
        if profile:
            profile.enable()
        for sock, note_id, key in jobs:
            ack = sock.emit("vote:cast", {"note_id": note_id, "key": key}, callback=True)
            assert ack["ok"], ack
        if profile:
            profile.disable()
        vote_seconds = time.process_time() - started
        vote_statements = counter.count

        for sock in sockets:  # the flush is timed without the test client decoding it all
            sock.disconnect()
        counter.count = 0
        with app.app_context():
            broadcaster.session_changed(ws_id, None)  # every participant's private state
        flush_profile = cProfile.Profile() if args.profile else None
        started = time.process_time()
        if flush_profile:
            flush_profile.enable()
        broadcaster.flush()
        if flush_profile:
            flush_profile.disable()
        flush_seconds = time.process_time() - started

        kind = "PostgreSQL" if args.database_url else "file SQLite"
        print(f"== hot path, {args.participants} participants, {kind}, in-process")
        for name, stage in joining.items():
            print(f"join, {name}: {stage.report(args.participants)}")
        total = sum(stage.seconds for stage in joining.values())
        calls = sum(stage.calls() for stage in joining.values())
        print(
            f"join, all three: {1000 * total / args.participants:.2f} ms server CPU"
            + (f", {calls / args.participants:.0f} Python calls" if args.profile else "")
            + " per phone"
        )
        print(
            f"dot: {1000 * vote_seconds / len(jobs):.2f} ms server CPU and "
            f"{vote_statements / len(jobs):.1f} SQL statements per dot ({len(jobs)} dots)"
        )
        print(
            f"flush with every participant's private state: {1000 * flush_seconds:.0f} ms, "
            f"{counter.count} SQL statements"
        )
        if profile:
            calls = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
            print(f"dot: {calls / len(jobs):.0f} Python function calls per dot (repeatable)")
        for name, found in (("dots", profile), ("flush", flush_profile)):
            if found:
                print(f"-- where the time of the {name} goes")
                pstats.Stats(found).sort_stats("cumulative").print_stats(40)
        with app.app_context():
            db.engine.dispose()  # before the schema is dropped
    return 0


if __name__ == "__main__":
    sys.exit(main())
