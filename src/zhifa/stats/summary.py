"""The summary of a scope and period: the four rates, counts, 案值, handling times and breaches."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhifa.stats.measures import STAGE_SPANS, in_scope, measures
from zhifa.stats.projection import FACTS
from zhifa.stats.scope import SYNTHETIC_LABEL, Period, Scope
from zhifa.stats.usage import usage

RATE_LABELS = {
    "agency_usage_rate": "办案机构应用率",
    "officer_operation_rate": "办案人员操作率",
    "full_online_rate": "案件全流程网办率",
    "publicity_rate": "行政处罚公示率",
}
COUNT_LABELS = {
    "clues": "登记线索",
    "filed": "立案（一般程序）",
    "not_filed": "不予立案",
    "summary_cases": "简易程序案件",
    "decisions": "作出决定",
    "penalties": "作出行政处罚决定",
    "closed": "结案",
    "publicity_required": "应公示的处罚决定",
    "published": "已公示",
    "published_on_time": "按期公示（20个工作日内）",
    "clue_breaches": "线索核查超期",
    "decision_breaches": "办案期限超期",
}
MONEY_LABELS = {
    "fine": "罚款",
    "confiscated_income": "没收违法所得",
    "confiscated_property": "没收非法财物价值",
    "case_value": "案值合计",
}


def rate(numerator: int, denominator: int) -> dict[str, Any]:
    """A rate 0–1 (None when nothing to divide by) with its numerator and denominator beside it."""
    value = round(numerator / denominator, 4) if denominator else None
    return {"rate": value, "numerator": numerator, "denominator": denominator}


def money(value: Any) -> Decimal:
    """A sum of yuan as Decimal with two places."""
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def aggregate(session: Session, scope: Scope, period: Period, today: date) -> dict[str, Any]:
    """Every measure of the scope in one statement (label → number)."""
    exprs = measures(period, today, session.get_bind().dialect.name)
    row = session.execute(
        select(*(e.label(k) for k, e in exprs.items())).select_from(FACTS).where(in_scope(scope))
    ).one()
    return dict(row._mapping)


def spans(values: dict[str, Any]) -> list[dict[str, Any]]:
    """Average handling days per stage (cases whose stage ended in the period)."""
    out = []
    for key, label, *_ in STAGE_SPANS:
        n, days = int(values[f"span_{key}_n"]), float(values[f"span_{key}_days"] or 0)
        out.append(
            {"stage": key, "label": label, "cases": n, "average_days": round(days / n, 1) if n else None}
        )
    return out


def summary(session: Session, scope: Scope, period: Period, today: date) -> dict[str, Any]:
    """The summary as JSON-ready data (money as strings of yuan)."""
    v = aggregate(session, scope, period, today)
    use = usage(session, scope, period)
    active_agencies, agencies, active_officers, officers = use.within(scope.path)
    counts = {k: int(v[k]) for k in COUNT_LABELS}
    counts["deadline_breaches"] = counts["clue_breaches"] + counts["decision_breaches"]
    return {
        "scope": {"code": scope.code, "name": scope.name, "level": scope.level},
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "synthetic": scope.synthetic,
        **({"data_label": SYNTHETIC_LABEL} if scope.synthetic else {}),
        "agency_usage_rate": rate(active_agencies, agencies),
        "officer_operation_rate": rate(active_officers, officers),
        "full_online_rate": rate(int(v["closed_online"]), int(v["closed"])),
        "publicity_rate": rate(int(v["published"]), int(v["publicity_required"])),
        "publicity_on_time_rate": rate(int(v["published_on_time"]), int(v["publicity_required"])),
        "counts": counts,
        "case_value": {k: str(money(v[k])) for k in MONEY_LABELS},
        "handling_days": spans(v),
    }
