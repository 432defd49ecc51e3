"""Market-entity registry records (市场主体登记信息) and natural-person identity facts, checked.

A registry entry is keyed by its 统一社会信用代码 (GB 32100-2015, check character verified); only `uscc` and
`name` are required. A natural person's 居民身份证号码 (GB 11643-1999) gives the birth date, the gender (the
17th digit: odd male, even female) and the age at the act's date, which feeds the engine's factors
(行政处罚法 第三十条: under 14 → `under_14`, 14 to under 18 → `minor_14_to_18`).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from stdnum.cn import ric

from zhifa.domain.parties import validate_resident_id, validate_uscc
from zhifa.errors import ValidationFailed

FIELDS = (
    "uscc", "name", "entity_type", "legal_representative", "domicile", "division_code", "authority",
    "status", "established_on", "scope",
)  # fmt: skip
LIMITS = {
    "name": 200, "entity_type": 64, "legal_representative": 64, "domicile": 300, "authority": 128,
    "status": 32, "scope": 4000,
}  # fmt: skip
DIVISION_RE = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class RegistryEntry:
    """One market entity as the registry holds it."""

    uscc: str
    name: str
    entity_type: str = ""
    legal_representative: str = ""
    domicile: str = ""
    division_code: str = ""
    authority: str = ""
    status: str = ""
    established_on: date | None = None
    scope: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe."""
        out = asdict(self)
        out["established_on"] = self.established_on.isoformat() if self.established_on else None
        return out


def _text(value: Any, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise ValidationFailed(f"字段 {field} 应为文本", code="bad_registry_field")
    text = str(value).strip()
    if "\x00" in text:
        raise ValidationFailed(f"字段 {field} 含有非法字符", code="bad_registry_field")
    limit = LIMITS.get(field)
    if limit is not None and len(text) > limit:
        raise ValidationFailed(f"字段 {field} 超过 {limit} 个字符", code="bad_registry_field")
    return text


def parse_entry(raw: dict[str, Any]) -> RegistryEntry:
    """Check one record (unknown fields refused, USCC check character verified) and build the entry."""
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise ValidationFailed(f"未知字段：{'、'.join(unknown)}", code="bad_registry_field")
    code = _text(raw.get("uscc"), "uscc").upper()
    if not code:
        raise ValidationFailed("缺少统一社会信用代码（uscc）", code="uscc_required")
    code = validate_uscc(code)
    name = _text(raw.get("name"), "name")
    if not name:
        raise ValidationFailed("缺少名称（name）", code="party_name_required")
    division = _text(raw.get("division_code"), "division_code")
    if division and not DIVISION_RE.match(division):
        raise ValidationFailed(
            f"行政区划代码“{division}”应为 6 位数字（GB/T 2260）", code="bad_division_code"
        )
    established = _text(raw.get("established_on"), "established_on")
    try:
        founded = date.fromisoformat(established) if established else None
    except ValueError:
        raise ValidationFailed(f"成立日期“{established}”应为 YYYY-MM-DD", code="bad_established_on") from None
    if founded is not None and not date(1949, 10, 1) <= founded <= date(2100, 1, 1):
        raise ValidationFailed(f"成立日期“{established}”不合理", code="bad_established_on")
    return RegistryEntry(
        uscc=code, name=name, division_code=division, established_on=founded,
        **{f: _text(raw.get(f), f) for f in
           ("entity_type", "legal_representative", "domicile", "authority", "status", "scope")},
    )  # fmt: skip


def name_differs(given: str, registered: str) -> bool:
    """Whether a typed name differs from the registered one (ignoring spaces and full/half-width brackets)."""

    def norm(text: str) -> str:
        return re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")")

    return norm(given) != norm(registered)


@dataclass(frozen=True)
class PersonFacts:
    """What a 居民身份证号码 says about a natural person, at the date of the act."""

    id_number: str
    birth_date: date
    gender: str  # male / female
    age: int | None  # full years on the act date (None without one)
    factors: tuple[str, ...]  # under_14 / minor_14_to_18 (行政处罚法 第三十条)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe, with Chinese labels."""
        return {
            "id_number": self.id_number, "birth_date": self.birth_date.isoformat(),
            "gender": self.gender, "gender_label": "男" if self.gender == "male" else "女",
            "age": self.age, "factors": list(self.factors),
            "minor": bool(self.factors),
            "basis": "《中华人民共和国行政处罚法》第三十条" if self.factors else None,
        }  # fmt: skip


def age_factors(age: int | None) -> tuple[str, ...]:
    """行政处罚法 第三十条: 不满十四周岁 → not penalised; 已满十四周岁不满十八周岁 → lighter or reduced."""
    if age is None or age >= 18:
        return ()
    return ("under_14",) if age < 14 else ("minor_14_to_18",)


def person_facts(id_number: str, act_on: date | None = None) -> PersonFacts:
    """Check the ID number (GB 11643) and derive birth date, gender, age at `act_on` and age factors."""
    number = validate_resident_id(id_number.strip().upper())
    born: date = ric.get_birth_date(number)
    if act_on is not None and act_on < born:
        raise ValidationFailed("违法行为发生日期早于出生日期", code="act_before_birth")
    age = None
    if act_on is not None:
        age = act_on.year - born.year - ((act_on.month, act_on.day) < (born.month, born.day))
    gender = "male" if int(number[16]) % 2 == 1 else "female"
    return PersonFacts(number, born, gender, age, age_factors(age))
