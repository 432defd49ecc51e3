"""The measures grouped by one dimension; `agency` drills down one level (省 → 市 → 县 → 所)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhifa.domain.grounds import ClueSource
from zhifa.domain.stages import Stage
from zhifa.errors import ValidationFailed
from zhifa.stats.facts import ON_THE_SPOT
from zhifa.stats.measures import F, in_scope, measures
from zhifa.stats.projection import FACTS
from zhifa.stats.scope import SYNTHETIC_LABEL, Period, Scope
from zhifa.stats.summary import COUNT_LABELS, money, rate
from zhifa.stats.usage import usage
from zhifa.store.models.identity import Agency

DIMENSIONS = {
    "agency": "下级机构",
    "source": "线索来源",
    "grade": "线索等级",
    "procedure": "程序",
    "stage": "办理阶段",
    "violation": "违法行为",
    "area": "领域",
}
_SOURCE_LABELS = {s.value: s.label for s in ClueSource} | {ON_THE_SPOT: "当场发现（简易程序）"}
_PROCEDURE_LABELS = {"ordinary": "一般程序", "summary": "简易程序"}
_BLANK = {
    "grade": "未分级（人工登记）",
    "area": "未归入裁量基准领域",
    "violation": "（立案前，尚无违法行为）",
}


def dimension(by: str) -> str:
    """The dimension asked for, or a refusal listing the known ones."""
    if by not in DIMENSIONS:
        known = "、".join(f"{k}（{v}）" for k, v in DIMENSIONS.items())
        raise ValidationFailed(f"未知的分组维度“{by}”，可选：{known}", code="unknown_dimension")
    return by


def _label(by: str, key: str) -> str:
    if not key:
        return _BLANK.get(by, "（未填写）")
    if by == "source":
        return _SOURCE_LABELS.get(key, key)
    if by == "stage":
        return Stage(key).label if key in Stage._value2member_map_ else key
    if by == "procedure":
        return _PROCEDURE_LABELS.get(key, key)
    return key


def _children(session: Session, scope: Scope) -> list[tuple[str, str, str]]:
    """(code, name, path) of the agencies one level below the scope."""
    parent = select(Agency.id).where(Agency.code == scope.code).scalar_subquery()
    rows = session.execute(
        select(Agency.code, Agency.name, Agency.path).where(Agency.parent_id == parent).order_by(Agency.code)
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]


def _row(key: str, label: str, v: dict[str, Any]) -> dict[str, Any]:
    return {
        "key": key,
        "label": label,
        "counts": {k: int(v.get(k) or 0) for k in COUNT_LABELS}
        | {"closed_online": int(v.get("closed_online") or 0)},
        "case_value": str(money(v.get("case_value"))),
        "fine": str(money(v.get("fine"))),
        "full_online_rate": rate(int(v.get("closed_online") or 0), int(v.get("closed") or 0)),
        "publicity_rate": rate(int(v.get("published") or 0), int(v.get("publicity_required") or 0)),
    }


def breakdown(session: Session, scope: Scope, period: Period, today: date, by: str) -> dict[str, Any]:
    """Rows of the dimension, largest first (agency: every child agency, in code order, with usage)."""
    exprs = measures(period, today, session.get_bind().dialect.name)
    depth = min(scope.depth, 4)
    key = F[f"a{depth + 1}"] if by == "agency" and depth < 4 else F[by] if by != "agency" else F.a4
    query = (
        select(key.label("key"), *(e.label(k) for k, e in exprs.items()))
        .select_from(FACTS)
        .where(in_scope(scope))
        .group_by(key)
    )
    grouped = {r.key or "": dict(r._mapping) for r in session.execute(query)}
    rows: list[dict[str, Any]] = []
    if by == "agency":
        use = usage(session, scope, period)
        own = [(scope.code, f"{scope.name}（本级）", scope.path, True)] if "" in grouped and depth < 4 else []
        for code, name, path, itself in own + [(*c, False) for c in _children(session, scope)]:
            row = _row(code, name, grouped.get("" if itself else code, {}))
            a_act, a_all, o_act, o_all = use.within(path, only=itself)
            row["agency_usage_rate"], row["officer_operation_rate"] = rate(a_act, a_all), rate(o_act, o_all)
            row["drillable"] = not itself and depth + 1 < 4
            rows.append(row)
    else:
        for k, v in grouped.items():
            rows.append(_row(k, _label(by, k), v))
        rows.sort(
            key=lambda r: (
                -r["counts"]["clues"] - r["counts"]["filed"] - r["counts"]["summary_cases"],
                r["key"],
            )
        )
    return {
        "scope": {"code": scope.code, "name": scope.name, "level": scope.level},
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "synthetic": scope.synthetic,
        **({"data_label": SYNTHETIC_LABEL} if scope.synthetic else {}),
        "by": by,
        "by_label": DIMENSIONS[by],
        "rows": rows,
    }
