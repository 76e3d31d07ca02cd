"""Facilitator views for moderation before the projector: switch it, approve, approve all.

Hiding (rejecting) a waiting note is the ordinary hide (`views.moderate`).
"""

from __future__ import annotations

from typing import Any

from flask_login import login_required

from . import identity, moderation
from .blueprint import bp
from .controls import control
from .forms import ApproveAllForm, ButtonForm, NoteModerationForm
from .models import WorkshopSession


@bp.post("/sessions/<int:ws_id>/moderation/<any(on, off):state>")
@login_required
@identity.facilitator_session
def set_moderation(ws: WorkshopSession, state: str) -> Any:
    """Let the current step's new notes wait for approval, or show them at once again."""
    return control(ws, ButtonForm(), lambda: moderation.set_moderated(ws, state == "on"))


@bp.post("/sessions/<int:ws_id>/notes/approve")
@login_required
@identity.facilitator_session
def approve(ws: WorkshopSession) -> Any:
    """Show one waiting note on the projector and the phones."""
    form = NoteModerationForm()
    return control(ws, form, lambda: moderation.approve_note(ws, form.note_id.data))


@bp.post("/sessions/<int:ws_id>/notes/approve-all")
@login_required
@identity.facilitator_session
def approve_all(ws: WorkshopSession) -> Any:
    """Show every waiting note of a step the facilitator saw in the queue."""
    form = ApproveAllForm()
    return control(
        ws,
        form,
        lambda: moderation.approve_all(ws, form.step_id.data, form.up_to.data),
    )
