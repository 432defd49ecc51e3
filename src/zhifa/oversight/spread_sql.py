"""The spreads of docs/consistency.md computed inside PostgreSQL (percentile_cont, the same linear
interpolation as zhifa.oversight.spread.quantile): groups, regions and officers are aggregated there and
only the outliers beyond the fences leave the database — at 100,000 cases the report no longer ships
every decided case to Python. SQLite has no percentile_cont: there consistency.py computes in Python."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select
from sqlalchemy.orm import Session

from zhifa.oversight import spread as sp
from zhifa.oversight.query import Filter
from zhifa.store.models.oversight import PenaltyFact

P = PenaltyFact
Key = tuple[str, str]


def _five(col: Any) -> list[Any]:
    quartiles = [func.percentile_cont(q).within_group(col) for q in (0.25, 0.5, 0.75)]
    return [func.count(), func.min(col), *quartiles, func.max(col)]


def _spread(row: Any) -> sp.Spread:
    n, low, q1, median, q3, high = row
    return sp.Spread(int(n), float(low), float(q1), float(median), float(q3), float(high))


def _where(f: Filter, violation_type: str | None) -> list[ColumnElement[bool]]:
    out = [P.position.is_not(None), *f.where(P.agency_path, P.decided_on)]
    if violation_type:
        out.append(P.violation_type == violation_type)
    return out


def region_expr(scope_path: str) -> ColumnElement[str]:
    """The agency path one level below the scope (the scope itself for its own cases), in SQL."""
    n = len(scope_path)
    rest = func.substr(P.agency_path, n + 1)
    return func.substr(P.agency_path, 1, n + func.strpos(rest, "/"))


def spreads(session: Session, f: Filter, violation_type: str | None) -> dict[str, Any]:
    """{"groups": {key: Spread}, "regions": {key: [(path, Spread)]}, "officers": {key: [(id, Spread)]}}."""
    where = _where(f, violation_type)
    region = region_expr(f.scope_path).label("region")
    groups = {
        (r[0], r[1]): _spread(r[2:])
        for r in session.execute(
            select(P.violation_type, P.tier, *_five(P.position))
            .where(*where)
            .group_by(P.violation_type, P.tier)
        )
    }
    regions: dict[Key, list[tuple[Any, sp.Spread]]] = {}
    for r in session.execute(
        select(P.violation_type, P.tier, region, *_five(P.position))
        .where(*where)
        .group_by(P.violation_type, P.tier, region)
    ):
        regions.setdefault((r[0], r[1]), []).append((r[2], _spread(r[3:])))
    officers: dict[Key, list[tuple[Any, sp.Spread]]] = {}
    stmt = (
        select(P.violation_type, P.tier, P.officer_id, *_five(P.position))
        .where(*where)
        .group_by(P.violation_type, P.tier, P.officer_id)
        .having(func.count() >= sp.MIN_SUBGROUP)
    )
    for r in session.execute(stmt):
        officers.setdefault((r[0], r[1]), []).append((r[2], _spread(r[3:])))
    return {"groups": groups, "regions": regions, "officers": officers}


def outliers(
    session: Session, f: Filter, violation_type: str | None, limit: int
) -> tuple[dict[Key, int], list[tuple[Any, ...]]]:
    """(outliers per group, the farthest: case id, path, type, tier, officer, position, q1, median, q3, n)."""
    where = _where(f, violation_type)
    q = (
        select(P.violation_type, P.tier, *_five(P.position))
        .where(*where)
        .group_by(P.violation_type, P.tier)
        .having(func.count() >= sp.MIN_GROUP)
        .subquery("g")
    )
    cols = list(q.c)
    n, q1, median, q3 = cols[2], cols[4], cols[5], cols[6]
    w = func.greatest(q3 - q1, literal(sp.IQR_FLOOR))
    low, high = q1 - sp.FENCE * w, q3 + sp.FENCE * w
    on = and_(cols[0] == P.violation_type, cols[1] == P.tier)
    beyond = [*where, or_(P.position < low, P.position > high)]
    counts = session.execute(
        select(P.violation_type, P.tier, func.count())
        .join(q, on)
        .where(*beyond)
        .group_by(P.violation_type, P.tier)
    )
    distance = func.greatest(low - P.position, P.position - high)
    stmt: Select[Any] = (
        select(
            P.case_id, P.agency_path, P.violation_type, P.tier, P.officer_id, P.position, q1, median, q3, n
        )
        .join(q, on)
        .where(*beyond)
        .order_by(distance.desc(), P.case_id)
        .limit(limit)
    )
    return {(t, tier): int(k) for t, tier, k in counts}, [tuple(r) for r in session.execute(stmt)]
