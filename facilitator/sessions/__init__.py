"""Workshop sessions: creating, joining, running live, and the participants' actions."""

from flask import Blueprint

bp = Blueprint("sessions", __name__)

from . import (  # noqa: E402, F401  (routes, handlers)
    assessment_views,
    events,
    moderation_views,
    qa_views,
    step_views,
    team_views,
    views,
)
