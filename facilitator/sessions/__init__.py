"""Workshop sessions: creating, joining, running live, and the participants' actions."""

from flask import Blueprint

bp = Blueprint("sessions", __name__)

from . import assessment_views, events, step_views, team_views, views  # noqa: E402, F401  (routes, handlers)
