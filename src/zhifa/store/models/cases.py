"""Case projections: one row per case stream, its handlers, the party register and evidence files.

These tables are rebuilt from the ledger (the source of truth) and exist for lists, filters and scope
checks; each command updates them in the same transaction as the ledger append.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from zhifa.store.db import Base


class CaseRow(Base):
    """The current state of one case, as lists and filters need it."""

    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # uuid hex; the API's case id
    stream_id: Mapped[str] = mapped_column(String(64), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    agency_path: Mapped[str] = mapped_column(String(255), index=True)
    stage: Mapped[str] = mapped_column(String(24), index=True)
    procedure: Mapped[str] = mapped_column(String(16))  # ordinary | summary
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    violation: Mapped[str] = mapped_column(String(200), default="")
    party_kind: Mapped[str] = mapped_column(String(24), default="")
    party_name: Mapped[str] = mapped_column(String(200), default="")
    party_code: Mapped[str] = mapped_column(String(32), default="", index=True)
    act_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    discovered_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    filed_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    decided_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    outcome: Mapped[str] = mapped_column(String(24), default="")
    fine: Mapped[Decimal | None] = mapped_column(Numeric(16, 2), nullable=True)
    penalty_kinds: Mapped[str] = mapped_column(String(200), default="")  # comma-separated PenaltyKind values
    filing_docno: Mapped[str] = mapped_column(String(64), default="")
    notice_docno: Mapped[str] = mapped_column(String(64), default="")
    decision_docno: Mapped[str] = mapped_column(String(64), default="")
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class CaseHandler(Base):
    """An assigned 办案人员 of a case (for “my cases” and deadline lists)."""

    __tablename__ = "case_handlers"
    __table_args__ = (UniqueConstraint("case_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)


class PartyRow(Base):
    """The register of parties by identifier (统一社会信用代码 or 身份证号), for prior violations."""

    __tablename__ = "parties"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(24))
    name: Mapped[str] = mapped_column(String(200))
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class EvidenceFile(Base):
    """An uploaded evidence file: bytes in var_dir/files/<sm3>; metadata here, only the hash in events."""

    __tablename__ = "evidence_files"
    __table_args__ = (UniqueConstraint("case_id", "sm3"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    sm3: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    size: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
