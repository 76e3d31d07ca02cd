"""The sessions blueprint, alone in its module so that views can import it without a circle."""

from flask import Blueprint

bp = Blueprint("sessions", "facilitator.sessions")
