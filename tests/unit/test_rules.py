"""Pure rules: join codes, step state, merges, dot budgets, tallies and ranking."""

from __future__ import annotations

import pytest

from facilitator.sessions import rules


def test_join_code_uses_only_unambiguous_characters() -> None:
    codes = {rules.new_join_code(6) for _ in range(300)}
    assert all(len(code) == 6 for code in codes)
    used = set("".join(codes))
    assert used <= set(rules.JOIN_CODE_ALPHABET)
    assert not used & set("0O1IL")
    assert len(codes) > 290  # random, not a counter


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [("abc-def", "ABCDEF"), (" ab cd ef ", "ABCDEF"), ("XYZ234", "XYZ234")],
)
def test_normalize_join_code(typed: str, normalized: str) -> None:
    assert rules.normalize_join_code(typed) == normalized


@pytest.mark.parametrize(
    ("code", "valid"),
    [("ABCDEF", True), ("ABCDE", False), ("ABCDE0", False), ("ABCDEI", False), ("ABCDEFG", False)],
)
def test_is_valid_join_code(code: str, valid: bool) -> None:
    assert rules.is_valid_join_code(code, 6) is valid


@pytest.mark.parametrize(
    ("live", "current", "is_open", "expected"),
    [
        (True, True, True, True),
        (False, True, True, False),
        (True, False, True, False),
        (True, True, False, False),
    ],
)
def test_step_accepts_input(live: bool, current: bool, is_open: bool, expected: bool) -> None:
    assert (
        rules.step_accepts_input(session_live=live, is_current=current, is_open=is_open) is expected
    )


@pytest.mark.parametrize(
    ("has_input", "answer_in_results", "visible", "expected"),
    [
        (True, True, False, True),  # a quiz with its right answer hidden
        (True, True, True, False),  # the right answer is shown: no more answers
        (True, False, True, True),  # a poll
        (False, False, False, False),  # information
    ],
)
def test_input_may_open(
    has_input: bool, answer_in_results: bool, visible: bool, expected: bool
) -> None:
    assert rules.input_may_open(has_input, answer_in_results, visible) is expected


@pytest.mark.parametrize(("asked", "clamped"), [(-3, 0), (0, 0), (2, 2), (9, 3)])
def test_clamp_position(asked: int, clamped: int) -> None:
    assert rules.clamp_position(asked, 4) == clamped


def test_root_of_follows_merge_chain() -> None:
    links = {1: None, 2: 1, 3: 2, 4: None}
    assert rules.root_of(3, links) == 1
    assert rules.root_of(4, links) == 4
    assert rules.root_of(99, links) == 99


def test_root_of_survives_a_cycle() -> None:
    assert rules.root_of(1, {1: 2, 2: 1}) in {1, 2}


def test_dots_left() -> None:
    dot = rules.DotRules(budget=3, max_per_note=2)
    assert rules.dots_left(dot, 0) == 3
    assert rules.dots_left(dot, 1) == 2
    assert rules.dots_left(dot, 5) == 0


def test_tally_counts_merged_notes_for_their_root() -> None:
    links = {1: None, 2: 1, 3: None}
    assert rules.tally([(1, 2), (2, 3), (3, 1)], links) == {1: 5, 3: 1}


def test_tally_after_undoing_a_merge_gives_each_note_its_own_dots() -> None:
    assert rules.tally([(1, 2), (2, 3)], {1: None, 2: None}) == {1: 2, 2: 3}


def test_ranking_includes_zero_and_keeps_writing_order_on_ties() -> None:
    assert rules.ranking([10, 11, 12, 13], {11: 4, 12: 1, 13: 4}) == [
        (11, 4),
        (13, 4),
        (12, 1),
        (10, 0),
    ]


@pytest.mark.parametrize(
    ("position", "choice", "big"),
    [
        (0, None, True),  # before the first step with input: people are still joining
        (2, None, True),  # on the first step with input
        (3, None, False),  # it was left: a corner box
        (5, "big", True),  # the facilitator brings it back for latecomers
        (1, "small", False),  # or makes it small early
    ],
)
def test_join_panel_is_big_in_the_join_phase(position: int, choice: str | None, big: bool) -> None:
    assert rules.join_panel_big(position, [2, 3, 5], choice) is big


def test_join_panel_stays_big_without_steps_that_take_input() -> None:
    assert rules.join_panel_big(4, [], None) is True
