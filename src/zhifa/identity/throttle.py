"""Login throttling: atomic failure counters with back-off, never a lock the right password cannot outlast.

Three counters take part in every attempt: the username from this address (`login_max_failures`), the
address over all usernames (`login_source_max_failures`, against password spraying) and the username over
all addresses (`login_user_max_failures`). An attempt adds one to each counter with one atomic statement
(INSERT … ON CONFLICT DO UPDATE … RETURNING), committed before the password is checked, so concurrent
guesses are all counted and no more of them are evaluated than the limits allow. Below its
limit a counter lets the attempt through; the attempt that reaches the limit closes the counter's gate for
`login_backoff_seconds`; past the limit one attempt per open gate is evaluated, and each closes it again
for twice as long, up to `login_lock_seconds`. A correct password resets the username counters; the
counting window is `login_lock_seconds`, after which an idle counter starts again from zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, case, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from zhifa.config import Settings
from zhifa.store.models.identity import LoginThrottle

_T = LoginThrottle.__table__
PRUNE_BATCH = 200  # stale counters deleted per successful login


@dataclass(frozen=True)
class Refusal:
    """Why an attempt is not evaluated: which counter, and when it may be tried again."""

    scope: str  # "account" (username, from here or anywhere) | "address"
    until: datetime


def keys_for(username: str, source: str, settings: Settings) -> list[tuple[str, int]]:
    """The counters of an attempt with their limits, in the one order every transaction locks them."""
    keys = [
        (f"p:{username}@{source}"[:160], settings.login_max_failures),
        (f"u:{username}"[:160], settings.login_user_max_failures),
    ]
    if source:
        keys.append((f"a:{source}"[:160], settings.login_source_max_failures))
    return sorted(keys)


def backoff(settings: Settings, beyond: int) -> timedelta:
    """The wait after the `beyond`-th attempt at or past a limit: doubling from the first, capped."""
    seconds = settings.login_backoff_seconds * 2 ** min(max(beyond - 1, 0), 30)
    return timedelta(seconds=min(seconds, settings.login_lock_seconds))


def _count(session: Session, key: str, now: datetime, settings: Settings) -> int:
    """Add one to a counter atomically (starting afresh when its window has passed); the new count."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    window_over = and_(
        _T.c.window_start <= now - timedelta(seconds=settings.login_lock_seconds),
        or_(_T.c.gate_until.is_(None), _T.c.gate_until <= now),
    )
    stmt = (
        insert(_T)
        .values(key=key, failures=1, window_start=now, gate_until=None)
        .on_conflict_do_update(
            index_elements=[_T.c.key],
            set_={
                "failures": case((window_over, 1), else_=_T.c.failures + 1),
                "window_start": case((window_over, now), else_=_T.c.window_start),
                "gate_until": case((window_over, None), else_=_T.c.gate_until),
            },
        )
        .returning(_T.c.failures)
    )
    return int(session.execute(stmt).scalar_one())


def _claim(session: Session, key: str, now: datetime, hold: timedelta) -> datetime | None:
    """Pass the counter's gate if it is open (closing it for `hold`): None, else when it opens."""
    passed = session.execute(
        update(_T)
        .where(_T.c.key == key, or_(_T.c.gate_until.is_(None), _T.c.gate_until <= now))
        .values(gate_until=now + hold)
    )
    if getattr(passed, "rowcount", 0) == 1:
        return None
    until = session.scalar(select(_T.c.gate_until).where(_T.c.key == key))
    if until is None:
        return now
    return until.replace(tzinfo=UTC) if until.tzinfo is None else until  # SQLite hands back naive UTC


def admit(session: Session, username: str, source: str, now: datetime, settings: Settings) -> Refusal | None:
    """Count an attempt; None when it may be evaluated, else the refusal.

    Counters are taken in a fixed order (address, username@address, username) and the first refusal
    stops the walk: a stranger held back at their own address does not add to the username's counter,
    so hammering from one address cannot hold the owner out.
    """
    for key, limit in keys_for(username, source, settings):
        count = _count(session, key, now, settings)
        if count < limit:
            continue
        if count == limit:  # this attempt is evaluated; the next ones wait
            session.execute(update(_T).where(_T.c.key == key).values(gate_until=now + backoff(settings, 1)))
            continue
        until = _claim(session, key, now, backoff(settings, count - limit + 1))
        if until is not None:
            return Refusal("address" if key.startswith("a:") else "account", until)
    return None


def succeeded(session: Session, username: str, source: str, settings: Settings) -> None:
    """A correct password: the username's counters start again; the address keeps only its failures."""
    for key, _limit in keys_for(username, source, settings):
        if key.startswith("a:"):
            session.execute(
                update(_T).where(_T.c.key == key, _T.c.failures > 0).values(failures=_T.c.failures - 1)
            )
        else:
            session.execute(_T.delete().where(_T.c.key == key))


def prune(session: Session, now: datetime, settings: Settings, batch: int = PRUNE_BATCH) -> int:
    """Delete up to `batch` counters whose window has passed with the gate open (they count as zero)."""
    stale = (
        select(_T.c.key)
        .where(
            _T.c.window_start <= now - timedelta(seconds=settings.login_lock_seconds),
            or_(_T.c.gate_until.is_(None), _T.c.gate_until <= now),
        )
        .limit(batch)
    )
    result = session.execute(_T.delete().where(_T.c.key.in_(stale)))
    return int(getattr(result, "rowcount", 0) or 0)


def failures(session: Session, key: str) -> int:
    """The current count of a counter (0 when absent)."""
    return int(session.scalar(select(_T.c.failures).where(_T.c.key == key)) or 0)
