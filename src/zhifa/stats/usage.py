"""办案机构应用率 and 办案人员操作率: who works in the system, against who could (docs/statistics.md).

The roster (denominators) of real data is the users table: 办案人员 = active users holding the handler
role; 办案机构 = agencies with at least one of them. Synthetic data has its own roster
(stats_synthetic_officers). Activity = officer-days on which a case event was recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhifa.domain.actors import Role
from zhifa.stats.projection import ACTIVITY
from zhifa.stats.scope import Period, Scope
from zhifa.store.models.identity import Agency, User, UserRole
from zhifa.store.models.stats import StatsSyntheticOfficer

CASE_ROLES = (Role.HANDLER.value, Role.REVIEWER.value, Role.HEAD.value)


@dataclass(frozen=True)
class Usage:
    """The roster and the active part of it, as (officer id, agency path) and agency paths."""

    officers: dict[int, str]  # officer → agency path
    active_officers: set[int]
    agencies: set[str]  # agency paths with at least one officer
    active_agencies: set[str]

    def within(self, prefix: str) -> tuple[int, int, int, int]:
        """(active agencies, agencies, active officers, officers) under an agency path."""
        agencies = {p for p in self.agencies if p.startswith(prefix)}
        officers = {o for o, p in self.officers.items() if p.startswith(prefix)}
        return (
            len(agencies & self.active_agencies),
            len(agencies),
            len(officers & self.active_officers),
            len(officers),
        )


def _roster(session: Session, scope: Scope) -> dict[int, str]:
    if scope.synthetic:
        rows: Iterable[tuple[int, str]] = session.execute(
            select(StatsSyntheticOfficer.id, StatsSyntheticOfficer.agency_path).where(
                StatsSyntheticOfficer.agency_path.startswith(scope.path)
            )
        ).all()
    else:
        rows = session.execute(
            select(User.id, Agency.path)
            .join(Agency, Agency.id == User.agency_id)
            .join(UserRole, UserRole.user_id == User.id)
            .where(
                User.active.is_(True), UserRole.role == Role.HANDLER.value, Agency.path.startswith(scope.path)
            )
        ).all()
    return {int(a): str(b) for a, b in rows}


def _case_role_users(session: Session) -> set[int]:
    """Active users holding a case role (service accounts of source systems are inactive)."""
    query = (
        select(User.id).join(UserRole, UserRole.user_id == User.id)
        .where(User.active.is_(True), UserRole.role.in_(CASE_ROLES))
    )  # fmt: skip
    return set(session.scalars(query))


def usage(session: Session, scope: Scope, period: Period) -> Usage:
    """Roster and activity of the scope in the period."""
    officers = _roster(session, scope)
    rows = session.execute(
        select(ACTIVITY.c.user_id, ACTIVITY.c.agency_path)
        .where(
            ACTIVITY.c.synthetic.is_(scope.synthetic),
            ACTIVITY.c.day.between(period.start, period.end),
            ACTIVITY.c.agency_path.startswith(scope.path),
        )
        .distinct()
    ).all()
    acting = set(officers) if scope.synthetic else _case_role_users(session)
    active_officers: set[int] = set()
    active_agencies: set[str] = set()
    for user_id, path in rows:
        if user_id in acting:
            active_agencies.add(path)
        if user_id in officers:
            active_officers.add(user_id)
    return Usage(officers, active_officers, set(officers.values()), active_agencies)
