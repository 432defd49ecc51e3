"""Validated engine input: violation type, dates, party type, amounts, factors, severity."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from zhifa.errors import ValidationFailed
from zhifa.rules.models import AMOUNT_FIELDS, AMOUNT_NAMES, PARTY_TYPES, SEVERITIES

MAX_AMOUNT = Decimal("100000000000")  # 1000 亿元: above is a typing error


@dataclass(frozen=True)
class SuggestInput:
    """What the engine needs to suggest a penalty."""

    type_id: str
    act_date: date
    party_type: str
    amounts: Mapping[str, Decimal | None] = field(default_factory=dict)
    factors: tuple[str, ...] = ()
    severity: str = "一般"
    decision_date: date | None = None
    reduce: bool = False
    profile: str = "hubei"


def _bad(fieldname: str, message: str, code: str = "bad_amount") -> ValidationFailed:
    return ValidationFailed(message, code=code, details={"field": fieldname})


def parse_amount_value(fieldname: str, value: object) -> Decimal | None:
    """A non-negative amount (yuan) from int/Decimal/str; None stays None; floats are refused."""
    label = AMOUNT_NAMES.get(fieldname, fieldname)
    if value is None or value == "":
        return None
    if isinstance(value, bool | float):
        raise _bad(fieldname, f"{label}（{fieldname}）须以精确数字表示，不接受浮点数：{value!r}")
    try:
        amount = Decimal(str(value).strip().replace(",", "").replace("，", ""))
    except InvalidOperation:
        raise _bad(fieldname, f"{label}（{fieldname}）不是有效数额：{value!r}") from None
    if not amount.is_finite():
        raise _bad(fieldname, f"{label}（{fieldname}）不是有效数额：{value!r}")
    if amount < 0:
        raise _bad(fieldname, f"{label}（{fieldname}）不能为负数：{value}")
    if amount > MAX_AMOUNT:
        raise _bad(fieldname, f"{label}（{fieldname}）{value} 超出合理范围，请核对单位")
    return amount


def parse_day(fieldname: str, value: object) -> date:
    """An ISO date (YYYY-MM-DD) or a date object."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise _bad(fieldname, f"日期（{fieldname}）无效：{value!r}，应为 YYYY-MM-DD", "bad_date") from None


def make_input(
    type_id: str,
    act_date: object,
    party_type: str,
    amounts: Mapping[str, object] | None = None,
    factors: Sequence[str] = (),
    severity: str = "一般",
    decision_date: object = None,
    reduce: bool = False,
    profile: str = "hubei",
) -> SuggestInput:
    """Validate raw values (CLI / API) into a SuggestInput; errors name the field."""
    if party_type not in PARTY_TYPES:
        raise ValidationFailed(
            f"当事人类型（party_type）无效：{party_type!r}，应为 {'、'.join(PARTY_TYPES)} 之一",
            code="bad_party_type",
            details={"field": "party_type"},
        )
    if severity not in SEVERITIES:
        raise ValidationFailed(
            f"情节（severity）无效：{severity!r}，应为 {'、'.join(SEVERITIES)} 之一",
            code="bad_severity",
            details={"field": "severity"},
        )
    parsed: dict[str, Decimal | None] = {}
    for key, value in (amounts or {}).items():
        if key not in AMOUNT_FIELDS:
            raise _bad(key, f"未知的数额字段：{key}", "unknown_amount_field")
        parsed[key] = parse_amount_value(key, value)
    act = parse_day("act_date", act_date)
    decided = parse_day("decision_date", decision_date) if decision_date is not None else None
    if decided is not None and decided < act:
        raise _bad("decision_date", f"决定日期 {decided} 早于违法行为发生日期 {act}", "bad_date")
    return SuggestInput(type_id, act, party_type, parsed, tuple(factors), severity, decided, reduce, profile)
