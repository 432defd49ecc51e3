"""The measures over `stats_case_facts` as SQL expressions, one per figure (docs/statistics.md).

Each measure counts a case by the date of the step it is about: clues by registration, cases by 立案 (or
the on-the-spot decision), decisions and 案值 by the decision day, full-online by the closing day, publicity
by the decision day, a stage's handling time by the day the stage ended, a breach by the day it fell due.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal, or_

from zhifa.stats.facts import ON_THE_SPOT
from zhifa.stats.projection import FACTS
from zhifa.stats.scope import Period, Scope

F = FACTS.c
FAR = date(9999, 12, 31)


def in_scope(scope: Scope) -> ColumnElement[bool]:
    """Rows of the scope's subtree, real or synthetic as the scope says (never both)."""
    return and_(F.synthetic.is_(scope.synthetic), F[f"a{min(scope.depth, 4)}"] == scope.code)


def _within(column: Any, period: Period) -> ColumnElement[bool]:
    return column.between(period.start, period.end)


def _count(cond: ColumnElement[bool]) -> Any:
    return func.count().filter(cond)  # COUNT(*) FILTER (WHERE …): cheaper than SUM(CASE …)


def _sum(cond: ColumnElement[bool], value: Any) -> Any:
    return func.coalesce(func.sum(value).filter(cond), 0)


def days_between(dialect: str, later: Any, earlier: Any) -> Any:
    """Whole days from `earlier` to `later` on either backend."""
    if dialect == "sqlite":
        return func.julianday(later) - func.julianday(earlier)
    return later - earlier


STAGE_SPANS = (  # key, label, start column, end column, which cases
    ("clue", "线索核查（登记至立案/不予立案）", "registered_on", "clue_end", "ordinary"),
    ("investigation", "调查取证（立案至调查终结）", "opened_on", "reported_on", "ordinary"),
    ("review", "审核审批（调查终结至负责人审批）", "reported_on", "approved_on", "ordinary"),
    ("decision", "告知至决定（审批至作出决定）", "approved_on", "decided_on", "ordinary"),
    ("execution", "执行至结案（决定至结案）", "decided_on", "closed_on", "all"),
    ("filed_to_decided", "立案至决定（全程）", "opened_on", "decided_on", "ordinary"),
)


def _column(name: str) -> Any:
    return func.coalesce(F.opened_on, F.declined_on) if name == "clue_end" else F[name]


def measures(period: Period, today: date, dialect: str) -> dict[str, Any]:
    """Label → SQL aggregate of every figure of the summary."""
    penalty = and_(_within(F.decided_on, period), F.outcome == "penalty")
    decided = _within(F.decided_on, period)
    closed = _within(F.closed_on, period)
    required = and_(decided, F.publicity_required.is_(True))
    asof = min(today, period.end)
    clue_breach = and_(
        _within(F.clue_due_on, period), F.clue_due_on < asof,
        func.coalesce(F.opened_on, F.declined_on, literal(FAR)) > F.clue_due_on,
    )  # fmt: skip
    decision_breach = and_(
        _within(F.decision_due_on, period), F.decision_due_on < asof,
        func.coalesce(F.decision_end_on, literal(FAR)) > F.decision_due_on,
        or_(F.decision_end_on.is_not(None), F.clock_paused.is_(False)),
    )  # fmt: skip
    money = F.fine + F.confiscated_income + F.confiscated_property
    out: dict[str, Any] = {
        "clues": _count(and_(_within(F.registered_on, period), F.source != ON_THE_SPOT)),
        "filed": _count(and_(_within(F.opened_on, period), F.procedure == "ordinary")),
        "not_filed": _count(_within(F.declined_on, period)),
        "summary_cases": _count(and_(_within(F.opened_on, period), F.procedure == "summary")),
        "decisions": _count(decided),
        "penalties": _count(penalty),
        "closed": _count(closed),
        "closed_online": _count(and_(closed, F.online.is_(True))),
        "publicity_required": _count(required),
        "published": _count(and_(required, F.published_on.is_not(None))),
        "published_on_time": _count(and_(required, F.published_on <= F.publicity_due_on)),
        "clue_breaches": _count(clue_breach),
        "decision_breaches": _count(decision_breach),
        "fine": _sum(penalty, F.fine),
        "confiscated_income": _sum(penalty, F.confiscated_income),
        "confiscated_property": _sum(penalty, F.confiscated_property),
        "case_value": _sum(penalty, money),
    }
    for key, _label, start, end, which in STAGE_SPANS:
        ended = and_(_within(_column(end), period), _column(start).is_not(None))
        if which == "ordinary":
            ended = and_(ended, F.procedure == "ordinary")
        out[f"span_{key}_n"] = _count(ended)
        out[f"span_{key}_days"] = _sum(ended, days_between(dialect, _column(end), _column(start)))
    return out


def any_in_period(period: Period) -> ColumnElement[bool]:
    """Rows with at least one dated step in the period (a filter that lets an index help)."""
    return or_(
        *(_within(F[name], period) for name in (
            "registered_on", "opened_on", "declined_on", "decided_on", "closed_on", "clue_due_on",
            "decision_due_on", "reported_on", "approved_on",
        ))
    )  # fmt: skip
