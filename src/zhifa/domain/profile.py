"""Province profile: the figures a province may set (hearing thresholds, publicity tiers); Hubei default."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from zhifa.errors import ValidationFailed


@dataclass(frozen=True)
class Profile:
    """Figures used by the domain; every value cites its source."""

    code: str
    name: str
    # 听证办法 第五条第一款第三、四项 (provinces may set other figures, 第五条第二款); 行政处罚法 第六十三条.
    hearing_fine_person: Decimal = Decimal("10000")
    hearing_fine_organization: Decimal = Decimal("100000")
    hearing_confiscation_person: Decimal = Decimal("10000")
    hearing_confiscation_organization: Decimal = Decimal("100000")
    # 行政处罚法 第五十一条; 程序规定 第六十六条 (fixed by law, not provincial).
    summary_fine_person: Decimal = Decimal("200")
    summary_fine_organization: Decimal = Decimal("3000")
    # 行政处罚法 第六十八条第一项; 程序规定 第七十二条第一项: on-the-spot collection.
    onsite_collection_limit: Decimal = Decimal("100")
    # 行政处罚信息公示规定 第十三条第二款: 较低数额罚款 set by the province (Hubei: below these figures).
    publicity_small_fine_person: Decimal = Decimal("10000")
    publicity_small_fine_organization: Decimal = Decimal("100000")
    # 个体工商户 belong to the natural-person chapter of 民法典 (第五十四条): thresholds of 自然人 by default.
    individual_business_as_person: bool = True

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Profile:
        """Build a profile from plain data (e.g. parsed YAML); unknown keys and bad numbers are refused."""
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise ValidationFailed(f"地区配置含未知字段：{'、'.join(unknown)}", code="bad_profile")
        for required in ("code", "name"):
            if not data.get(required):
                raise ValidationFailed(f"地区配置缺少字段 {required}", code="bad_profile")
        values: dict[str, Any] = {}
        for key, value in data.items():
            default = getattr(cls, key, None)
            if isinstance(default, Decimal):
                if isinstance(value, float | bool):
                    raise ValidationFailed(f"地区配置 {key} 须为整数或字符串形式的数额", code="bad_profile")
                try:
                    value = Decimal(str(value))
                except ArithmeticError:
                    raise ValidationFailed(
                        f"地区配置 {key} 不是有效数额：{value}", code="bad_profile"
                    ) from None
                if value < 0:
                    raise ValidationFailed(f"地区配置 {key} 不能为负数", code="bad_profile")
            elif isinstance(default, bool) and not isinstance(value, bool):
                raise ValidationFailed(f"地区配置 {key} 须为 true/false", code="bad_profile")
            values[key] = value
        return cls(**values)


HUBEI = Profile(code="42", name="湖北省")
DEFAULT_PROFILE = HUBEI
