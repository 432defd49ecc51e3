"""What a report covers: an agency subtree (scope), a period of days, and real or synthetic (合成) data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhifa.domain.actors import Actor, Role
from zhifa.errors import ValidationFailed
from zhifa.identity.scope import missing, require_role
from zhifa.store.models.identity import Agency

VIEW_ROLES = (Role.HEAD, Role.INSPECTOR, Role.ADMIN)  # the nav's 统计 entry; inspectors only read
SYNTHETIC_LABEL = "合成数据（zhifa stats synthesize 生成，非真实案件）"


@dataclass(frozen=True)
class Period:
    """Days from `start` to `end`, both included."""

    start: date
    end: date

    @property
    def label(self) -> str:
        """As printed in titles: 2026-01-01 至 2026-12-31."""
        return f"{self.start.isoformat()} 至 {self.end.isoformat()}"


@dataclass(frozen=True)
class Scope:
    """An agency subtree: the agency's code and name, its path, and its depth in the tree (1 = 省)."""

    code: str
    name: str
    path: str
    level: str
    synthetic: bool = False

    @property
    def depth(self) -> int:
        """1 for the province, 2 for a city, 3 for a county, 4 for a station."""
        return len([p for p in self.path.split("/") if p])

    @property
    def label(self) -> str:
        """The scope as printed in titles (synthetic data says so)."""
        return f"{self.name}（合成数据）" if self.synthetic else self.name


def parse_day(value: str | date | None, field: str) -> date | None:
    """A date from YYYY-MM-DD; bad input is refused with the field named."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationFailed(
            f"日期格式应为 YYYY-MM-DD：{value}", code="invalid_date", details={"field": field}
        ) from None


def make_period(start: str | date | None, end: str | date | None, today: date) -> Period:
    """The period asked for; by default the current year up to today."""
    first = parse_day(start, "from") or date(today.year, 1, 1)
    last = parse_day(end, "to") or today
    if last < first:
        raise ValidationFailed(
            "统计期间的结束日期早于开始日期", code="invalid_period", details={"field": "to"}
        )
    if last - first > timedelta(days=366 * 10):
        raise ValidationFailed("统计期间不能超过十年", code="invalid_period", details={"field": "from"})
    return Period(first, last)


def resolve_scope(
    session: Session, actor: Actor | None, code: str | None, *, synthetic: bool = False
) -> Scope:
    """The agency subtree asked for: the actor's own agency by default; outside his subtree = not found."""
    if actor is not None:
        require_role(actor, *VIEW_ROLES)
    if code is None:
        if actor is not None:
            code = actor.agency_code
        else:
            code = session.scalar(select(Agency.code).where(Agency.parent_id.is_(None)).order_by(Agency.id))
            if code is None:
                raise missing("机构", "agency_not_found")
    row = session.execute(
        select(Agency.code, Agency.name, Agency.path, Agency.level).where(Agency.code == code.strip())
    ).first()
    if row is None or (actor is not None and not actor.covers(row.path)):
        raise missing("机构", "agency_not_found")
    return Scope(row.code, row.name, row.path, row.level, synthetic)
