"""Named state changes of the risk assessment: statements and hazards (items), participants'
answers, carrying hazards from step to step, and the action plan.

Like `services.py`: load, check the rules, mutate, flush; the boundary commits once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select

from .. import errors, kinds
from ..catalog.spec import LANGUAGES
from ..change import EVERYONE, NOBODY, VIEWS, Change
from ..extensions import db
from ..queries import answer_data
from ..rules import assessment as ar
from . import hot_sql as sql
from . import services
from .forms import WholeAnswerForm
from .models import (
    ActionItem,
    Answer,
    Note,
    SessionStep,
    StepItem,
    StepLike,
    WorkshopSession,
)
from .services import Acting, OpenStep

STOP_TYPES = ar.STOP_TYPES
PRIORITIES = ("high", "medium", "low")
STATUSES = ("open", "in_progress", "done", "dropped")


def dimensions(step: StepLike) -> dict[str, int]:
    """The dimensions a step's items are answered in, each with its highest value."""
    return kinds.get_kind(step.kind).dimensions(step.settings)


# --- participants' answers -----------------------------------------------------------------


def set_answer(
    participant: Acting, step_id: int, item_id: int, dimension: str, value: int, key: str
) -> Change:
    """Answer a statement or rate a hazard in one dimension; a changed answer replaces the
    earlier one (one row per participant, item and dimension, held by a unique constraint and
    an upsert, so concurrent emits never count twice).

    :raises StepClosed, WrongStepKind, ValueOutOfRange, UnknownItem, and the kind's own error
        for an answer its other answers limit (`StepKind.check_answer`)
    """
    found = _answerable(participant, key, step_id, dimension)
    if isinstance(found, Change):
        return found  # done before under this key
    step, allowed = found
    if not 1 <= value <= allowed[dimension]:
        raise errors.ValueOutOfRange()
    item = _asked_item(step, item_id)
    kinds.get_kind(step.kind).check_answer(step, item.id, participant.id, dimension, value)
    insert = sql.dialect_insert()
    db.session.execute(
        insert(Answer)
        .values(
            step_id=step.id,
            item_id=item.id,
            participant_id=participant.id,
            group=participant.group,
            dimension=dimension,
            value=value,
        )
        .on_conflict_do_update(
            index_elements=["item_id", "participant_id", "dimension"], set_={"value": value}
        )
    )
    return services.record(participant, key, item.id)


def set_whole(participant: Acting, step_id: int, values: Sequence[int], key: str) -> Change:
    """Save a whole set of answers at once (a ranking: every option's place): the kind checks
    that it answers every asked item (`StepKind.whole_answer`); one statement writes them all
    and replaces an earlier set, so a half-saved ranking is never counted.

    :raises StepClosed, WrongStepKind, and the kind's error for a set that is not whole
    """
    found = _answerable(participant, key, step_id, None, whole=True)
    if isinstance(found, Change):
        return found  # done before under this key
    step, allowed = found
    kind = kinds.get_kind(step.kind)
    dimension = kind.whole_dimension
    assert dimension is not None
    asked = db.session.scalars(
        select(StepItem.id)
        .where(StepItem.step_id == step.id, StepItem.enabled.is_(True))
        .order_by(StepItem.position)
    )
    answers = kind.whole_answer(values, list(asked))
    if any(not 1 <= value <= allowed[dimension] for value in answers.values()):
        raise errors.ValueOutOfRange()
    insert = sql.dialect_insert()
    statement = insert(Answer).values(
        [
            {
                "step_id": step.id,
                "item_id": item_id,
                "participant_id": participant.id,
                "group": participant.group,
                "dimension": dimension,
                "value": value,
            }
            for item_id, value in answers.items()
        ]
    )
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["item_id", "participant_id", "dimension"],
            set_={"value": statement.excluded.value},
        )
    )
    return services.record(participant, key, None)


def save_whole(participant: Acting, form: WholeAnswerForm) -> Change:
    """A kind's own event that saves a whole answer (the ranking's `rank:set`): `set_whole`
    with the step, values and key of the validated payload. Kinds name it as their action's
    operation (`kinds.base.WHOLE_ANSWER`), and `events.py` registers it for them."""
    return set_whole(participant, form.step_id.data, form.values(), form.key.data)


def skip_item(
    participant: Acting, step_id: int, item_id: int, key: str, dimension: str | None = None
) -> Change:
    """Remove one's answers to an item ("I cannot judge this"), all its dimensions or one
    (untick one option of a multiple choice)."""
    found = _answerable(participant, key, step_id, dimension)
    if isinstance(found, Change):
        return found
    step, _allowed = found
    item = _asked_item(step, item_id)
    mine = (Answer.item_id == item.id, Answer.participant_id == participant.id)
    only = (Answer.dimension == dimension,) if dimension is not None else ()
    db.session.execute(
        delete(Answer).where(*mine, *only).execution_options(synchronize_session=False)
    )
    return services.record(participant, key, item.id)


def _answerable(
    participant: Acting, key: str, step_id: int, dimension: str | None, whole: bool = False
) -> tuple[OpenStep, dict[str, int]] | Change:
    """The open step answered in, and its dimensions; `dimension` (if given) must be one, and
    a kind that takes its answers as a whole takes them only so (`whole`). The earlier outcome
    if this key was used before."""
    step = services.open_step(participant, key, step_id)
    if isinstance(step, Change):
        return step
    kind = kinds.get_kind(step.kind)
    allowed = kind.dimensions(step.settings)
    if not allowed or (kind.whole_dimension is not None) != whole:
        raise errors.WrongStepKind()
    if dimension is not None and dimension not in allowed:
        raise errors.ValueOutOfRange()
    return step, allowed


def _asked_item(step: StepLike, item_id: int) -> StepItem:
    item = db.session.get(StepItem, item_id)
    if item is None or item.step_id != step.id or not item.enabled:
        raise errors.UnknownItem()
    return item


# --- the facilitator's items ---------------------------------------------------------------


def _items_step(ws: WorkshopSession, step_id: int) -> SessionStep:
    step = next((s for s in ws.steps if s.id == step_id), None)
    if step is None or not kinds.get_kind(step.kind).has_items:
        raise errors.NotFound()
    return step


def _session_item(ws: WorkshopSession, item_id: int) -> StepItem:
    item = db.session.get(StepItem, item_id)
    if item is None or item.step_id not in {s.id for s in ws.steps}:
        raise errors.UnknownItem()
    return item


def _next_position(step_id: int) -> int:
    last = db.session.scalar(select(func.max(StepItem.position)).where(StepItem.step_id == step_id))
    return 0 if last is None else last + 1


def add_own_item(ws: WorkshopSession, step_id: int, text: str, area: str = "") -> Change:
    """The facilitator adds an own statement (check) or hazard (risk), in the room's words."""
    step = _items_step(ws, step_id)
    kind = kinds.get_kind(step.kind)
    if not kind.own_items:
        raise errors.WrongStepKind()
    db.session.add(
        StepItem(
            step_id=step.id,
            position=_next_position(step.id),
            origin="own",
            source_id=None,
            area={lang: area for lang in LANGUAGES} if area else None,
            text={lang: text for lang in LANGUAGES},
            attributes=kind.item_attributes({}),
        )
    )
    return services.changed(ws, EVERYONE)


def set_item_enabled(ws: WorkshopSession, item_id: int, enabled: bool) -> Change:
    """Switch a statement or hazard off (it is no longer asked; answers stay) or on again."""
    _session_item(ws, item_id).enabled = enabled
    return services.changed(ws, EVERYONE)


def take_over(ws: WorkshopSession, step_id: int, origin: str, source_id: int) -> Change:
    """Carry an unmet check statement or a board's note into a risk step as a hazard, or a rated
    hazard into an actions step; taking the same one twice switches it on again."""
    step = _items_step(ws, step_id)
    area, text = _source_text(ws, step, origin, source_id)
    existing = db.session.scalar(
        select(StepItem).where(
            StepItem.step_id == step.id, StepItem.origin == origin, StepItem.source_id == source_id
        )
    )
    if existing is not None:
        existing.enabled = True
    else:
        db.session.add(
            StepItem(
                step_id=step.id,
                position=_next_position(step.id),
                origin=origin,
                source_id=source_id,
                area=area,
                text=text,
            )
        )
    return services.changed(ws, EVERYONE)


def _source_text(
    ws: WorkshopSession, step: SessionStep, origin: str, source_id: int
) -> tuple[dict[str, str] | None, dict[str, str]]:
    """The area and text of what is taken over, after checking it may be taken into `step`."""
    source_key = kinds.get_kind(step.kind).take_over_sources(step.settings).get(origin)
    source_step = next((s for s in ws.steps if s.key == source_key), None)
    if source_step is None:
        raise errors.WrongStepKind()
    if origin == "note":
        note = db.session.get(Note, source_id)
        if note is None or note.step_id != source_step.id or note.hidden or note.pending:
            raise errors.UnknownNote()
        return None, {lang: note.text for lang in LANGUAGES}
    item = db.session.get(StepItem, source_id)
    if item is None or item.step_id != source_step.id:
        raise errors.UnknownItem()
    return item.area, item.text


def goto(ws: WorkshopSession, position: int) -> Change:
    """Move to a step like `services.goto_step`; a risk or actions step entered for the first
    time takes over what the default rule suggests (unmet statements, prioritised hazards),
    which the facilitator can then switch off or extend."""
    moved = services.goto_step(ws, position)
    step = ws.current_step
    kind = kinds.get_kind(step.kind)
    origin = kind.taken_on_entering(step.settings)
    if origin is None:
        return moved
    taken = db.session.scalar(
        select(func.count()).where(StepItem.step_id == step.id, StepItem.origin == origin)
    )
    if taken:
        return moved
    source_key = kind.take_over_sources(step.settings)[origin]
    source = next(s for s in ws.steps if s.key == source_key)
    source_kind = kinds.get_kind(source.kind)
    summaries = answer_data.summarise_step(ws, source, source_kind.step_rules(source.settings))
    items = answer_data.items_of(source.id)
    ids = [item.id for item in items]
    # rated hazards are taken from the highest risk down, statements in their order
    order = ar.prioritised(summaries, ids) if source_kind.rates_hazards else ids
    by_id = {item.id: item for item in items}
    for item_id in order:
        if by_id[item_id].enabled and summaries[item_id].flagged:
            take_over(ws, step.id, origin, item_id)
    return services.changed(ws, EVERYONE)


# --- the action plan -----------------------------------------------------------------------


def add_action(
    ws: WorkshopSession,
    hazard_id: int | None,
    values: dict[str, Any],
    note_id: int | None = None,
) -> Change:
    """A new row of the action plan, for a hazard of this workshop or none."""
    if hazard_id is not None:
        _session_item(ws, hazard_id)
    last = db.session.scalar(select(func.max(ActionItem.position)).where(ActionItem.ws_id == ws.id))
    action = ActionItem(
        ws_id=ws.id,
        hazard_id=hazard_id,
        note_id=note_id,
        position=0 if last is None else last + 1,
    )
    _apply(action, values)
    db.session.add(action)
    return services.changed(ws, NOBODY)


def action_from_note(ws: WorkshopSession, note_id: int, stop_type: str | None = None) -> Change:
    """Turn a participant's proposed measure into a row of the action plan, for its hazard.

    Once only: a proposal already in the plan changes nothing (a second click, a resent form;
    the unique `note_id` holds it under a race too). The STOP type is the one chosen, else the
    one the proposal names with a prefix ("T: …"), else organisational; the prefix itself is
    not part of the measure.
    """
    note = db.session.get(Note, note_id)
    step = next((s for s in ws.steps if note is not None and s.id == note.step_id), None)
    if (
        note is None
        or step is None
        or not kinds.get_kind(step.kind).proposes_measures
        or note.hidden
        or note.pending
    ):
        raise errors.UnknownNote()
    if db.session.scalar(select(ActionItem.id).where(ActionItem.note_id == note.id)) is not None:
        return Change(revision=ws.revision, ws_id=ws.id, scope=VIEWS)  # taken over before
    proposed, measure = ar.proposal_stop_type(note.text)
    column_item = db.session.get(StepItem, int(note.column.removeprefix("i")))
    hazard_id = column_item.source_id if column_item is not None else None
    added = add_action(
        ws, hazard_id, {"measure": measure, "stop_type": stop_type or proposed}, note_id=note.id
    )
    return replace(added, scope=VIEWS)  # the control page shows which proposals were taken


def update_action(
    ws: WorkshopSession, action_id: int, hazard_id: int | None, values: dict[str, Any]
) -> Change:
    action = _session_action(ws, action_id)
    if hazard_id is not None:
        _session_item(ws, hazard_id)
    action.hazard_id = hazard_id
    _apply(action, values)
    return services.changed(ws, NOBODY)


def delete_action(ws: WorkshopSession, action_id: int) -> Change:
    db.session.delete(_session_action(ws, action_id))
    return services.changed(ws, NOBODY)


def _session_action(ws: WorkshopSession, action_id: int) -> ActionItem:
    action = db.session.get(ActionItem, action_id)
    if action is None or action.ws_id != ws.id:
        raise errors.UnknownAction()
    return action


def _apply(action: ActionItem, values: dict[str, Any]) -> None:
    text_fields = ("measure", "expertise", "responsible", "budget", "effectiveness")
    for name in text_fields:
        if name in values:
            setattr(action, name, (values[name] or "").strip())
    for name, allowed in (
        ("stop_type", STOP_TYPES),
        ("priority", PRIORITIES),
        ("status", STATUSES),
    ):
        if name in values:
            if values[name] not in allowed:
                raise errors.InvalidPayload({name: ["unknown value"]})
            setattr(action, name, values[name])
    for name in ("start_on", "due_on"):
        if name in values:
            value = values[name]
            if value is not None and not isinstance(value, date):
                raise errors.InvalidPayload({name: ["not a date"]})
            setattr(action, name, value)
    if not action.measure:
        raise errors.InvalidPayload({"measure": ["missing"]})
