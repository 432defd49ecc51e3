"""Fines allowed only once a fact is stated (拒不改正的，处…罚款), and the floor of a mandatory fine."""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_CEILING, Decimal
from typing import Any

from zhifa.errors import ValidationFailed
from zhifa.rules.factors import FactorSet
from zhifa.rules.formula import Facts, applicable_kinds, select_fine_rule, statutory_range
from zhifa.rules.models import EntryVersion, FineRule, PenaltyKind

FLOOR_SHARE = Decimal("0.01")  # 从轻 on "…以下罚款" that must be imposed: at least 1 % of the maximum


def mandatory_floor(high: Decimal) -> Decimal:
    """Lowest suggested point of a mandatory fine with no statutory minimum: 1 % of the maximum, ≥ 1 yuan."""
    return max(Decimal(1), (high * FLOOR_SHARE).quantize(Decimal(1), rounding=ROUND_CEILING))


def fine_facts(version: EntryVersion) -> list[str]:
    """Factor ids (stated facts) that the clause's fine or its 罚款 kind depend on, in clause order."""
    found: list[str] = []
    conds = [c for k in version.clause.kinds if k.name == "罚款" for c in k.when]
    conds += [c for rule in version.clause.fine for c in rule.when]
    for cond in conds:
        found.extend(f for f in cond.factors if f not in found)
    return found


def _condition_text(kinds: list[PenaltyKind], rule: FineRule) -> str:
    for kind in kinds:
        if kind.name == "罚款" and kind.note:
            return kind.note
    return rule.note


def conditional_fine(version: EntryVersion, facts: Facts, factor_set: FactorSet) -> dict[str, Any] | None:
    """The fine that applies once a not-yet-stated fact is established (None when no such fine exists)."""
    now = [k.name for k in applicable_kinds(version.clause, facts)]
    for factor_id in fine_facts(version):
        if factor_id in facts.factors:
            continue
        met = replace(facts, factors=facts.factors | {factor_id})
        kinds = applicable_kinds(version.clause, met)
        if not any(k.name == "罚款" for k in kinds):
            continue
        try:
            rule = select_fine_rule(version.clause, met)
            rng = statutory_range(rule, met) if rule is not None else None
        except ValidationFailed as exc:
            if exc.code != "missing_amount":
                raise
            rule, rng = None, None
        factor = factor_set.factors.get(factor_id)
        name = factor.name if factor is not None else factor_id
        cite = (rule.cite if rule is not None else version.clause.cite).label()
        return {
            "factor": factor_id,
            "condition": name,
            "text": _condition_text(kinds, rule) if rule is not None else "",
            "cite": cite,
            "statutory_range": rng.as_list() if rng is not None else None,
            "kinds": [k.name for k in kinds],
            "note": f"未查明“{name}”，不处罚款（{'、'.join(now) or '责令改正'}）；"
            f"查明后依{cite}处罚款（裁量情节 {factor_id}）",
        }
    return None
