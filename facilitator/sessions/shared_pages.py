"""The join page and the live page: alike for every phone of a workshop, so rendered once.

When a room joins, hundreds of phones ask for the same two pages within seconds. They differ
only in the form token of the phone's cookie session, so each page is rendered once per
workshop state, language and address, cut at the token, and later answers join the pieces
around the token of their own request. Nothing of a participant is in them (the pages have
their state from the socket), so no phone can see another's data. A page with flashed
messages, and every page while templates reload (development), is rendered as usual.

The key holds every workshop field these pages show (`workshop_key`); a change of any of them
renders anew. Each process keeps its own bounded cache.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app, render_template, request, session
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf

from .models import WorkshopSession

LIMIT = 256  # pages kept per process: two per workshop and language
_lock = threading.Lock()


def workshop_key(ws: WorkshopSession) -> tuple[Hashable, ...]:
    """Every workshop field the join page and the live page show or depend on."""
    return (
        ws.id,
        ws.join_code,
        ws.title,
        ws.organisation,
        ws.is_live,
        tuple(ws.groups),
        ws.anonymity_threshold,
        ws.retention_days,
    )


def render(template: str, key: tuple[Hashable, ...], context: Callable[[], dict[str, Any]]) -> str:
    """`render_template(template, **context())`, rendered once for equal keys (see above).
    `context` is called only when the page is rendered (a form costs even when unused)."""
    if current_app.jinja_env.auto_reload or session.get("_flashes"):
        return render_template(template, **context())
    token = generate_csrf()
    pages: OrderedDict[tuple[Hashable, ...], list[str]] = current_app.extensions.setdefault(
        "facilitator.shared_pages", OrderedDict()
    )
    full_key = (template, request.full_path, str(get_locale()), *key)
    with _lock:
        pieces = pages.get(full_key)
        if pieces is not None:
            pages.move_to_end(full_key)
    if pieces is not None:
        return token.join(pieces)
    html = render_template(template, **context())
    with _lock:
        pages[full_key] = html.split(token)
        while len(pages) > LIMIT:
            pages.popitem(last=False)
    return html
