"""Reconciliation with a target: what we sent since a day against what the target acknowledges having.

acknowledged: marked delivered here and listed there. missing_at_target: marked delivered here, not listed
there (lost on the target's side) — `requeue` puts them back in the queue with the same delivery id and logs
who did it. unconfirmed: listed there but not marked here (a worker died between the answer and the mark; the
next attempt is de-duplicated by the target). unknown_at_target: listed there, never sent by us for that
target. pending: not delivered yet and not there.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select

from zhifa.config import get_settings
from zhifa.errors import ConfigurationError, ValidationFailed
from zhifa.integrations.obligations import obligation_map
from zhifa.integrations.transport import PushClient, acknowledged, push_client
from zhifa.services.outbox_targets import resolve, stored_endpoints
from zhifa.store.models.outbox import OutboxAction, OutboxRow
from zhifa.store.uow import UnitOfWork

CHINA = ZoneInfo("Asia/Shanghai")
SAMPLE = 50  # delivery ids listed per category (the counts are complete)


def _ours(engine: Engine, target: str, start: datetime) -> list[Any]:
    with UnitOfWork(engine, read_only=True) as uow:
        return list(
            uow.session.execute(
                select(OutboxRow.id, OutboxRow.delivery_id, OutboxRow.status)
                .where(OutboxRow.target == target, OutboxRow.created_at >= start)
                .order_by(OutboxRow.id)
            )
        )


def _requeue(engine: Engine, ids: list[int], target: str, actor: str, now: datetime) -> None:
    with UnitOfWork(engine) as uow:
        for row_id in ids:
            row = uow.session.get(OutboxRow, row_id, with_for_update=True)
            if row is None or row.status != "delivered":
                continue
            row.status, row.attempts, row.next_attempt_at, row.delivered_at = "pending", 0, now, None
            note = f"对账：目标未确认收到 {row.delivery_id}，重新排队"
            uow.session.add(
                OutboxAction(
                    outbox_id=row_id, target=target, action="requeue", actor=actor, note=note, at=now
                )
            )
        uow.commit()


def reconcile(
    engine: Engine,
    target: str,
    since: date,
    *,
    client: PushClient | None = None,
    requeue: bool = False,
    actor: str = "",
) -> dict[str, Any]:
    """Compare our rows for `target` created since `since` (China time) with the target's listing."""
    if target not in obligation_map().targets:
        raise ValidationFailed(f"未知的推送目标：{target}", code="unknown_push_target")
    endpoint, _source = resolve(target, stored_endpoints(engine))
    if not endpoint.configured:
        raise ConfigurationError(f"推送目标 {target} 未配置地址或签名密钥", code="push_target_not_configured")
    # Compared in UTC: SQLite keeps timestamps as naive UTC text, so a +08:00 bound would be read as UTC
    # (eight hours late — after 16:00 UTC nothing of "today" matched).
    start = datetime.combine(since, time(0), tzinfo=CHINA).astimezone(UTC)
    ours = _ours(engine, target, start)
    own = client is None
    http = client or push_client(get_settings().push_timeout_seconds)
    try:
        theirs = acknowledged(http, endpoint, start)
    finally:
        if own:
            http.close()
    sent = {r.delivery_id for r in ours}
    delivered = [r for r in ours if r.status == "delivered"]
    missing = [r for r in delivered if r.delivery_id not in theirs]
    unconfirmed = [r.delivery_id for r in ours if r.status != "delivered" and r.delivery_id in theirs]
    pending = [r.delivery_id for r in ours if r.status != "delivered" and r.delivery_id not in theirs]
    unknown = sorted(d for d in theirs if d not in sent)
    if requeue and missing:
        _requeue(engine, [r.id for r in missing], target, actor, datetime.now(UTC))
    return {
        "target": target, "since": since.isoformat(), "rows": len(ours),
        "acknowledged": len(delivered) - len(missing), "missing_at_target": len(missing),
        "unconfirmed": len(unconfirmed), "pending": len(pending),
        "unknown_at_target": len(unknown), "requeued": len(missing) if requeue else 0,
        "samples": {
            "missing_at_target": [r.delivery_id for r in missing][:SAMPLE],
            "unconfirmed": unconfirmed[:SAMPLE], "unknown_at_target": unknown[:SAMPLE],
        },
    }  # fmt: skip
