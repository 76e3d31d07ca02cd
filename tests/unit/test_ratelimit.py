"""The in-memory sliding window behind the rate limits."""

from __future__ import annotations

from facilitator.ratelimit import RateLimiter


def test_sliding_window() -> None:
    limiter = RateLimiter()
    assert all(limiter.allow("k", 3, 10, now=t) for t in (0, 1, 2))
    assert not limiter.allow("k", 3, 10, now=5)
    assert limiter.blocked("k", 3, 10, now=5)
    assert limiter.allow("other", 3, 10, now=5)  # keys are independent
    assert limiter.allow("k", 3, 10, now=10.5)  # the first hit has left the window
    assert not limiter.blocked("k", 3, 10, now=30)
