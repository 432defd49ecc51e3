"""Bringing a source system up to date when its callback URL is set or changed (or its key re-issued).

A source without a callback URL gets no callback rows while its clues move on. When the administrator sets
the URL, every clue of the source gets, in ledger order, the callbacks of the status changes it has not had
— the receipt and each later status change (zhifa.integrations.callbacks.STATUS_OF_EVENT), each with the
case as it stood at that event, exactly the rows the live path would have written. Only changes after the
latest one already queued for the clue are added: a later status the source already has (or will get from
its queue) supersedes earlier ones, which would otherwise arrive after it. The delivery id is derived from
(stream, seq), and rows are inserted with ON CONFLICT (delivery_id) DO NOTHING, so a second run adds
nothing. Runs in the caller's transaction, after the source row is locked; the cases of the source are
locked too (PostgreSQL), so a concurrent write of one of them either waits and then sees the new URL, or
commits first and its event is seen here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Table, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from zhifa.domain.state import Case
from zhifa.integrations.callbacks import (
    STATUS_OF_EVENT,
    TARGET,
    callback_values,
    receipt_data,
    status_details,
)
from zhifa.services.case_store import BLANK_SUMMARY, events_of, ledger, summary_values
from zhifa.store.models.cases import CaseRow
from zhifa.store.models.intake import IntakeClue
from zhifa.store.models.ledger import LedgerRecord
from zhifa.store.models.outbox import OutboxAction, OutboxRow

BATCH = 500  # rows per INSERT statement


@dataclass(frozen=True)
class CatchUp:
    """What bringing one source up to date did."""

    queued: int = 0  # callback rows added (status changes its clues had not had)
    clues: int = 0  # clues that got at least one of them
    requeued: int = 0  # dead letters put back in their queue because the URL or key changed


def _missing(session: Session, source_id: int) -> tuple[list[Any], dict[str, int]]:
    """The source's clues with a status change after the last callback queued for them; that seq."""
    clues = session.execute(
        select(IntakeClue.case_id, IntakeClue.source_ref, IntakeClue.detail, CaseRow.stream_id)
        .join(CaseRow, CaseRow.id == IntakeClue.case_id)
        .where(IntakeClue.source_id == source_id)
        .order_by(IntakeClue.received_at, IntakeClue.case_id)
        .with_for_update(of=CaseRow)
    ).all()
    queued = dict(
        session.execute(
            select(OutboxRow.stream_id, func.max(OutboxRow.source_seq))
            .join(IntakeClue, IntakeClue.case_id == OutboxRow.case_id)
            .where(OutboxRow.target == TARGET, IntakeClue.source_id == source_id)
            .group_by(OutboxRow.stream_id)
        ).all()
    )
    latest = dict(
        session.execute(
            select(LedgerRecord.stream_id, func.max(LedgerRecord.seq))
            .join(CaseRow, CaseRow.stream_id == LedgerRecord.stream_id)
            .join(IntakeClue, IntakeClue.case_id == CaseRow.id)
            .where(IntakeClue.source_id == source_id, LedgerRecord.type.in_(sorted(STATUS_OF_EVENT)))
            .group_by(LedgerRecord.stream_id)
        ).all()
    )
    after = {c.stream_id: int(queued.get(c.stream_id) or 0) for c in clues}
    todo = [c for c in clues if after[c.stream_id] < max(int(latest.get(c.stream_id) or 0), 1)]
    return todo, after


def _rows_of(session: Session, clue: Any, after: int, now: datetime) -> list[dict[str, Any]]:
    """The callback rows of one clue's status changes with seq > `after`, each with the case as it stood."""
    records = ledger(session).read(clue.stream_id)
    events = events_of(records)
    case, values, out = Case(), dict(BLANK_SUMMARY), []
    for record, event in zip(records, events, strict=True):
        case.apply(event)
        values = summary_values(values, case, [event])
        if record.seq <= after:
            continue
        if record.seq == 1 and event.type == "ClueRegistered":
            detail = json.loads(clue.detail)
            status, data = detail.get("status", "accepted"), receipt_data(detail)
        elif event.type in STATUS_OF_EVENT:
            status, data = STATUS_OF_EVENT[event.type], status_details(event, SimpleNamespace(**values))
        else:
            continue
        out.append(
            callback_values(
                clue.case_id,
                clue.source_ref,
                clue.stream_id,
                event.type,
                record.seq,
                status,
                event.on,
                data,
                now,
            )
        )
    return out


def _insert(session: Session, rows: list[dict[str, Any]]) -> int:
    """Insert the rows in order, skipping any whose delivery id is already there; how many went in."""
    table = cast(Table, OutboxRow.__table__)
    dialect: Any = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    added = 0
    for start in range(0, len(rows), BATCH):
        stmt = dialect.insert(table).values(rows[start : start + BATCH])
        stmt = stmt.on_conflict_do_nothing(index_elements=["delivery_id"]).returning(table.c.id)
        added += len(session.execute(stmt).all())  # (rowcount is not reliable here on psycopg)
    return added


def catch_up(session: Session, source_id: int, now: datetime | None = None) -> CatchUp:
    """Queue the callbacks the source's clues have not had, in ledger order (the caller commits)."""
    now = now or datetime.now(UTC)
    todo, after = _missing(session, source_id)
    rows, clues = [], 0
    for clue in todo:
        more = _rows_of(session, clue, after[clue.stream_id], now)
        clues += bool(more)
        rows.extend(more)
    return CatchUp(queued=_insert(session, rows), clues=clues)


def requeue_dead(session: Session, source_id: int, actor: str, note: str, now: datetime | None = None) -> int:
    """Put the source's dead callback letters back in their queues (its URL or key changed), logged."""
    now = now or datetime.now(UTC)
    dead = list(
        session.scalars(
            select(OutboxRow.id)
            .join(IntakeClue, IntakeClue.case_id == OutboxRow.case_id)
            .where(OutboxRow.target == TARGET, OutboxRow.status == "dead", IntakeClue.source_id == source_id)
            .order_by(OutboxRow.id)
        )
    )
    for start in range(0, len(dead), BATCH):
        ids = dead[start : start + BATCH]
        session.execute(
            update(OutboxRow)
            .where(OutboxRow.id.in_(ids), OutboxRow.status == "dead")
            .values(status="pending", attempts=0, next_attempt_at=now)
            .execution_options(synchronize_session=False)
        )
        session.add_all(
            OutboxAction(outbox_id=i, target=TARGET, action="retry", actor=actor, note=note, at=now)
            for i in ids
        )
    return len(dead)


def dead_letter_waiting(session: Session, source_id: int, reason: str, now: datetime | None = None) -> int:
    """The source's callbacks not yet delivered (pending, retrying) to dead letters with `reason` (its URL
    was cleared): kept, not deleted, and put back in their queues when a URL is set again. The source's
    cases are locked first (as in the catch-up), so a case write either committed its row before, and it
    is dead-lettered here, or waits and then finds no URL. A worker sending one of them loses its lease."""
    session.execute(
        select(CaseRow.id)
        .join(IntakeClue, IntakeClue.case_id == CaseRow.id)
        .where(IntakeClue.source_id == source_id)
        .with_for_update(of=CaseRow)
    ).all()
    waiting = list(
        session.scalars(
            select(OutboxRow.id)
            .join(IntakeClue, IntakeClue.case_id == OutboxRow.case_id)
            .where(
                OutboxRow.target == TARGET,
                OutboxRow.status.in_(("pending", "retrying")),
                IntakeClue.source_id == source_id,
            )
            .order_by(OutboxRow.id)
        )
    )
    for start in range(0, len(waiting), BATCH):
        session.execute(
            update(OutboxRow)
            .where(
                OutboxRow.id.in_(waiting[start : start + BATCH]),
                OutboxRow.status.in_(("pending", "retrying")),
            )
            .values(status="dead", last_error=reason[:500], lease_owner=None, lease_until=None)
            .execution_options(synchronize_session=False)
        )
    return len(waiting)
