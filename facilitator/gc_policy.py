"""Full garbage collections at quiet moments, not in the middle of a vote.

With a thousand phones connected, the server process holds a few million objects, and each
of CPython's automatic full (generation 2) collections scans them all: 100–250 ms in which no
event is handled, measured as stalls in `bench/load.py`. `facilitator serve` therefore:

- freezes what start-up created (modules, templates, catalogues: never garbage),
- keeps the cheap young-generation collections as they are,
- stops automatic full collections, and runs one itself once the server has been quiet for
  `GC_QUIET_SECONDS` (no contribution or control changed anything), or at the latest every
  `GC_MAX_INTERVAL_SECONDS`, so memory held by cycles is still given back.

`GC_MAX_INTERVAL_SECONDS = 0` leaves Python's own collection untouched.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from flask import Flask

# generation 2 runs only when collected explicitly (its count never reaches this)
NEVER = 2**30


def due(now: float, last_change: float, last_collection: float, quiet: float, most: float) -> bool:
    """Whether to run a full collection now: after a quiet spell, or when one is overdue."""
    since_collection = now - last_collection
    if since_collection >= most:
        return True
    return now - last_change >= quiet and last_change > last_collection


def install(app: Flask, last_change: Callable[[], float]) -> bool:
    """Take over full collections for this process; False if configured off."""
    most = float(app.config["GC_MAX_INTERVAL_SECONDS"])
    if most <= 0:
        return False
    from .extensions import socketio

    quiet = float(app.config["GC_QUIET_SECONDS"])
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, NEVER)

    def run() -> None:
        last_collection = time.monotonic()
        while True:
            socketio.sleep(min(1.0, quiet))
            now = time.monotonic()
            if due(now, last_change(), last_collection, quiet, most):
                started = time.perf_counter()
                found = gc.collect()
                last_collection = time.monotonic()
                app.logger.debug(
                    "full collection: %d objects in %.0f ms",
                    found,
                    1000 * (time.perf_counter() - started),
                )

    socketio.start_background_task(run)
    return True
