"""A workshop's team: who is in it, and the owner's operations on it (flush, never commit).

Who may call what is decided in `identity` (only the owner reaches the changing operations);
each changing operation returns a `Change` whose scope is the team (the control pages only);
these functions check the team's own rules: an existing account, not twice, not oneself, a
handover only to a co-facilitator.
"""

from __future__ import annotations

from sqlalchemy import delete, or_, select

from .. import errors
from ..accounts.models import User
from ..change import Change, team
from ..extensions import db
from ..rules.team import Role, can_take_over
from .models import WorkshopMember, WorkshopSession


def role_of(ws: WorkshopSession, account_id: int) -> Role | None:
    """The role of an account in a workshop's team, or None if it is not in it."""
    if ws.owner_id == account_id:
        return Role.OWNER
    return db.session.scalar(
        select(WorkshopMember.role).where(
            WorkshopMember.ws_id == ws.id, WorkshopMember.account_id == account_id
        )
    )


def workshops_of(account_id: int) -> list[tuple[WorkshopSession, Role]]:
    """Every workshop the account owns or is in the team of, newest first, with its role."""
    rows = db.session.execute(
        select(WorkshopSession, WorkshopMember.role)
        .outerjoin(
            WorkshopMember,
            (WorkshopMember.ws_id == WorkshopSession.id)
            & (WorkshopMember.account_id == account_id),
        )
        .where(or_(WorkshopSession.owner_id == account_id, WorkshopMember.account_id == account_id))
        .order_by(WorkshopSession.created_at.desc(), WorkshopSession.id.desc())
    ).all()
    return [(ws, Role.OWNER if ws.owner_id == account_id else role) for ws, role in rows]


def _member(ws: WorkshopSession, account_id: int) -> WorkshopMember:
    member = db.session.get(WorkshopMember, (ws.id, account_id))
    if member is None:
        raise errors.NotInTeam()
    return member


def invite(ws: WorkshopSession, email: str, role: Role) -> Change:
    """Add an existing facilitator account to the team (by its login e-mail address); the
    change's `result_id` is the account's id."""
    if role not in (Role.COFACILITATOR, Role.OBSERVER):
        raise errors.InvalidPayload({"role": [str(errors.DomainError.message)]})
    account = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if account is None:
        raise errors.UnknownAccount()
    if account.id == ws.owner_id:
        raise errors.InviteSelf()
    if db.session.get(WorkshopMember, (ws.id, account.id)) is not None:
        raise errors.AlreadyInTeam()
    db.session.add(WorkshopMember(ws_id=ws.id, account_id=account.id, role=role))
    db.session.flush()
    return Change(ws_id=ws.id, result_id=account.id, scope=team([account.id]))


def change_role(ws: WorkshopSession, account_id: int, role: Role) -> Change:
    """Make a member a co-facilitator or an observer."""
    if role not in (Role.COFACILITATOR, Role.OBSERVER):
        raise errors.InvalidPayload({"role": [str(errors.DomainError.message)]})
    _member(ws, account_id).role = role
    db.session.flush()
    return Change(ws_id=ws.id, scope=team([account_id]))


def remove(ws: WorkshopSession, account_id: int) -> Change:
    """Take an account out of the team: its next request is refused."""
    _member(ws, account_id)
    db.session.execute(
        delete(WorkshopMember).where(
            WorkshopMember.ws_id == ws.id, WorkshopMember.account_id == account_id
        )
    )
    db.session.flush()
    return Change(ws_id=ws.id, scope=team([account_id], revoked=True))


def hand_over(ws: WorkshopSession, account_id: int) -> Change:
    """Make a co-facilitator the owner; the previous owner stays as a co-facilitator."""
    member = _member(ws, account_id)
    if not can_take_over(member.role):
        raise errors.HandOverToCofacilitator()
    previous = ws.owner_id
    db.session.delete(member)
    db.session.flush()
    ws.owner_id = account_id
    db.session.add(WorkshopMember(ws_id=ws.id, account_id=previous, role=Role.COFACILITATOR))
    db.session.flush()
    return Change(ws_id=ws.id, scope=team([previous, account_id]))
