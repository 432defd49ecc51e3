"""The public lookups' budget: so many calls per address in any 60 seconds, then the wait until the oldest
call leaves the window; other addresses are not affected."""

from __future__ import annotations

from zhifa.web.ratelimit import RateLimiter


def test_sliding_window_per_address() -> None:
    now = [1000.0]
    limiter = RateLimiter(3, clock=lambda: now[0])
    assert [limiter.wait_seconds("10.0.0.1") for _ in range(3)] == [0.0, 0.0, 0.0]
    now[0] += 20
    assert limiter.wait_seconds("10.0.0.1") == 40.0  # the first call leaves the window at 1060
    assert limiter.wait_seconds("10.0.0.2") == 0.0
    now[0] += 40
    assert limiter.wait_seconds("10.0.0.1") == 0.0
