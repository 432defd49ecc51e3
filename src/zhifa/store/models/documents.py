"""Document numbers (文号): per-agency counters and the register of issued numbers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from zhifa.store.db import Base


class DocNumberCounter(Base):
    """The last number issued per agency, document type and year."""

    __tablename__ = "docno_counters"
    __table_args__ = (UniqueConstraint("agency_id", "doc_type", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    doc_type: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer)
    last: Mapped[int] = mapped_column(Integer, default=0)


class IssuedDocNumber(Base):
    """Every 文号 issued, so the register can be checked for gaps and duplicates."""

    __tablename__ = "docno_issued"
    __table_args__ = (
        UniqueConstraint("agency_id", "doc_type", "year", "number"),
        UniqueConstraint("docno"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    doc_type: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    docno: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(64), default="")  # e.g. the case stream id
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
