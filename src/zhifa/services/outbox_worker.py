"""The outbox worker: rows in order per (target, stream), retries with exponential back-off, dead letters.

Delivery is at least once: a row is marked delivered only after the target's 2xx answer (the rows sent
under one lease are marked together, at least every MARK_SECONDS), so a worker killed between the answer
and the mark sends those rows again with the same delivery ids and the receiver de-duplicates them
(effectively once). Within one (target, case) the rows go strictly in
id order: a row waiting for a retry, or dead, holds back the later ones (a withdrawal never overtakes its
publication). Other targets and other cases go on. Any number of workers may run on one database: a row is
sent only under its lease (zhifa.services.outbox_leases); worker `index` of `count` starts its pass at its
own share of the queues so that they rarely contend.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from zhifa.config import PushEndpoint, get_settings
from zhifa.errors import ConfigurationError
from zhifa.integrations.callbacks import TARGET as CALLBACK_TARGET
from zhifa.integrations.callbacks import callback_endpoint
from zhifa.integrations.transport import Outcome, PushClient, check_url, deliver, push_client
from zhifa.services.outbox_leases import claim, claim_head, gone, holds, new_owner
from zhifa.services.outbox_targets import resolve, stored_endpoints
from zhifa.store.models.outbox import OutboxRow
from zhifa.store.uow import UnitOfWork

UNDELIVERED = ("pending", "retrying", "dead")
BATCH = 100  # rows sent under one head lease before their outcomes are stored together
MARK_SECONDS = 0.5  # and never longer than this: a killed worker resends at most this much


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
    leased: int = 0  # rows of queues another worker is sending
    not_configured: set[str] = field(default_factory=set)

    def to_dict(self) -> dict[str, object]:
        """JSON-safe."""
        return {
            "delivered": self.delivered, "retrying": self.retrying, "dead": self.dead,
            "waiting": self.waiting, "leased": self.leased, "not_configured": sorted(self.not_configured),
        }  # fmt: skip

    def add(self, other: RunReport) -> None:
        """Sum another worker's report into this one."""
        for name in ("delivered", "retrying", "dead", "waiting", "leased"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.not_configured |= other.not_configured


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after `attempts` failed ones: base · 2^(attempts−1), capped."""
    s = get_settings()
    return timedelta(
        seconds=min(s.push_backoff_seconds * 2 ** max(attempts - 1, 0), s.push_backoff_max_seconds)
    )


def _endpoint(code: str, stored: dict[str, PushEndpoint]) -> PushEndpoint | None:
    endpoint, _source = resolve(code, stored)
    if not endpoint.configured:
        return None
    try:
        check_url(endpoint.url)
    except ConfigurationError:
        return None
    return endpoint


def endpoint_for(
    engine: Engine,
    target: str,
    stream: str,
    cache: dict[str, PushEndpoint | None],
    stored: dict[str, PushEndpoint] | None = None,
) -> PushEndpoint | None:
    """The endpoint of one (target, stream) queue: per source system for clue callbacks, else per target
    (environment first, then what an administrator set)."""
    key = f"{target}:{stream}" if target == CALLBACK_TARGET else target
    if key not in cache:
        cache[key] = (
            callback_endpoint(engine, stream)
            if target == CALLBACK_TARGET
            else _endpoint(target, stored or {})
        )
    return cache[key]


def _outcome(session: Session, row: OutboxRow, outcome: Outcome, now: datetime) -> str:
    row.attempts += 1
    row.lease_owner, row.lease_until = None, None
    if outcome.delivered:
        row.status, row.delivered_at, row.last_error = "delivered", now, ""
    elif outcome.retry and row.attempts < get_settings().push_max_attempts:
        row.status, row.last_error = "retrying", outcome.reason
        row.next_attempt_at = now + backoff(row.attempts)
    else:
        row.status, row.last_error = "dead", outcome.reason
    return row.status


def _record(
    engine: Engine, owner: str, outcomes: list[tuple[int, Outcome]], now: datetime, next_id: int | None
) -> tuple[list[str], bool]:
    """Store the outcomes of the rows sent under one head lease in one transaction (only while `owner`
    still holds it) and, when all were delivered, claim the next row of the queue in the same transaction:
    (the rows' new statuses, or ["lost"] when the lease was taken over; claimed)."""
    with UnitOfWork(engine) as uow:
        if holds(uow.session, outcomes[0][0], owner) is None:
            return ["lost"], False
        done = [row_id for row_id, outcome in outcomes if outcome.delivered]
        if done:  # one statement for the delivered rows (the ORM's per-row flush cost more than the HTTP)
            uow.session.execute(
                update(OutboxRow).where(OutboxRow.id.in_(done))
                .values(status="delivered", delivered_at=now, last_error="", attempts=OutboxRow.attempts + 1,
                        lease_owner=None, lease_until=None)
                .execution_options(synchronize_session=False)
            )  # fmt: skip
        statuses = ["delivered"] * len(done)
        if len(done) < len(outcomes):  # the last one failed
            row_id, outcome = outcomes[-1]
            row = uow.session.get(OutboxRow, row_id, populate_existing=True)
            assert row is not None
            statuses.append(_outcome(uow.session, row, outcome, now))
        uow.session.flush()
        delivered = statuses[-1] == "delivered"
        claimed = delivered and next_id is not None and claim(uow.session, next_id, owner, now)
        uow.commit()
    return statuses, claimed


def _payloads(engine: Engine, ids: list[int]) -> dict[int, bytes]:
    with UnitOfWork(engine, read_only=True) as uow:
        found = uow.session.execute(select(OutboxRow.id, OutboxRow.payload).where(OutboxRow.id.in_(ids)))
        return {row_id: payload.encode() for row_id, payload in found}


def _sendable(r: Any, now: datetime) -> bool:
    return bool(r.status != "dead" and aware(r.next_attempt_at) <= now)


def _leased_by_other(r: Any, owner: str, now: datetime) -> bool:
    if r.lease_owner is None or r.lease_owner == owner or r.lease_until is None:
        return False
    return aware(r.lease_until) >= now and not gone(r.lease_owner)


def _read(engine: Engine, limit: int) -> dict[tuple[str, str], list[Any]]:
    """Undelivered rows (dead letters too: they hold their queue) in id order, by (target, stream)."""
    with UnitOfWork(engine, read_only=True) as uow:
        rows = uow.session.execute(
            select(OutboxRow.id, OutboxRow.target, OutboxRow.stream_id, OutboxRow.delivery_id,
                   OutboxRow.status, OutboxRow.next_attempt_at, OutboxRow.lease_owner,
                   OutboxRow.lease_until)
            .where(OutboxRow.status.in_(UNDELIVERED)).order_by(OutboxRow.id).limit(limit)
        ).all()  # fmt: skip
    queues: dict[tuple[str, str], list[Any]] = {}
    for r in rows:
        queues.setdefault((r.target, r.stream_id), []).append(r)
    return queues


def _chain(queue: list[Any], start: int, now: datetime) -> list[Any]:
    """The claimed head at `start` and the sendable rows behind it, at most BATCH."""
    chain = [queue[start]]
    for r in queue[start + 1 : start + BATCH]:
        if not _sendable(r, now):
            break
        chain.append(r)
    return chain


def _send_queue(
    engine: Engine, http: PushClient, endpoint: PushEndpoint, queue: list[Any], owner: str,
    clock: Callable[[], datetime], report: RunReport,
) -> None:  # fmt: skip
    """Send the claimed head of one queue and the rows behind it while they succeed, all under the head's
    lease; the outcomes are stored every BATCH rows or MARK_SECONDS (whichever first), then the next head
    is claimed in the same transaction."""
    i = 0
    while i < len(queue):
        now = clock()
        chain = _chain(queue, i, now)
        payloads, started, outcomes = _payloads(engine, [r.id for r in chain]), time.monotonic(), []
        for r in chain:
            outcome = deliver(http, endpoint, r.delivery_id, payloads[r.id])
            outcomes.append((r.id, outcome))
            if not outcome.delivered or time.monotonic() - started > MARK_SECONDS:
                break
        i += len(outcomes)
        following = queue[i] if i < len(queue) else None
        next_id = following.id if following is not None and _sendable(following, clock()) else None
        statuses, claimed = _record(engine, owner, outcomes, now, next_id)
        if statuses == ["lost"]:  # our lease lapsed and another worker took the queue over
            report.leased += len(queue) - i + len(outcomes)
            return
        report.delivered += statuses.count("delivered")
        if statuses[-1] != "delivered":
            setattr(report, statuses[-1], getattr(report, statuses[-1]) + 1)
            report.waiting += len(queue) - i
            return
        if not claimed:
            report.waiting += len(queue) - i
            return


def run_once(
    engine: Engine,
    client: PushClient | None = None,
    *,
    limit: int = 1000,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    owner: str | None = None,
    index: int = 0,
    count: int = 1,
) -> RunReport:
    """One pass: each due head of a (target, stream) queue not leased to another worker, then the rows
    behind it. Worker `index` of `count` starts at its own share of the queues."""
    owner = owner or new_owner()
    report = RunReport()
    queues = list(_read(engine, limit).items())
    start = len(queues) * index // max(count, 1)
    endpoints: dict[str, PushEndpoint | None] = {}
    stored = stored_endpoints(engine) if queues else {}
    own = client is None
    http = client or push_client(get_settings().push_timeout_seconds)
    try:
        for (target, stream), queue in queues[start:] + queues[:start]:
            endpoint, head, now = endpoint_for(engine, target, stream, endpoints, stored), queue[0], clock()
            if endpoint is None:
                report.not_configured.add(target)
                report.waiting += len(queue)
            elif not _sendable(head, now):
                report.waiting += len(queue)
            elif _leased_by_other(head, owner, now) or not claim_head(
                engine, head.id, owner, now, head.lease_owner
            ):
                report.leased += len(queue)
            else:
                _send_queue(engine, http, endpoint, queue, owner, clock, report)
    finally:
        if own:
            http.close()
    return report


def run_forever(
    engine: Engine,
    poll_seconds: float = 2.0,
    on_pass: Callable[[RunReport], None] | None = None,
    *,
    index: int = 0,
    count: int = 1,
    stop: Callable[[], bool] = lambda: False,
) -> None:
    """Deliver until interrupted or `stop()`; a pass that sent nothing waits `poll_seconds` for new rows."""
    owner = new_owner()
    with push_client(get_settings().push_timeout_seconds) as http:
        while not stop():
            report = run_once(engine, http, owner=owner, index=index, count=count)
            if on_pass is not None:
                on_pass(report)
            if not (report.delivered or report.retrying or report.dead):
                time.sleep(poll_seconds)
