"""What every report section builder shares: the section's base, the gate of its step, notes
as they were shown. Pure; the builders import from here, and `build` lists them explicitly."""

from __future__ import annotations

from .. import disclosure
from ..catalog import localize
from ..sessions import rules
from .data import StepSection
from .load import NoteInput, ReportInput, StepInput


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
            merged.setdefault(rules.root_of(note.id, parents), []).append(note.text)
    return [
        (note, tuple(merged.get(note.id, ())))
        for note in notes
        if note.merged_into is None and not note.hidden
    ]
