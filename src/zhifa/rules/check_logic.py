"""Logic check: does each entry's structured clause say what the whole penalty clause text says?

Reads the clause text sentence by sentence (split at ；。：): a fine after 拒不改正的/逾期未改正的 is
conditional,
a fine without 可以 is mandatory, 情节严重的，吊销… without 可以 is mandatory, a fine computed from an amount
needs a multiple rule on that amount (the engine then refuses to run without it) and the law's fallback
(没有违法所得的 / 货值金额不足…的) must be modelled.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from zhifa.rules.factors import FactorSet
from zhifa.rules.models import AmountTest, Condition, Entry, EntryVersion, PenaltyKind
from zhifa.rules.numerals import cn_number
from zhifa.rules.yamlio import Problem

REFUSAL = re.compile(
    r"(拒不改正(?:或者情节严重)?|逾期(?:仍)?(?:未|不)(?:改正|整改|补办|办理)|拒不(?:整改|执行))的"
)
SEVERITY = re.compile(r"情节(?:严重|较重|特别严重|恶劣)的")
FALLBACK = re.compile(r"^(?:没有违法所得|违法所得不足|货值金额不足|无违法所得|违法所得无法计算|销售额不足)")
AMOUNT_WORDS = {
    "goods_value": "货值金额",
    "illegal_income": "违法所得",
    "sales": "销售额",
    "ad_fee": "广告费用",
}
_MULTIPLE = r"(?:倍|百分之|等值|%)"
OPTIONAL = re.compile(r"(?<!许)可(?:以|并处|处)")
HEAVY = ("吊销", "停业整顿", "停产停业", "责令关闭", "关闭停业")
REFUSAL_FACT = "refused_correction"
INTERNAL_REFERENCE = re.compile(
    r"依照(?:本条)?(?:第[一二三四五六七八九]+款|前款|前两款)(?:的)?规定(?:给予|予以)?处罚"
)


@dataclass(frozen=True)
class Segment:
    """One sentence of a clause: its text and what starts it."""

    text: str
    kind: str  # refusal | severity | fallback | plain

    @property
    def fine(self) -> bool:
        """True when the sentence imposes a fine."""
        return "罚款" in self.text

    @property
    def optional(self) -> bool:
        """True when 可以/可并处 governs the fine (a power, not a duty): it comes before 罚款."""
        head = self.text.split("罚款")[0] if self.fine else self.text
        return OPTIONAL.search(head) is not None


def _leads(pattern: re.Pattern[str], part: str) -> bool:
    """True when the condition precedes the penalty (…情节严重的，处… — not 处…，情节严重的，并可以…)."""
    found = pattern.search(part)
    if found is None:
        return False
    first = min((i for i in (part.find("处"), part.find("吊销"), part.find("责令停")) if i >= 0), default=-1)
    return first < 0 or found.end() <= first


def segments(text: str) -> list[Segment]:
    """The clause text split into sentences; a fallback sentence inherits the kind of the one before."""
    out: list[Segment] = []
    for part in re.split(r"[；;。：:\n]", text):
        part = re.sub(r"^第[一二三四五六七八九十百零]+条\s*", "", part.strip())
        if not part:
            continue
        if _leads(REFUSAL, part):
            kind = "refusal"
        elif _leads(SEVERITY, part):
            kind = "severity"
        elif FALLBACK.search(part):
            kind = out[-1].kind if out and out[-1].kind in ("refusal", "severity") else "fallback"
        else:
            kind = "plain"
        out.append(Segment(part, kind))
    return out


def _alternatives_need(conds: tuple[Condition, ...], factor: str) -> bool:
    """True when every alternative requires the factor or a severity (so no fine without either)."""
    return bool(conds) and all(factor in c.factors or c.severities is not None for c in conds)


def _fine_kinds(version: EntryVersion) -> list[PenaltyKind]:
    return [k for k in version.clause.kinds if k.name == "罚款"]


def _severe(kind: PenaltyKind) -> bool:
    return not kind.when or any(c.severities is None or "严重" in c.severities for c in kind.when)


def check_version(entry: Entry, key: str, version: EntryVersion, text: str) -> Iterable[Problem]:
    """Problems of one version against its clause text."""
    file = entry.source_file or entry.id
    cite = version.clause.cite.label()
    segs = segments(text)
    fines = [s for s in segs if s.fine]
    kinds = _fine_kinds(version)
    rules = version.clause.fine
    if any(s.kind == "refusal" for s in fines) and not any(s.kind in ("plain", "fallback") for s in fines):
        for k in kinds:
            if not _alternatives_need(k.when, REFUSAL_FACT):
                yield Problem(
                    file,
                    f"{key}.clause.kinds.罚款",
                    f"{cite}只对拒不改正或者逾期未改正的处罚款：罚款须以 factor: {REFUSAL_FACT} 为条件",
                )
        for j, rule in enumerate(rules):
            if rule.kind != "none" and not _alternatives_need(rule.when, REFUSAL_FACT):
                yield Problem(
                    file,
                    f"{key}.clause.fine[{j}]",
                    f"{cite}只对拒不改正或者逾期未改正的处罚款：该罚款分支须以 factor: {REFUSAL_FACT} 为条件",
                )
    refusal_fines = any(s.kind == "refusal" for s in fines)
    if refusal_fines and not any(REFUSAL_FACT in c.factors for r in rules for c in r.when):
        yield Problem(
            file,
            f"{key}.clause.fine",
            f"{cite}对拒不改正的另定罚款：须有以 factor: {REFUSAL_FACT} 为条件的分支",
        )
    duty = [s for s in fines if not s.optional and s.kind in ("plain", "fallback", "refusal")]
    if duty and kinds and not any(k.mode == "必处" and not _only_severe(k) for k in kinds):
        yield Problem(file, f"{key}.clause.kinds.罚款", f"{cite}写明“处（并处）……罚款”，罚款应为必处")
    if fines and all(s.optional for s in fines):
        for k in kinds:
            if k.mode == "必处":
                yield Problem(
                    file, f"{key}.clause.kinds.罚款", f"{cite}写明“可以（并）处……罚款”，罚款应为可处"
                )
    severe_duty = [s for s in fines if s.kind == "severity" and not s.optional]
    if severe_duty and kinds and not any(k.mode == "必处" and _severe(k) for k in kinds):
        yield Problem(
            file, f"{key}.clause.kinds.罚款", f"{cite}对情节严重的写明处罚款，情节严重时罚款应为必处"
        )
    for s in segs:
        if s.kind != "severity" or "或者" in s.text:
            continue  # "责令停业整顿，或者吊销…": one of two, which a kind list cannot say
        for k in version.clause.kinds:
            words = [h for h in HEAVY if h in k.name and h in s.text]
            if not words or not _severe(k) or not k.when:
                continue
            optional = _power(s.text, words[0])
            if not optional and k.mode != "必处":
                yield Problem(
                    file,
                    f"{key}.clause.kinds.{k.name}",
                    f"{cite}：情节严重的{k.name}为必处（条文未写“可以”）",
                )
            if optional and k.mode == "必处":
                yield Problem(
                    file, f"{key}.clause.kinds.{k.name}", f"{cite}：情节严重的“可以”{k.name}，应为可处"
                )
    yield from _amounts(file, key, cite, fines, version)


def _power(text: str, word: str) -> bool:
    """True when 可以/可 governs the measure: in its own comma-separated part, before the word."""
    part = next(p for p in re.split(r"[，,]", text) if word in p)
    return OPTIONAL.search(part[: part.find(word)]) is not None


def _only_severe(kind: PenaltyKind) -> bool:
    return bool(kind.when) and all(c.severities is not None and "一般" not in c.severities for c in kind.when)


def _tests(version: EntryVersion, field: str) -> list[AmountTest]:
    return [t for r in version.clause.fine for c in r.when for t in c.amounts if t.field == field]


def _amounts(
    file: str, key: str, cite: str, fines: list[Segment], version: EntryVersion
) -> Iterable[Problem]:
    rules = version.clause.fine
    for field, word in AMOUNT_WORDS.items():
        based = any(re.search(word + r"[^，；]{0,12}" + _MULTIPLE, s.text) for s in fines)
        if based and not any(r.kind == "multiple" and r.base == field for r in rules):
            yield Problem(
                file,
                f"{key}.clause.fine",
                f"{cite}按{word}计算罚款：须有以 {field} 为基数的分支（缺{word}时报 missing_amount）",
            )
    income_based = any(r.kind == "multiple" and r.base == "illegal_income" for r in rules)
    no_income = any(s.text.startswith(("没有违法所得", "无违法所得")) for s in fines)
    if (
        no_income
        and income_based
        and not any(t.present is False or t.lt for t in _tests(version, "illegal_income"))
    ):
        yield Problem(file, f"{key}.clause.fine", f"{cite}规定了没有违法所得时的罚款，须写出该分支")
    small_goods = any(s.text.startswith("货值金额不足") for s in fines)
    if small_goods and not any(t.lt is not None for t in _tests(version, "goods_value")):
        yield Problem(file, f"{key}.clause.fine", f"{cite}规定了货值金额不足一定数额时的罚款，须写出该分支")


def check_redirects(
    entry: Entry, key: str, version: EntryVersion, paragraphs: dict[int, str]
) -> Iterable[Problem]:
    """A paragraph of the penalty article that punishes a violated article of the entry by reference
    (食品安全法第一百二十六条第四款: 违反本法第六十五条规定的…依照第一款规定给予处罚) must be in the basis."""
    clause = version.clause.cite
    if clause.paragraph is None:
        return  # the whole article is the clause
    for number, text in paragraphs.items():
        if number == clause.paragraph or any(
            b.law == clause.law and b.article == clause.article and b.paragraph == number
            for b in version.basis
        ):
            continue
        for cite in version.violated:
            if (
                cite.law == clause.law
                and f"违反本法第{cn_number(cite.article)}条" in text
                and INTERNAL_REFERENCE.search(text) is not None
            ):
                yield Problem(
                    entry.source_file or entry.id,
                    f"{key}.basis",
                    f"《{clause.law}》第{cn_number(clause.article)}条第{cn_number(number)}款对违反"
                    f"第{cn_number(cite.article)}条的行为另定处罚依据，须列入 basis",
                )


def check_conditions(entry: Entry, factors: FactorSet) -> Iterable[Problem]:
    """Every factor a condition names exists and is a fact (effect 事实), not a discretion weight."""
    file = entry.source_file or entry.id
    for i, version in enumerate(entry.versions):
        conds = [c for k in version.clause.kinds for c in k.when] + [
            c for r in version.clause.fine for c in r.when
        ]
        for cond in conds:
            for fid in cond.factors:
                factor = factors.factors.get(fid)
                if factor is None:
                    yield Problem(file, f"versions[{i}].clause", f"条件引用了未知的情节 {fid}")
                elif factor.effect != "事实":
                    yield Problem(
                        file, f"versions[{i}].clause", f"条件只能引用“事实”类情节，{fid} 是{factor.effect}"
                    )
