"""What every report section builder shares: the section's base, the gate of its step, items
summarised through it, notes as they were shown, and the sentences every kind says alike.
Pure; the kinds' builders (`facilitator/kinds/`) import from here, `build` lists them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask_babel import gettext as _
from flask_babel import ngettext

from .. import assessment as ar
from .. import disclosure
from ..catalog import localize
from ..sessions.rules import root_of
from . import gated
from .blocks import TextBlock
from .cells import number
from .data import GroupFigures, StepSection
from .inputs import ItemInput, NoteInput, ReportInput, StepInput

T = TypeVar("T")

POOL = "\x00pool"  # internal label of the pooled groups, replaced by the translated one


def gate_of(inp: ReportInput, step: StepInput) -> disclosure.Gate:
    """The disclosure gate for one step of the report (as `assessment_data.gate_of` live)."""
    return disclosure.Gate(
        inp.threshold,
        inp.groups,
        disclosure.breakdown_reason(disclosure.Breakdown(step.breakdown), is_open=step.is_open),
    )


def base_section(inp: ReportInput, step: StepInput) -> StepSection:
    """The part every step has: position, kind, title and prompt in the report's language."""
    return StepSection(
        position=step.position,
        kind=step.kind,
        title=localize(step.title, inp.language),
        prompt=localize(step.prompt, inp.language),
    )


def column_titles(step: StepInput, lang: str) -> dict[str, str]:
    return {c["key"]: localize(c["title"], lang) for c in step.settings.get("columns", [])}


def shown_notes(notes: list[NoteInput]) -> list[tuple[NoteInput, tuple[str, ...]]]:
    """Notes as they were shown: merge roots with the texts merged into them; hidden left out."""
    parents = {note.id: note.merged_into for note in notes}
    merged: dict[int, list[str]] = {}
    for note in notes:
        if note.merged_into is not None and not note.hidden:
            merged.setdefault(root_of(note.id, parents), []).append(note.text)
    return [
        (note, tuple(merged.get(note.id, ())))
        for note in notes
        if note.merged_into is None and not note.hidden
    ]


def step_items(inp: ReportInput, step: StepInput) -> list[ItemInput]:
    return [item for item in inp.items if item.step_key == step.key and item.enabled]


def summarise(
    inp: ReportInput, step: StepInput, gate: disclosure.Gate, summary: str
) -> tuple[list[ItemInput], dict[int, ar.ItemSummary]]:
    """The step's enabled items, each summarised through the gate in the kind's style
    (`summary`, see `assessment.StepRules`)."""
    items = step_items(inp, step)
    summaries = ar.summarise(
        ar.StepRules.from_settings(summary, step.settings),
        [item.id for item in items],
        inp.answers.get(step.key, ()),
        inp.respondents,
        gate,
        POOL,
    )
    return items, summaries


def released(
    inp: ReportInput, items: list[ItemInput], summaries: dict[int, ar.ItemSummary]
) -> tuple[GroupFigures, tuple[str, ...]]:
    """The step's group columns, and the sentences saying what the gate withheld."""
    releases = [summaries[item.id].release for item in items]
    texts = [localize(item.text, inp.language) for item in items]
    return (
        gated.figures(releases, inp.groups),
        gated.sentences(releases, texts, inp.threshold),
    )


def group_cells(
    columns: GroupFigures,
    summary: ar.ItemSummary,
    make: Callable[[str, ar.Result], T],
    empty: Callable[[str], T],
) -> tuple[T, ...]:
    """A row's per-group cells for the step's columns: released results made into cells,
    `empty(label)` where this row withholds a column."""
    values = {
        (None if name == POOL else name): make(pool_label(name), result)
        for name, result in summary.by_group.items()
    }
    return gated.cells(columns, summary.release, values, empty)


def pool_label(name: str) -> str:
    return gated.other_groups_label() if name == POOL else name


def respondents(inp: ReportInput, step: StepInput) -> int:
    """How many distinct people answered at least one item of the step."""
    return sum(inp.people.get(step.key, {}).values())


def answered(count: int) -> TextBlock:
    return TextBlock(ngettext("%(num)s person answered.", "%(num)s people answered.", count))


def heading_of(inp: ReportInput, step: StepInput) -> str:
    """The step as the summary names it: "3. Punkte"."""
    return f"{step.position + 1}. {localize(step.title, inp.language)}"


def answered_of_all(inp: ReportInput, step: StepInput, count: int) -> str:
    """The summary's participation line of a step people answered."""
    return _(
        "%(title)s: %(num)s of %(total)s people answered",
        title=heading_of(inp, step),
        num=number(count),
        total=number(sum(inp.participants_by_group.values())),
    )
