"""Month by month: clues by registration, cases by filing, decisions and 案值 by the decision month."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zhifa.stats.facts import ON_THE_SPOT
from zhifa.stats.measures import F, in_scope
from zhifa.stats.projection import FACTS
from zhifa.stats.scope import Period, Scope


def _month(dialect: str, column: Any) -> Any:
    if dialect == "sqlite":
        return func.strftime("%Y-%m", column)
    return func.to_char(column, "YYYY-MM")


def months(period: Period) -> list[str]:
    """Every month the period touches, as YYYY-MM."""
    out, day = [], date(period.start.year, period.start.month, 1)
    while day <= period.end:
        out.append(day.strftime("%Y-%m"))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return out


def trend(session: Session, scope: Scope, period: Period) -> dict[str, Any]:
    """Per month of the period: clues, filed cases, decisions, 案值 (yuan, as float for the chart)."""
    dialect = session.get_bind().dialect.name
    series: dict[str, dict[str, float]] = {"clues": {}, "filed": {}, "decisions": {}, "case_value": {}}

    def count(name: str, column: Any, *extra: Any, value: Any = None) -> None:
        month = _month(dialect, column)
        measure = func.count() if value is None else func.coalesce(func.sum(value), 0)
        query = (
            select(month, measure).select_from(FACTS)
            .where(in_scope(scope), column.between(period.start, period.end), *extra)
            .group_by(month)
        )  # fmt: skip
        series[name] = {m: float(v) for m, v in session.execute(query)}

    count("clues", F.registered_on, F.source != ON_THE_SPOT)
    count("filed", F.opened_on)
    count("decisions", F.decided_on)
    money = F.fine + F.confiscated_income + F.confiscated_property
    count("case_value", F.decided_on, F.outcome == "penalty", value=money)
    labels = months(period)
    return {"months": labels, **{k: [v.get(m, 0) for m in labels] for k, v in series.items()}}
