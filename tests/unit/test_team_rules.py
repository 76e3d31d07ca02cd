"""Who may do what with a workshop, as a table: the owner everything, a co-facilitator runs it,
an observer reads; nobody outside the team anything; a handover goes only to a co-facilitator."""

from __future__ import annotations

import pytest

from facilitator.rules.team import Access, Role, allows, can_control, can_take_over

TABLE = {
    # role: (read, control, own)
    Role.OWNER: (True, True, True),
    Role.COFACILITATOR: (True, True, False),
    Role.OBSERVER: (True, False, False),
    None: (False, False, False),
}


@pytest.mark.parametrize("role", list(TABLE))
def test_what_each_role_may(role: Role | None) -> None:
    assert tuple(allows(role, needed) for needed in Access) == TABLE[role]
    assert can_control(role) is TABLE[role][1]


def test_a_handover_goes_only_to_a_co_facilitator() -> None:
    assert [role for role in (*Role, None) if can_take_over(role)] == [Role.COFACILITATOR]
