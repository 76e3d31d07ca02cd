"""Facilitator views of the risk assessment: statements and hazards, and the action plan."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse
from wtforms import SelectChoice

from .. import kinds
from ..catalog import localize
from ..extensions import db
from . import assessment_services, identity
from .assessment_forms import (
    ActionForm,
    ItemAddForm,
    ItemRefForm,
    RemoveActionForm,
    TakeOverForm,
    ToActionForm,
)
from .blueprint import bp
from .controls import control
from .forms import form_problems
from .models import ActionItem, StepItem, WorkshopSession


@bp.post("/sessions/<int:ws_id>/items/add")
@login_required
@identity.facilitator_session
def add_item(ws: WorkshopSession) -> Any:
    """Add an own statement to a check or an own hazard to a risk step."""
    form = ItemAddForm()
    return control(
        ws,
        form,
        lambda: assessment_services.add_own_item(
            ws, form.step_id.data, form.text.data, form.area.data or ""
        ),
    )


@bp.post("/sessions/<int:ws_id>/items/<any(enable, disable):state>")
@login_required
@identity.facilitator_session
def toggle_item(ws: WorkshopSession, state: str) -> Any:
    """Switch a statement or hazard off (no longer asked) or on again."""
    form = ItemRefForm()
    return control(
        ws,
        form,
        lambda: assessment_services.set_item_enabled(ws, form.item_id.data, state == "enable"),
    )


@bp.post("/sessions/<int:ws_id>/items/take")
@login_required
@identity.facilitator_session
def take_item(ws: WorkshopSession) -> Any:
    """Take an unmet statement, a note or a rated hazard over into the current step."""
    form = TakeOverForm()
    return control(
        ws,
        form,
        lambda: assessment_services.take_over(
            ws, form.step_id.data, form.origin.data, form.source_id.data
        ),
    )


@bp.post("/sessions/<int:ws_id>/notes/to-action")
@login_required
@identity.facilitator_session
def note_to_action(ws: WorkshopSession) -> Any:
    """Turn a proposed measure into a row of the action plan (once; with its STOP type)."""
    form = ToActionForm()
    return control(
        ws,
        form,
        lambda: assessment_services.action_from_note(
            ws, form.note_id.data, form.stop_type.data or None
        ),
    )


# --- the action plan page ------------------------------------------------------------------


def _hazard_choices(ws: WorkshopSession) -> list[SelectChoice]:
    risk_steps = [step.id for step in ws.steps if kinds.get_kind(step.kind).rates_hazards]
    hazards = db.session.scalars(
        select(StepItem)
        .where(StepItem.step_id.in_(risk_steps), StepItem.enabled)
        .order_by(StepItem.step_id, StepItem.position)
    )
    return [SelectChoice(0, "—")] + [
        SelectChoice(h.id, localize(h.text, ws.language)[:90]) for h in hazards
    ]


def _action_form(ws: WorkshopSession, action: ActionItem | None = None) -> ActionForm:
    prefix = f"a{action.id}" if action else "new"
    form = ActionForm(prefix=prefix, obj=action)
    form.hazard_id.choices = _hazard_choices(ws)
    if action is not None and form.hazard_id.data is None:
        form.hazard_id.data = 0
    return form


def _actions(ws: WorkshopSession) -> list[ActionItem]:
    return list(
        db.session.scalars(
            select(ActionItem).where(ActionItem.ws_id == ws.id).order_by(ActionItem.position)
        )
    )


@bp.route("/sessions/<int:ws_id>/action-plan")
@login_required
@identity.facilitator_session
def action_plan(ws: WorkshopSession) -> str:
    """The action plan: every measure with its OiRA columns, editable during and after."""
    from ..kinds.items_plan import action_plan as plan_rows
    from ..reports.load import load_report_input

    actions = _actions(ws)
    numbers = [row.ref for row in plan_rows(load_report_input(ws))]  # as the report numbers
    rows = [
        (action, number, _action_form(ws, action), RemoveActionForm(prefix=f"r{action.id}"))
        for action, number in zip(actions, numbers, strict=True)
    ]
    return render_template(
        "sessions/action_plan.html",
        ws=ws,
        rows=rows,
        new_form=_action_form(ws),
    )


def _save(ws: WorkshopSession, form: ActionForm, operation: Any) -> Any:
    return control(
        ws,
        form,
        lambda: operation(form.hazard_id.data or None, form.values()),
        back=url_for("sessions.action_plan", ws_id=ws.id),
        done=_("The action plan was saved."),
        invalid=lambda form: _("Please check the measure: %(errors)s", errors=form_problems(form)),
    )


@bp.post("/sessions/<int:ws_id>/action-plan")
@login_required
@identity.facilitator_session
def add_action(ws: WorkshopSession) -> BaseResponse | str:
    """Add a measure of one's own to the action plan."""
    return _save(
        ws,
        _action_form(ws),
        lambda hazard_id, values: assessment_services.add_action(ws, hazard_id, values),
    )


@bp.post("/sessions/<int:ws_id>/action-plan/<int:action_id>")
@login_required
@identity.facilitator_session
def update_action(ws: WorkshopSession, action_id: int) -> BaseResponse | str:
    """Change a row of the action plan."""
    action = db.session.get(ActionItem, action_id)
    if action is None or action.ws_id != ws.id:
        flash(_("This measure does not exist (any more)."), "error")
        return redirect(url_for("sessions.action_plan", ws_id=ws.id))
    return _save(
        ws,
        _action_form(ws, action),
        lambda hazard_id, values: assessment_services.update_action(
            ws, action_id, hazard_id, values
        ),
    )


@bp.post("/sessions/<int:ws_id>/action-plan/<int:action_id>/delete")
@login_required
@identity.facilitator_session
def delete_action(ws: WorkshopSession, action_id: int) -> BaseResponse:
    """Remove a row of the action plan (after a confirming tick)."""
    return control(
        ws,
        RemoveActionForm(prefix=f"r{action_id}"),
        lambda: assessment_services.delete_action(ws, action_id),
        back=url_for("sessions.action_plan", ws_id=ws.id),
        invalid=_("Please confirm that the measure is to be removed."),
    )
