"""The outbox of pushes to other systems: one row per (ledger event, target), written with the event."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zhifa.store.db import Base


class OutboxRow(Base):
    """One obligation to push one payload to one target; delivered in id order per (target, stream)."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_target_status", "target", "status"),
        Index("ix_outbox_queue", "status", "id"),  # the workers' read: undelivered rows in id order
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    delivery_id: Mapped[str] = mapped_column(String(32), unique=True)  # the receiver de-duplicates on it
    target: Mapped[str] = mapped_column(String(32))
    obligation: Mapped[str] = mapped_column(String(40))  # publish / withdraw / correct / transfer / ...
    stream_id: Mapped[str] = mapped_column(String(64), index=True)  # order key: case-<id> or checkpoints
    case_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    source_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the ledger record's seq
    event_type: Mapped[str] = mapped_column(String(40))
    legal_basis: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # the legal deadline, when one is set
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON, masked, frozen when the event was written
    status: Mapped[str] = mapped_column(String(12))  # pending / retrying / delivered / dead
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    lease_owner: Mapped[str | None] = mapped_column(String(80), nullable=True)  # host:pid:nonce of a worker
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class OutboxTarget(Base):
    """A target's URL and signing secret set by an administrator (the alternative to ZHIFA_PUSH_*)."""

    __tablename__ = "outbox_targets"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    secret_enc: Mapped[str] = mapped_column(Text)  # SM4-GCM under the key-encryption secret
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(64))


class OutboxAction(Base):
    """What an administrator did to the outbox (retry of a dead letter, target settings): who, when, why."""

    __tablename__ = "outbox_actions"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    outbox_id: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), nullable=True, index=True
    )
    target: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(20))  # retry / set_target
    actor: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
