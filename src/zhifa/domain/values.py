"""Value objects used by events: officers, penalties, evidence items, and the enumerations of the rules."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from zhifa.domain.money import parse_amount
from zhifa.domain.parties import Party, PartyKind
from zhifa.domain.profile import Profile
from zhifa.errors import ValidationFailed


@dataclass(frozen=True)
class Officer:
    """An enforcement officer with a 执法证 number (行政处罚法 第四十二条; 程序规定 第十九条、第二十二条)."""

    user_id: int
    name: str
    credential_no: str


class PenaltyKind(StrEnum):
    """Kinds of penalty that matter for procedure (行政处罚法 第九条; 听证办法 第五条)."""

    WARNING = "warning"  # 警告
    CRITICISM = "criticism"  # 通报批评
    FINE = "fine"  # 罚款
    CONFISCATE_INCOME = "confiscate_income"  # 没收违法所得
    CONFISCATE_PROPERTY = "confiscate_property"  # 没收非法财物
    SUSPEND_BUSINESS = "suspend_business"  # 责令停产停业、责令关闭、限制从业
    REVOKE_LICENCE = "revoke_licence"  # 降低资质等级、吊销许可证件或者营业执照


HEARING_KINDS = frozenset(
    {PenaltyKind.SUSPEND_BUSINESS, PenaltyKind.REVOKE_LICENCE}
)  # 听证办法 第五条(一)(二)


@dataclass(frozen=True)
class Penalty:
    """A proposed or decided penalty: kinds plus the money figures (yuan)."""

    kinds: frozenset[PenaltyKind]
    fine: Decimal = Decimal("0.00")
    confiscated_income: Decimal = Decimal("0.00")  # 没收违法所得
    confiscated_property_value: Decimal = Decimal("0.00")  # 没收非法财物的价值
    other_hearing_ground: bool = False  # 听证办法 第五条(五)(六): 其他较重的行政处罚 / 其他情形

    def __post_init__(self) -> None:
        if not self.kinds:
            raise ValidationFailed("处罚种类不能为空", code="penalty_kinds_required")
        for label, value in (
            ("罚款", self.fine),
            ("没收违法所得", self.confiscated_income),
            ("没收非法财物价值", self.confiscated_property_value),
        ):
            parse_amount(value, label=label)
        if (PenaltyKind.FINE in self.kinds) != (self.fine > 0):
            raise ValidationFailed("罚款数额与处罚种类不一致", code="penalty_fine_mismatch")
        if (PenaltyKind.CONFISCATE_INCOME in self.kinds) != (self.confiscated_income > 0):
            raise ValidationFailed("没收违法所得数额与处罚种类不一致", code="penalty_income_mismatch")

    @property
    def money_due(self) -> Decimal:
        """What the party has to pay: the fine and the confiscated illegal income."""
        return self.fine + self.confiscated_income

    def heavier_than(self, other: Penalty) -> bool:
        """True when this adds a kind or a larger figure compared with `other` (程序规定 第五十八条)."""
        return (
            not self.kinds <= other.kinds
            or self.fine > other.fine
            or self.confiscated_income > other.confiscated_income
            or self.confiscated_property_value > other.confiscated_property_value
        )


def _as_person(party: Party, profile: Profile) -> bool:
    if party.kind is PartyKind.INDIVIDUAL_BUSINESS:
        return profile.individual_business_as_person
    return party.kind is PartyKind.PERSON


def hearing_right(penalty: Penalty, party: Party, profile: Profile) -> bool:
    """Whether the party must be told of the right to a hearing (听证办法 第五条; 行政处罚法 第六十三条)."""
    if penalty.kinds & HEARING_KINDS or penalty.other_hearing_ground:
        return True
    person = _as_person(party, profile)
    fine_limit = profile.hearing_fine_person if person else profile.hearing_fine_organization
    conf_limit = profile.hearing_confiscation_person if person else profile.hearing_confiscation_organization
    confiscated = penalty.confiscated_income + penalty.confiscated_property_value
    return penalty.fine >= fine_limit or (
        confiscated > 0 and confiscated >= conf_limit
    )  # 第三十一条: 以上含本数


def summary_allowed(penalty: Penalty, party: Party, profile: Profile) -> str | None:
    """None when 简易程序 may be used, else the reason (行政处罚法 第五十一条; 程序规定 第六十六条)."""
    if not penalty.kinds <= {PenaltyKind.WARNING, PenaltyKind.FINE}:
        return "简易程序只能当场给予警告或者罚款"
    limit = profile.summary_fine_person if _as_person(party, profile) else profile.summary_fine_organization
    if penalty.fine > limit:
        who = "自然人" if _as_person(party, profile) else "法人或者其他组织"
        return f"当场罚款对{who}不得超过{limit}元（行政处罚法第五十一条），本案{penalty.fine}元应适用普通程序"
    return None


class EvidenceKind(StrEnum):
    """The eight kinds of evidence (行政处罚法 第四十六条; 程序规定 第二十三条)."""

    DOCUMENT = "document"  # 书证
    PHYSICAL = "physical"  # 物证
    AUDIOVISUAL = "audiovisual"  # 视听资料
    ELECTRONIC = "electronic"  # 电子数据
    WITNESS = "witness"  # 证人证言
    PARTY_STATEMENT = "party_statement"  # 当事人的陈述
    EXPERT_OPINION = "expert_opinion"  # 鉴定意见
    RECORD = "record"  # 勘验笔录、现场笔录


_SM3_RE = re.compile(r"^[0-9a-f]{64}$")


def sm3_hex(data: bytes) -> str:
    """SM3 digest (hex) of an attached file's bytes."""
    return hashlib.new("sm3", data).hexdigest()


def check_sm3(value: str) -> str:
    """Validate an SM3 hex digest (64 lowercase hex characters)."""
    if not _SM3_RE.match(value):
        raise ValidationFailed("附件的 SM3 摘要应为64位十六进制小写字符", code="bad_sm3")
    return value


@dataclass(frozen=True)
class EvidenceItem:
    """One piece of evidence; `file_sm3` fixes the attached file's content (程序规定 第二十六条)."""

    kind: EvidenceKind
    title: str
    file_sm3: tuple[str, ...] = ()
    source: str = ""  # 证据出处 / 制作方法 (第二十四条至第二十六条)
