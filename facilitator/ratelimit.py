"""Rate limits in memory: slowing down guessers of join codes and passwords, and capping the
events of each participant.

Client addresses are used only as keys of these in-memory windows and forgotten when they pass;
they are never stored or logged.

Join codes and logins are *slowed*, never refused: once a key (an address, an account) has had
more failures than its window allows, every answer to it – right or wrong – waits the same
delay, which doubles with each further failure up to a cap. A guesser learns nothing faster
than the delay allows, and nobody is locked out: a hall of 1,000 phones behind one venue NAT
still gets in while someone guesses codes from the same address (each phone waits a few
seconds), and the facilitator's right password still logs in from a limited address.
Socket events per participant are refused beyond their limit (they cost server work).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from flask import current_app

from .errors import RateLimited


def backoff(failures: int, free: int, first: float, cap: float) -> float:
    """Seconds to wait after `failures` within the window: none for the first `free`, then
    `first`, doubling with each further failure, at most `cap`."""
    if failures < free:
        return 0.0
    return float(min(cap, first * 2 ** min(failures - free, 32)))


class RateLimiter:
    """Sliding windows of recent hits per key, in this process's memory.

    `clock` and `sleep` are replaceable, so tests can look at the delays without waiting; under
    gevent or eventlet `time.sleep` is patched to yield to other connections.
    """

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._calls = 0
        self.clock = clock
        self.sleep = sleep

    def allow(self, key: str, limit: int, window: float, now: float | None = None) -> bool:
        """Count a hit for `key`; False if `limit` hits happened within the last `window` s."""
        now = self.clock() if now is None else now
        with self._lock:
            hits = self._recent(key, window, now)
            allowed = len(hits) < limit
            if allowed:
                hits.append(now)
            self._forget_idle(window, now)
            return allowed

    def record(self, key: str, window: float, now: float | None = None) -> None:
        """Count a hit for `key` (a failure), without any limit."""
        now = self.clock() if now is None else now
        with self._lock:
            self._recent(key, window, now).append(now)
            self._forget_idle(window, now)

    def hits(self, key: str, window: float, now: float | None = None) -> int:
        """How many hits `key` had within the last `window` s (none counted)."""
        now = self.clock() if now is None else now
        with self._lock:
            return sum(1 for at in self._hits.get(key, ()) if now - at < window)

    def _recent(self, key: str, window: float, now: float) -> deque[float]:
        hits = self._hits.setdefault(key, deque())
        while hits and now - hits[0] >= window:
            hits.popleft()
        return hits

    def _forget_idle(self, window: float, now: float) -> None:
        self._calls += 1
        if self._calls % 1000 == 0:  # forget idle keys now and then
            self._hits = {k: v for k, v in self._hits.items() if v and now - v[-1] < window}


def limiter() -> RateLimiter:
    return current_app.extensions["facilitator.limiter"]  # type: ignore[no-any-return]


def slow_down(kind: str, *keys: str) -> float:
    """Before answering a join code or a login: wait as long as the most-failed of `keys`
    asks (right and wrong answers alike). Returns the delay waited, in seconds."""
    free, window = current_app.config["RATE_LIMITS"][kind]
    first, cap = current_app.config["RATE_LIMIT_DELAYS"][kind]
    active = limiter()
    delay = max(backoff(active.hits(f"{kind}:{key}", window), free, first, cap) for key in keys)
    if delay:
        active.sleep(delay)
    return delay


def failed(kind: str, *keys: str) -> None:
    """Count a wrong join code or a failed login against each of `keys`."""
    _free, window = current_app.config["RATE_LIMITS"][kind]
    for key in keys:
        limiter().record(f"{kind}:{key}", window)


def count(kind: str, key: str) -> None:
    """Count one socket event (or the like) against `key`; `RateLimited` beyond the limit."""
    limit, window = current_app.config["RATE_LIMITS"][kind]
    if not limiter().allow(f"{kind}:{key}", limit, window):
        raise RateLimited()
