"""Structured fields a caller may give beside the facts (all optional); validated with clear errors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from zhifa.errors import ValidationFailed
from zhifa.rules.inputs import parse_amount_value, parse_day
from zhifa.rules.models import PARTY_TYPES

if TYPE_CHECKING:
    from zhifa.assistant.extract import Extraction

AMOUNT_KEYS = ("goods_value", "illegal_income", "sales", "ad_fee", "quantity")
KNOWN = {"act_date", "party_type", "proposed_fine", "violation_type", "top_k", "factors", *AMOUNT_KEYS}
MAX_FACTORS = 10
MAX_TOP_K = 50


@dataclass
class AssistFields:
    """Validated structured input."""

    act_date: date | None = None
    party_type: str | None = None
    amounts: dict[str, Decimal] = field(default_factory=dict)
    proposed_fine: Decimal | None = None
    violation_type: str | None = None
    top_k: int = 10
    factors: tuple[
        str, ...
    ] = ()  # catalog factor ids known from the case (a minor's age: 行政处罚法第三十条)

    def source(self, name: str, ex: Extraction) -> str:
        """Where a value came from: given, extracted from the facts, or assumed."""
        if getattr(self, name) is not None:
            return "given"
        if getattr(ex, name) is not None:
            return "extracted"
        return "assumed"


def _amount(name: str, value: Any) -> Decimal | None:
    if isinstance(value, float):
        value = repr(value)
    return parse_amount_value(name, value)


def parse_fields(raw: Mapping[str, Any]) -> AssistFields:
    """Validate a mapping (CLI options or API body without 'facts'); unknown keys are refused."""
    unknown = sorted(set(raw) - KNOWN)
    if unknown:
        raise ValidationFailed(
            f"未知字段：{'、'.join(unknown)}", code="unknown_field", details={"field": unknown[0]}
        )
    f = AssistFields()
    if raw.get("act_date") not in (None, ""):
        f.act_date = parse_day("act_date", raw["act_date"])
    party = raw.get("party_type")
    if party not in (None, ""):
        if party not in PARTY_TYPES:
            raise ValidationFailed(
                f"当事人类型（party_type）无效：{party!r}，应为 {'、'.join(PARTY_TYPES)} 之一",
                code="bad_party_type",
                details={"field": "party_type"},
            )
        f.party_type = str(party)
    for key in AMOUNT_KEYS:
        value = _amount(key, raw.get(key))
        if value is not None:
            f.amounts[key] = value
    f.proposed_fine = _amount("proposed_fine", raw.get("proposed_fine"))
    if raw.get("violation_type") not in (None, ""):
        f.violation_type = str(raw["violation_type"])
    top_k = raw.get("top_k")
    if top_k is not None:
        if isinstance(top_k, bool) or not isinstance(top_k, int) or not 1 <= top_k <= MAX_TOP_K:
            raise ValidationFailed(
                f"top_k 应为 1–{MAX_TOP_K} 的整数", code="bad_top_k", details={"field": "top_k"}
            )
        f.top_k = top_k
    factors = raw.get("factors") or ()
    if (
        not isinstance(factors, list | tuple)
        or len(factors) > MAX_FACTORS
        or not all(isinstance(x, str) and 0 < len(x) <= 40 for x in factors)
    ):
        raise ValidationFailed(
            f"factors 应为至多 {MAX_FACTORS} 个裁量情节代码", code="bad_factors", details={"field": "factors"}
        )
    f.factors = tuple(dict.fromkeys(factors))
    return f
