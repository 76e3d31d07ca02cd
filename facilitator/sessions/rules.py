"""Pure workshop rules: join codes, step state, merges, dot budgets, tallies and ranking.

No Flask and no database here: every function works on plain values, so it is unit-tested
without an app and shared by services and snapshot builders.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# No 0/O, 1/I/L: a code read aloud or typed from a projector must be unambiguous.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_join_code(length: int) -> str:
    """A random join code from the unambiguous alphabet."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(length))


def normalize_join_code(raw: str) -> str:
    """Uppercase the code and drop spaces and dashes people type between groups of letters."""
    return "".join(ch for ch in raw.upper() if ch not in " -\t")


def is_valid_join_code(code: str, length: int) -> bool:
    return len(code) == length and all(ch in JOIN_CODE_ALPHABET for ch in code)


def step_accepts_input(*, session_live: bool, is_current: bool, is_open: bool) -> bool:
    """Participants may contribute only to the current step of a live session while it is open."""
    return session_live and is_current and is_open


def input_may_open(has_input: bool, answer_in_results: bool, results_visible: bool) -> bool:
    """Whether a step may be open for input: one that takes input, but one whose results show
    the right answer (a quiz) only while they are hidden (once shown, an answer could be
    changed to it)."""
    return has_input and not (answer_in_results and results_visible)


def join_panel_big(position: int, input_positions: Iterable[int], choice: str | None) -> bool:
    """Whether the projector shows the join panel (QR code and code) big: in the join phase,
    that is until the first step that takes input has been left. The facilitator's choice
    ("big" or "small") overrides that until the next step change."""
    if choice in ("big", "small"):
        return choice == "big"
    first = min(input_positions, default=None)
    return first is None or position <= first


def clamp_position(position: int, step_count: int) -> int:
    """Keep a requested step position inside the session."""
    return max(0, min(position, step_count - 1))


# --- merging -------------------------------------------------------------------------------


def root_of(note_id: int, merged_into: Mapping[int, int | None]) -> int:
    """Follow merge links to the note that is shown (merges form a forest, never a cycle)."""
    seen = {note_id}
    current = note_id
    while (parent := merged_into.get(current)) is not None:
        if parent in seen:  # defensive: a cycle would be a bug elsewhere
            break
        seen.add(parent)
        current = parent
    return current


# --- dot voting ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DotRules:
    budget: int
    max_per_note: int


def dots_left(rules: DotRules, used: int) -> int:
    return max(0, rules.budget - used)


def tally(dots: Iterable[tuple[int, int]], merged_into: Mapping[int, int | None]) -> dict[int, int]:
    """Sum dots per shown note: dots on a merged note count for the note it was merged into."""
    totals: dict[int, int] = {}
    for note_id, count in dots:
        root = root_of(note_id, merged_into)
        totals[root] = totals.get(root, 0) + count
    return totals


def ranking(note_ids: Iterable[int], totals: Mapping[int, int]) -> list[tuple[int, int]]:
    """Notes by dots, most first; ties keep the order in which the notes were written."""
    ordered = sorted(enumerate(note_ids), key=lambda item: (-totals.get(item[1], 0), item[0]))
    return [(note_id, totals.get(note_id, 0)) for _, note_id in ordered]


# --- questions and answers ------------------------------------------------------------------

QA_STATUSES = ("open", "answering", "answered")
_QA_PLACE = {"answering": 0, "open": 1, "answered": 2}


def upvotes(
    rows: Iterable[tuple[int, int | None]], merged_into: Mapping[int, int | None]
) -> dict[int, int]:
    """Upvotes per shown question: the distinct people who upvoted it or a question merged into
    it (one person who upvoted two merged duplicates counts once)."""
    people: dict[int, set[int]] = {}
    for note_id, person in rows:
        if person is not None:
            people.setdefault(root_of(note_id, merged_into), set()).add(person)
    return {note_id: len(voters) for note_id, voters in people.items()}


def question_order(
    questions: Iterable[tuple[int, str]], votes: Mapping[int, int] | None
) -> list[int]:
    """Questions (id, status) in writing order, as they are shown: the one being answered first,
    then the open ones, then the answered ones; within each by upvotes, most first, ties (and
    every question while `votes` is withheld, None) oldest first."""
    ordered = sorted(
        enumerate(questions),
        key=lambda entry: (
            _QA_PLACE.get(entry[1][1], 1),
            -(votes or {}).get(entry[1][0], 0),
            entry[0],
        ),
    )
    return [question_id for _, (question_id, _status) in ordered]
