"""The in-memory sliding window behind the rate limits."""

from __future__ import annotations

from facilitator.ratelimit import RateLimiter, backoff


def test_sliding_window() -> None:
    limiter = RateLimiter()
    assert all(limiter.allow("k", 3, 10, now=t) for t in (0, 1, 2))
    assert not limiter.allow("k", 3, 10, now=5)
    assert limiter.hits("k", 10, now=5) == 3
    assert limiter.allow("other", 3, 10, now=5)  # keys are independent
    assert limiter.allow("k", 3, 10, now=10.5)  # the first hit has left the window
    assert limiter.hits("k", 10, now=30) == 0


def test_backoff_doubles_from_the_first_delay_up_to_the_cap() -> None:
    assert [backoff(n, 3, 0.5, 4.0) for n in range(9)] == [0, 0, 0, 0.5, 1, 2, 4, 4, 4]
    assert backoff(10_000, 3, 0.5, 4.0) == 4.0


def test_hits_and_record_use_the_injected_clock() -> None:
    now = [100.0]
    limiter = RateLimiter(clock=lambda: now[0])
    limiter.record("k", 10)
    limiter.record("k", 10)
    assert limiter.hits("k", 10) == 2
    now[0] = 105.0
    limiter.record("k", 10)
    now[0] = 110.5
    assert limiter.hits("k", 10) == 1  # the first two have left the window
