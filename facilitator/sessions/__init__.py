"""Workshop sessions: creating, joining, running live, and the participants' actions.

The blueprint is in `blueprint.py`, and `routes.py` gathers the modules that add routes and
socket handlers to it (the app factory registers `routes.bp`). This package's `__init__`
imports nothing, so a reader such as `facilitator.queries` can import `sessions.models`
without pulling in the views.
"""
