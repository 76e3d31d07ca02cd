"""What an operation did, and who has to hear about it: the value every state change returns.

An operation (a service, or a view's small composition of services) returns a `Change`; the
boundary (`transaction.perform`) commits it and then announces it to exactly its `Scope`. So
the operation that knows what it changed also decides who is told, never its caller.
Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Team:
    """The workshop's team changed: control pages refresh their team list; the pages of
    `accounts` (whose role changed) reload; `revoked`: someone was removed."""

    accounts: tuple[int, ...]
    revoked: bool = False


@dataclass(frozen=True)
class Scope:
    """Who hears about a change after the commit.

    `views`: the shared views (projector, control pages, the phones' shared view) get a fresh
    snapshot. `participants`: whose own state (`me:state`) changed as well; `None` means every
    participant's. `team`: only the control pages hear that the team changed. `gone`: the
    workshop was deleted; every page of it is told so.
    """

    views: bool = False
    participants: frozenset[int] | None = frozenset()
    team: Team | None = None
    gone: bool = False

    @property
    def silent(self) -> bool:
        return not self.views and self.team is None and not self.gone


NOBODY = Scope()  # nothing any open page shows changed (an account, a share link, a template)
VIEWS = Scope(views=True)  # the shared views only: no participant's own state changed
EVERYONE = Scope(views=True, participants=None)  # shared views and every participant's state
GONE = Scope(gone=True)


def own(participant_id: int) -> Scope:
    """A participant's contribution: the shared views and this participant's own state."""
    return Scope(views=True, participants=frozenset({participant_id}))


def team(accounts: Iterable[int], revoked: bool = False) -> Scope:
    """Facilitators only: the team of the workshop changed."""
    return Scope(team=Team(tuple(sorted(set(accounts))), revoked))


@dataclass(frozen=True)
class Change:
    """What an operation did: the workshop it changed (`ws_id`, none if no workshop), the
    revision it produced (if any), the id of what it made, whether it was a `duplicate` of an
    action done before under the same idempotency key (then nobody is told again), who is to
    hear about it (`scope`), and a `secret` made for the caller alone (a new participant's
    token), which is never broadcast."""

    revision: int | None = None
    result_id: int | None = None
    duplicate: bool = False
    ws_id: int | None = None
    scope: Scope = NOBODY
    secret: str | None = None

    @property
    def audience(self) -> Scope:
        """The scope to announce: nobody for a duplicate or a change of no workshop."""
        return NOBODY if self.duplicate or self.ws_id is None else self.scope
