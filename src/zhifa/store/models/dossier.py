"""Searchable text of the issued documents and text-bearing evidence PDFs (检索 over the dossiers)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from zhifa.store.db import Base


class DocumentText(Base):
    """The text of one dossier file, with what the search filters on; the ledger stays the authority."""

    __tablename__ = "document_texts"
    __table_args__ = (UniqueConstraint("case_id", "sm3"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)  # the DocumentIssued or EvidenceAdded record
    sm3: Mapped[str] = mapped_column(String(64), index=True)  # the public verification looks it up
    role: Mapped[str] = mapped_column(String(16))  # document | evidence
    kind: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(String(200))
    docno: Mapped[str] = mapped_column(String(64), default="")
    party_name: Mapped[str] = mapped_column(String(200), default="")
    agency_path: Mapped[str] = mapped_column(String(255), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    issued_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
