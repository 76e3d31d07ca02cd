"""Facilitator views of a Q&A step: marking a question being answered, answered or open."""

from __future__ import annotations

from typing import Any

from flask_login import login_required

from . import identity, qa_services
from .blueprint import bp
from .controls import control
from .forms import QuestionStatusForm
from .models import WorkshopSession


@bp.post("/sessions/<int:ws_id>/questions/status")
@login_required
@identity.facilitator_session
def question_status(ws: WorkshopSession) -> Any:
    """Mark a question: being answered (shown big on the projector), answered, or open again."""
    form = QuestionStatusForm()
    return control(
        ws,
        form,
        lambda: qa_services.set_question_status(ws, form.note_id.data, form.status.data),
    )
