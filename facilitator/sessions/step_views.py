"""Facilitator views: editing a session's steps, and own templates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as BaseResponse

from ..change import Change
from ..errors import DomainError
from ..transaction import perform
from . import identity, step_editing
from .assessment_forms import QuickStepForm, SaveTemplateForm, StepEditForm, StepRefForm
from .blueprint import bp
from .controls import control
from .forms import ButtonForm, form_problems
from .models import WorkshopSession


def _back(ws_id: int) -> str:
    return url_for("sessions.edit_steps", ws_id=ws_id)


def _apply(ws: WorkshopSession, form: Any, operation: Callable[[], Change], done: str) -> Any:
    """A change of the steps: validate, perform, and come back to the steps page."""
    return control(ws, form, operation, back=_back(ws.id), done=done, invalid=form_problems)


@bp.route("/sessions/<int:ws_id>/steps")
@login_required
@identity.facilitator_session
def edit_steps(ws: WorkshopSession) -> str:
    """Add, remove, reorder and reword steps; save the steps as an own template."""
    add_form = QuickStepForm(position=ws.current_position + 1)
    return render_template(
        "sessions/steps.html",
        ws=ws,
        add_form=add_form,
        edit_forms={
            s.id: StepEditForm(
                prefix=f"s{s.id}",
                title=s.title.get(ws.language, ""),
                prompt=s.prompt.get(ws.language, ""),
            )
            for s in ws.steps
        },
        button=StepRefForm(),
        save_form=SaveTemplateForm(name=ws.title),
    )


@bp.post("/sessions/<int:ws_id>/steps/add")
@login_required
@identity.facilitator_session
def add_step(ws: WorkshopSession) -> Any:
    form = QuickStepForm()
    return _apply(
        ws,
        form,
        lambda: step_editing.add_step(
            ws,
            form.kind.data,
            form.title.data,
            form.prompt.data,
            step_editing.raw_settings(form.kind.data, form.line_list, form.kinds_data()),
            form.position.data,
        ),
        _("The step was added."),
    )


@bp.post("/sessions/<int:ws_id>/steps/<int:step_id>/edit")
@login_required
@identity.facilitator_session
def edit_step(ws: WorkshopSession, step_id: int) -> Any:
    form = StepEditForm(prefix=f"s{step_id}")
    return _apply(
        ws,
        form,
        lambda: step_editing.edit_step(ws, step_id, form.title.data, form.prompt.data),
        _("The step was saved."),
    )


@bp.post("/sessions/<int:ws_id>/steps/<any(up, down):direction>")
@login_required
@identity.facilitator_session
def move_step(ws: WorkshopSession, direction: str) -> Any:
    form = StepRefForm()
    by = -1 if direction == "up" else 1
    return _apply(
        ws,
        form,
        lambda: step_editing.move_step(ws, form.step_id.data, by),
        _("The step was moved."),
    )


@bp.post("/sessions/<int:ws_id>/steps/remove")
@login_required
@identity.facilitator_session
def remove_step(ws: WorkshopSession) -> Any:
    form = StepRefForm()
    if request.form.get("confirm") != "y":
        flash(_("Please confirm that the step and its results are to be removed."), "error")
        return redirect(_back(ws.id))
    return _apply(
        ws,
        form,
        lambda: step_editing.delete_step(ws, form.step_id.data),
        _("The step was removed."),
    )


@bp.post("/sessions/<int:ws_id>/save-template")
@login_required
@identity.facilitator_session
def save_template(ws: WorkshopSession) -> Any:
    form = SaveTemplateForm()
    return _apply(
        ws,
        form,
        lambda: Change(  # the workshop itself is not changed: nobody is told
            result_id=step_editing.save_as_template(ws, form.name.data, current_user.id).id
        ),
        _("Saved as your own template: it is in your template list now."),
    )


@bp.post("/templates/<int:template_id>/delete")
@login_required
def delete_template(template_id: int) -> BaseResponse:
    if ButtonForm().validate_on_submit():
        try:
            perform(lambda: step_editing.delete_own_template(current_user.id, template_id))
            flash(_("The template was deleted."), "success")
        except DomainError as error:
            flash(str(error.message), "error")
    return redirect(url_for("sessions.new"))
