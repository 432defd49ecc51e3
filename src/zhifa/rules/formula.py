"""Evaluate a penalty clause for given facts: which kinds apply, which fine rule, the statutory range."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from zhifa.errors import ValidationFailed
from zhifa.rules.models import AMOUNT_NAMES, Condition, FineRule, PenaltyClause, PenaltyKind

Amounts = Mapping[str, Decimal | None]


@dataclass(frozen=True)
class Facts:
    """What the clause conditions look at."""

    party_type: str
    severity: str
    amounts: Amounts
    factors: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Range:
    """A closed range of yuan; low None where the law sets no minimum."""

    low: Decimal | None
    high: Decimal | None

    def as_list(self) -> list[str | None]:
        """[min, max] as strings (null where none)."""
        return [_fmt(self.low), _fmt(self.high)]


def _fmt(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.01")))


class _NeedsAmount(Exception):
    def __init__(self, field: str) -> None:
        self.field = field


def _matches(cond: Condition, facts: Facts) -> bool:
    if cond.party_types is not None and facts.party_type not in cond.party_types:
        return False
    if cond.severities is not None and facts.severity not in cond.severities:
        return False
    if any(f not in facts.factors for f in cond.factors):
        return False
    for test in cond.amounts:
        value = facts.amounts.get(test.field)
        if value is None:
            raise _NeedsAmount(test.field)  # unknown is not "none": 没有违法所得 must be stated as 0
        if test.present is not None:
            has = value > 0
            if has != test.present:
                return False
            continue
        if test.lt is not None and not value < test.lt:
            return False
        if test.lte is not None and not value <= test.lte:
            return False
        if test.gt is not None and not value > test.gt:
            return False
        if test.gte is not None and not value >= test.gte:
            return False
    return True


def _when(conds: tuple[Condition, ...], facts: Facts, needed: set[str]) -> int | None:
    """Specificity of the best matching alternative, or None when none matches."""
    if not conds:
        return 0
    best: int | None = None
    for cond in conds:
        try:
            if _matches(cond, facts):
                best = max(best or 0, cond.specificity())
        except _NeedsAmount as exc:
            needed.add(exc.field)
    return best


def applicable_kinds(clause: PenaltyClause, facts: Facts) -> list[PenaltyKind]:
    """Kinds of penalty whose conditions hold (each name once)."""
    needed: set[str] = set()
    found = [k for k in clause.kinds if _when(k.when, facts, needed) is not None]
    # a kind listed twice (可以处…罚款；情节严重的，处…罚款): the mandatory listing wins where both apply
    duty = {k.name for k in found if k.mode == "必处"}
    return [k for k in found if k.mode == "必处" or k.name not in duty]


def select_fine_rule(clause: PenaltyClause, facts: Facts) -> FineRule | None:
    """The most specific fine rule whose conditions hold (None when the clause has no fine)."""
    if not clause.fine:
        return None
    needed: set[str] = set()
    scored = [
        (s, i, rule)
        for i, rule in enumerate(clause.fine)
        if (s := _when(rule.when, facts, needed)) is not None
    ]
    if needed:  # which branch applies depends on an amount the input lacks
        raise missing_amount(sorted(needed)[0])
    if not scored:
        return None
    scored.sort(key=lambda t: (-t[0], t[1]))
    return scored[0][2]


def missing_amount(field: str) -> ValidationFailed:
    """The error for an amount the fine depends on but the input lacks (never treated as 0)."""
    name = AMOUNT_NAMES[field]
    return ValidationFailed(
        f"该违法行为的罚款须依据{name}确定，请提供{name}（字段 {field}；确实没有或者无法计算的填 0）",
        code="missing_amount",
        details={"field": field, "amount": name},
    )


def statutory_range(rule: FineRule, facts: Facts) -> Range | None:
    """The rule's fine range for these facts (None for a `none` rule); missing_amount without the base."""
    if rule.kind == "none":
        return None
    if rule.kind == "fixed":
        return Range(rule.min, rule.max)
    assert rule.base is not None
    base = facts.amounts.get(rule.base)
    if base is None:
        raise missing_amount(rule.base)
    low = None if rule.min is None else base * rule.min
    high = None if rule.max is None else base * rule.max
    return Range(low, high)


def lighter(a: Range | None, b: Range | None) -> bool:
    """True when range a is lighter than range b (no fine is lighter than any fine)."""
    if a is None:
        return b is not None
    if b is None:
        return False
    a_high = a.high if a.high is not None else Decimal("Infinity")
    b_high = b.high if b.high is not None else Decimal("Infinity")
    if a_high != b_high:
        return a_high < b_high
    return (a.low or Decimal(0)) < (b.low or Decimal(0))
