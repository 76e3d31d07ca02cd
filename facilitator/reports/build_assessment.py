"""Report sections of the risk assessment (`check`, `risk`, `actions`) and the action plan.

Registered into `build.SECTIONS`; pure like `build.py`. Results come from the same rules the
live views use (`facilitator.assessment`), with the report's anonymity plan.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TypeVar

from flask_babel import gettext as _

from .. import assessment as ar
from .. import disclosure
from ..catalog import localize
from . import gated
from .data import (
    ActionRow,
    GroupFigures,
    GroupResult,
    HazardRow,
    MatrixInfo,
    ReportNote,
    RiskClassInfo,
    SpreadRow,
    StatementRow,
    StepSection,
)
from .load import ItemInput, ReportInput, StepInput
from .section_base import base_section, gate_of, shown_notes

T = TypeVar("T")

POOL = "\x00pool"  # internal label of the pooled groups, replaced by the translated one


def origin_label(origin: str) -> str:
    return {
        "template": _("catalogue"),
        "own": _("added in the workshop"),
        "check": _("unmet statement"),
        "note": _("participants' note"),
        "risk": _("rated hazard"),
    }.get(origin, origin)


def stop_label(stop_type: str) -> str:
    return {
        "S": _("Substitution"),
        "T": _("Technical"),
        "O": _("Organisational"),
        "P": _("Personal"),
    }.get(stop_type, stop_type)


def priority_label(priority: str) -> str:
    return {"high": _("high"), "medium": _("medium"), "low": _("low")}.get(priority, priority)


def status_label(status: str) -> str:
    return {
        "open": _("open"),
        "in_progress": _("in progress"),
        "done": _("done"),
        "dropped": _("dropped"),
    }.get(status, status)


def hazard_text(item: ItemInput, lang: str) -> str:
    """A hazard as the report names it: an unmet check statement taken over says so."""
    text = localize(item.text, lang)
    return _("Not met: %(statement)s", statement=text) if item.origin == "check" else text


def _items(inp: ReportInput, step: StepInput) -> list[ItemInput]:
    return [item for item in inp.items if item.step_key == step.key and item.enabled]


def summarise(
    inp: ReportInput, step: StepInput, gate: disclosure.Gate
) -> tuple[list[ItemInput], dict[int, ar.ItemSummary]]:
    """The step's enabled items, each summarised through the gate."""
    items = _items(inp, step)
    summaries = ar.summarise(
        ar.StepRules.from_settings(step.kind, step.settings),
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
        (None if name == POOL else name): make(_label(name), result)
        for name, result in summary.by_group.items()
    }
    return gated.cells(columns, summary.release, values, empty)


def _label(name: str) -> str:
    return gated.other_groups_label() if name == POOL else name


def _matrix_info(settings: dict[str, object], lang: str) -> MatrixInfo | None:
    raw = settings.get("matrix")
    if not isinstance(raw, dict):
        return None
    matrix = ar.Matrix.from_settings(raw)
    return MatrixInfo(
        name=localize(matrix.name, lang),
        likelihood=tuple(localize(label, lang) for label in matrix.likelihood),
        severity=tuple(localize(label, lang) for label in matrix.severity),
        table=matrix.table,
        classes=tuple(
            RiskClassInfo(c.key, localize(c.label, lang), c.low, c.high) for c in matrix.classes
        ),
    )


def _group_result(label: str, result: ar.Result, lang: str) -> GroupResult:
    base = GroupResult(label=label, n=result.n)
    if result.check is not None:
        return replace(base, no_share=result.check.no_share)
    if result.matrix is not None:
        m = result.matrix
        return replace(
            base,
            likelihood=m.likelihood.median if m.likelihood else None,
            severity=m.severity.median if m.severity else None,
            risk_class=localize(m.risk_class.label, lang) if m.risk_class else None,
        )
    if result.light is not None:
        return replace(
            base, green=result.light.green, yellow=result.light.yellow, red=result.light.red
        )
    return base


def _spread(spread: ar.Spread | None) -> SpreadRow | None:
    if spread is None:
        return None
    return SpreadRow(spread.low, spread.q1, spread.median, spread.q3, spread.high)


def respondents(inp: ReportInput, step: StepInput) -> int:
    """How many distinct people answered at least one item of the step."""
    return sum(inp.people.get(step.key, {}).values())


def _withheld_cell(label: str) -> GroupResult:
    return GroupResult(label=label, n=0, shown=False)


def check_section(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    items, summaries = summarise(inp, step, gate)
    columns, withheld = released(inp, items, summaries)
    carried = {item.source_id for item in inp.items if item.origin == "check" and item.enabled}
    rows = []
    for item in items:
        summary = summaries[item.id]
        if summary.total is None:
            continue  # too few answers: named in `withheld`
        check = summary.total.check
        assert check is not None
        rows.append(
            StatementRow(
                area=localize(item.area, inp.language),
                text=localize(item.text, inp.language),
                yes=check.yes,
                no=check.no,
                not_applicable=check.not_applicable,
                no_share=check.no_share,
                unmet=summary.flagged,
                carried=item.id in carried,
                by_group=group_cells(
                    columns,
                    summary,
                    lambda label, result: _group_result(label, result, inp.language),
                    _withheld_cell,
                ),
            )
        )
    return replace(
        base_section(inp, step),
        statements=tuple(rows),
        groups=columns,
        respondents=respondents(inp, step),
        withheld=withheld,
    )


def hazard_refs(inp: ReportInput) -> dict[int, tuple[str, str]]:
    """Every rated hazard's reference ("4.2": step 4, priority 2) and text, by item id."""
    refs: dict[int, tuple[str, str]] = {}
    for step in inp.steps:
        if step.kind != "risk":
            continue
        items, summaries = summarise(inp, step, gate_of(inp, step))
        for rank, item_id in enumerate(_order(items, summaries), start=1):
            item = next(i for i in items if i.id == item_id)
            refs[item_id] = (f"{step.position + 1}.{rank}", hazard_text(item, inp.language))
    return refs


def _order(items: list[ItemInput], summaries: dict[int, ar.ItemSummary]) -> list[int]:
    return ar.prioritised(summaries, [item.id for item in items])


def risk_section(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    items, summaries = summarise(inp, step, gate)
    columns, withheld = released(inp, items, summaries)
    by_id = {item.id: item for item in items}
    rows = []
    for rank, item_id in enumerate(_order(items, summaries), start=1):
        item, summary = by_id[item_id], summaries[item_id]
        total = summary.total
        if total is None:
            continue  # too few ratings: named in `withheld`, ranked last
        row = HazardRow(
            rank=rank,
            ref=f"{step.position + 1}.{rank}",
            text=hazard_text(item, inp.language),
            area=localize(item.area, inp.language),
            origin=origin_label(item.origin),
            n=total.n,
            prioritised=summary.flagged,
            disagreement=summary.disagreement,
            by_group=group_cells(
                columns,
                summary,
                lambda label, result: _group_result(label, result, inp.language),
                _withheld_cell,
            ),
        )
        if total.matrix is not None:
            m = total.matrix
            row = replace(
                row,
                likelihood=_spread(m.likelihood),
                severity=_spread(m.severity),
                figure=m.figure,
                risk_class=localize(m.risk_class.label, inp.language) if m.risk_class else None,
                class_key=m.risk_class.key if m.risk_class else None,
            )
        if total.light is not None:
            row = replace(
                row, green=total.light.green, yellow=total.light.yellow, red=total.light.red
            )
        rows.append(row)
    return replace(
        base_section(inp, step),
        hazards=tuple(rows),
        mode=step.settings["mode"],
        matrix=_matrix_info(step.settings, inp.language),
        groups=columns,
        respondents=respondents(inp, step),
        withheld=withheld,
    )


def actions_section(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    """The measures participants proposed, per hazard (as columns, like a board)."""
    items = _items(inp, step)
    titles = {f"i{item.id}": localize(item.text, inp.language) for item in items}
    notes = [n for n in inp.notes if n.step_key == step.key]
    shown = shown_notes(notes)
    order = list(titles)
    shown.sort(key=lambda pair: order.index(pair[0].column) if pair[0].column in order else 99)
    return replace(
        base_section(inp, step),
        columns=tuple(titles.values()),
        notes=tuple(
            ReportNote(text=note.text, column=titles.get(note.column, ""), merged=merged)
            for note, merged in shown
            if note.column in titles
        ),
    )


def measure_numbers(hazard_refs_in_order: Sequence[str]) -> list[str]:
    """Each measure's number, unique in the plan: its hazard's reference and a running number
    per hazard ("4.1.1", "4.1.2" for two measures against hazard 4.1), or a running number of
    its own ("1", "2") for a measure without a rated hazard."""
    seen: dict[str, int] = {}
    numbers = []
    for ref in hazard_refs_in_order:
        seen[ref] = seen.get(ref, 0) + 1
        numbers.append(f"{ref}.{seen[ref]}" if ref else str(seen[ref]))
    return numbers


def action_plan(inp: ReportInput) -> tuple[ActionRow, ...]:
    refs = hazard_refs(inp)
    texts = {item.id: localize(item.text, inp.language) for item in inp.items}
    found = [
        refs.get(action.hazard_id or 0, ("", texts.get(action.hazard_id or 0, "")))
        for action in inp.actions
    ]
    numbers = measure_numbers([ref for ref, _hazard in found])
    rows = []
    for action, (ref, hazard), number in zip(inp.actions, found, numbers, strict=True):
        rows.append(
            ActionRow(
                ref=number,
                hazard_ref=ref,
                hazard=hazard,
                measure=action.measure,
                stop_type=action.stop_type,
                stop_label=stop_label(action.stop_type),
                priority=priority_label(action.priority),
                expertise=action.expertise,
                responsible=action.responsible,
                budget=action.budget,
                start_on=action.start_on,
                due_on=action.due_on,
                effectiveness=action.effectiveness,
                status=status_label(action.status),
            )
        )
    return tuple(rows)


def _light_question(step: StepInput, lang: str) -> str:
    """The question the phones asked (the template's own, or the default hazard question)."""
    question = step.settings.get("question")
    return localize(question, lang) if question else _("How serious is this?")


def _light_labels(step: StepInput, lang: str) -> list[str]:
    """The labels of green, yellow and red as the phones showed them."""
    lights = step.settings.get("lights")
    if lights:
        return [localize(label, lang) for label in lights]
    return [
        _("Green: low, no action needed"),
        _("Yellow: medium, monitor"),
        _("Red: high, action needed"),
    ]


def method_notes(inp: ReportInput) -> list[str]:
    """How the risk assessment's figures were found, for the report's method section."""
    kinds = {step.kind for step in inp.steps}
    notes = []
    for step in inp.steps:
        if step.kind == "check":
            notes.append(
                _(
                    "Check “%(title)s”: statements were answered Yes, No or Not applicable. A "
                    "statement counts as unmet when at least %(percent)s %% of those who could "
                    "judge it (Yes or No) answered No; the facilitator decided which unmet "
                    "statements were assessed as hazards.",
                    title=localize(step.title, inp.language),
                    percent=step.settings["min_no_percent"],
                )
            )
    if "risk" in kinds:
        notes.append(
            _(
                "Ratings are ordinal and were never averaged: each hazard shows the median of "
                "all ratings (with an even number of ratings the higher of the two middle values, "
                "the cautious choice) and the spread from the lowest to the highest rating. "
                "Participants could skip a hazard they could not judge; a changed rating counts "
                "once."
            )
        )
        for step in inp.steps:
            info = _matrix_info(step.settings, inp.language) if step.kind == "risk" else None
            if info is not None:
                classes = ", ".join(f"{c.label} {c.low}–{c.high}" for c in info.classes)
                notes.append(
                    _(
                        "“%(title)s” used the %(matrix)s: the medians of likelihood and "
                        "severity point to a cell of the table, which gives the risk figure; "
                        "classes: %(classes)s.",
                        title=localize(step.title, inp.language),
                        matrix=info.name,
                        classes=classes,
                    )
                )
                if step.settings["matrix"] == ar.default_matrix():
                    notes.append(
                        _(
                            "The default table (risk figure = likelihood + severity - 1) is a "
                            "neutral placeholder: the cell values of Nohl's original figure "
                            "could not be verified."
                        )
                    )
            elif step.kind == "risk":
                notes.append(
                    _(
                        "“%(title)s” used a traffic light, reported as a distribution: "
                        "“%(question)s” – %(lights)s.",
                        title=localize(step.title, inp.language),
                        question=_light_question(step, inp.language),
                        lights="; ".join(_light_labels(step, inp.language)),
                    )
                )
        notes.append(
            _(
                "Groups disagree markedly when the medians of two groups shown lie at least "
                "%(gap)s steps apart (on the risk figure or on the traffic light); such "
                "disagreement is often the most important result and is flagged.",
                gap=min(
                    (s.settings["disagreement_gap"] for s in inp.steps if s.kind == "risk"),
                    default=2,
                ),
            )
        )
    if inp.actions or "actions" in kinds:
        notes.append(
            _(
                "Measures follow the STOP principle (§ 4 ArbSchG): Substitution before "
                "Technical before Organisational before Personal measures, because measures at "
                "the source protect everyone without depending on each person's behaviour."
            )
        )
    return notes
