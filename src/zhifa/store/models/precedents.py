"""The precedent library: one row per imported penalty decision (masked; JSON parts) and import failures."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zhifa.store.db import Base


class Precedent(Base):
    """A parsed decision: identity, masked party, parts, provisions, penalties, parse problems."""

    __tablename__ = "precedents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    docid: Mapped[str] = mapped_column(String(64), unique=True)
    source_hash: Mapped[str] = mapped_column(String(64), index=True)  # sha256 of the file (idempotent import)
    source_name: Mapped[str] = mapped_column(String(255))
    docno: Mapped[str | None] = mapped_column(String(120), nullable=True, index=True)
    bureau: Mapped[str | None] = mapped_column(String(120), nullable=True, index=True)
    decision_date: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    party_kind: Mapped[str | None] = mapped_column(String(24), nullable=True)
    party_name_masked: Mapped[str | None] = mapped_column(String(200), nullable=True)
    facts: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)
    analysis: Mapped[str] = mapped_column(Text, default="")
    discretion: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    violated: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    basis: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    penalties: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    fine: Mapped[Decimal | None] = mapped_column(Numeric(16, 2), nullable=True)
    confiscated: Mapped[Decimal | None] = mapped_column(Numeric(16, 2), nullable=True)
    facts_amounts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    violation_type: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    problems: Mapped[list[str]] = mapped_column(JSON, default=list)
    complete: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PrecedentImportFailure(Base):
    """A file that could not be read as a decision, with the reason (never dropped silently)."""

    __tablename__ = "precedent_import_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    docid: Mapped[str] = mapped_column(String(64), unique=True)
    source_hash: Mapped[str] = mapped_column(String(64))
    source_name: Mapped[str] = mapped_column(String(255))
    code: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(String(500))
    attempted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
