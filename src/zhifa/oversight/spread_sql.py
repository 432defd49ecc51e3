"""The spreads of docs/consistency.md computed inside PostgreSQL (percentile_cont, the same linear
interpolation as zhifa.oversight.spread.quantile): groups, regions and officers are aggregated there and
only the outliers beyond the fences leave the database — at 100,000 cases the report no longer ships
every decided case to Python. SQLite has no percentile_cont: there consistency.py computes in Python."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    String,
    and_,
    column,
    func,
    or_,
    select,
    text,
    tuple_,
    type_coerce,
    values,
)
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import Grouping

from zhifa.oversight import spread as sp
from zhifa.oversight.query import Filter
from zhifa.store.models.oversight import OfficerTally, PenaltyFact

P = PenaltyFact
Key = tuple[str, str]
WORK_MEM = "32MB"  # one in-memory sort of 100,000 decided cases needs about 11 MB


def _five(col: Any) -> list[Any]:
    # one sort per group for the three quartiles (one array-argument aggregate; PostgreSQL computes the
    # identical aggregate once), returned as three float columns: a float8[] read back as text costs more
    # to parse than the query takes to sort (bench/oversight.py)
    quartiles = type_coerce(
        Grouping(func.percentile_cont(pg.array([0.25, 0.5, 0.75])).within_group(col)), pg.ARRAY(Float)
    )
    return [func.count(), func.min(col), *(quartiles[i] for i in (1, 2, 3)), func.max(col)]


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
    """{"groups": {key: Spread}, "regions": {key: [(path, Spread)]}, "officers": {key: [(id, Spread)]},
    "names": {violation type: name}}.

    Groups and regions come from one scan and one sort: ROLLUP((type, tier), region) yields each region's
    row and, after them, its group's row (region NULL); the names are probed per type afterwards. The
    sort memory is raised for these queries so that the 100,000-case sort stays in memory rather than
    spilling to disk (bench/oversight.py)."""
    with _sort_memory(session):
        return _spreads(session, f, violation_type)


@contextmanager
def _sort_memory(session: Session) -> Iterator[None]:
    """work_mem raised for these queries only: SET LOCAL in a transaction; in autocommit (the read-only
    unit of work) SET on the connection and RESET afterwards, so the pooled connection keeps its default."""
    conn = session.connection()
    if conn.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
        conn.execute(text(f"SET LOCAL work_mem = '{WORK_MEM}'"))
        yield
        return
    conn.execute(text(f"SET work_mem = '{WORK_MEM}'"))
    try:
        yield
    finally:
        conn.execute(text("RESET work_mem"))


def _spreads(session: Session, f: Filter, violation_type: str | None) -> dict[str, Any]:
    where = _where(f, violation_type)
    region = region_expr(f.scope_path).label("region")
    groups: dict[Key, sp.Spread] = {}
    regions: dict[Key, list[tuple[Any, sp.Spread]]] = {}
    rollup = (
        select(P.violation_type, P.tier, region, *_five(P.position))
        .where(*where)
        .group_by(func.rollup(tuple_(P.violation_type, P.tier), region))
    )
    for r in session.execute(rollup):
        if r[0] is None:  # the grand total row of ROLLUP
            continue
        key = (r[0], r[1])
        if r[2] is None:
            groups[key] = _spread(r[3:])
        else:
            regions.setdefault(key, []).append((r[2], _spread(r[3:])))
    officers: dict[Key, list[tuple[Any, sp.Spread]]] = {}
    # officers with enough cases in a group: candidates from the running tallies (all time, all agencies;
    # a few hundred rows), then their cases in scope and period (an index lookup, not a grouping of every
    # decided case: most officer × group pairs have one case, bench/oversight.py)
    t = OfficerTally
    busy = [t.cases >= sp.MIN_SUBGROUP]
    if violation_type:
        busy.append(t.violation_type == violation_type)
    candidates = select(t.officer_id, t.violation_type, t.tier).where(*busy).subquery("busy")
    on = and_(
        candidates.c.officer_id == P.officer_id,
        candidates.c.violation_type == P.violation_type,
        candidates.c.tier == P.tier,
    )
    stmt = (
        select(P.violation_type, P.tier, P.officer_id, *_five(P.position))
        .join(candidates, on)
        .where(*where)
        .group_by(P.violation_type, P.tier, P.officer_id)
        .having(func.count() >= sp.MIN_SUBGROUP)
    )
    for r in session.execute(stmt):
        officers.setdefault((r[0], r[1]), []).append((r[2], _spread(r[3:])))
    names = type_names(session, sorted({t for t, _ in groups}))
    return {"groups": groups, "regions": regions, "officers": officers, "names": names}


def type_names(session: Session, types: list[str]) -> dict[str, str]:
    """The name recorded with each violation type: one index probe per type (LIMIT 1), rather than
    carrying every decided case's name through the quartile sort."""
    if not types:
        return {}
    wanted = values(column("t", String), name="types").data([(t,) for t in types])
    name = (
        select(P.violation_name)
        .where(P.violation_type == wanted.c.t, P.violation_name != "")
        .limit(1)
        .scalar_subquery()
    )
    return {t: n or "" for t, n in session.execute(select(wanted.c.t, name))}


def outliers(
    session: Session, f: Filter, violation_type: str | None, groups: dict[Key, sp.Spread]
) -> list[tuple[Any, ...]]:
    """Every case beyond its group's fences (groups of at least MIN_GROUP), in one scan: the fences go in
    as a VALUES list; rows are (case id, path, type, tier, officer, position)."""
    fenced = [(t, tier, *g.fences) for (t, tier), g in groups.items() if g.n >= sp.MIN_GROUP]
    if not fenced:
        return []
    v = values(
        column("t", String), column("tier", String), column("lo", Float), column("hi", Float), name="fences"
    ).data(fenced)
    stmt = (
        select(P.case_id, P.agency_path, P.violation_type, P.tier, P.officer_id, P.position)
        .join(v, and_(v.c.t == P.violation_type, v.c.tier == P.tier))
        .where(*_where(f, violation_type), or_(P.position < v.c.lo, P.position > v.c.hi))
    )
    return [tuple(r) for r in session.execute(stmt)]
