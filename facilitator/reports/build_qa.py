"""The report section of a Q&A step: its questions with status and upvotes. Pure.

Upvotes are one figure of everyone who upvoted in the step (like a dot vote's tally): shown
only once the gate releases the step's total, from at least k people; until then the questions
are listed oldest first, without counts.
"""

from __future__ import annotations

from dataclasses import replace

from flask_babel import gettext as _

from .. import disclosure
from ..catalog import localize
from ..sessions import rules
from . import gated
from .data import QuestionRow, StepSection
from .load import ReportInput, StepInput
from .section_base import base_section, column_titles, shown_notes


def status_label(status: str) -> str:
    labels = {"answering": _("being answered"), "answered": _("answered")}
    return labels.get(status, _("open"))


def qa_section(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    titles = column_titles(step, inp.language)
    shown = shown_notes([n for n in inp.notes if n.step_key == step.key])
    release = gate.release(inp.people.get(step.key, {}))
    votes = inp.upvotes.get(step.key, {}) if release.total else None
    marks = {note.id: inp.question_status.get(note.id, "open") for note, _merged in shown}
    order = rules.question_order([(note.id, marks[note.id]) for note, _m in shown], votes)
    by_id = {note.id: (note, merged) for note, merged in shown}
    rows = []
    for number, note_id in enumerate(order, start=1):
        note, merged = by_id[note_id]
        rows.append(
            QuestionRow(
                number=number,
                text=note.text,
                addressee=titles.get(note.column, note.column),
                status=marks[note_id],
                status_label=status_label(marks[note_id]),
                votes=None if votes is None else votes.get(note_id, 0),
                merged=merged,
            )
        )
    title = localize(step.title, inp.language)
    return replace(
        base_section(inp, step),
        columns=tuple(titles.values()),
        voters=inp.voters.get(step.key, 0),
        questions=tuple(rows),
        withheld=() if release.total else gated.sentences([release], [title], inp.threshold),
    )
