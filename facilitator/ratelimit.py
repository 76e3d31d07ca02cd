"""Rate limits in memory: wrong join codes and failed logins per client, events per participant.

Client addresses are used only as keys of this in-memory window and forgotten when it passes;
they are never stored or logged. Limits are sized so that a room of 1,000 phones behind one venue
NAT still joins: only *wrong* codes and *failed* logins count against an address.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from flask import current_app

from .errors import RateLimited


class RateLimiter:
    """Sliding windows of recent hits per key, in this process's memory."""

    def __init__(self) -> None:
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._calls = 0

    def allow(self, key: str, limit: int, window: float, now: float | None = None) -> bool:
        """Count a hit for `key`; False if `limit` hits happened within the last `window` s."""
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] >= window:
                hits.popleft()
            allowed = len(hits) < limit
            if allowed:
                hits.append(now)
            self._calls += 1
            if self._calls % 1000 == 0:  # forget idle keys now and then
                self._hits = {k: v for k, v in self._hits.items() if v and now - v[-1] < window}
            return allowed

    def blocked(self, key: str, limit: int, window: float, now: float | None = None) -> bool:
        """Whether `key` has reached its limit, without counting a hit."""
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.get(key, deque())
            return sum(1 for at in hits if now - at < window) >= limit


def limiter() -> RateLimiter:
    return current_app.extensions["facilitator.limiter"]  # type: ignore[no-any-return]


def check(kind: str, key: str) -> None:
    """Refuse with `RateLimited` if `key` has used up the `kind` limit (no hit counted)."""
    limit, window = current_app.config["RATE_LIMITS"][kind]
    if limiter().blocked(f"{kind}:{key}", limit, window):
        raise RateLimited()


def count(kind: str, key: str) -> None:
    """Count one hit (a wrong code, a failed login, an event) against `key`."""
    limit, window = current_app.config["RATE_LIMITS"][kind]
    if not limiter().allow(f"{kind}:{key}", limit, window):
        raise RateLimited()
