"""Facilitator accounts: login and logout (the blueprint and its routes are in `views.py`)."""
