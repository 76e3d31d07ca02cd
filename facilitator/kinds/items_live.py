"""The live views of the risk assessment's kinds: what a risk or actions step may take over
from earlier steps, and how the proposals of an actions step stand towards the action plan."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from .. import assessment as ar
from ..extensions import db
from ..live.content import StepContent
from ..sessions.assessment_data import items_of, summarise_step, summary_json
from ..sessions.models import ActionItem, Note

# how the statements or hazards taken over from an earlier step were summarised there: a
# check's statements answered yes/no, a risk step's hazards rated
SUMMARY_OF_ORIGIN = {"check": ar.CHECKED, "risk": ar.RATED}


def candidates(
    content: StepContent, sources: Sequence[tuple[str, str | None]]
) -> list[dict[str, Any]]:
    """What the facilitator may take over into this step, each with whether it is taken.

    :param sources: (origin, key of the earlier step): "check" for its unmet statements,
        "note" for a board's notes, "risk" for a risk step's rated hazards
    """
    ws = content.ws
    taken = {(item.origin, item.source_id) for item in content.items if item.enabled}
    found: list[dict[str, Any]] = []
    for origin, key in sources:
        source = next((s for s in ws.steps if key is not None and s.key == key), None)
        if source is None:
            continue
        if origin == "note":
            rows = db.session.execute(
                select(Note.id, Note.text).where(
                    Note.step_id == source.id,
                    Note.hidden.is_(False),
                    Note.pending.is_(False),
                    Note.merged_into_id.is_(None),
                )
            )
            found += [
                {
                    "origin": origin,
                    "id": note_id,
                    "text": {"de": text, "en": text},
                    "taken": (origin, note_id) in taken,
                }
                for note_id, text in rows
            ]
            continue
        items = [item for item in items_of(source.id) if item.enabled]
        rules = ar.StepRules.from_settings(SUMMARY_OF_ORIGIN[origin], source.settings)
        summaries = summarise_step(ws, source, rules, items=items)
        for item in items:
            found.append(
                {
                    "origin": origin,
                    "id": item.id,
                    "text": item.text,
                    "taken": (origin, item.id) in taken,
                    "result": summary_json(summaries[item.id], with_groups=False),
                }
            )
    return found


def add_handover(content: StepContent, snapshot: dict[str, Any]) -> None:
    """The risk step's matrix (to read its hazards' figures), and for each proposal whether it
    is in the action plan already and the STOP type it names."""
    ws = content.ws
    source = next(s for s in ws.steps if s.key == content.step.settings["source"])
    snapshot["source_matrix"] = source.settings.get("matrix")
    taken = set(
        db.session.scalars(
            select(ActionItem.note_id).where(
                ActionItem.ws_id == ws.id, ActionItem.note_id.is_not(None)
            )
        )
    )
    for note in snapshot["notes"]:
        note["in_plan"] = note["id"] in taken
        note["stop_type"] = ar.proposal_stop_type(note["text"])[0]
