"""Consistency analytics (类案同罚): for each violation type and tier, the distribution of the decided
fine's position in its statutory range, by region and by officer; the spread (docs/consistency.md),
the outliers linked to their cases, and the overrides of the assistant's suggestion and changes of the
penalty at review, approval and decision with their reasons."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, NamedTuple, cast

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from zhifa.oversight import spread as sp
from zhifa.oversight.facts import OVERRIDE_KINDS
from zhifa.oversight.listing import event_counts, event_items
from zhifa.oversight.query import Filter, agency_names, case_titles, region_of, user_names
from zhifa.store.models.oversight import PenaltyFact

P = PenaltyFact
MAX_POINTS = 3000  # scatter points returned when one violation type is asked for


class _Point(NamedTuple):
    case_id: str
    agency_path: str
    violation_type: str
    violation_name: str
    tier: str
    officer_id: int | None
    position: float
    fine: Any
    statutory_low: Any
    statutory_high: Any
    decided_on: Any


def coverage(session: Session, f: Filter) -> dict[str, int]:
    """Decided penalties in scope, and how many have a position (the rest: no suggestion recorded,
    summary procedure, or a range without width)."""
    row = session.execute(
        select(
            func.count(),
            func.count(P.position),
            func.sum(case((P.procedure == "summary", 1), else_=0)),
            func.sum(case(((P.violation_type == "") & (P.procedure != "summary"), 1), else_=0)),
        ).where(P.outcome == "penalty", *f.where(P.agency_path, P.decided_on))
    ).one()
    total, placed, summary, unsuggested = (int(x or 0) for x in row)
    return {
        "decided_penalties": total, "with_position": placed, "summary_procedure": summary,
        "without_suggestion": unsuggested, "without_range": total - placed - summary - unsuggested,
    }  # fmt: skip


def _points(session: Session, f: Filter, violation_type: str | None) -> list[_Point]:
    stmt = select(
        P.case_id, P.agency_path, P.violation_type, P.violation_name, P.tier, P.officer_id, P.position,
        P.fine, P.statutory_low, P.statutory_high, P.decided_on,
    ).where(P.position.is_not(None), *f.where(P.agency_path, P.decided_on))  # fmt: skip
    if violation_type:
        stmt = stmt.where(P.violation_type == violation_type)
    return [_Point(*cast(tuple[Any, ...], r)) for r in session.execute(stmt)]


def _subgroups(points: list[_Point], key: Any, group: sp.Spread) -> list[tuple[Any, sp.Spread, float, bool]]:
    by: dict[Any, list[float]] = defaultdict(list)
    for p in points:
        by[key(p)].append(p.position)
    out = []
    for k, values in by.items():
        s = sp.spread(values)
        out.append((k, s, round(s.median - group.median, 4), sp.offset_flagged(s, group)))
    return sorted(out, key=lambda t: (-t[1].n, str(t[0])))


def analyse(
    session: Session,
    f: Filter,
    violation_type: str | None = None,
    *,
    outlier_limit: int = 200,
    override_limit: int = 200,
) -> dict[str, Any]:
    """The whole consistency report for a scope and period (JSON-ready)."""
    points = _points(session, f, violation_type)
    groups: dict[tuple[str, str], list[_Point]] = defaultdict(list)
    for p in points:
        groups[(p.violation_type, p.tier)].append(p)
    regions = {region_of(p.agency_path, f.scope_path) for p in points}
    region_names = agency_names(session, regions)
    officers = user_names(session, (p.officer_id for p in points))
    out_groups, outliers = [], []
    for (vtype, tier), members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        g = sp.spread([p.position for p in members])
        by_region = _subgroups(members, lambda p: region_of(p.agency_path, f.scope_path), g)
        by_officer = _subgroups(members, lambda p: p.officer_id, g)
        flagged = [p for p in members if g.is_outlier(p.position)]
        outliers += [(p, g) for p in flagged]
        out_groups.append({
            "violation_type": vtype, "violation_name": members[0].violation_name, "tier": tier,
            "spread": g.as_dict(), "disparity": round(g.iqr, 4) if g.n >= sp.MIN_GROUP else None,
            "outlier_count": len(flagged),
            "regions": [_sub(k, region_names.get(k, k), s, off, fl) for k, s, off, fl in by_region],
            "officers": [_sub(k, officers.get(k, "—"), s, off, fl) for k, s, off, fl in by_officer],
        })  # fmt: skip
    outliers.sort(key=lambda pg: -_distance(pg[0].position, pg[1]))
    shown = outliers[:outlier_limit]
    titles = case_titles(session, (p.case_id for p, _ in shown))
    return {
        "filter": f.as_dict(),
        "violation_type": violation_type or None,
        "method": {
            "measure": "四分位距（IQR）",
            "min_group": sp.MIN_GROUP,
            "min_subgroup": sp.MIN_SUBGROUP,
            "iqr_floor": sp.IQR_FLOOR,
            "fence": sp.FENCE,
            "offset_limit": sp.OFFSET_LIMIT,
            "doc": "docs/consistency.md",
        },
        "coverage": coverage(session, f),
        "groups": out_groups,
        "outlier_total": len(outliers),
        "outliers": [_outlier(p, g, f, titles, region_names, officers) for p, g in shown],
        "points": [
            {"case_id": p.case_id, "position": round(p.position, 4), "tier": p.tier, "fine": str(p.fine)}
            for p in points[:MAX_POINTS]
        ]
        if violation_type
        else [],
        "overrides": {
            "counts": event_counts(session, f, OVERRIDE_KINDS),
            "items": event_items(session, f, OVERRIDE_KINDS, limit=override_limit),
        },
    }


def _sub(key: Any, name: str, s: sp.Spread, offset: float, flagged: bool) -> dict[str, Any]:
    return {"key": key, "name": name, "spread": s.as_dict(), "offset": offset, "flagged": flagged}


def _distance(value: float, g: sp.Spread) -> float:
    low, high = g.fences
    return low - value if value < low else value - high


def _outlier(
    p: _Point,
    g: sp.Spread,
    f: Filter,
    titles: dict[str, str],
    regions: dict[str, str],
    officers: dict[int, str],
) -> dict[str, Any]:
    region = region_of(p.agency_path, f.scope_path)
    return {
        "case_id": p.case_id, "case_title": titles.get(p.case_id, ""), "url": f"/cases/{p.case_id}",
        "violation_type": p.violation_type, "violation_name": p.violation_name, "tier": p.tier,
        "position": round(p.position, 4), "group_median": round(g.median, 4),
        "direction": "偏高" if p.position > g.median else "偏低",
        "fine": str(p.fine), "statutory_low": str(p.statutory_low), "statutory_high": str(p.statutory_high),
        "region": regions.get(region, region),
        "officer": officers.get(p.officer_id, "—") if p.officer_id is not None else "—",
        "decided_on": p.decided_on.isoformat(),
    }  # fmt: skip
