"""A workshop's team in SQLite and PostgreSQL: roles are stored as written, a handover swaps
owner and co-facilitator in one transaction, the database refuses a second membership or an
unknown role, and deleting the workshop or the account deletes the membership with it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, text

from facilitator import errors, queries
from facilitator.accounts.models import User
from facilitator.accounts.services import create_user
from facilitator.extensions import db
from facilitator.rules.team import Role
from facilitator.sessions import services, team_services
from facilitator.sessions.models import WorkshopMember, WorkshopSession
from facilitator.transaction import committing
from tests.integration.test_concurrency import file_app
from tests.realserver.services import postgres_schema

PASSWORD = "long enough for the policy"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'team.sqlite'}"
        return
    with postgres_schema() as url:
        yield url


def members() -> list[tuple[int, int, str]]:
    db.session.expire_all()
    rows = db.session.execute(
        select(WorkshopMember.ws_id, WorkshopMember.account_id, WorkshopMember.role).order_by(
            WorkshopMember.account_id
        )
    ).all()
    return [(ws_id, account, str(role)) for ws_id, account, role in rows]


def test_the_team_in_the_database(database_url: str) -> None:
    app = file_app(database_url)
    with app.app_context():
        db.create_all()
        owner, colleague, chair = (
            create_user(f"{name}@example.org", PASSWORD) for name in ("owner", "kollegin", "br")
        )
        template = app.extensions["facilitator.catalog"].get("mini")
        ws = services.create_from_template(
            owner,
            template,
            title="Team",
            organisation="",
            language="de",
            groups=["A"],
            anonymity_threshold=3,
            code_length=6,
        )
        db.session.commit()
        ws_id = ws.id
        with committing():
            team_services.invite(ws, "KOLLEGIN@example.org ", Role.COFACILITATOR)
            team_services.invite(ws, "br@example.org", Role.OBSERVER)
        assert members() == [(ws_id, colleague.id, "cofacilitator"), (ws_id, chair.id, "observer")]
        raw = db.session.scalars(text("SELECT role FROM workshop_member ORDER BY account_id"))
        assert list(raw) == ["cofacilitator", "observer"]  # the values, not the enum's names

        with pytest.raises(errors.AlreadyInTeam), committing():
            team_services.invite(ws, "br@example.org", Role.COFACILITATOR)
        twice = WorkshopMember(ws_id=ws_id, account_id=chair.id, role=Role.OBSERVER)
        with pytest.raises(errors.TryAgain), committing():  # the database refuses it too
            db.session.add(twice)
        with pytest.raises(errors.TryAgain), committing():
            db.session.execute(text("UPDATE workshop_member SET role = 'owner'"))
        assert members() == [(ws_id, colleague.id, "cofacilitator"), (ws_id, chair.id, "observer")]

        ws = db.session.get(WorkshopSession, ws_id)
        with committing():
            team_services.hand_over(ws, colleague.id)
        ws = db.session.get(WorkshopSession, ws_id)
        assert ws.owner_id == colleague.id
        assert members() == [(ws_id, owner.id, "cofacilitator"), (ws_id, chair.id, "observer")]
        assert [(m.account_id, m.role) for m in queries.team_of(ws)] == [
            (colleague.id, Role.OWNER),
            (owner.id, Role.COFACILITATOR),
            (chair.id, Role.OBSERVER),
        ]
        assert [(w.id, r) for w, r in team_services.workshops_of(chair.id)] == [
            (ws_id, Role.OBSERVER)
        ]

        with committing():  # an account deleted by the operator leaves every team
            db.session.execute(delete(User).where(User.id == chair.id))
        assert members() == [(ws_id, owner.id, "cofacilitator")]
        with committing():
            services.delete_session(db.session.get(WorkshopSession, ws_id))
        assert db.session.scalar(select(func.count()).select_from(WorkshopMember)) == 0
        db.session.remove()
        db.engine.dispose()  # before the schema is dropped (an open connection warns)
