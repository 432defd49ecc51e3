"""Clue intake: the business supervision systems that send clues, and each clue they sent."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from zhifa.store.db import Base


class IntakeSource(Base):
    """A source system (业务监管系统): its API key only as an SM3 hash, its service account on the ledger."""

    __tablename__ = "intake_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    callback_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    key_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))  # the ledger actor of its clues
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    enabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)  # current key
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class IntakeClue(Base):
    """One received clue: the case it became (same id), its grade, routing, deadline and first answer."""

    __tablename__ = "intake_clues"
    __table_args__ = (
        UniqueConstraint("source_id", "source_ref"),
        UniqueConstraint("source_id", "idempotency_key"),
    )

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("intake_sources.id"), index=True)
    source_ref: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str | None] = mapped_column(String(255), nullable=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    grade: Mapped[str] = mapped_column(String(8))
    agency_code: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # None: year not in the calendar
    detail: Mapped[str] = mapped_column(Text)  # JSON: fired rules, routing reason, attachments
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
