"""The one way a facilitator's form changes something over HTTP: validate, perform, answer.

Access is checked before, by the decorators of `identity` (`facilitator_session`, …); the
operation decides what changed and who hears about it (its `Change`), and `perform` commits
and announces. A page that posts with `Accept: application/json` (the control page's
buttons) gets a JSON answer; a plain form gets a redirect (post/redirect/get) and a flash.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _

from ..change import Change
from ..errors import DomainError
from ..transaction import perform
from .models import WorkshopSession


def control(
    ws: WorkshopSession,
    form: Any,
    operation: Callable[[], Change],
    *,
    back: str | None = None,
    then: str | None = None,
    done: str | Callable[[Change], str] | None = None,
    invalid: str | Callable[[Any], str] | None = None,
) -> Any:
    """Run one facilitator action on the workshop `ws`.

    `back`: the page to return to (default: the control page); `then`: the page after a
    success, if another one. `done`: what to flash after a success. `invalid`: what to say
    when the form is refused (e.g. a confirmation not ticked), or a function of the form.
    A refused form or a rule's refusal changes nothing and tells nobody.
    """
    back = back or url_for("sessions.facilitate", ws_id=ws.id)
    wants_json = request.accept_mimetypes.best == "application/json"
    if not form.validate_on_submit():
        message = invalid(form) if callable(invalid) else invalid
        message = message or _("The request was not valid. Please reload the page.")
        if wants_json:
            return jsonify(ok=False, message=message, errors=form.errors), 400
        flash(message, "error")
        return redirect(back)
    try:
        change = perform(operation)
    except DomainError as error:
        if wants_json:
            return jsonify(ok=False, error=error.code, message=str(error.message)), error.status
        flash(_refusal(error), "error")
        return redirect(back)
    if wants_json:
        return jsonify(ok=True, revision=change.revision)
    if done is not None:
        flash(done(change) if callable(done) else done, "success")
    return redirect(then or back)


def _refusal(error: DomainError) -> str:
    """A rule's refusal, with the fields it names (e.g. a step's settings)."""
    details = getattr(error, "errors", None) or {}
    extra = " ".join(str(m) for messages in details.values() for m in messages)
    return f"{error.message} {extra}".strip()
