"""The catalog's data model: citations, conditions, fine rules, penalty clauses, entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from zhifa.rules.numerals import article_label

PARTY_TYPES = ("person", "individual_business", "organization")
PARTY_TYPE_NAMES = {
    "person": "自然人",
    "individual_business": "个体工商户",
    "organization": "法人或者其他组织",
}
# Amount fields an entry's fine formula may use (yuan, except quantity).
AMOUNT_FIELDS = ("goods_value", "illegal_income", "sales", "ad_fee", "quantity")
AMOUNT_NAMES = {
    "goods_value": "货值金额",
    "illegal_income": "违法所得",
    "sales": "销售额",
    "ad_fee": "广告费用",
    "quantity": "数量",
}
SEVERITIES = ("一般", "较重", "严重")
FINE_KINDS = ("fixed", "multiple", "none")
KIND_MODES = ("必处", "可处")


@dataclass(frozen=True)
class Cite:
    """A provision as the law library names it: law title, article, paragraph (款), item (项)."""

    law: str
    article: int
    paragraph: int | None = None
    item: int | None = None

    def label(self) -> str:
        """《title》第X条第X款第（X）项."""
        return f"《{self.law}》{article_label(self.article, self.paragraph, self.item)}"

    def to_dict(self) -> dict[str, Any]:
        """Plain data (paragraph/item omitted when absent)."""
        out: dict[str, Any] = {"law": self.law, "article": self.article}
        if self.paragraph is not None:
            out["paragraph"] = self.paragraph
        if self.item is not None:
            out["item"] = self.item
        out["label"] = self.label()
        return out


@dataclass(frozen=True)
class AmountTest:
    """A test on one amount: present/absent, or compared with a figure (以上 = gte, 不足 = lt)."""

    field: str
    present: bool | None = None
    lt: Decimal | None = None
    lte: Decimal | None = None
    gt: Decimal | None = None
    gte: Decimal | None = None

    def figures(self) -> list[Decimal]:
        """Figures the test compares with (they must appear in the cited text)."""
        return [v for v in (self.lt, self.lte, self.gt, self.gte) if v is not None]


@dataclass(frozen=True)
class Condition:
    """All of: amount tests, party types, severities, stated facts (factor ids) (None = any)."""

    amounts: tuple[AmountTest, ...] = ()
    party_types: tuple[str, ...] | None = None
    severities: tuple[str, ...] | None = None
    factors: tuple[str, ...] = ()

    def specificity(self) -> int:
        """How many constraints the condition sets (the most specific matching rule wins)."""
        return (
            len(self.amounts)
            + (self.party_types is not None)
            + (self.severities is not None)
            + len(self.factors)
        )


@dataclass(frozen=True)
class FineRule:
    """One branch of a fine formula: fixed range, multiple of an amount, or no fine."""

    when: tuple[Condition, ...]  # any of (empty: always)
    kind: str  # fixed | multiple | none
    base: str | None
    min: Decimal | None
    max: Decimal | None
    cite: Cite
    note: str = ""

    def figures(self) -> list[Decimal]:
        """Every figure of the rule (bounds and thresholds) for the text check."""
        out = [v for v in (self.min, self.max) if v is not None]
        for cond in self.when:
            for test in cond.amounts:
                out.extend(test.figures())
        return out


@dataclass(frozen=True)
class PenaltyKind:
    """A kind of penalty or measure (警告, 罚款, 没收 ...): mandatory or optional, maybe conditional."""

    name: str
    mode: str  # 必处 | 可处
    when: tuple[Condition, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class PenaltyClause:
    """The structured penalty clause of an entry version."""

    cite: Cite
    kinds: tuple[PenaltyKind, ...]
    fine: tuple[FineRule, ...]
    no_basis_rule: str = ""  # the rule when there is no 违法所得 / 货值 (text for people)


@dataclass(frozen=True)
class CriminalThreshold:
    """A source (e.g. 刑法 / 立案追诉标准) above which the case is to be transferred to the police."""

    cite: Cite
    field: str | None
    amount: Decimal | None
    note: str


@dataclass(frozen=True)
class EntryVersion:
    """The entry as it stands for one period of the law."""

    valid_from: date
    valid_from_cite: Cite | None
    valid_to: date | None
    valid_to_cite: Cite | None
    violated: tuple[Cite, ...]
    basis: tuple[Cite, ...]
    clause: PenaltyClause
    criminal: CriminalThreshold | None = None

    def in_force(self, day: date) -> bool:
        """True when day lies within [valid_from, valid_to] (both included)."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Entry:
    """A violation type (裁量基准 item)."""

    id: str
    name: str
    area: str
    description: str
    keywords: tuple[str, ...]
    patterns: tuple[str, ...]
    circumstances: tuple[str, ...]
    versions: tuple[EntryVersion, ...]
    source_file: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)

    def version_at(self, day: date) -> EntryVersion | None:
        """The version in force on day."""
        for version in self.versions:
            if version.in_force(day):
                return version
        return None

    def summary(self) -> dict[str, Any]:
        """Short plain-data view for listings."""
        latest = self.versions[-1]
        return {
            "id": self.id,
            "name": self.name,
            "area": self.area,
            "violated": [c.label() for c in latest.violated],
            "basis": [c.label() for c in latest.basis],
            "valid_from": self.versions[0].valid_from.isoformat(),
            "valid_to": latest.valid_to.isoformat() if latest.valid_to else None,
            "keywords": list(self.keywords),
        }
