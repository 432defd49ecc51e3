"""The outbox worker: rows in order per (target, stream), retries with exponential back-off, dead letters.

Delivery is at least once: a row is marked delivered only after the target's 2xx answer, in its own
transaction, so a worker killed between the answer and the mark sends the row again with the same delivery
id and the receiver de-duplicates it (effectively once). Within one (target, case) the rows go strictly in
id order: a row waiting for a retry, or dead, holds back the later ones (a withdrawal never overtakes its
publication). Other targets and other cases go on. Run one worker per database.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import Engine, select

from zhifa.config import PushEndpoint, get_settings, push_endpoint
from zhifa.errors import ConfigurationError
from zhifa.integrations.callbacks import TARGET as CALLBACK_TARGET
from zhifa.integrations.callbacks import callback_endpoint
from zhifa.integrations.transport import check_url, deliver
from zhifa.store.models.outbox import OutboxRow
from zhifa.store.uow import UnitOfWork

UNDELIVERED = ("pending", "retrying", "dead")


def aware(moment: datetime) -> datetime:
    """A stored time as UTC-aware (SQLite gives naive datetimes back)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass
class RunReport:
    """What one pass of the worker did."""

    delivered: int = 0
    retrying: int = 0
    dead: int = 0
    waiting: int = 0  # rows held back: not due yet, behind an undelivered row, or a dead letter
    not_configured: set[str] = field(default_factory=set)

    def to_dict(self) -> dict[str, object]:
        """JSON-safe."""
        return {
            "delivered": self.delivered, "retrying": self.retrying, "dead": self.dead,
            "waiting": self.waiting, "not_configured": sorted(self.not_configured),
        }  # fmt: skip


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after `attempts` failed ones: base · 2^(attempts−1), capped."""
    s = get_settings()
    return timedelta(
        seconds=min(s.push_backoff_seconds * 2 ** max(attempts - 1, 0), s.push_backoff_max_seconds)
    )


def _endpoint(code: str) -> PushEndpoint | None:
    endpoint = push_endpoint(code)
    if not endpoint.configured:
        return None
    try:
        check_url(endpoint.url)
    except ConfigurationError:
        return None
    return endpoint


def endpoint_for(
    engine: Engine, target: str, stream: str, cache: dict[str, PushEndpoint | None]
) -> PushEndpoint | None:
    """The endpoint of one (target, stream) queue: per source system for clue callbacks, else per target."""
    key = f"{target}:{stream}" if target == CALLBACK_TARGET else target
    if key not in cache:
        cache[key] = callback_endpoint(engine, stream) if target == CALLBACK_TARGET else _endpoint(target)
    return cache[key]


def _record(engine: Engine, row_id: int, delivered: bool, retry: bool, reason: str, now: datetime) -> str:
    """Store the outcome of one attempt in its own transaction; the row's new status."""
    with UnitOfWork(engine) as uow:
        row = uow.session.get(OutboxRow, row_id)
        assert row is not None
        row.attempts += 1
        if delivered:
            row.status, row.delivered_at, row.last_error = "delivered", now, ""
        elif retry and row.attempts < get_settings().push_max_attempts:
            row.status, row.last_error = "retrying", reason
            row.next_attempt_at = now + backoff(row.attempts)
        else:
            row.status, row.last_error = "dead", reason
        status = row.status
        uow.commit()
    return status


def run_once(
    engine: Engine,
    client: httpx.Client | None = None,
    *,
    limit: int = 1000,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> RunReport:
    """One pass: each due row at the head of its (target, stream) queue, then the ones behind it."""
    report = RunReport()
    with UnitOfWork(engine, read_only=True) as uow:
        rows = uow.session.execute(
            select(OutboxRow.id, OutboxRow.target, OutboxRow.stream_id, OutboxRow.delivery_id,
                   OutboxRow.status, OutboxRow.next_attempt_at, OutboxRow.payload)
            .where(OutboxRow.status.in_(UNDELIVERED)).order_by(OutboxRow.id).limit(limit)
        ).all()  # fmt: skip
    queues: dict[tuple[str, str], list[Any]] = {}
    for r in rows:
        queues.setdefault((r.target, r.stream_id), []).append(r)
    endpoints: dict[str, PushEndpoint | None] = {}
    own = client is None
    http = client or httpx.Client(timeout=get_settings().push_timeout_seconds)
    try:
        for (target, _stream), queue in queues.items():
            endpoint = endpoint_for(engine, target, _stream, endpoints)
            if endpoint is None:
                report.not_configured.add(target)
                report.waiting += len(queue)
                continue
            for i, r in enumerate(queue):
                now = clock()
                if r.status == "dead" or aware(r.next_attempt_at) > now:
                    report.waiting += len(queue) - i
                    break
                body = r.payload.encode()
                outcome = deliver(http, endpoint, r.delivery_id, body)
                status = _record(engine, r.id, outcome.delivered, outcome.retry, outcome.reason, now)
                if status != "delivered":
                    setattr(report, status, getattr(report, status) + 1)
                    report.waiting += len(queue) - i - 1
                    break
                report.delivered += 1
    finally:
        if own:
            http.close()
    return report


def run_forever(
    engine: Engine, poll_seconds: float = 2.0, on_pass: Callable[[RunReport], None] | None = None
) -> None:
    """Deliver until interrupted, polling for new rows every `poll_seconds`."""
    with httpx.Client(timeout=get_settings().push_timeout_seconds) as http:
        while True:
            report = run_once(engine, http)
            if on_pass is not None:
                on_pass(report)
            time.sleep(poll_seconds)
