"""The read side: queries that views, snapshots and reports share.

Services write (`sessions/services.py` and its siblings); what several readers need to know
about a workshop is asked here, so a reader never imports the write side. Figures about groups
go from here through the gate (`disclosure`) before anyone shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from .accounts.models import User
from .extensions import db
from .sessions.hot_sql import GROUP_SIZES, run
from .sessions.models import StepItem, StepLike, WorkshopMember, WorkshopSession
from .sessions.team_rules import Role


def group_sizes(ws: WorkshopSession) -> dict[str, int]:
    """How many participants joined as each of the session's groups (0 for nobody); after the
    unlink, the counts kept on the workshop when the participant rows were deleted."""
    if ws.unlinked_at is not None:
        kept = ws.participants_by_group or {}
        return {group: int(kept.get(group, 0)) for group in ws.groups}
    rows: list[Any] = list(run(GROUP_SIZES, p_ws=ws.id))
    counts = {group: int(count) for group, count in rows}
    return {group: int(counts.get(group, 0)) for group in ws.groups}


def item_columns(step: StepLike) -> list[dict[str, Any]]:
    """A step's enabled items as columns notes go into, one each (keyed `i<item id>`): an
    actions step's hazards (`StepKind.note_columns` says which step's columns are which)."""
    items = db.session.scalars(
        select(StepItem)
        .where(StepItem.step_id == step.id, StepItem.enabled)
        .order_by(StepItem.position)
    )
    return [{"key": f"i{item.id}", "title": item.text} for item in items]


@dataclass(frozen=True)
class TeamMember:
    account_id: int
    name: str
    email: str
    role: Role
    added_at: datetime | None  # None for the owner (the workshop's creation is theirs)


def team_of(ws: WorkshopSession) -> list[TeamMember]:
    """The owner first, then co-facilitators, then observers, each in the order they joined."""
    owner = db.session.get(User, ws.owner_id)
    team = []
    if owner is not None:
        team.append(TeamMember(owner.id, owner.display_name, owner.email, Role.OWNER, None))
    rows = db.session.execute(
        select(User.id, User.display_name, User.email, WorkshopMember.role, WorkshopMember.added_at)
        .join(WorkshopMember, WorkshopMember.account_id == User.id)
        .where(WorkshopMember.ws_id == ws.id)
        .order_by(WorkshopMember.added_at, User.id)
    ).all()
    order = {Role.COFACILITATOR: 0, Role.OBSERVER: 1}
    team += sorted((TeamMember(*row) for row in rows), key=lambda member: order[member.role])
    return team
