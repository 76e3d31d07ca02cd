"""Report section of the Q&A kind (`qa`): its questions with status and upvotes. Pure.

Upvotes are one figure of everyone who upvoted in the step (like a dot vote's tally): shown
only once the gate releases the step's total, from at least k people; until then the questions
are listed in the order they were asked, without counts. Hidden questions are left out.
"""

from __future__ import annotations

from dataclasses import replace

from flask_babel import gettext as _
from flask_babel import ngettext

from .. import disclosure
from ..catalog import localize
from ..reports.blocks import TOP, TableBlock, TextBlock
from ..reports.cells import Annotated, Cell, count_cell, number
from ..reports.data import Highlights, QuestionRow, StepSection
from ..reports.gated import sentences
from ..reports.inputs import ReportInput, StepInput
from ..reports.section_base import base_section, column_titles, heading_of, shown_notes
from ..rules.session import question_order

TOP_QUESTIONS = 5  # in the summary


def status_label(status: str) -> str:
    labels = {"answering": _("being answered"), "answered": _("answered")}
    return labels.get(status, _("open"))


def _summary(questions: tuple[QuestionRow, ...], voters: int) -> str:
    asked = ngettext("%(num)s question", "%(num)s questions", len(questions))
    if questions and questions[0].votes is None:
        return (
            asked
            + " · "
            + _(
                "%(voters)s people upvoted; too few to show the upvotes (see the method notes).",
                voters=voters,
            )
        )
    return asked + " · " + _("%(voters)s people upvoted.", voters=voters)


def _table(questions: tuple[QuestionRow, ...]) -> TableBlock:
    header = (_("No."), _("Question"), _("To"), _("Status"), _("Upvotes"))
    merged = _("Merged:")
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (
            q.number,
            Annotated(q.text, f"{merged} {' · '.join(q.merged)}" if q.merged else ""),
            q.addressee,
            q.status_label,
            count_cell(q.votes),
        )
        for q in questions
    )
    more = ""
    if len(rows) > TOP:
        more = _(
            "The first %(top)s of %(all)s questions; all are in the annex and the XLSX file.",
            top=TOP,
            all=len(rows),
        )
    return TableBlock(header, rows, top=TOP, more=more)


def qa_section(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    titles = column_titles(step, inp.language)
    shown = shown_notes([n for n in inp.notes if n.step_key == step.key])
    release = gate.release(inp.people.get(step.key, {}))
    votes = inp.upvotes.get(step.key, {}) if release.total else None
    marks = {note.id: inp.question_status.get(note.id, "open") for note, _merged in shown}
    order = question_order([(note.id, marks[note.id]) for note, _m in shown], votes)
    by_id = {note.id: (note, merged) for note, merged in shown}
    rows = []
    for position, note_id in enumerate(order, start=1):
        note, merged = by_id[note_id]
        rows.append(
            QuestionRow(
                number=position,
                text=note.text,
                addressee=titles.get(note.column, note.column),
                status=marks[note_id],
                status_label=status_label(marks[note_id]),
                votes=None if votes is None else votes.get(note_id, 0),
                merged=merged,
            )
        )
    questions = tuple(rows)
    voters = inp.voters.get(step.key, 0)
    title = localize(step.title, inp.language)
    took_part = _(
        "%(title)s: %(num)s questions, %(voters)s people upvoted",
        title=heading_of(inp, step),
        num=number(len(questions)),
        voters=number(voters),
    )
    top = tuple(
        f"{q.text} – " + ngettext("%(num)s upvote", "%(num)s upvotes", q.votes or 0)
        for q in questions[:TOP_QUESTIONS]
        if q.votes and q.status != "answered"
    )
    return replace(
        base_section(inp, step),
        columns=tuple(titles.values()),
        voters=voters,
        questions=questions,
        withheld=() if release.total else sentences([release], [title], inp.threshold),
        blocks=(TextBlock(_summary(questions, voters)), _table(questions)),
        highlights=Highlights(took_part=took_part, count=voters, top=top),
    )


def qa_method_notes(inp: ReportInput) -> list[str]:
    """How a Q&A step's figures were found, if the workshop had one."""
    if not any(step.kind == "qa" for step in inp.steps):
        return []
    return [
        _(
            "Questions and answers: every participant could upvote each question of others "
            "once. Upvotes are shown only if at least %(k)s people upvoted in the step; "
            "otherwise the questions are listed in the order they were asked. Questions "
            "hidden by the facilitator are not included.",
            k=inp.threshold,
        )
    ]
