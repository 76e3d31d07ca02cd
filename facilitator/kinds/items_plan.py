"""The action plan of a risk assessment and the method notes of its kinds (`check`, `risk`,
`actions`). Pure like `reports/build.py`."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _

from ..catalog import localize
from ..reports.data import ActionRow
from ..reports.inputs import ReportInput, StepInput
from ..rules import assessment as ar
from .items_report import hazard_refs, matrix_info


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


def check_method_notes(inp: ReportInput) -> list[str]:
    """How each check step's unmet statements were found, for the report's method section."""
    return [
        _(
            "Check “%(title)s”: statements were answered Yes, No or Not applicable. A "
            "statement counts as unmet when at least %(percent)s %% of those who could "
            "judge it (Yes or No) answered No; the facilitator decided which unmet "
            "statements were assessed as hazards.",
            title=localize(step.title, inp.language),
            percent=step.settings["min_no_percent"],
        )
        for step in inp.steps
        if step.kind == "check"
    ]


def risk_method_notes(inp: ReportInput) -> list[str]:
    """How the risk steps' ratings were summarised, if the workshop rated hazards."""
    notes = []
    if any(step.kind == "risk" for step in inp.steps):
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
            info = matrix_info(step.settings, inp.language) if step.kind == "risk" else None
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
    return notes


def actions_method_notes(inp: ReportInput) -> list[str]:
    """The STOP principle, if the workshop proposed measures or has an action plan."""
    if not inp.actions and not any(step.kind == "actions" for step in inp.steps):
        return []
    return [
        _(
            "Measures follow the STOP principle (§ 4 ArbSchG): Substitution before "
            "Technical before Organisational before Personal measures, because measures at "
            "the source protect everyone without depending on each person's behaviour."
        )
    ]
