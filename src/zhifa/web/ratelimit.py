"""A per-client request budget for public lookups (the verification page): so many per minute and address.

In memory, per process: it slows down a scan of the SM3 space from one address (which would find nothing
anyway: 2^256 values), it is not an account lockout, so losing it on a restart costs nothing.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from fastapi import Request

from zhifa.errors import TooManyAttempts
from zhifa.web.deps import app_state, client_source

WINDOW = 60.0
MAX_CLIENTS = 10_000  # addresses remembered; the least recently seen is forgotten first


class RateLimiter:
    """At most `per_minute` calls per key in any 60 seconds (a sliding window of call times)."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._calls: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def wait_seconds(self, key: str) -> float:
        """0 and the call counted when the key is within its budget, else the seconds until it is."""
        now = self.clock()
        with self._lock:
            calls = self._calls.pop(key, None) or deque()
            while calls and calls[0] <= now - WINDOW:
                calls.popleft()
            self._calls[key] = calls
            if len(self._calls) > MAX_CLIENTS:
                self._calls.popitem(last=False)
            if len(calls) >= self.per_minute:
                return calls[0] + WINDOW - now
            calls.append(now)
            return 0.0


def check_rate(request: Request, name: str) -> None:
    """Count this request against the client's budget for `name`; 429 `rate_limited` beyond it."""
    limiters: dict[str, RateLimiter] | None = getattr(request.app.state, "rate_limiters", None)
    if limiters is None:
        limiters = request.app.state.rate_limiters = {}
    per_minute = app_state(request).settings.verify_rate_per_minute
    limiter = limiters.get(name)
    if limiter is None or limiter.per_minute != per_minute:
        limiter = limiters[name] = RateLimiter(per_minute)
    wait = limiter.wait_seconds(client_source(request) or "unknown")
    if wait > 0:
        seconds = max(1, math.ceil(wait))
        raise TooManyAttempts(
            f"查询过于频繁，请 {seconds} 秒后再试",
            code="rate_limited",
            details={"retry_after_seconds": seconds},
        )
