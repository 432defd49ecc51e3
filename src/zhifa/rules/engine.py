"""The discretion engine: violation type + facts + factors + profile → suggested penalty with its trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from zhifa.errors import ValidationFailed
from zhifa.rules.conditional import conditional_fine, mandatory_floor
from zhifa.rules.factors import REDUCIBLE, Factor, FactorSet
from zhifa.rules.formula import Facts, Range, applicable_kinds, lighter, select_fine_rule, statutory_range
from zhifa.rules.inputs import SuggestInput
from zhifa.rules.loader import Catalog
from zhifa.rules.models import Entry, EntryVersion, FineRule, PenaltyKind
from zhifa.rules.outcome import Suggestion, assess_procedure, describe_rule, money, resolve_articles
from zhifa.rules.ports import ArticleResolver
from zhifa.rules.profiles import RulesProfile
from zhifa.rules.tiers import position_in_tier, round_fine, suggest_point, tier_for, tier_ranges
from zhifa.timefmt import beijing_today

_CITE_37 = "《中华人民共和国行政处罚法》第三十七条"


@dataclass(frozen=True)
class _Applied:
    version: EntryVersion
    kinds: list[PenaltyKind]
    rule: FineRule | None
    range: Range | None


def _apply(version: EntryVersion, facts: Facts) -> _Applied:
    kinds = applicable_kinds(version.clause, facts)
    has_fine = any(k.name == "罚款" for k in kinds)
    rule = select_fine_rule(version.clause, facts) if has_fine else None
    rng = statutory_range(rule, facts) if rule is not None else None
    return _Applied(version, kinds, rule, rng)


def _pick_version(entry: Entry, inp: SuggestInput, decided: date, facts: Facts) -> tuple[_Applied, list[str]]:
    """The version at the act date, or the lighter one in force at decision (从旧兼从轻, 行政处罚法 §37)."""
    old = entry.version_at(inp.act_date)
    if old is None:
        first = entry.versions[0].valid_from
        if inp.act_date < first:
            raise ValidationFailed(
                f"违法行为发生日期 {inp.act_date} 早于该违法行为类型依据的施行日期 {first}",
                code="act_date_before_law",
                details={"field": "act_date", "valid_from": first.isoformat()},
            )
        raise ValidationFailed(
            f"违法行为发生日期 {inp.act_date} 时该违法行为类型的依据不在有效期内",
            code="entry_not_in_force",
            details={"field": "act_date"},
        )
    applied = _apply(old, facts)
    notes = [f"适用违法行为发生时（{inp.act_date}）有效的规定（{old.valid_from} 起施行）。"]
    new = entry.version_at(decided)
    if new is None and old.valid_to is not None and decided > old.valid_to:
        notes.append(
            f"作出决定时（{decided}）该规定已于 {old.valid_to} 后失效；"
            f"如新规定不认为违法，依{_CITE_37}适用新规定。"
        )
    elif new is not None and new is not old:
        candidate = _apply(new, facts)
        if lighter(candidate.range, applied.range):
            notes.append(
                f"作出决定时（{decided}）施行的新规定处罚较轻，依{_CITE_37}（从旧兼从轻）适用新规定。"
            )
            return candidate, notes
        notes.append(
            f"作出决定时施行的新规定（{new.valid_from} 起）处罚不轻于旧规定，依{_CITE_37}适用旧规定。"
        )
    return applied, notes


def _score(factors: list[Factor]) -> int:
    return sum(f.weight for f in factors if f.aggravating) - sum(f.weight for f in factors if f.mitigating)


def suggest(
    catalog: Catalog,
    factor_set: FactorSet,
    profile: RulesProfile,
    inp: SuggestInput,
    resolver: ArticleResolver | None = None,
    today: date | None = None,
) -> Suggestion:
    """Suggest the penalty for one violation; raise ValidationFailed naming the field on bad input."""
    entry = catalog.get(inp.type_id)
    factors = [factor_set.get(f) for f in dict.fromkeys(inp.factors)]
    for factor in factors:
        if factor.party_types is not None and inp.party_type not in factor.party_types:
            raise ValidationFailed(
                f"裁量情节“{factor.name}”不适用于该类当事人（{inp.party_type}）",
                code="factor_not_applicable",
                details={"field": "factors", "value": factor.id},
            )
        if not factor.applies_to(entry.area):
            raise ValidationFailed(
                f"裁量情节“{factor.name}”的依据{factor.cite.label()}只适用于{'、'.join(factor.areas or ())}"
                f"领域，不能用于{entry.area}领域的违法行为",
                code="factor_not_applicable",
                details={"field": "factors", "value": factor.id, "area": entry.area},
            )
    decided = inp.decision_date or today or beijing_today()
    if decided < inp.act_date:
        raise ValidationFailed(
            "决定日期早于违法行为发生日期", code="bad_date", details={"field": "decision_date"}
        )
    facts = Facts(inp.party_type, inp.severity, inp.amounts, frozenset(f.id for f in factors))
    applied, notes = _pick_version(entry, inp, decided, facts)
    conditional = None if applied.range is not None else conditional_fine(applied.version, facts, factor_set)
    score = _score(factors)
    forced_light = any(f.effect == "应当从轻或者减轻" for f in factors)
    tier = "从轻" if forced_light else tier_for(score)
    position = position_in_tier(tier, min(score, -1) if forced_light else score)

    no_penalty = _no_penalty(entry, factors, profile)
    reducible = [f for f in factors if f.effect in REDUCIBLE]
    if inp.reduce and not reducible:
        raise ValidationFailed(
            "选择减轻处罚须有法定减轻情节（如行政处罚法第三十二条所列情形）",
            code="reduction_not_allowed",
            details={"field": "reduce"},
        )
    rng = applied.range
    bands: dict[str, tuple[Decimal, Decimal]] = {}
    suggested_range: tuple[Decimal, Decimal] | None = None
    suggested: Decimal | None = None
    mandatory = any(k.name == "罚款" and k.mode == "必处" for k in applied.kinds)
    if rng is not None and rng.high is not None:
        bands = tier_ranges(rng.low, rng.high, profile.tiers)
        if mandatory and rng.low is None and rng.high > 0:  # 并处…以下罚款: 从轻 keeps a fine above zero
            floor = min(mandatory_floor(rng.high), rng.high)
            bands = {name: (max(a, floor), max(b, floor)) for name, (a, b) in bands.items()}
        suggested_range = bands[tier]
        suggested = suggest_point(suggested_range, position)
        if inp.reduce:
            tier = "减轻"
            if rng.low:
                suggested_range = (Decimal(0), rng.low)
                suggested = round_fine(rng.low * profile.reduction_fraction, Decimal(0), rng.low)
                if suggested >= rng.low:
                    suggested = (rng.low - Decimal("0.01")).max(Decimal(0))
            else:
                suggested_range, suggested = None, None
                notes.append("法定罚款无最低数额，减轻处罚应选择较轻的处罚种类（如仅警告或不并处罚款）。")
    alternative: dict[str, object] | None = None
    if no_penalty["mandatory"] or no_penalty["suggested"]:
        if no_penalty["suggested"] and not no_penalty["mandatory"]:
            alternative = {
                "tier": tier,
                "suggested_range": [money(x) for x in suggested_range] if suggested_range else None,
                "suggested_fine": money(suggested),
                "kinds": [k.name for k in applied.kinds],
                "note": "决定给予行政处罚的（不适用行政处罚法第三十三条第一款第二句），按此建议",
            }
        tier, suggested_range, suggested = "不予处罚", None, None
    procedure = assess_procedure(profile, inp, applied.kinds, suggested, applied.version, tier)
    return Suggestion(
        entry=entry,
        version=applied.version,
        inp=inp,
        decision_date=decided,
        profile=profile,
        kinds=applied.kinds,
        rule=applied.rule,
        statutory=rng,
        tier=tier,
        bands=bands,
        suggested_range=suggested_range,
        suggested_fine=suggested,
        conditional_fine=conditional,
        alternative=alternative,
        factors=factors,
        no_penalty=no_penalty,
        reduction={
            "eligible": bool(reducible),
            "chosen": inp.reduce,
            "reasons": [f"{f.name}（{f.cite.label()}，{f.effect}）" for f in reducible],
        },
        procedure=procedure,
        notes=notes,
        rule_text=describe_rule(applied.rule),
        articles=resolve_articles(resolver, applied.version, inp.act_date),
    )


def _no_penalty(entry: Entry, factors: list[Factor], profile: RulesProfile) -> dict[str, object]:
    """不予处罚: mandatory (行政处罚法 §30, §31, §33 ¶1 first sentence, ¶2) or optional (首违不罚)."""
    mandatory = [f for f in factors if f.effect == "不予处罚"]
    optional = [f for f in factors if f.effect == "可以不予处罚"]
    reasons = [f"{f.name}（{f.cite.label()}）" for f in mandatory + optional]
    listed = [
        f"{lst.name}：{lst.items[entry.id]}" for lst in profile.first_violation if entry.id in lst.items
    ]
    if optional and listed:
        reasons.extend(f"列入首违不罚清单 — {item}" for item in listed)
    elif optional:
        reasons.append("该违法行为未列入所配置的首违不罚清单，适用行政处罚法第三十三条第一款须逐案说明理由")
    return {
        "eligible": bool(mandatory or optional),
        "mandatory": bool(mandatory),
        # 首违不罚 (初次违法且危害后果轻微并及时改正) stated as a fact: the suggestion is 不予处罚
        "suggested": bool(mandatory or optional),
        "reasons": reasons,
        "first_violation_lists": listed,
    }
