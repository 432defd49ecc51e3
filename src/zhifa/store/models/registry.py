"""The embedded market-entity registry (市场主体登记信息), filled by `zhifa registry import`."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zhifa.store.db import Base


class RegistryEntity(Base):
    """One market entity by its 统一社会信用代码; `demo` rows are fictitious (演示) and shown so."""

    __tablename__ = "registry_entities"

    uscc: Mapped[str] = mapped_column(String(18), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    entity_type: Mapped[str] = mapped_column(String(64))
    legal_representative: Mapped[str] = mapped_column(String(64))
    domicile: Mapped[str] = mapped_column(String(300))
    division_code: Mapped[str] = mapped_column(String(6))
    authority: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(32))
    established_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    scope: Mapped[str] = mapped_column(Text)
    demo: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(200))  # the imported file's name
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
