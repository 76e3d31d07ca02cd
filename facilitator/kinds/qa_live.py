"""The live views of a Q&A step: its questions (a board's wall of the step) with status and,
through the gate, upvotes; who upvoted what (`sessions.qa_view` ranks them)."""

from __future__ import annotations

from typing import Any

from ..live.content import StepContent, add_voters, dots_released, load_dots, wall
from ..sessions.qa_view import questions, statuses, upvoted


def load_upvotes(content: StepContent) -> None:
    """Upvotes are one-dot votes on the step's own notes; plus the questions' status."""
    load_dots(content)
    content.marks = statuses(content.step.id)


def add_questions(content: StepContent, snapshot: dict[str, Any], *, facilitator: bool) -> None:
    """A Q&A step's questions (once shown, for phones and the projector) and who upvoted. The
    control page keeps the notes as well: merging duplicates works on them as on a board."""
    visible = facilitator or content.step.results_visible
    if not facilitator:
        snapshot["notes"] = []
    snapshot["questions"] = (
        questions(
            wall(content, include_hidden=facilitator, with_dots=False),
            content.marks,
            content.dot_rows,
            content.parents,
            dots_released(content),
        )
        if visible
        else []
    )
    add_voters(content, snapshot)


def fill_upvoted(content: StepContent, states: dict[int, dict[str, Any]]) -> None:
    """Which shown questions each listed participant upvoted."""
    mine = upvoted(content.dot_rows, content.parents, states.keys())
    for pid, state in states.items():
        state["upvoted"] = mine.get(pid, [])
