"""Oversight facts (issue 20): what consistency analytics and the 纪检 view query, kept with the cases.

Both tables are projections of the ledger like `cases`: written in the same transaction as the events
that cause them (zhifa.oversight.store, called from the case projection) and rebuilt by
`zhifa oversight rebuild`. Nothing here is a source of truth.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from zhifa.store.db import Base


class PenaltyFact(Base):
    """One decided case: its fine and where it sits in the statutory range recorded with the report."""

    __tablename__ = "oversight_penalties"
    __table_args__ = (
        Index("ix_oversight_penalties_type_tier", "violation_type", "tier"),
        Index("ix_oversight_penalties_officer", "officer_id", "violation_type", "tier"),
        # LIKE 'scope%' on PostgreSQL uses a btree only with pattern ops (the database collation is not C)
        Index(
            "ix_oversight_penalties_agency_path",
            "agency_path",
            postgresql_ops={"agency_path": "varchar_pattern_ops"},
        ),
    )

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    agency_path: Mapped[str] = mapped_column(String(255))
    decided_on: Mapped[date] = mapped_column(Date, index=True)
    procedure: Mapped[str] = mapped_column(String(16))  # ordinary | summary
    outcome: Mapped[str] = mapped_column(String(24))
    violation_type: Mapped[str] = mapped_column(String(80), default="")  # catalog id; "" = no suggestion
    violation_name: Mapped[str] = mapped_column(String(200), default="")
    tier: Mapped[str] = mapped_column(String(16), default="")
    officer_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the first assigned handler
    party_code: Mapped[str] = mapped_column(String(32), default="")
    fine: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    statutory_low: Mapped[Decimal | None] = mapped_column(Numeric(16, 2), nullable=True)
    statutory_high: Mapped[Decimal | None] = mapped_column(Numeric(16, 2), nullable=True)
    suggested_fine: Mapped[Decimal | None] = mapped_column(Numeric(16, 2), nullable=True)
    position: Mapped[float | None] = mapped_column(Float, nullable=True)  # (fine − low) / (high − low)
    adherence: Mapped[str] = mapped_column(String(16), default="")


class OversightEvent(Base):
    """A ledger event the 纪检 view lists: 不予立案, 终止, no penalty, an override or change of the penalty
    with its reason, a correction (更正)."""

    __tablename__ = "oversight_events"
    __table_args__ = (
        UniqueConstraint("case_id", "seq", "kind"),
        Index("ix_oversight_events_kind_on", "kind", "happened_on"),
        Index(
            "ix_oversight_events_agency_path",
            "agency_path",
            postgresql_ops={"agency_path": "varchar_pattern_ops"},
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(24))
    agency_path: Mapped[str] = mapped_column(String(255))
    actor_id: Mapped[int] = mapped_column(Integer)
    happened_on: Mapped[date] = mapped_column(Date)
    ground: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[str] = mapped_column(String(300), default="")
    after: Mapped[str] = mapped_column(String(300), default="")
    fine_before: Mapped[Decimal | None] = mapped_column(Numeric(16, 2), nullable=True)
    fine_after: Mapped[Decimal | None] = mapped_column(Numeric(16, 2), nullable=True)
    lowered: Mapped[bool] = mapped_column(Boolean, default=False)


class OfficerTally(Base):
    """How many decided cases with a position each officer has per violation type and tier, over all time
    and all agencies: kept with `oversight_penalties` (same transaction) so that the consistency report can
    find the officers with enough cases in a group (MIN_SUBGROUP) without grouping every decided case."""

    __tablename__ = "oversight_officer_tallies"

    officer_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    violation_type: Mapped[str] = mapped_column(String(80), primary_key=True)
    tier: Mapped[str] = mapped_column(String(16), primary_key=True)
    cases: Mapped[int] = mapped_column(Integer)


class PairTally(Base):
    """How many cases each officer has handled for each party (统一社会信用代码 or 身份证号), over all
    time and all agencies: kept with `case_handlers` and the case's party (same transaction) so that the
    纪检 view finds repeated officer–party pairs without joining every handler row to every case."""

    __tablename__ = "oversight_pair_tallies"

    user_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    party_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    cases: Mapped[int] = mapped_column(Integer)
