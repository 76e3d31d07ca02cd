"""The live views of the notes family's dot vote: the board's notes it votes on, the tallies
(through the gate), and each voter's dots and dots left."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..live.content import StepContent, load_dots, load_notes, wall
from ..sessions.models import SessionStep
from ..sessions.rules import DotRules, dots_left, root_of, tally


def dot_rules(step: SessionStep) -> DotRules:
    return DotRules(step.settings["budget"], step.settings["max_per_note"])


def dots_at_start(step: SessionStep) -> int:
    """The dots of someone who has not voted yet."""
    return dots_left(dot_rules(step), 0)


def load_vote(
    content: StepContent, columns_of: Callable[[SessionStep], list[dict[str, Any]]]
) -> None:
    """The notes of the board voted on (only the columns the vote offers; `columns_of` a
    board step gives its columns), every dot, and the dots per shown note."""
    step, ws = content.step, content.ws
    board = next(s for s in ws.steps if s.key == step.settings["source"])
    load_notes(content, board, columns_of(board))
    allowed = step.settings.get("columns") or None
    if allowed is not None:
        content.columns = [c for c in content.columns if c["key"] in allowed]
        content.notes = [n for n in content.notes if n.column in allowed]
    load_dots(content)
    per_note: dict[int, int] = {}
    for note_id, _, dots in content.dot_rows:
        per_note[note_id] = per_note.get(note_id, 0) + dots
    content.totals = tally(per_note.items(), content.parents)


def phone_notes(content: StepContent) -> list[dict[str, Any]]:
    """A dot vote's notes are always there to vote on, the dots only after reveal. They come
    in the order the phone shows them: writing order while the vote is open (a note never moves
    under a thumb), ranked once it is closed and revealed."""
    step = content.step
    notes = wall(content, include_hidden=False, with_dots=step.results_visible)
    if step.results_visible and not step.is_open:
        notes.sort(key=lambda note: note["rank"])
    return notes


def voters(content: StepContent) -> set[int]:
    """Who has dots (or upvotes) in the step; `person` is negative once unlinked: nobody to
    send a state to then."""
    return {pid for _, pid, _ in content.dot_rows if pid is not None and pid > 0}


def fill_dots(content: StepContent, states: dict[int, dict[str, Any]]) -> None:
    """Each voter's dots per shown note, and the dots they have left."""
    parents = content.parents
    for note_id, pid, dots in content.dot_rows:
        if pid in states:
            root = str(root_of(note_id, parents))
            mine = states[pid]["dots"]
            mine[root] = mine.get(root, 0) + dots
    rules = dot_rules(content.step)
    for state in states.values():
        state["dots_left"] = dots_left(rules, sum(state["dots"].values()))
