"""Editing a session's steps before and during the workshop (add, remove, reorder, reword),
and saving its steps as the facilitator's own template.

A new step's settings go through the same validation as a template file's (the kind's
`parse_settings`), so a step made in the room is as sound as one from `exercises/`.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select, update

from .. import errors, kinds
from ..catalog import CatalogError, ExerciseTemplate
from ..catalog.spec import LANGUAGES, StepSpec
from ..change import EVERYONE, Change
from ..extensions import db
from . import services
from .models import OwnTemplate, SessionStep, StepItem, WorkshopSession


def _both(text: str) -> dict[str, str]:
    return {lang: text for lang in LANGUAGES}


def _spec(step: SessionStep) -> StepSpec:
    return StepSpec(
        step.kind, step.key, step.title, step.prompt, step.facilitator_notes, step.settings
    )


def _references(step: SessionStep) -> set[str]:
    return kinds.get_kind(step.kind).sources(step.settings)


def _step(ws: WorkshopSession, step_id: int) -> SessionStep:
    step = next((s for s in ws.steps if s.id == step_id), None)
    if step is None:
        raise errors.NotFound()
    return step


def raw_settings(kind: str, lines: list[str], extra: Mapping[str, Any]) -> dict[str, Any]:
    """A quick step's settings from the facilitator's lines (columns, options or items) and
    the data of the kinds' own fields, as its kind reads the control page's form; an unknown
    kind gets none (`add_step` refuses it)."""
    found = kinds.KINDS.get(kind)
    return found.raw_settings(lines, extra) if found is not None else {}


def add_step(
    ws: WorkshopSession, kind: str, title: str, prompt: str, raw: dict[str, Any], position: int
) -> Change:
    """Insert a new step at `position` (0 … number of steps); the step shown stays shown.

    :raises InvalidPayload: the settings do not validate (the message names the problem)
    """
    services.require_live(ws)
    found = kinds.KINDS.get(kind)
    if found is None or not found.editable:
        raise errors.WrongStepKind()
    position = max(0, min(position, len(ws.steps)))
    earlier = [_spec(s) for s in ws.steps[:position]]
    try:
        settings = found.settings_of(raw, kind, earlier)
    except CatalogError as error:
        raise errors.InvalidPayload({"settings": [str(error)]}) from None
    _shift(ws, position, +1)
    step = SessionStep(
        ws_id=ws.id,
        position=position,
        kind=kind,
        key=f"{kind}-{secrets.token_hex(3)}",
        title=_both(title),
        prompt=_both(prompt),
        facilitator_notes=None,
        settings=settings,
        is_open=False,
        results_visible=bool(settings.get("results_visible", True)),
    )
    db.session.add(step)
    db.session.flush()
    services.copy_items(step)
    if position <= ws.current_position and len(ws.steps) > 0:
        ws.current_position += 1
    db.session.expire(ws, ["steps"])
    return services.changed(ws, EVERYONE)


def _shift(ws: WorkshopSession, start: int, by: int) -> None:
    """Move the positions from `start` on by `by`, in two passes so that the unique
    (session, position) constraint never sees two steps at one position."""
    moved = [s.id for s in ws.steps if s.position >= start]
    if not moved:
        return
    db.session.execute(
        update(SessionStep)
        .where(SessionStep.id.in_(moved))
        .values(position=-SessionStep.position - 1)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(SessionStep)
        .where(SessionStep.id.in_(moved))
        .values(position=-SessionStep.position - 1 + by)
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()


def delete_step(ws: WorkshopSession, step_id: int) -> Change:
    """Remove a step with everything contributed to it; refused for the last step and for a
    step a later step takes its notes, statements or hazards from."""
    services.require_live(ws)
    step = _step(ws, step_id)
    if len(ws.steps) == 1 or any(step.key in _references(s) for s in ws.steps):
        raise errors.StepInUse()
    position, current = step.position, ws.current_position
    db.session.execute(delete(SessionStep).where(SessionStep.id == step.id))
    db.session.expire_all()
    ws = db.session.get(WorkshopSession, ws.id)  # type: ignore[assignment]
    _shift(ws, position + 1, -1)
    ws = db.session.get(WorkshopSession, ws.id)  # type: ignore[assignment]
    if current > position or current >= len(ws.steps):
        ws.current_position = max(0, current - 1)
    if current == position:
        services.set_step_input(ws.current_step, kinds.get_kind(ws.current_step.kind).has_input)
    return services.changed(ws, EVERYONE)


def move_step(ws: WorkshopSession, step_id: int, by: int) -> Change:
    """Move a step one place up (-1) or down (+1); never before a step it takes from."""
    services.require_live(ws)
    step = _step(ws, step_id)
    target = step.position + by
    if by not in (-1, 1) or not 0 <= target < len(ws.steps):
        raise errors.StepInUse()
    other = ws.steps[target]
    first, second = (other, step) if by == -1 else (step, other)
    if first.key in _references(second):  # `second` would come before what it takes from
        raise errors.StepInUse()
    current_id = ws.current_step.id
    positions = {step.id: target, other.id: step.position}
    db.session.execute(
        update(SessionStep)
        .where(SessionStep.id.in_(positions))
        .values(position=-SessionStep.position - 1)
        .execution_options(synchronize_session=False)
    )
    for moved_id, new in positions.items():
        db.session.execute(
            update(SessionStep)
            .where(SessionStep.id == moved_id)
            .values(position=new)
            .execution_options(synchronize_session=False)
        )
    db.session.expire_all()
    ws = db.session.get(WorkshopSession, ws.id)  # type: ignore[assignment]
    ws.current_position = next(s.position for s in ws.steps if s.id == current_id)
    return services.changed(ws, EVERYONE)


def edit_step(ws: WorkshopSession, step_id: int, title: str, prompt: str) -> Change:
    """Reword a step (in both languages: the facilitator types in the room's language)."""
    step = _step(ws, step_id)
    step.title = _both(title)
    step.prompt = _both(prompt)
    if kinds.get_kind(step.kind).prompt_is_item:  # the question is the prompt
        db.session.execute(
            update(StepItem).where(StepItem.step_id == step.id).values(text=_both(prompt))
        )
    return services.changed(ws, EVERYONE)


# --- own templates -------------------------------------------------------------------------


def _settings_now(step: SessionStep) -> dict[str, Any]:
    """A step's settings with its items as they are now (own ones added, switched-off ones
    off); hazards taken over from a check or a board stay with the session."""
    settings = dict(step.settings)
    kind = kinds.get_kind(step.kind)
    name = kind.item_list
    if name is None:
        return settings
    items = db.session.scalars(
        select(StepItem).where(StepItem.step_id == step.id).order_by(StepItem.position)
    )
    listed = []
    for index, item in enumerate(items):
        if item.origin not in ("template", "own"):
            continue
        entry = kind.saved_item(
            {"key": f"i{index + 1}", "area": item.area, "text": item.text, "enabled": item.enabled},
            item,
        )
        if entry is not None:
            listed.append(entry)
    settings[name] = listed
    return settings


def save_as_template(ws: WorkshopSession, title: str, account_id: int) -> OwnTemplate:
    """Save the session's steps as the own template of the facilitator who asks (the owner or
    a co-facilitator)."""
    template = OwnTemplate(
        owner_id=account_id,
        title=_both(title),
        summary=_both(ws.title),
        duration_minutes=int(ws.template.get("duration_minutes", 60)),
        steps=[
            {
                "kind": s.kind,
                "key": s.key,
                "title": s.title,
                "prompt": s.prompt,
                "facilitator_notes": s.facilitator_notes,
                "settings": _settings_now(s),
            }
            for s in ws.steps
        ],
    )
    db.session.add(template)
    db.session.flush()
    return template


OWN_PREFIX = "own-"


def own_templates(owner_id: int) -> list[OwnTemplate]:
    return list(
        db.session.scalars(
            select(OwnTemplate)
            .where(OwnTemplate.owner_id == owner_id)
            .order_by(OwnTemplate.created_at.desc())
        )
    )


def as_exercise(template: OwnTemplate) -> ExerciseTemplate:
    """An own template in the shape the session factory copies (already validated steps)."""
    return ExerciseTemplate(
        slug=f"{OWN_PREFIX}{template.id}",
        format_version=1,
        title=template.title,
        summary=template.summary,
        duration_minutes=template.duration_minutes,
        steps=tuple(
            StepSpec(
                s["kind"], s["key"], s["title"], s["prompt"], s["facilitator_notes"], s["settings"]
            )
            for s in template.steps
        ),
        source="own",
    )


def own_template(owner_id: int, slug: str) -> ExerciseTemplate | None:
    if not slug.startswith(OWN_PREFIX) or not slug[len(OWN_PREFIX) :].isdigit():
        return None
    template = db.session.get(OwnTemplate, int(slug[len(OWN_PREFIX) :]))
    if template is None or template.owner_id != owner_id:
        return None
    return as_exercise(template)


def delete_own_template(owner_id: int, template_id: int) -> Change:
    """Delete one's own template (no workshop changes: nobody is told)."""
    template = db.session.get(OwnTemplate, template_id)
    if template is None or template.owner_id != owner_id:
        raise errors.NotFound()
    db.session.delete(template)
    return Change(result_id=template_id)
