"""Who may do what with a workshop: its owner, co-facilitators and observers (pure, no Flask).

A workshop belongs to one facilitator account, its owner. The owner can add other facilitator
accounts to its team: a co-facilitator runs it with the owner's control rights; an observer
(e.g. the works council chair) follows the control page live, read-only. Only the owner changes
the team, hands the workshop over, or deletes it.
"""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    OWNER = "owner"
    COFACILITATOR = "cofacilitator"
    OBSERVER = "observer"


# The roles the owner can give (the owner's own role is given only by a handover).
MEMBER_ROLES = (Role.COFACILITATOR, Role.OBSERVER)


class Access(enum.IntEnum):
    """What a request or event needs, from least to most."""

    READ = 1  # see the live control view, the projector and the report
    CONTROL = 2  # run the workshop: steps, timer, moderation, merges, items, reports, links
    OWN = 3  # change the team, hand the workshop over, delete it


GRANTED = {Role.OBSERVER: Access.READ, Role.COFACILITATOR: Access.CONTROL, Role.OWNER: Access.OWN}


def allows(role: Role | None, needed: Access) -> bool:
    """Whether someone in `role` (None: not in the team) may do what needs `needed`."""
    return role is not None and GRANTED[role] >= needed


def can_control(role: Role | None) -> bool:
    return allows(role, Access.CONTROL)


def can_take_over(role: Role | None) -> bool:
    """A workshop is handed over only to a co-facilitator (someone already running it): an
    observer is made co-facilitator first, deliberately, by the owner."""
    return role is Role.COFACILITATOR
