"""Signed ledger checkpoints (append-only): every one taken is kept, for witnesses and `verify`."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zhifa.store.db import Base


class LedgerCheckpoint(Base):
    """One signed statement of every stream's length and head hash (zhifa.ledger.checkpoint)."""

    __tablename__ = "ledger_checkpoints"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    created_at: Mapped[str] = mapped_column(String(40), index=True)  # UTC ISO-8601, exactly as signed
    stream_count: Mapped[int] = mapped_column(Integer)
    record_count: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    root: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str] = mapped_column(String(64))
    statement: Mapped[str] = mapped_column(Text)  # the signed checkpoint file, canonical JSON
