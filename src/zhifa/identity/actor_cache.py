"""Short-lived cache of who stands behind a bearer token or a browser session (hot path of every request).

Resolving a token costs a transaction and several queries; the web layer asks this cache first.
- An entry lives at most `ttl` seconds (default `ACTOR_TTL`) and never past the token's own expiry; at
  most `max_entries` are kept (least recently used go first).
- Every identity change made through this process (`identity_changed()`: token revoked, user changed)
  bumps a process-wide generation: every cache is empty from then on, and a lookup that started before
  the change never stores its possibly stale answer.
- Changes made elsewhere (the other server worker, the CLI, SQL) are seen at the latest `ttl` seconds
  later — that is the bound on how long a revoked token or a deactivated user can still act.
Only the identity is cached: scope and role checks stay in the services, on every call.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime

from zhifa.domain.actors import Actor

ACTOR_TTL = 5.0
MAX_ENTRIES = 10_000

_generation = 0
_generation_lock = threading.Lock()


def identity_changed() -> None:
    """Forget every cached actor of this process (call after committing an identity change)."""
    global _generation
    with _generation_lock:
        _generation += 1


def identity_generation() -> int:
    """The current generation; take it before loading an actor and hand it to `ActorCache.put`."""
    return _generation


@dataclass(frozen=True)
class _Entry:
    actor: Actor
    generation: int
    fresh_until: float  # monotonic clock
    not_after: datetime | None  # the token's expiry (aware UTC)


class ActorCache:
    """Bounded, time-limited map key → Actor (thread-safe)."""

    def __init__(
        self,
        ttl: float = ACTOR_TTL,
        max_entries: int = MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self.clock = clock
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable, now: datetime) -> Actor | None:
        """The cached actor, or None when absent, stale, from an older generation or past its expiry."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if (
                entry.generation != _generation
                or entry.fresh_until <= self.clock()
                or (entry.not_after is not None and entry.not_after <= now)
            ):
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry.actor

    def put(self, key: Hashable, actor: Actor, generation: int, not_after: datetime | None = None) -> None:
        """Remember an actor loaded while `generation` was current (dropped if identities changed since)."""
        if self.ttl <= 0 or self.max_entries <= 0:
            return
        with self._lock:
            if generation != _generation:
                return
            self._entries[key] = _Entry(actor, generation, self.clock() + self.ttl, not_after)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()
