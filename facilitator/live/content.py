"""The committed content of the current step and the views every kind shares (a wall of
notes, the list of items, the gate on dots): what the kinds' live views are built from.

It knows no kind: `snapshots` asks the current step's kind (`StepKind.load`) to fill in what
it shows, and the kinds build their views with the helpers here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from .. import queries
from ..queries.answer_data import summary_json
from ..rules import assessment as ar
from ..rules import surveys
from ..rules.session import ranking, root_of
from ..sessions.hot_sql import DOTS_OF_STEP, NOTES_OF_BOARD, run
from ..sessions.models import SessionStep, StepItem, WorkshopSession


class NoteRow(NamedTuple):
    id: int
    column: str
    text: str
    hidden: bool
    merged_into: int | None
    author: int | None
    pending: bool  # waits for approval: only its author and the facilitator's queue see it


@dataclass
class StepContent:
    """The committed content of the current step, loaded once per flush."""

    ws: WorkshopSession
    step: SessionStep
    columns: list[dict[str, Any]] = field(default_factory=list)
    notes: list[NoteRow] = field(default_factory=list)
    totals: dict[int, int] | None = None  # dots per shown note, for dot-vote steps
    # (note id, person, dots) of every vote: `person` is the voter's id while linked
    dot_rows: list[tuple[int, int | None, int]] = field(default_factory=list)
    items: list[StepItem] = field(default_factory=list)  # check, risk and actions steps
    summaries: dict[int, ar.ItemSummary] = field(default_factory=dict)  # check and risk
    marks: dict[int, str] = field(default_factory=dict)  # Q&A: questions' status, if not open
    # a kind's own figures per item, already through the gate (a rank order's places, a 2x2's
    # positions: `kinds.item_values.ItemValues`), for kinds not summarised per answer style
    values: dict[int, Any] = field(default_factory=dict)
    sizes: dict[str, int] | None = None  # participants per group, counted once per flush

    @property
    def group_sizes(self) -> dict[str, int]:
        if self.sizes is None:
            self.sizes = queries.group_sizes(self.ws)
        return self.sizes

    @property
    def parents(self) -> dict[int, int | None]:
        return {note.id: note.merged_into for note in self.notes}


def items_json(content: StepContent, *, facilitator: bool, results: bool) -> list[dict[str, Any]]:
    """A check's statements or a risk step's hazards (switched-off ones for the facilitator
    only), with their results where the audience may see them."""
    listed = []
    for item in content.items:
        if not item.enabled and not facilitator:
            continue
        entry: dict[str, Any] = {
            "id": item.id,
            "area": item.area,
            "text": item.text,
            "origin": item.origin,
        }
        if facilitator:
            entry["enabled"] = item.enabled
        summary = content.summaries.get(item.id)
        if results and summary is not None:
            entry["result"] = summary_json(summary, with_groups=facilitator)
        listed.append(entry)
    return listed


def epoch_ms(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp() * 1000)


def voter_count(content: StepContent) -> int:
    return len({pid for _, pid, _ in content.dot_rows})


def dots_released(content: StepContent) -> bool:
    """A dot vote's tallies are one figure of everyone who voted: shown (and ranked) only from
    k voters on, like every other figure (`disclosure`)."""
    return voter_count(content) >= content.ws.anonymity_threshold


def add_voters(content: StepContent, snapshot: dict[str, Any]) -> None:
    """How many voted, and the threshold while too few did (the dots are withheld then)."""
    snapshot["voters"] = voter_count(content)
    snapshot["dots_withheld"] = None if dots_released(content) else content.ws.anonymity_threshold


def wall(content: StepContent, *, include_hidden: bool, with_dots: bool) -> list[dict[str, Any]]:
    """Shown notes (merge roots), each with the texts merged into it, in writing order; dots and
    ranks only where the gate releases them. Notes waiting for approval are on no wall (the
    facilitator sees them in the queue, their author among their own notes)."""
    with_dots = with_dots and content.totals is not None and dots_released(content)
    parents = content.parents
    children: dict[int, list[dict[str, Any]]] = {}
    for note in content.notes:
        if (
            note.merged_into is not None
            and not note.pending
            and (include_hidden or not note.hidden)
        ):
            root = root_of(note.id, parents)
            children.setdefault(root, []).append({"id": note.id, "text": note.text})
    shown = []
    for note in content.notes:
        if note.merged_into is not None or note.pending or (note.hidden and not include_hidden):
            continue
        item: dict[str, Any] = {
            "id": note.id,
            "column": note.column,
            "text": note.text,
            "merged": children.get(note.id, []),
        }
        if include_hidden:
            item["hidden"] = note.hidden
        if with_dots and content.totals is not None:
            item["dots"] = content.totals.get(note.id, 0)
        shown.append(item)
    if with_dots and content.totals is not None:
        order = ranking([item["id"] for item in shown], content.totals)
        position = {note_id: index for index, (note_id, _) in enumerate(order)}
        for item in shown:
            item["rank"] = position[item["id"]] + 1
    return shown


def words(content: StepContent) -> list[list[Any]]:
    """A word cloud of the shown notes: case and simple plurals folded, most frequent first."""
    texts = [n.text for n in content.notes if not n.hidden and not n.pending]
    return [[word, count] for word, count in surveys.fold_words(texts)[:60]]


def fresh(blank: dict[str, Any]) -> dict[str, Any]:
    """A copy of the blank state whose lists and dicts can be filled in."""
    state = {**blank, "notes": [], "dots": {}}
    if "answers" in blank:
        state["answers"] = {}
    if "upvoted" in blank:
        state["upvoted"] = []
    return state


def load_notes(content: StepContent, board: SessionStep, columns: list[dict[str, Any]]) -> None:
    """The notes of a step (the step's own, or the board a dot vote votes on) and its columns
    (the kind's `note_columns`)."""
    content.columns = columns
    content.notes = [NoteRow._make(row) for row in run(NOTES_OF_BOARD, p_step=board.id)]


def load_dots(content: StepContent) -> None:
    """Every dot (or upvote) of the current step: (note id, person, dots)."""
    content.dot_rows = [
        (row.note_id, row.person, row.dots) for row in run(DOTS_OF_STEP, p_step=content.step.id)
    ]
