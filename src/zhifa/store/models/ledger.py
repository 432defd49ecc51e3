"""The append-only ledger table (DESIGN §2)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from zhifa.store.db import Base


class LedgerRecord(Base):
    """One event of one stream; hash-chained; never updated or deleted."""

    __tablename__ = "ledger_events"
    __table_args__ = (UniqueConstraint("stream_id", "seq"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    stream_id: Mapped[str] = mapped_column(String(64), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(64))
    schema_version: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON text of the payload
    recorded_at: Mapped[str] = mapped_column(String(40))  # UTC ISO-8601, exactly as hashed
    actor: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str | None] = mapped_column(Text, nullable=True)  # hex DER SM2 signature
    key_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    seal: Mapped[str | None] = mapped_column(String(64), nullable=True)  # HMAC-SM3 server seal


class LedgerHead(Base):
    """The sealed last (seq, hash) of each stream: cutting records off a stream's end no longer matches."""

    __tablename__ = "ledger_heads"

    stream_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    seal: Mapped[str] = mapped_column(String(64))
