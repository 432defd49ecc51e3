"""Writing the outbox: one row per (event, target) obligation, in the transaction of the event itself.

`enqueue_case_events` is called by the case write path (zhifa.services.cases) after the ledger append and
before the commit; events of a type no obligation names cost one set lookup. Payloads are mapped (and
masked for publicity targets) here, so what is sent is fixed when the obligation arises.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhifa.domain.calendar import WorkingCalendar
from zhifa.domain.state import Case
from zhifa.integrations.obligations import ObligationMap, obligation_map
from zhifa.integrations.payloads import Source, build_payload, rule_applies
from zhifa.ledger import Record
from zhifa.store.case_repo import CaseRecord
from zhifa.store.models.outbox import OutboxRow
from zhifa.timefmt import beijing

CHECKPOINT_STREAM = "checkpoints"


def _pushed_before(session: Session, stream_id: str, target: str, seq: int | None) -> bool:
    """Whether `target` was sent something of this stream (the record `seq`, when given)."""
    q = select(OutboxRow.id).where(
        OutboxRow.stream_id == stream_id, OutboxRow.target == target, OutboxRow.obligation != "withdraw"
    )
    if seq is not None:
        q = q.where(OutboxRow.source_seq == seq)
    return session.scalar(q.limit(1)) is not None


def enqueue(
    session: Session, source: Source, calendar: WorkingCalendar | None, omap: ObligationMap | None = None
) -> list[OutboxRow]:
    """Add the outbox rows this event obliges (nothing is flushed or committed here)."""
    omap = omap or obligation_map()
    rows = []
    now = datetime.now(UTC)
    for rule in omap.rules.get(source.event_type, ()):
        if not rule_applies(rule, source):
            continue
        for push in rule.pushes:
            if push.already_pushed:
                seq = getattr(source.event, "corrects_seq", None)
                if not _pushed_before(session, source.stream_id, push.target, seq):
                    continue
            delivery_id = uuid.uuid4().hex
            due_on = push.due_on(source.on, calendar)
            payload = build_payload(source, omap.targets[push.target], push, delivery_id, due_on)
            row = OutboxRow(
                delivery_id=delivery_id, target=push.target, obligation=push.obligation,
                stream_id=source.stream_id, case_id=source.case_id, source_seq=source.seq,
                event_type=source.event_type, legal_basis=push.basis[:300], due_on=due_on,
                payload=json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                status="pending", attempts=0, next_attempt_at=now, last_error="", created_at=now,
            )  # fmt: skip
            session.add(row)
            rows.append(row)
    return rows


def enqueue_case_events(
    session: Session,
    row: CaseRecord,
    case: Case,
    events: Sequence[Any],
    records: Sequence[Record],
    on: date,
    calendar: WorkingCalendar | None,
) -> None:
    """The case write path's hook: outbox rows for the just-appended events that create obligations."""
    omap = obligation_map()
    types = omap.event_types
    if not any(e.type in types for e in events):
        return
    for event, record in zip(events, records, strict=True):
        if event.type not in types:
            continue
        source = Source(
            event=event, event_type=event.type, stream_id=row.stream_id, on=on, seq=record.seq,
            case_id=row.id, case=case, violation=row.violation,
            docno=getattr(event, "docno", "") or row.decision_docno,
        )  # fmt: skip
        enqueue(session, source, calendar, omap)


def enqueue_checkpoint(session: Session, checkpoint_id: int, statement: str, created_at: str) -> None:
    """The checkpoint hook: the signed statement goes to the external witness (audit)."""
    on = beijing(datetime.fromisoformat(created_at.replace("Z", "+00:00"))).date()  # the Beijing day
    source = Source(
        event=None, event_type="LedgerCheckpoint", stream_id=CHECKPOINT_STREAM, on=on, seq=checkpoint_id,
        extra={"checkpoint_id": checkpoint_id, "statement": json.loads(statement)},
    )  # fmt: skip
    enqueue(session, source, None)


def push_deadlines(session: Session, case_ids: set[str], today: date) -> dict[str, list[dict[str, Any]]]:
    """Undelivered pushes with a legal period, by case (for the deadline lists): due, days left, overdue."""
    query = select(
        OutboxRow.case_id, OutboxRow.target, OutboxRow.obligation, OutboxRow.legal_basis,
        OutboxRow.due_on, OutboxRow.created_at, OutboxRow.status,
    ).where(OutboxRow.status != "delivered", OutboxRow.due_on.is_not(None))  # fmt: skip
    names = obligation_map().targets
    out: dict[str, list[dict[str, Any]]] = {}
    for case_id, target, obligation, basis, due_on, created_at, status in session.execute(query):
        if case_id not in case_ids:
            continue
        left = (due_on - today).days
        out.setdefault(case_id, []).append(
            {"key": f"push:{target}:{obligation}", "name": f"推送{names[target].name}（{obligation}）",
             "basis": basis, "start": beijing(created_at).date().isoformat(), "length": "",
             "unit": "法定期限",
             "due": due_on.isoformat(), "days_left": left, "paused": False, "overdue": left < 0,
             "warning": "推送已转入死信，需管理员处理" if status == "dead" else None}
        )  # fmt: skip
    return out
