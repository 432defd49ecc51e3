"""Outbox administration: targets and their configuration, status per target, listing, dead-letter retry."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, func, select

from zhifa.errors import ConfigurationError, NotFound, ValidationFailed
from zhifa.integrations.obligations import obligation_map
from zhifa.integrations.transport import check_url
from zhifa.services.outbox_targets import resolve, stored_endpoints
from zhifa.services.outbox_worker import aware
from zhifa.store.models.outbox import OutboxAction, OutboxRow
from zhifa.store.uow import UnitOfWork
from zhifa.timefmt import beijing

STATUSES = ("pending", "retrying", "delivered", "dead")


def targets(engine: Engine | None = None) -> list[dict[str, Any]]:
    """Each target: code, name, whether its URL and secret are set (and valid) and where (environment or
    administrator), legal bases."""
    omap = obligation_map()
    stored = stored_endpoints(engine) if engine is not None else {}
    out = []
    for code, info in omap.targets.items():
        endpoint, source = resolve(code, stored)
        problem = "" if endpoint.configured else "未配置推送地址或签名密钥"
        if endpoint.configured:
            try:
                check_url(endpoint.url)
            except ConfigurationError as exc:
                problem = exc.message
        out.append(
            {"code": code, "name": info.name, "publicity": info.publicity, "configured": not problem,
             "problem": problem, "source": source, "url": endpoint.url, "basis": omap.basis_of(code)}
        )  # fmt: skip
    return out


def status(engine: Engine, today: date, now: datetime | None = None) -> list[dict[str, Any]]:
    """Per target: counts by status, the oldest undelivered row's age, and deadline breaches."""
    now = now or datetime.now(UTC)
    configured = {t["code"]: t["configured"] for t in targets(engine)}
    with UnitOfWork(engine, read_only=True) as uow:
        s = uow.session
        counts = s.execute(
            select(OutboxRow.target, OutboxRow.status, func.count()).group_by(
                OutboxRow.target, OutboxRow.status
            )
        ).all()
        oldest = dict(
            s.execute(
                select(OutboxRow.target, func.min(OutboxRow.created_at))
                .where(OutboxRow.status != "delivered").group_by(OutboxRow.target)
            ).all()
        )  # fmt: skip
        late = s.execute(
            select(OutboxRow.target, OutboxRow.due_on, OutboxRow.delivered_at).where(
                OutboxRow.due_on.is_not(None)
            )
        ).all()
    breaches: dict[str, int] = {}
    for target, due_on, delivered_at in late:
        done_on = beijing(delivered_at).date() if delivered_at is not None else None  # Beijing day
        if (done_on is None and due_on < today) or (done_on is not None and done_on > due_on):
            breaches[target] = breaches.get(target, 0) + 1
    out = []
    others = sorted({t for t, _st, _n in counts} - set(obligation_map().targets))  # e.g. intake_callback
    for code in [*obligation_map().targets, *others]:
        by = {st: n for t, st, n in counts if t == code}
        first = oldest.get(code)
        out.append(
            {"target": code, "configured": configured.get(code), **{st: by.get(st, 0) for st in STATUSES},
             "oldest_pending_seconds": int((now - aware(first)).total_seconds()) if first else None,
             "deadline_breaches": breaches.get(code, 0)}
        )  # fmt: skip
    return out


def _as_dict(row: OutboxRow) -> dict[str, Any]:
    return {
        "id": row.id, "delivery_id": row.delivery_id, "target": row.target, "obligation": row.obligation,
        "case_id": row.case_id, "seq": row.source_seq, "event": row.event_type, "status": row.status,
        "attempts": row.attempts, "due_on": row.due_on.isoformat() if row.due_on else None,
        "next_attempt_at": aware(row.next_attempt_at).isoformat(), "last_error": row.last_error,
        "created_at": aware(row.created_at).isoformat(),
        "delivered_at": aware(row.delivered_at).isoformat() if row.delivered_at else None,
        "legal_basis": row.legal_basis,
    }  # fmt: skip


def list_rows(
    engine: Engine, status_filter: str | None = None, target: str | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """Outbox rows, newest first, optionally of one status and one target."""
    if status_filter is not None and status_filter not in STATUSES:
        raise ValidationFailed(
            f"未知的投递状态：{status_filter}（可选 {'、'.join(STATUSES)}）", code="bad_outbox_status"
        )
    query = select(OutboxRow).order_by(OutboxRow.id.desc()).limit(limit)
    if status_filter:
        query = query.where(OutboxRow.status == status_filter)
    if target:
        query = query.where(OutboxRow.target == target)
    with UnitOfWork(engine, read_only=True) as uow:
        return [_as_dict(r) for r in uow.session.scalars(query)]


def payload_of(engine: Engine, row_id: int) -> dict[str, Any]:
    """The JSON document of one row, exactly as it is sent."""
    with UnitOfWork(engine, read_only=True) as uow:
        row = uow.session.get(OutboxRow, row_id)
        if row is None:
            raise NotFound(f"没有编号为 {row_id} 的推送记录", code="outbox_not_found")
        return dict(json.loads(row.payload))


def retry(engine: Engine, row_id: int, now: datetime | None = None, actor: str = "") -> dict[str, Any]:
    """Put a dead letter back in its queue (after the administrator fixed the cause); same delivery id.
    Who did it, and the target's reason it had died with, are logged (outbox_actions)."""
    now = now or datetime.now(UTC)
    with UnitOfWork(engine) as uow:
        row = uow.session.get(OutboxRow, row_id, with_for_update=True)
        if row is None:
            raise NotFound(f"没有编号为 {row_id} 的推送记录", code="outbox_not_found")
        if row.status != "dead":
            raise ValidationFailed(
                f"只有已转入死信的推送可以重新投递（该记录状态为 {row.status}）", code="outbox_not_dead"
            )
        note = f"重新投递死信（尝试 {row.attempts} 次后）：{row.last_error[:500]}"
        uow.session.add(
            OutboxAction(
                outbox_id=row.id, target=row.target, action="retry", actor=actor or "?", note=note, at=now
            )
        )
        row.status, row.attempts, row.next_attempt_at = "pending", 0, now
        uow.commit()
        return _as_dict(row)


def actions(
    engine: Engine, limit: int = 50, target: str | None = None, per_row: bool = True
) -> list[dict[str, Any]]:
    """The administrators' actions on the outbox, newest first: who retried, requeued or set what, when
    (only those of `target`; without the per-row ones, e.g. each dead letter requeued, unless `per_row`)."""
    query = select(OutboxAction).order_by(OutboxAction.id.desc()).limit(limit)
    if target is not None:
        query = query.where(OutboxAction.target == target)
    if not per_row:
        query = query.where(OutboxAction.outbox_id.is_(None))
    with UnitOfWork(engine, read_only=True) as uow:
        return [
            {"id": a.id, "outbox_id": a.outbox_id, "target": a.target, "action": a.action, "actor": a.actor,
             "note": a.note, "at": aware(a.at).isoformat()}
            for a in uow.session.scalars(query)
        ]  # fmt: skip
