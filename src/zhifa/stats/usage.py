"""办案机构应用率 and 办案人员操作率: who works in the system, against who could (docs/statistics.md).

The roster (denominators) of real data is the users table: 办案人员 = active users holding the handler
role; 办案机构 = agencies with at least one of them. Synthetic data has its own roster
(stats_synthetic_officers). Activity = officer-days on which a case event was recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import Session

from zhifa.domain.actors import Role
from zhifa.stats.projection import ACTIVITY
from zhifa.stats.scope import Period, Scope
from zhifa.store.models.identity import Agency, User, UserRole
from zhifa.store.models.stats import StatsSyntheticOfficer


@dataclass(frozen=True)
class Usage:
    """The roster and the active part of it, as (officer id, agency path) and agency paths."""

    officers: dict[int, str]  # officer → agency path
    active_officers: set[int]
    agencies: set[str]  # agency paths with at least one officer
    active_agencies: set[str]

    def within(self, prefix: str, *, only: bool = False) -> tuple[int, int, int, int]:
        """(active agencies, agencies, active officers, officers) under an agency path (`only`: at it)."""
        agencies = {p for p in self.agencies if (p == prefix if only else p.startswith(prefix))}
        officers = {o for o, p in self.officers.items() if (p == prefix if only else p.startswith(prefix))}
        return (
            len(agencies & self.active_agencies),
            len(agencies),
            len(officers & self.active_officers),
            len(officers),
        )


def _roster(scope: Scope) -> Select[tuple[int, str, str]]:
    """(officer id, agency path, agency code) of the officers in scope."""
    if scope.synthetic:
        o = StatsSyntheticOfficer
        return select(o.id, o.agency_path.label("path"), o.agency_code.label("code")).where(
            o.agency_path.startswith(scope.path)
        )
    return (
        select(User.id, Agency.path, Agency.code)
        .join(Agency, Agency.id == User.agency_id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(User.active.is_(True), UserRole.role == Role.HANDLER.value, Agency.path.startswith(scope.path))
    )


def _acted(scope: Scope, period: Period, column: Any, value: Any) -> Any:
    """EXISTS an officer-day in the period whose `column` is `value` (one index probe each)."""
    query = select(ACTIVITY.c.id).where(
        ACTIVITY.c.synthetic.is_(scope.synthetic),
        column == value,
        ACTIVITY.c.day.between(period.start, period.end),
    )
    if not scope.synthetic:  # source systems' service accounts are inactive users: not officers at work
        query = query.join(User, User.id == ACTIVITY.c.user_id).where(User.active.is_(True))
    return exists(query)


def usage(session: Session, scope: Scope, period: Period) -> Usage:
    """Roster and activity of the scope in the period."""
    roster = _roster(scope).subquery()
    officers = {int(i): str(p) for i, p, _ in session.execute(select(roster))}
    acting = select(roster.c.id).where(_acted(scope, period, ACTIVITY.c.user_id, roster.c.id))
    agencies = select(roster.c.path, roster.c.code).distinct().subquery()
    used = select(agencies.c.path).where(_acted(scope, period, ACTIVITY.c.agency_code, agencies.c.code))
    return Usage(officers, set(session.scalars(acting)), set(officers.values()), set(session.scalars(used)))
