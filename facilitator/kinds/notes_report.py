"""Report sections of the note kinds: `info`, `board`, `canvas` and `dot_vote`.

Pure like `reports/build.py`: each builder turns the loaded input into a `StepSection` whose
blocks every format draws; dots reach the blocks only through the step's gate.
"""

from __future__ import annotations

from dataclasses import replace

from flask_babel import gettext as _
from flask_babel import ngettext

from .. import disclosure
from ..catalog import localize
from ..reports.blocks import (
    TOP,
    Block,
    NoteColumn,
    NoteEntry,
    NotesBlock,
    RankedBar,
    RankingBlock,
    TableBlock,
    TextBlock,
)
from ..reports.cells import Annotated, Cell, count_cell, number
from ..reports.data import GroupCount, GroupFigures, Highlights, RankedNote, ReportNote, StepSection
from ..reports.gated import cells, figures, other_groups_label, sentences
from ..reports.inputs import ReportInput, StepInput
from ..reports.section_base import base_section, column_titles, heading_of, shown_notes
from ..rules import surveys
from ..rules.session import ranking as rank_notes
from ..rules.session import root_of

TOP_NOTES = 5  # of a dot vote, in the summary


def info_section(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    link = step.settings.get("link")
    text = _("Input given to the participants.") + (f" {link}" if link else "")
    return replace(base_section(inp, step), link=link, blocks=(TextBlock(text, tone="help"),))


def notes_block(columns: tuple[str, ...], notes: tuple[ReportNote, ...]) -> NotesBlock:
    """Notes by column; where a column has more than PDF and DOCX show, where the rest is."""
    found = []
    for title in columns:
        entries = tuple(NoteEntry(n.text, n.merged) for n in notes if n.column == title)
        more = ""
        if len(entries) > TOP:
            more = _(
                "The %(top)s notes above come first (merged duplicates first); all "
                "%(all)s are in the annex and the XLSX file.",
                top=TOP,
                all=len(entries),
            )
        found.append(NoteColumn(title, entries, more))
    return NotesBlock(tuple(found), empty=_("No notes yet."), merged_label=_("Merged:"))


def notes_highlights(inp: ReportInput, step: StepInput, notes: int) -> Highlights:
    line = ""
    if notes:
        line = _("%(title)s: %(notes)s notes", title=heading_of(inp, step), notes=number(notes))
    return Highlights(took_part=line, count=notes)


def board_section(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    titles = column_titles(step, inp.language)
    notes = [n for n in inp.notes if n.step_key == step.key]
    shown = shown_notes(notes)
    order = list(titles)
    shown.sort(key=lambda item: order.index(item[0].column) if item[0].column in order else 99)
    words: tuple[tuple[str, int], ...] = ()
    if step.settings.get("view") == "words":
        words = tuple(surveys.fold_words([n.text for n in notes if not n.hidden]))
    report_notes = tuple(
        ReportNote(text=note.text, column=titles.get(note.column, note.column), merged=merged)
        for note, merged in shown
    )
    columns = tuple(titles.values())
    blocks: list[Block] = []
    if words:
        line = " · ".join(f"{word} ({count})" for word, count in words)
        blocks.append(TextBlock(line, label=_("Word cloud")))
    blocks.append(notes_block(columns, report_notes))
    return replace(
        base_section(inp, step),
        columns=columns,
        notes=report_notes,
        words=words,
        blocks=tuple(blocks),
        highlights=notes_highlights(inp, step, len(report_notes)),
    )


def _by_group(
    values: dict[str, int], release: disclosure.Release, columns: GroupFigures
) -> tuple[GroupCount, ...]:
    """Counts per released column (the pool summed), empty where the row withholds one."""
    released: dict[str | None, GroupCount] = {
        g: GroupCount(g, values.get(g, 0)) for g in release.shown
    }
    if release.pooled:
        pool = sum(values.get(g, 0) for g in release.pooled)
        released[None] = GroupCount(other_groups_label(), pool)
    return cells(columns, release, released, lambda label: GroupCount(label, None))


def _vote_summary(section: StepSection) -> str:
    if section.dots_total is None:  # the tally is withheld: say so instead of a count
        return _(
            "%(voters)s people voted; too few to show their dots (see the method notes).",
            voters=section.voters,
        )
    return _(
        "%(voters)s people spent %(dots)s dots (each up to %(budget)s, at most %(max)s per note).",
        voters=section.voters,
        dots=section.dots_total,
        budget=section.budget,
        max=section.max_per_note,
    )


def _vote_highlights(inp: ReportInput, step: StepInput, section: StepSection) -> Highlights:
    line = _(
        "%(title)s: %(num)s of %(total)s people voted",
        title=heading_of(inp, step),
        num=number(section.voters or 0),
        total=number(sum(inp.participants_by_group.values())),
    )
    if section.dots_total is not None:
        line += " – " + ngettext(
            "%(count)s dot", "%(count)s dots", section.dots_total, count=number(section.dots_total)
        )
    top = tuple(
        ngettext(
            "%(rank)s. %(text)s – %(count)s dot",
            "%(rank)s. %(text)s – %(count)s dots",
            row.dots,
            count=number(row.dots),
            rank=row.rank,
            text=row.text,
        )
        for row in section.ranking[:TOP_NOTES]
    )
    return Highlights(took_part=line, count=section.voters, top=top)


def _ranking_blocks(section: StepSection) -> tuple[Block, ...]:
    """The ranking as bars (per released group too) and as a table."""
    groups = section.groups.columns if section.groups else ()
    bars = RankingBlock(
        title=section.title,
        bars=tuple(
            RankedBar(row.rank, row.text, row.dots, tuple(g.value for g in row.by_group))
            for row in section.ranking
        ),
        groups=groups,
        all_label=_("All"),
    )
    header = (_("Rank"), _("Note"), _("Column"), _("Dots"), *groups)
    merged = _("Merged:")
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (
            row.rank,
            Annotated(row.text, f"{merged} {' · '.join(row.merged)}" if row.merged else ""),
            row.column,
            row.dots,
            *(count_cell(g.value) for g in row.by_group),
        )
        for row in section.ranking
    )
    more = ""
    if len(rows) > TOP:
        more = _(
            "The top %(top)s of %(all)s notes; the full ranking is in the annex and the XLSX file.",
            top=TOP,
            all=len(rows),
        )
    table = TableBlock(
        header, rows, top=TOP, more=more, lists=tuple(row.text for row in section.ranking)
    )
    return (bars, table)


def dot_vote_section(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    """The ranking with dots per released group. A dot vote is one figure per group (how its
    voters spent their dots), so one release, from the voters per group, covers every note;
    with fewer than k voters the notes are listed without dots or rank."""
    source = next(s for s in inp.steps if s.key == step.settings["source"])
    titles = column_titles(source, inp.language)
    allowed = step.settings.get("columns") or list(titles)
    notes = [n for n in inp.notes if n.step_key == source.key and n.column in allowed]
    parents = {note.id: note.merged_into for note in notes}
    release = gate.release(inp.people.get(step.key, {}))
    columns = figures([release], inp.groups)
    shown = shown_notes(notes)
    base = replace(
        base_section(inp, step),
        columns=tuple(titles[c] for c in allowed if c in titles),
        budget=step.settings["budget"],
        max_per_note=step.settings["max_per_note"],
        voters=inp.voters.get(step.key, 0),
        withheld=sentences([release], [localize(step.title, inp.language)], inp.threshold),
    )
    if not release.total:  # too few voters: the notes, without dots or order (the gate)
        section = replace(
            base,
            notes=tuple(
                ReportNote(text=n.text, column=titles.get(n.column, n.column), merged=m)
                for n, m in shown
            ),
        )
        return replace(
            section,
            blocks=(TextBlock(_vote_summary(section)), notes_block(section.columns, section.notes)),
            highlights=_vote_highlights(inp, step, section),
        )
    per_group: dict[int, dict[str, int]] = {}
    for dot in inp.dots:
        if dot.step_key == step.key and dot.note_id in parents:
            root = root_of(dot.note_id, parents)
            groups = per_group.setdefault(root, {})
            groups[dot.group] = groups.get(dot.group, 0) + dot.dots
    totals = {note.id: sum(per_group.get(note.id, {}).values()) for note, _ in shown}
    ranking = rank_notes([note.id for note, _ in shown], totals)
    by_id = {note.id: (note, merged) for note, merged in shown}
    ranked = []
    for rank, (note_id, dots) in enumerate(ranking, start=1):
        note, merged = by_id[note_id]
        ranked.append(
            RankedNote(
                rank=rank,
                text=note.text,
                column=titles.get(note.column, note.column),
                dots=dots,
                by_group=_by_group(per_group.get(note_id, {}), release, columns),
                merged=merged,
            )
        )
    section = replace(base, ranking=tuple(ranked), groups=columns, dots_total=sum(totals.values()))
    return replace(
        section,
        blocks=(TextBlock(_vote_summary(section)), *_ranking_blocks(section)),
        highlights=_vote_highlights(inp, step, section),
    )


def dot_vote_method_notes(inp: ReportInput) -> list[str]:
    """How a dot vote's figures were found, if the workshop had one."""
    if not any(step.kind == "dot_vote" for step in inp.steps):
        return []
    return [
        _(
            "Dot voting: every participant had a fixed budget of dots and could put several "
            "dots on one note up to a limit. Duplicate notes merged by the facilitator are "
            "shown once; their dots are added up. Notes hidden by the facilitator are not "
            "included."
        )
    ]
