"""The disclosure gate: primary and complementary suppression, pooling, release on close,
reopening, head counts and derived breakdowns."""

from __future__ import annotations

import pytest

from facilitator import disclosure
from facilitator.disclosure import Breakdown, Withheld


@pytest.mark.parametrize(
    ("people", "total", "shown", "pooled", "withheld"),
    [
        ({"A": 6, "B": 5, "C": 7}, True, ("A", "B", "C"), (), ()),
        # two small groups together reach the threshold: shown as one pool
        ({"A": 6, "B": 3, "C": 2}, True, ("A",), ("B", "C"), ()),
        # one small group alone would be total minus the others: the smallest shown joins it
        ({"A": 6, "B": 5, "C": 2}, True, ("A",), ("B", "C"), ()),
        # with two groups, showing one would reveal the other: no breakdown at all
        ({"A": 5, "B": 1}, True, (), (), ("A", "B")),
        # every group small, but enough people together: the total alone
        ({"A": 2, "B": 2, "C": 1}, True, (), (), ("A", "B", "C")),
        # fewer than k people behind the whole figure: nothing at all
        ({"A": 2, "B": 1}, False, (), (), ("A", "B")),
        ({"A": 4}, False, (), (), ("A",)),
        # empty groups are left out
        ({"A": 5, "B": 0, "C": 5}, True, ("A", "C"), (), ()),
    ],
)
def test_release_suppresses_and_pools(
    people: dict[str, int],
    total: bool,
    shown: tuple[str, ...],
    pooled: tuple[str, ...],
    withheld: tuple[str, ...],
) -> None:
    release = disclosure.release(people, 5)
    assert (release.total, release.shown, release.pooled, release.withheld) == (
        total,
        shown,
        pooled,
        withheld,
    )
    # complementary suppression: total minus the shown columns is 0 or at least k people
    if release.total:
        rest = release.people - sum(people[g] for g in release.shown)
        rest -= sum(people[g] for g in release.pooled)
        assert rest == 0 or rest >= 5 or not release.shown


def test_release_keeps_the_session_order_and_says_why() -> None:
    release = disclosure.release({"C": 5, "A": 6}, 5, order=["A", "B", "C"])
    assert release.shown == ("A", "C")
    assert release.columns == ("A", "C")
    too_few = disclosure.release({"A": 6, "B": 1}, 5)
    assert too_few.reason is Withheld.TOO_FEW
    assert disclosure.release({}, 5).reason is None  # nobody answered: nothing withheld


def test_open_or_reopened_steps_show_totals_only() -> None:
    people = {"A": 6, "B": 7}
    for reason in (Withheld.OPEN, Withheld.REOPENED):
        release = disclosure.release(people, 5, reason)
        assert release.total
        assert release.shown == ()
        assert release.withheld == ("A", "B")
        assert release.reason is reason
    # the reason never opens a figure that has too few people behind it
    assert not disclosure.release({"A": 2}, 5, Withheld.OPEN).total


def test_breakdown_is_released_on_close_and_withheld_after_reopening() -> None:
    state = Breakdown.PENDING
    assert disclosure.breakdown_reason(state, is_open=True) is Withheld.OPEN
    state = disclosure.after_input_change(state, was_open=True, now_open=False)
    assert state is Breakdown.RELEASED
    assert disclosure.breakdown_reason(state, is_open=False) is None
    state = disclosure.after_input_change(state, was_open=False, now_open=True)
    assert state is Breakdown.REOPENED
    state = disclosure.after_input_change(state, was_open=True, now_open=False)
    assert state is Breakdown.REOPENED  # for good, also once closed again
    assert disclosure.breakdown_reason(state, is_open=False) is Withheld.REOPENED
    # a step closed without ever having been open, and no change: nothing moves
    assert (
        disclosure.after_input_change(Breakdown.PENDING, was_open=False, now_open=False)
        is Breakdown.PENDING
    )
    assert (
        disclosure.after_input_change(Breakdown.RELEASED, was_open=False, now_open=False)
        is Breakdown.RELEASED
    )


def test_gate_applies_the_step_reason() -> None:
    gate = disclosure.Gate(3, ("A", "B"), Withheld.OPEN)
    assert gate.release({"A": 3, "B": 3}).shown == ()
    assert disclosure.Gate(3, ("A", "B")).release({"A": 3, "B": 3}).shown == ("A", "B")


def test_head_count_is_a_number_only_from_k_on() -> None:
    assert disclosure.head_count(5, 5) == 5
    assert disclosure.head_count(4, 5) is None


def test_common_columns_for_derived_figures() -> None:
    both = disclosure.release({"A": 5, "B": 5}, 5)
    only_a = disclosure.release({"A": 5}, 5)
    a_with_small_b = disclosure.release({"A": 5, "B": 2}, 5)
    # a group nobody of which answered an item does not constrain it
    assert disclosure.common_columns([both, only_a]) == (("A", "B"), ())
    # a group withheld on one item is no column of a figure derived from all items
    assert disclosure.common_columns([both, a_with_small_b]) == ((), ())
    # an item with too few answers overall is simply not part of the derived figure
    too_few = disclosure.release({"A": 1}, 5)
    assert disclosure.common_columns([both, too_few]) == (("A", "B"), ())
    # the same pool on every item stays a column; different pools do not
    pool_bc = disclosure.release({"A": 6, "B": 3, "C": 2}, 5)
    assert disclosure.common_columns([pool_bc, pool_bc]) == (("A",), ("B", "C"))
    pool_abc = disclosure.release({"A": 2, "B": 3, "C": 2, "D": 6}, 5)
    assert disclosure.common_columns([pool_bc, pool_abc]) == (("D",), ())
    opened = disclosure.release({"A": 5, "B": 5}, 5, Withheld.OPEN)
    assert disclosure.common_columns([both, opened]) == ((), ())
