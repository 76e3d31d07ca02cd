"""The disclosure gate: the one place that decides whether a figure may be shown. PURE.

A *figure* is what a set of people answered to one question: a check statement, a hazard, a
scale item, a poll or quiz, a whole dot vote (how a group spent its dots), or how many people
joined a group. Every audience (projector, phones, control page, `state.json`, every report
format and the works-council link) sees a group- or item-level figure only after it passed
`release`, which is given the number of *distinct people behind that very figure* per group:
those who answered that item or voted in that step, never those who merely joined (idle phones
cannot open a group).

The rules, all with the workshop's threshold k:

1. **Too few overall.** A figure that fewer than k people stand behind is not shown at all
   ("too few answers"); nothing of it is broken down.
2. **Too few in a group.** A group with fewer than k people behind the figure is not shown on its
   own. Such groups are pooled into "other groups" when the pool reaches k.
3. **No subtraction.** The total is shown, so total minus the shown groups must never isolate
   fewer than k people: if the pool stays below k, the smallest shown group joins it; when no
   group is left to join, the pool is withheld and its people count only in the total. A
   breakdown that would leave one column (everyone pooled) is withheld too.
4. **No differencing.** Group breakdowns are released only once the step's input is closed
   (two views taken while people still answer would differ by exactly the new answers); a step
   reopened after its breakdown was released keeps it withheld from then on, because the
   released and the new breakdown together would isolate whoever answered in between.

Cells inside a figure (a group's count of "Nein", dots per note, a distribution's bars) rest on
the same people as the figure, so they are released or withheld with it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


class Breakdown(enum.StrEnum):
    """Whether a step's group breakdown may be released, from its input's history."""

    PENDING = "pending"  # input open (or never closed): totals only
    RELEASED = "released"  # input closed: breakdown computed from the closed state
    REOPENED = "reopened"  # reopened after release: breakdown withheld for good


class Withheld(enum.StrEnum):
    """Why (part of) a figure is not shown; the views and the method notes explain it."""

    TOO_FEW = "too_few"  # fewer than k people behind it (or the rest of it)
    OPEN = "open"  # the step's input is still open
    REOPENED = "reopened"  # reopened after the breakdown had been released


def after_input_change(state: Breakdown, *, was_open: bool, now_open: bool) -> Breakdown:
    """The breakdown state after a step's input opens or closes.

    Closing releases the breakdown; opening again after a release withholds it for good (only
    deleting the step's answers starts over, see `Breakdown.PENDING`).
    """
    if was_open and not now_open and state is Breakdown.PENDING:
        return Breakdown.RELEASED
    if now_open and not was_open and state is Breakdown.RELEASED:
        return Breakdown.REOPENED
    return state


def breakdown_reason(state: Breakdown, *, is_open: bool) -> Withheld | None:
    """Why a step's group breakdown is withheld right now, or None if it may be released."""
    if state is Breakdown.REOPENED:
        return Withheld.REOPENED
    if is_open:
        return Withheld.OPEN
    return None


@dataclass(frozen=True)
class Release:
    """What may be shown of one figure: the total, groups on their own, a pool, nothing."""

    threshold: int
    people: int  # distinct people behind the whole figure
    total: bool  # the all-groups figure may be shown
    shown: tuple[str, ...] = ()  # groups shown on their own, in the session's order
    pooled: tuple[str, ...] = ()  # groups shown together as one "other groups" column
    withheld: tuple[str, ...] = ()  # groups with people behind the figure, not shown
    reason: Withheld | None = None  # why groups (or everything) are withheld

    @property
    def columns(self) -> tuple[str | None, ...]:
        """The shown groups, then None for the pool if there is one."""
        return self.shown + ((None,) if self.pooled else ())

    def members(self, column: str | None) -> tuple[str, ...]:
        """The groups whose answers make up a column (None: the pool)."""
        return self.pooled if column is None else (column,)

    def shows(self, group: str) -> bool:
        return group in self.shown


def release(
    people: Mapping[str, int],
    threshold: int,
    reason: Withheld | None = None,
    order: Iterable[str] | None = None,
) -> Release:
    """Decide what of a figure may be shown, from how many people of each group stand behind it.

    `people` maps each group to the distinct people behind the figure (each person belongs to
    one group, so they add up to the figure's total); `reason` is why the step's breakdown is
    withheld as a whole (`breakdown_reason`), if it is; `order` is the session's group order
    for the result (default: the order of `people`).
    """
    present = {group: n for group, n in people.items() if n > 0}
    total_people = sum(present.values())
    ordering = list(order) if order is not None else list(people)
    ordering += [g for g in present if g not in ordering]

    def ordered(groups: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(groups, key=ordering.index))

    if total_people < threshold:
        return Release(
            threshold,
            total_people,
            total=False,
            withheld=ordered(present),
            reason=Withheld.TOO_FEW if total_people else None,
        )
    if reason is not None:
        return Release(
            threshold, total_people, total=True, withheld=ordered(present), reason=reason
        )
    shown = sorted((g for g, n in present.items() if n >= threshold), key=lambda g: -present[g])
    small = [g for g, n in present.items() if n < threshold]
    if small:
        while sum(present[g] for g in small) < threshold and shown:
            small.append(shown.pop())
    if small and sum(present[g] for g in small) >= threshold and shown:
        return Release(
            threshold, total_people, total=True, shown=ordered(shown), pooled=ordered(small)
        )
    if small:
        # The pool is too small even with every group, or would be the only column.
        return Release(
            threshold,
            total_people,
            total=True,
            shown=(),
            withheld=ordered(present),
            reason=Withheld.TOO_FEW,
        )
    return Release(threshold, total_people, total=True, shown=ordered(shown))


def head_count(count: int, threshold: int) -> int | None:
    """A live head count of one group: the number from k people on, else None ("fewer than k")."""
    return count if count >= threshold else None


def common_columns(releases: Iterable[Release]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The groups shown on their own, and the pool, that a figure derived from all of these
    releases (e.g. a dimension score over its items) may be broken down by.

    A group is a column if some release shows it and none pools or withholds it (a group with
    nobody behind an item does not constrain it); the pool is a column if every release that
    pools, pools the same groups and none of them is shown or withheld elsewhere. Empty if any
    release withholds its breakdown as a whole (input open, reopened).
    """
    listed = [r for r in releases if r.total]
    if any(r.reason in (Withheld.OPEN, Withheld.REOPENED) for r in listed):
        return (), ()
    hidden = {g for r in listed for g in (*r.pooled, *r.withheld)}
    shown: list[str] = []
    for r in listed:
        shown += [g for g in r.shown if g not in hidden and g not in shown]
    pools = {r.pooled for r in listed if r.pooled}
    pooled: tuple[str, ...] = ()
    if len(pools) == 1:
        (candidate,) = pools
        elsewhere = {g for r in listed for g in (*r.shown, *r.withheld)}
        if not elsewhere & set(candidate):
            pooled = candidate
    return tuple(shown), pooled


@dataclass(frozen=True)
class Gate:
    """The gate as one step's figures meet it: the threshold, the session's group order and
    whether the step's breakdown is withheld as a whole."""

    threshold: int
    order: tuple[str, ...]
    reason: Withheld | None = None

    def release(self, people: Mapping[str, int]) -> Release:
        return release(people, self.threshold, self.reason, self.order)
