"""Callbacks to the source systems (处理结果反馈): what became of a pushed clue, through the outbox.

One outbox row (target `intake_callback`) per status change of a clue from a source with a callback URL,
written in the transaction of the ledger event that caused it (the receipt itself included), delivered by
the outbox worker at least once with the row's delivery id as the event id the source de-duplicates on.
The body is signed with HMAC-SM3 by the push transport; the signing secret of a source is derived from
the server secret and the source's current key hash (shown once when the key is issued, `zhifa sources
callback-secret`), so no secret is stored and revoking or re-issuing the key changes it. The delivery id
is derived from the case stream and the ledger record's seq, so a status change has one delivery id however
often it is queued: the catch-up when a URL is set (zhifa.integrations.callback_catchup) relies on that.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from zhifa.config import PushEndpoint, get_settings
from zhifa.errors import ConfigurationError
from zhifa.integrations.transport import check_url, hmac_sm3
from zhifa.ledger.sm import sm3
from zhifa.store.models.cases import CaseRow
from zhifa.store.models.intake import IntakeClue, IntakeSource
from zhifa.store.models.outbox import OutboxRow
from zhifa.store.uow import UnitOfWork

TARGET = "intake_callback"
CENT = Decimal("0.01")
SCHEMA = "zhifa.intake-callback/1"
BASIS = "线索处理结果反馈来源系统：《市场监督管理行政处罚程序规定》第十八条（线索核查，立案或者不予立案）"
STATUS_OF_EVENT = {
    "IntakeAccepted": "accepted",
    "IntakeRerouted": "routed",
    "IntakeDeclined": "declined",
    "CaseFiled": "filed",
    "FilingDeclined": "declined",
    "CaseTransferred": "transferred",
    "DecisionIssued": "decided",
    "CaseClosed": "closed",
    "CaseTerminated": "closed",
}
LABELS = {
    "accepted": "已受理", "triage": "待省局分流（无法确定管辖）", "routed": "已转交其他机构",
    "declined": "不予立案", "filed": "已立案", "transferred": "已移送", "decided": "已作出处理决定",
    "closed": "已结案",
}  # fmt: skip


def callback_secret(code: str, key_hash: str, server_secret: str | None = None) -> str:
    """The HMAC-SM3 key of a source's callbacks (hex), derived: nothing secret is stored for it."""
    secret = server_secret if server_secret is not None else get_settings().secret_key
    return hmac_sm3(secret.encode(), f"zhifa-intake-callback/1|{code}|{key_hash}".encode()).hex()


def _yuan(amount: Any) -> str | None:
    """An amount as cases.fine stores it (NUMERIC(16, 2)): two decimals, whether from memory or the row."""
    return None if amount is None else str(Decimal(amount).quantize(CENT))


def status_details(event: Any, row: Any) -> dict[str, Any]:
    """What the source is told beyond the status: 文号, dates, decision summary, reason."""
    out: dict[str, Any] = {}
    if row.filing_docno:
        out["filing_docno"], out["filed_on"] = row.filing_docno, str(row.filed_on or "") or None
    if row.decided_on:
        out.update(
            decision_docno=row.decision_docno or None, decided_on=row.decided_on.isoformat(),
            outcome=row.outcome or None, fine=_yuan(row.fine),
            penalty_kinds=[k for k in row.penalty_kinds.split(",") if k],
        )  # fmt: skip
    for name in ("reason", "recipient"):
        value = getattr(event, name, None)
        if isinstance(value, str) and value:
            out[name] = value
    ground = getattr(event, "ground", None)
    if ground is not None:
        out["ground"] = getattr(ground, "value", str(ground))
    if event.type == "IntakeRerouted":
        out["agency_code"], out["from_agency_code"] = event.agency_code, event.from_agency_code
    return out


def delivery_id_of(stream_id: str, seq: int) -> str:
    """The delivery id of the callback for one ledger record of a clue's case (the same every time)."""
    return sm3(f"{SCHEMA}|{stream_id}|{seq}".encode()).hex()[:32]


def receipt_data(detail: dict[str, Any]) -> dict[str, Any]:
    """What the receipt tells beyond the status, from the clue's first answer (intake_clues.detail)."""
    return {k: detail.get(k) for k in ("grade", "agency_code", "agency_name", "due_on", "routing")}


def callback_values(
    clue_id: str, source_ref: str, stream_id: str, event_type: str, seq: int, status: str, on: date,
    data: dict[str, Any], now: datetime,
) -> dict[str, Any]:  # fmt: skip
    """The column values of one callback row (pending, due now)."""
    delivery_id = delivery_id_of(stream_id, seq)
    body = {
        "schema": SCHEMA, "delivery_id": delivery_id, "event_id": delivery_id, "target": TARGET,
        "obligation": "notify_source", "event": event_type, "legal_basis": BASIS,
        "occurred_on": on.isoformat(),
        "data": {"clue_id": clue_id, "source_ref": source_ref, "status": status,
                 "status_label": LABELS[status], **data},
    }  # fmt: skip
    return dict(
        delivery_id=delivery_id, target=TARGET, obligation="notify_source", stream_id=stream_id,
        case_id=clue_id, source_seq=seq, event_type=event_type, legal_basis=BASIS[:300], due_on=None,
        payload=json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
        status="pending", attempts=0, next_attempt_at=now, last_error="", created_at=now,
    )  # fmt: skip


def add_callback(
    session: Session,
    clue: IntakeClue,
    callback_url: str | None,
    stream_id: str,
    event_type: str,
    seq: int,
    status: str,
    on: date,
    data: dict[str, Any],
) -> OutboxRow | None:
    """Write one callback row (nothing when the source has no callback URL); flushed with the caller's."""
    if not callback_url:
        return None
    values = callback_values(
        clue.case_id, clue.source_ref, stream_id, event_type, seq, status, on, data, datetime.now(UTC)
    )
    row = OutboxRow(**values)
    session.add(row)
    return row


def enqueue_case_callbacks(
    session: Session, row: Any, events: Sequence[Any], records: Sequence[Any], on: date
) -> None:
    """The case write path's hook: a callback row per status-changing event of a clue from a source."""
    if not any(e.type in STATUS_OF_EVENT for e in events):
        return
    found = session.execute(
        select(IntakeClue, IntakeSource.callback_url)
        .join(IntakeSource, IntakeSource.id == IntakeClue.source_id)
        .where(IntakeClue.case_id == row.id)
    ).first()
    if found is None or not found[1]:
        return
    clue, url = found
    for event, record in zip(events, records, strict=True):
        status = STATUS_OF_EVENT.get(event.type)
        if status is not None:
            data = status_details(event, row)
            add_callback(session, clue, url, row.stream_id, event.type, record.seq, status, on, data)


def callback_endpoint(engine: Engine, stream_id: str) -> PushEndpoint | None:
    """Where the callbacks of one case go: its source's URL and derived secret (None: revoked or unusable)."""
    with UnitOfWork(engine, read_only=True) as uow:
        found = uow.session.execute(
            select(IntakeSource.code, IntakeSource.callback_url, IntakeSource.key_hash, IntakeSource.active)
            .join(IntakeClue, IntakeClue.source_id == IntakeSource.id)
            .join(CaseRow, CaseRow.id == IntakeClue.case_id)
            .where(CaseRow.stream_id == stream_id)
        ).first()
    if found is None or not found.callback_url or not found.key_hash or not found.active:
        return None
    try:
        check_url(found.callback_url)
    except ConfigurationError:
        return None
    return PushEndpoint(found.callback_url, callback_secret(found.code, found.key_hash))


def callback_counts(engine: Engine) -> list[dict[str, Any]]:
    """Per source system: its callback URL and its callback rows by delivery status."""
    from sqlalchemy import func

    with UnitOfWork(engine, read_only=True) as uow:
        rows = uow.session.execute(
            select(IntakeSource.code, IntakeSource.callback_url, OutboxRow.status, func.count())
            .join(IntakeClue, IntakeClue.source_id == IntakeSource.id)
            .join(OutboxRow, (OutboxRow.case_id == IntakeClue.case_id) & (OutboxRow.target == TARGET))
            .group_by(IntakeSource.code, IntakeSource.callback_url, OutboxRow.status)
            .order_by(IntakeSource.code)
        ).all()
    out: dict[str, dict[str, Any]] = {}
    for code, url, status, n in rows:
        item = out.setdefault(code, {"source": code, "callback_url": url, "pending": 0, "retrying": 0,
                                     "delivered": 0, "dead": 0})  # fmt: skip
        item[status] = n
    return list(out.values())
