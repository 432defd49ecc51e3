"""Consistency analytics (类案同罚): for each violation type and tier, the distribution of the decided
fine's position in its statutory range, by region and by officer; the spread (docs/consistency.md),
the outliers linked to their cases, and the overrides of the assistant's suggestion and changes of the
penalty at review, approval and decision with their reasons.

Only (case, agency path, type, tier, officer, position) of each decided case is read for the
distributions; the figures of the outliers shown are read afterwards by case id. Officers are listed per
group when they have at least MIN_SUBGROUP cases, flagged ones first, at most MAX_OFFICERS.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from zhifa.oversight import spread as sp
from zhifa.oversight import spread_sql
from zhifa.oversight.facts import OVERRIDE_KINDS
from zhifa.oversight.listing import event_counts, event_items
from zhifa.oversight.query import Filter, agency_names, case_titles, region_of, user_names
from zhifa.store.models.oversight import PenaltyFact

P = PenaltyFact
MAX_POINTS = 3000  # scatter points returned when one violation type is asked for
MAX_OFFICERS = 30  # officers listed per group (flagged first, then by number of cases)
Point = tuple[str, str, str, str, int | None, float]  # case id, agency path, type, tier, officer, position
Key = tuple[str, str]  # violation type, tier


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


def _points(session: Session, f: Filter, violation_type: str | None) -> list[Point]:
    stmt = select(P.case_id, P.agency_path, P.violation_type, P.tier, P.officer_id, P.position).where(
        P.position.is_not(None), *f.where(P.agency_path, P.decided_on)
    )
    if violation_type:
        stmt = stmt.where(P.violation_type == violation_type)
    return [tuple(r) for r in session.execute(stmt).all()]  # type: ignore[misc]


def _type_names(session: Session, types: Sequence[str]) -> dict[str, str]:
    rows = session.execute(
        select(P.violation_type, func.max(P.violation_name))
        .where(P.violation_type.in_(types))
        .group_by(P.violation_type)
    )
    return dict(rows.all())


def _subgroups(
    points: list[Point], key: Callable[[Point], Any], minimum: int = 1
) -> list[tuple[Any, sp.Spread]]:
    by: dict[Any, list[float]] = defaultdict(list)
    for p in points:
        by[key(p)].append(p[5])
    return [(k, sp.spread(values)) for k, values in by.items() if len(values) >= minimum]


def _in_python(session: Session, f: Filter, violation_type: str | None, limit: int) -> dict[str, Any]:
    """The spreads and outliers computed here from every decided case in scope (SQLite)."""
    points = _points(session, f, violation_type)
    members: dict[Key, list[Point]] = defaultdict(list)
    for p in points:
        members[(p[2], p[3])].append(p)
    scope = f.scope_path
    groups = {k: sp.spread([p[5] for p in ps]) for k, ps in members.items()}
    flagged = [(p, groups[k]) for k, ps in members.items() for p in ps if groups[k].is_outlier(p[5])]
    return {
        "groups": groups,
        "regions": {k: _subgroups(ps, lambda p: region_of(p[1], scope)) for k, ps in members.items()},
        "officers": {k: _subgroups(ps, lambda p: p[4], sp.MIN_SUBGROUP) for k, ps in members.items()},
        **_flagged(flagged, limit),
    }


def _in_database(session: Session, f: Filter, violation_type: str | None, limit: int) -> dict[str, Any]:
    """The same with the quartiles computed by PostgreSQL and only the outliers read (spread_sql)."""
    out = spread_sql.spreads(session, f, violation_type)
    groups: dict[Key, sp.Spread] = out["groups"]
    flagged = [(p, groups[(p[2], p[3])]) for p in spread_sql.outliers(session, f, violation_type, groups)]
    return {**out, **_flagged(flagged, limit)}


def _flagged(flagged: list[tuple[Point, sp.Spread]], limit: int) -> dict[str, Any]:
    """Counts per group, total, and the `limit` farthest outliers."""
    flagged.sort(key=lambda pg: (-_distance(pg[0][5], pg[1]), pg[0][0]))
    counts: dict[Key, int] = defaultdict(int)
    for p, _ in flagged:
        counts[(p[2], p[3])] += 1
    return {"outlier_counts": counts, "outlier_total": len(flagged), "outliers": flagged[:limit]}


def _ranked(subs: list[tuple[Any, sp.Spread]], group: sp.Spread) -> list[tuple[Any, sp.Spread, float, bool]]:
    out = [(k, s, round(s.median - group.median, 4), sp.offset_flagged(s, group)) for k, s in subs]
    return sorted(out, key=lambda t: (not t[3], -t[1].n, str(t[0])))


def analyse(
    session: Session,
    f: Filter,
    violation_type: str | None = None,
    *,
    outlier_limit: int = 200,
    override_limit: int = 200,
) -> dict[str, Any]:
    """The whole consistency report for a scope and period (JSON-ready)."""
    compute = _in_database if session.get_bind().dialect.name == "postgresql" else _in_python
    c = compute(session, f, violation_type, outlier_limit)
    groups: dict[Key, sp.Spread] = c["groups"]
    region_names = agency_names(session, {k for subs in c["regions"].values() for k, _ in subs})
    names = c.get("names") or _type_names(session, sorted({t for t, _ in groups}))
    out_groups: list[dict[str, Any]] = []
    officer_ids: set[int] = set()
    listed: list[list[tuple[Any, sp.Spread, float, bool]]] = []
    for (vtype, tier), g in sorted(groups.items(), key=lambda kv: (-kv[1].n, kv[0])):
        by_region = _ranked(c["regions"].get((vtype, tier), []), g)
        by_officer = _ranked(c["officers"].get((vtype, tier), []), g)
        officer_ids.update(t[0] for t in by_officer[:MAX_OFFICERS] if t[0] is not None)
        out_groups.append({
            "violation_type": vtype, "violation_name": names.get(vtype, ""), "tier": tier,
            "spread": g.as_dict(), "disparity": round(g.iqr, 4) if g.n >= sp.MIN_GROUP else None,
            "outlier_count": 0,
            "regions": [_sub(k, region_names.get(k, k), s, off, fl) for k, s, off, fl in by_region],
            "officer_count": len(by_officer),
        })  # fmt: skip
        listed.append(by_officer[:MAX_OFFICERS])
    officers = user_names(session, officer_ids)
    for entry, subs in zip(out_groups, listed, strict=True):
        entry["officers"] = [_sub(k, officers.get(k, "—"), s, off, fl) for k, s, off, fl in subs]
    for entry in out_groups:
        entry["outlier_count"] = c["outlier_counts"].get((entry["violation_type"], entry["tier"]), 0)
    points = _points(session, f, violation_type)[:MAX_POINTS] if violation_type else []
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
            "max_officers": MAX_OFFICERS,
            "doc": "docs/consistency.md",
        },
        "coverage": coverage(session, f),
        "groups": out_groups,
        "outlier_total": c["outlier_total"],
        "outliers": _outliers(session, c["outliers"], f.scope_path, names, region_names),
        "points": [{"case_id": p[0], "position": round(p[5], 4), "tier": p[3]} for p in points],
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


def _outliers(
    session: Session,
    shown: list[tuple[Point, sp.Spread]],
    scope: str,
    names: dict[str, str],
    regions: dict[str, str],
) -> list[dict[str, Any]]:
    ids = [p[0] for p, _ in shown]
    stmt = select(P.case_id, P.fine, P.statutory_low, P.statutory_high, P.decided_on)
    figures = {r.case_id: r for r in session.execute(stmt.where(P.case_id.in_(ids)))} if ids else {}
    titles = case_titles(session, ids)
    officers = user_names(session, (p[4] for p, _ in shown))
    out = []
    for p, g in shown:
        fig = figures[p[0]]
        region = region_of(p[1], scope)
        out.append({
            "case_id": p[0], "case_title": titles.get(p[0], ""), "url": f"/cases/{p[0]}",
            "violation_type": p[2], "violation_name": names.get(p[2], ""), "tier": p[3],
            "position": round(p[5], 4), "group_median": round(g.median, 4),
            "direction": "偏高" if p[5] > g.median else "偏低",
            "fine": str(fig.fine), "statutory_low": str(fig.statutory_low),
            "statutory_high": str(fig.statutory_high), "region": regions.get(region, region),
            "officer": officers.get(p[4], "—") if p[4] is not None else "—",
            "decided_on": fig.decided_on.isoformat(),
        })  # fmt: skip
    return out
