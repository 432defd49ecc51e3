"""Facts text → amounts by role, dates, party type, quantities and circumstance cues (with catalog factors).

Numbers come from zhifa.textnum (人民币伍万元整, 3.5万元, 1,200元), roles from
zhifa.precedents.amounts, cues (negations skipped) from zhifa.precedents.cues; this module maps them
to the discretion engine's inputs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from zhifa.precedents.amounts import find_role_amounts
from zhifa.precedents.cues import find_cues
from zhifa.textnum import find_amounts, parse_chinese_int
from zhifa.timefmt import beijing_today

# role in decision text → amount field of the discretion engine
ROLE_FIELDS = {"违法所得": "illegal_income", "货值金额": "goods_value", "销售额": "sales"}
# cue (zhifa/precedents/data/cues.yaml) → catalog factor (rules/factors/*.yaml) the engine weighs
CUE_FACTORS = {
    "harm_eliminated": "eliminated_harm",
    "refunded": "eliminated_harm",
    "coerced": "coerced",
    "meritorious": "meritorious_cooperation",
    "refused_cooperation": "obstructed_investigation",
    "repeated": "repeated_violation",
    "concealment": "destroyed_evidence",
    "minors": "harmed_minors_or_elderly",
    "elderly": "harmed_minors_or_elderly",
    "emergency": "emergency_violation",
}
# cues pointing to 不予处罚 (行政处罚法 §33): reported for the handler, never applied automatically
EXEMPTING = {
    "first_offence": "first_violation_minor",
    "no_fault": "no_fault",
    "minor_harm": "minor_corrected_no_harm",
}
_AD_FEE = re.compile(r"广告费(?:用)?(?:金额|共计|合计|为|计|：|:|\s)*$")
_DATE = re.compile(
    r"(\d{4}|[零〇一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"(?:\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?"
)
_QUANTITY = re.compile(
    r"(\d+(?:\.\d+)?)\s*(件|个|瓶|盒|袋|包|箱|台|只|份|支|桶|斤|公斤|千克|克|吨|单|套|张|块|条|次|批)"
)
_INDIVIDUAL = re.compile(r"个体工商户|个体户|个体经营")
_ORGANISATION = re.compile(
    r"有限(?:责任)?公司|股份(?:有限)?公司|集团|合作社|分公司|企业|医院|学校|超市有限|药房有限"
)
_PERSON = re.compile(r"自然人|无照经营|流动摊贩|摊主")
# negations find_cues does not see: a verb between the negation and the cue (未涉及未成年人, 没有发现多次违法)
_NEGATED = re.compile(r"(?:未|没有|并非|不存在|无|不属于|不涉及)(?:涉及|发现|造成|存在|属于|有|向|对)?$")
_LONG_DIGITS = re.compile(r"\d{16,}")
_CN_YEAR = str.maketrans("零〇一二三四五六七八九", "00123456789")


@dataclass
class Extraction:
    """What the facts say: amounts (engine fields, yuan), dates, party type, quantities, cues."""

    amounts: dict[str, Decimal] = field(default_factory=dict)
    amount_mentions: list[dict[str, Any]] = field(default_factory=list)
    dates: list[date] = field(default_factory=list)
    party_type: str | None = None
    quantities: list[dict[str, Any]] = field(default_factory=list)
    cues: list[dict[str, Any]] = field(default_factory=list)
    factors: list[str] = field(default_factory=list)
    exemptions: list[str] = field(default_factory=list)

    @property
    def act_date(self) -> date | None:
        """Latest full date of the facts not in the future: the act as last seen (usually the inspection).

        The earliest date is often a registration or production date years before the act (and before
        the law the act breaks); a continuing act is judged at its end.
        """
        past = [d for d in self.dates if d <= beijing_today()]
        return max(past) if past else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (amounts as strings)."""
        return {
            "amounts": {k: str(v) for k, v in self.amounts.items()},
            "amount_mentions": self.amount_mentions,
            "dates": [d.isoformat() for d in self.dates],
            "act_date": self.act_date.isoformat() if self.act_date else None,
            "party_type": self.party_type,
            "quantities": self.quantities,
            "cues": self.cues,
            "factors": self.factors,
            "possible_exemptions": self.exemptions,
        }


def _num(raw: str) -> int:
    return int(raw) if raw.isdigit() else parse_chinese_int(raw)


def find_dates(text: str) -> list[date]:
    """Full dates (2023年5月1日, 二〇二三年五月一日) in text order; impossible dates skipped."""
    out: list[date] = []
    for m in _DATE.finditer(text):
        if m.group(3) is None:
            continue
        try:
            year = int(m.group(1).translate(_CN_YEAR)) if not m.group(1).isdigit() else int(m.group(1))
            out.append(date(year, _num(m.group(2)), _num(m.group(3))))
        except (ValueError, ArithmeticError):
            continue
    return [d for d in out if 1990 <= d.year <= 2100]


def party_type_of(text: str) -> str | None:
    """person / individual_business / organization when the facts say so, else None."""
    head = text[:3000]
    if _INDIVIDUAL.search(head):
        return "individual_business"
    if _ORGANISATION.search(head):
        return "organization"
    if _PERSON.search(head):
        return "person"
    return None


def _amounts(text: str, ex: Extraction) -> None:
    for found in find_role_amounts(text):
        ex.amount_mentions.append(
            {"role": found.role, "value": str(found.value), "text": found.text, "bound": found.bound}
        )
        name = ROLE_FIELDS.get(found.role)
        if name and found.bound is None and found.value > 0:
            # the largest stated figure of a role: decisions state parts and then the total
            ex.amounts[name] = max(ex.amounts.get(name, Decimal(0)), found.value)
    for amount in find_amounts(text):
        if _AD_FEE.search(text[max(0, amount.start - 12) : amount.start]) and amount.value > 0:
            ex.amounts["ad_fee"] = max(ex.amounts.get("ad_fee", Decimal(0)), amount.value)
            ex.amount_mentions.append(
                {"role": "广告费用", "value": str(amount.value), "text": amount.text, "bound": amount.bound}
            )


def extract(text: str) -> Extraction:
    """Read the facts text (never raises on odd input; unknown parts stay empty)."""
    ex = Extraction()
    # digit runs no amount has (credit codes, noise) are blanked: zhifa.textnum cannot quantize them
    safe = _LONG_DIGITS.sub(lambda m: " " * len(m.group(0)), text)
    try:
        _amounts(safe, ex)
    except ArithmeticError:
        ex.amounts.clear()
    ex.dates = find_dates(text)
    ex.party_type = party_type_of(text)
    for m in _QUANTITY.finditer(text):
        ex.quantities.append({"value": m.group(1), "unit": m.group(2), "text": m.group(0)})
    seen: set[str] = set()
    for hit in find_cues(text):
        if hit.factor in seen or _NEGATED.search(text[max(0, hit.start - 6) : hit.start]):
            continue
        seen.add(hit.factor)
        factor = CUE_FACTORS.get(hit.factor)
        exempt = EXEMPTING.get(hit.factor)
        ex.cues.append(
            {
                "cue": hit.factor,
                "name": hit.name,
                "effect": hit.effect,
                "text": hit.text,
                "factor": factor or exempt,
            }
        )
        if factor and factor not in ex.factors:
            ex.factors.append(factor)
        if exempt and exempt not in ex.exemptions:
            ex.exemptions.append(exempt)
    return ex
