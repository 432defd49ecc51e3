"""The suggestion record (to_dict) and its procedural consequences (听证, 简易程序, 法制审核, 移送)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from zhifa.rules.factors import Factor
from zhifa.rules.formula import Range
from zhifa.rules.inputs import SuggestInput
from zhifa.rules.models import AMOUNT_NAMES, PARTY_TYPE_NAMES, Entry, EntryVersion, FineRule, PenaltyKind
from zhifa.rules.ports import ArticleResolver
from zhifa.rules.profiles import RulesProfile

# 没收 of goods (valued at 货值金额) as opposed to 没收违法所得 or of tools and instruments
GOODS_WORDS = ("产品", "食品", "商品", "物品", "化妆品", "医疗器械", "气瓶", "财物")
HEAVY_KINDS = ("停产停业", "停业整顿", "吊销", "责令关闭", "限制从业", "降低资质")
_HEARING = "《市场监督管理行政处罚听证办法》第五条"
_SUMMARY = "《中华人民共和国行政处罚法》第五十一条"
_REVIEW = "《市场监督管理行政处罚程序规定》第五十条"


def money(value: Decimal | None) -> str | None:
    """Amounts in JSON: strings with two decimals (exact), null when absent."""
    return None if value is None else str(value.quantize(Decimal("0.01")))


def describe_rule(rule: FineRule | None) -> str:
    """The fine rule in words (for the trail)."""
    if rule is None:
        return "不处罚款"
    if rule.kind == "none":
        return "该情形不处罚款"
    low = "" if rule.min is None else f"{rule.min}"
    if rule.kind == "fixed":
        text = f"罚款 {low or '0'}–{rule.max} 元" if low else f"罚款 {rule.max} 元以下"
    else:
        name = AMOUNT_NAMES[rule.base or ""]
        text = f"{name}的 {low}–{rule.max} 倍" if low else f"{name}的 {rule.max} 倍以下"
    return f"{text}（{rule.cite.label()}）" + (f"；{rule.note}" if rule.note else "")


def resolve_articles(
    resolver: ArticleResolver | None, version: EntryVersion, day: date
) -> list[dict[str, Any]]:
    """Texts of the violated and penalty provisions in force on day (empty without a resolver)."""
    if resolver is None:
        return []
    out: list[dict[str, Any]] = []
    for role, cites in (("violated", version.violated), ("basis", version.basis)):
        for cite in cites:
            found = resolver.resolve(cite.law, cite.article, cite.paragraph, cite.item, day)
            out.append(
                {
                    "role": role,
                    "cite": cite.label(),
                    "version_date": found.version_date.isoformat() if found else None,
                    "text": found.text if found else None,
                }
            )
    return out


def _confiscated(inp: SuggestInput, kinds: list[PenaltyKind]) -> tuple[Decimal, list[str]]:
    """Value of 没收违法所得 and 非法财物 (goods at their value) the suggestion includes (听证办法 §5(四))."""
    total, parts = Decimal(0), []
    income = inp.amounts.get("illegal_income")
    if any(k.name.startswith("没收") and "违法所得" in k.name for k in kinds) and income:
        total += income
        parts.append(f"违法所得 {money(income)} 元")
    goods = inp.amounts.get("goods_value")
    if any(k.name.startswith("没收") and any(w in k.name for w in GOODS_WORDS) for k in kinds) and goods:
        total += goods
        parts.append(f"非法财物（货值金额）{money(goods)} 元")
    return total, parts


def _summary(
    profile: RulesProfile, inp: SuggestInput, kinds: list[PenaltyKind], fine: Decimal | None, tier: str
) -> dict[str, Any]:
    """简易程序 (当场处罚, 行政处罚法 §51): only a warning or a small fine, never for 不予处罚."""
    person = profile.as_person(inp.party_type)
    summary_limit = profile.summary.person if person else profile.summary.organization
    if tier == "不予处罚":
        return {
            "allowed": False,
            "reasons": [f"建议不予行政处罚，不作出当场处罚决定（{_SUMMARY}适用于当场作出的行政处罚）"],
        }
    if not any(k.name in ("警告", "通报批评") for k in kinds) and fine is None:
        return {"allowed": False, "reasons": ["建议中没有行政处罚（责令改正不是行政处罚），无需当场处罚决定"]}
    confiscation = inp.amounts.get("illegal_income") or Decimal(0)
    blockers = [
        k.name
        for k in kinds
        if k.mode == "必处"
        and k.name not in ("警告", "罚款", "责令改正", "通报批评")
        and not (k.name == "没收违法所得" and confiscation == 0)
    ]
    ok = not blockers and (fine is None or fine <= summary_limit)
    if ok and fine is None:
        reason = f"仅警告，可以当场处罚（{_SUMMARY}）"
    elif ok:
        reason = f"警告或罚款不超过 {money(summary_limit)} 元，可以当场处罚（{_SUMMARY}）"
    else:
        reason = (
            f"不符合当场处罚条件（{_SUMMARY}：警告或对{'公民' if person else '法人或者其他组织'}"
            f"罚款不超过 {money(summary_limit)} 元）" + (f"；另需{'、'.join(blockers)}" if blockers else "")
        )
    return {"allowed": ok, "reasons": [reason]}


def assess_procedure(
    profile: RulesProfile,
    inp: SuggestInput,
    kinds: list[PenaltyKind],
    fine: Decimal | None,
    version: EntryVersion,
    tier: str = "",
) -> dict[str, Any]:
    """Hearing right, 简易程序, 法制审核 and the criminal-transfer warning for the suggestion."""
    person = profile.as_person(inp.party_type)
    limit = profile.hearing.person if person else profile.hearing.organization
    heavy = [k.name for k in kinds if any(h in k.name for h in HEAVY_KINDS)]
    hearing: list[str] = [f"拟{name}（{_HEARING}第一款第一、二项）" for name in heavy]
    if fine is not None and fine >= limit:
        hearing.append(f"建议罚款 {money(fine)} 元达到听证数额 {money(limit)} 元（{_HEARING}第一款第三项）")
    confiscated, parts = _confiscated(inp, kinds)
    if parts and confiscated >= limit:
        hearing.append(
            f"没收{'、'.join(parts)}，价值总额 {money(confiscated)} 元达到 {money(limit)} 元"
            f"（{_HEARING}第一款第四项）"
        )
    review: list[str] = []
    if hearing:  # 第五十条第一款第二项: 重大权益 *and* 经过听证程序 — a heavy kind alone is not enough
        what = f"拟{'、'.join(heavy)}，直接关系当事人重大权益；" if heavy else ""
        review.append(
            f"{what}当事人要求听证并经过听证程序的，须在听证结束后进行法制审核（{_REVIEW}第一款第二项、第二款）"
        )
    criminal: dict[str, Any] = {"warning": False, "reasons": []}
    threshold = version.criminal
    if threshold is not None:
        criminal["cite"] = threshold.cite.label()
        value = inp.amounts.get(threshold.field) if threshold.field else None
        if (
            threshold.field
            and threshold.amount is not None
            and value is not None
            and value >= threshold.amount
        ):
            criminal["warning"] = True
            criminal["reasons"].append(
                f"{AMOUNT_NAMES[threshold.field]} {money(value)} 元达到 {money(threshold.amount)}"
                f" 元（{threshold.cite.label()}）：{threshold.note}"
            )
        else:
            criminal["reasons"].append(f"注意：{threshold.note}（{threshold.cite.label()}）")
    return {
        "hearing": {"right": bool(hearing), "reasons": hearing, "threshold": money(limit)},
        "summary_procedure": _summary(profile, inp, kinds, fine, tier),
        "legal_review": {
            "required": False,  # only on a hearing held (第一款第二项) or another ground the case records
            "conditional_on_hearing": bool(review),
            "reasons": review,
        },
        "criminal_transfer": criminal,
    }


@dataclass(frozen=True)
class Suggestion:
    """The engine's answer; to_dict() is the JSON shape (amounts as strings with two decimals)."""

    entry: Entry
    version: EntryVersion
    inp: SuggestInput
    decision_date: date
    profile: RulesProfile
    kinds: list[PenaltyKind]
    rule: FineRule | None
    statutory: Range | None
    tier: str
    bands: dict[str, tuple[Decimal, Decimal]]
    suggested_range: tuple[Decimal, Decimal] | None
    suggested_fine: Decimal | None
    conditional_fine: dict[str, Any] | None
    alternative: dict[str, Any] | None
    factors: list[Factor]
    no_penalty: dict[str, Any]
    reduction: dict[str, Any]
    procedure: dict[str, Any]
    notes: list[str]
    rule_text: str
    articles: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: statutory_range [min, max] with null where the law sets none."""
        v = self.version
        return {
            "type": self.entry.id,
            "name": self.entry.name,
            "area": self.entry.area,
            "kinds": [{"name": k.name, "mode": k.mode, "note": k.note} for k in self.kinds],
            "fine_allowed": self.statutory is not None,
            "fine_required": any(k.name == "罚款" and k.mode == "必处" for k in self.kinds),
            "statutory_range": self.statutory.as_list() if self.statutory else None,
            "tier": self.tier,
            "tier_ranges": {name: [money(a), money(b)] for name, (a, b) in self.bands.items()},
            "suggested_range": [money(x) for x in self.suggested_range] if self.suggested_range else None,
            "suggested_fine": money(self.suggested_fine),
            "conditional_fine": self.conditional_fine,
            "alternative": self.alternative,
            "no_penalty": self.no_penalty,
            "reduction": self.reduction,
            **self.procedure,
            "trail": {
                "entry": {"id": self.entry.id, "file": self.entry.source_file, "name": self.entry.name},
                "version": {
                    "valid_from": v.valid_from.isoformat(),
                    "valid_to": v.valid_to.isoformat() if v.valid_to else None,
                },
                "violated": [c.label() for c in v.violated],
                "basis": [c.label() for c in v.basis],
                "penalty_clause": v.clause.cite.label(),
                "fine_rule": self.rule_text,
                "conditional_fine": self.conditional_fine,
                "alternative": self.alternative,
                "no_basis_rule": v.clause.no_basis_rule,
                "parameters": {
                    "act_date": self.inp.act_date.isoformat(),
                    "decision_date": self.decision_date.isoformat(),
                    "party_type": self.inp.party_type,
                    "party_type_name": PARTY_TYPE_NAMES[self.inp.party_type],
                    "severity": self.inp.severity,
                    "amounts": {k: money(a) for k, a in self.inp.amounts.items()},
                    "reduce": self.inp.reduce,
                    "profile": self.profile.code,
                    "profile_name": self.profile.name,
                },
                "factors": [f.to_dict() for f in self.factors],
                "tier_rule": self.profile.tiers_source.to_dict(),
                "law_version": self.notes,
                "articles": self.articles,
            },
        }
