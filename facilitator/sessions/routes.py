"""Every module that adds routes or socket handlers to the sessions blueprint, imported once
by the app factory (Flask needs the routes imported before the blueprint is registered)."""

from . import (  # noqa: F401  (routes, handlers)
    assessment_views,
    events,
    moderation_views,
    qa_views,
    step_views,
    team_views,
    views,
)
from .blueprint import bp

__all__ = ["bp"]
