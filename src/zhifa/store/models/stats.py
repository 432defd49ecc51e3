"""Statistics tables (docs/statistics.md): one fact row per case and one activity row per officer-day.

Both are projections kept current where cases are projected (zhifa.stats.projection) and rebuilt from the
ledger by `zhifa stats rebuild`. Rows marked `synthetic` come from `zhifa stats synthesize` (合成数据): every
report filters on the marker, so synthetic and real figures never meet in one answer.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, Index, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from zhifa.store.db import Base


class StatsCaseFact(Base):
    """What the reports need of one case: where (agency levels), what, when each stage ended, money."""

    __tablename__ = "stats_case_facts"
    __table_args__ = (
        Index("ix_stats_case_facts_a2", "synthetic", "a2"),
        Index("ix_stats_case_facts_a3", "synthetic", "a3"),
        Index("ix_stats_case_facts_registered", "synthetic", "registered_on"),
        Index("ix_stats_case_facts_decided", "synthetic", "decided_on"),
        Index("ix_stats_case_facts_closed", "synthetic", "closed_on"),
    )

    case_id: Mapped[str] = mapped_column(String(32), primary_key=True)  # no FK: synthetic rows have no case
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    agency_path: Mapped[str] = mapped_column(String(255))
    a1: Mapped[str] = mapped_column(String(32))  # agency code at each depth of the path (省/市/县/所)
    a2: Mapped[str] = mapped_column(String(32), default="")
    a3: Mapped[str] = mapped_column(String(32), default="")
    a4: Mapped[str] = mapped_column(String(32), default="")
    source: Mapped[str] = mapped_column(String(24), default="")  # ClueSource; on_the_spot for 简易程序
    grade: Mapped[str] = mapped_column(String(8), default="")  # intake grade; "" = not graded
    procedure: Mapped[str] = mapped_column(String(16))  # ordinary | summary
    stage: Mapped[str] = mapped_column(String(24))
    violation: Mapped[str] = mapped_column(String(200), default="")
    area: Mapped[str] = mapped_column(String(32), default="")  # catalog area of the violation, "" unknown
    registered_on: Mapped[date] = mapped_column(Date)  # first event: clue registered / on-the-spot decision
    opened_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # 立案, or the summary decision
    declined_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # 不予立案
    reported_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # 调查终结
    approved_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # 负责人审批
    decided_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # 结案 (终止/移送 included)
    outcome: Mapped[str] = mapped_column(String(24), default="")
    fine: Mapped[Decimal] = mapped_column(Numeric(16, 2), default=Decimal("0"))
    confiscated_income: Mapped[Decimal] = mapped_column(Numeric(16, 2), default=Decimal("0"))
    confiscated_property: Mapped[Decimal] = mapped_column(Numeric(16, 2), default=Decimal("0"))
    publicity_required: Mapped[bool] = mapped_column(Boolean, default=False)
    publicity_due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    published_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    online: Mapped[bool] = mapped_column(Boolean, default=True)  # no step recorded later than it happened
    clue_due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    decision_due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    decision_end_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # decided, terminated, moved
    clock_paused: Mapped[bool] = mapped_column(Boolean, default=False)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class StatsActivity(Base):
    """An officer recorded at least one event of a case of this agency on this day (the usage rates)."""

    __tablename__ = "stats_activity"
    __table_args__ = (
        UniqueConstraint("synthetic", "day", "user_id", "agency_code"),
        Index("ix_stats_activity_user_day", "synthetic", "user_id", "day"),
        Index("ix_stats_activity_agency_day", "synthetic", "agency_code", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    day: Mapped[date] = mapped_column(Date)
    user_id: Mapped[int] = mapped_column(Integer)  # users.id; a synthetic officer's number when synthetic
    agency_code: Mapped[str] = mapped_column(String(32))  # the case's agency
    agency_path: Mapped[str] = mapped_column(String(255))


class StatsSyntheticOfficer(Base):
    """An officer of the synthetic history (合成): the roster the synthetic usage rates divide by."""

    __tablename__ = "stats_synthetic_officers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(32))
    agency_path: Mapped[str] = mapped_column(String(255), index=True)
