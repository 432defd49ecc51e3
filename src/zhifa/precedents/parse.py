"""Parse a decision's text into a structured precedent record, with the problems that stop a full parse."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from zhifa.precedents.amounts import first_amount
from zhifa.precedents.discretion import Discretion, read_discretion
from zhifa.precedents.party import Party, parse_party
from zhifa.precedents.penalties import PenaltyItem, read_decided_penalties, read_penalties, total_fine
from zhifa.precedents.provisions import Citation, find_citations, mask_quotes, pair_citations
from zhifa.precedents.sections import Sections, split_sections

_DOCNO = re.compile(
    r"[\u4e00-\u9fffA-Za-z]{1,24}\s*[〔【\[（(［]\s*(?:19|20)\d{2}\s*[〕】\]）)］]\s*第?\s*[A-Za-z0-9\-—]{1,24}\s*号"
)
_BUREAU = re.compile(r"^[^\n]{2,40}(?:市场监督管理局|市场监管局|管理局|委员会|分局|监督局)")
_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_VIOLATED_STATED = re.compile(r"违反[^。；\n]{0,40}第[零〇一二两三四五六七八九十百千\d]+条")
_BASIS_STATED = re.compile(
    r"(?:依据|根据|依照|按照)[^。；\n]{0,40}《(?![^》]*(?:行政处罚法|程序规定|裁量|基准))[^》]+》[^。；\n]{0,6}第"
)
_PENALTY_STATED = re.compile(
    r"(?:决定|给予|予以|处以|并处|作出)[^。；\n]{0,30}(?:罚款|没收|警告|不予(?:行政)?处罚)"
    r"|罚款(?:人民币)?\s*[\d零壹贰叁肆伍陆柒捌玖一二三四五六七八九]"
)
_LEGAL_PART = re.compile(r"\n《|\n[^\n]{0,30}违反了?[^。\n]{0,10}《|本局认为|我局认为")
_EVIDENCE_ITEM = re.compile(r"(?:^|\n)\s*(?:证据)?[（(]?[0-9一二三四五六七八九十]{1,3}[)）、.．]\s*")


@dataclass
class ParsedDecision:
    """A decision parsed into its parts; `problems` lists in Chinese why a part could not be read."""

    docno: str | None
    bureau: str | None
    decision_date: date | None
    party: Party | None
    facts: str
    evidence: list[str]
    analysis: str
    discretion: Discretion
    violated: list[Citation]
    penalty_basis: list[Citation]
    other_citations: list[Citation]
    penalties: list[PenaltyItem]
    facts_amounts: dict[str, Decimal]
    sections: Sections
    pairs: set[tuple[str, str]] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    @property
    def fine(self) -> Decimal | None:
        """Total fine (罚款) in yuan, or None."""
        return total_fine(self.penalties)

    @property
    def confiscated(self) -> Decimal | None:
        """Illegal income confiscated (没收违法所得) in yuan, or None."""
        return next(
            (p.amount for p in self.penalties if p.kind == "没收违法所得" and p.amount is not None), None
        )

    @property
    def complete(self) -> bool:
        """True when facts, both kinds of provisions and the penalties (with fine amounts) were read."""
        return not self.problems


def _docno(header: str, text: str) -> str | None:
    m = _DOCNO.search(header) or _DOCNO.search(text[:600])
    return re.sub(r"\s+", "", m.group(0)) if m else None


def _bureau(header: str) -> str | None:
    for line in header.split("\n"):
        m = _BUREAU.match(line.strip())
        if m:
            return m.group(0)
    return None


def _date(sections: Sections) -> date | None:
    for tail in (sections.get("ending"), sections.text[-600:]):
        for m in reversed(list(_DATE.finditer(tail))):
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


def _evidence_items(evidence: str) -> list[str]:
    parts = [p.strip(" ；;。\n") for p in _EVIDENCE_ITEM.split(evidence)]
    items = [p for p in parts[1:] if p] if len(parts) > 1 else []
    if not items and evidence:
        head, _, rest = evidence.partition("：")
        body = rest or head
        items = [p.strip() for p in re.split(r"[、；;]", body.split("。")[0]) if p.strip()]
    return items[:60]


def _split_citations(sections: Sections) -> tuple[list[Citation], list[Citation], list[Citation]]:
    text = sections.text
    body_start = min(
        (sections.spans[n][0] for n in ("analysis", "penalties") if n in sections.spans), default=None
    )
    ending_start = sections.spans.get("ending", (len(text), len(text)))[0]
    if body_start is None:
        body_start = sections.spans.get("facts", (0, 0))[0]
    cites = find_citations(text, start=body_start, end=ending_start)
    violated = [c for c in cites if c.role == "violated" and not c.procedural]
    if not violated:
        early = find_citations(text, start=0, end=ending_start)
        violated = [c for c in early if c.role == "violated" and not c.procedural]
        violated = violated or [c for c in early if c.role == "violated_weak" and not c.procedural]
    pen_start = sections.spans.get("penalties", (body_start, body_start))[0]
    basis = [c for c in cites if c.role == "basis" and not c.procedural and c.start >= pen_start]
    if not basis:
        basis = [c for c in cites if c.role == "basis" and not c.procedural]
    if not basis:  # pages out of order: any substantive basis outside the case source and the ending
        source = sections.spans.get("source", (0, 0))
        anywhere = find_citations(text, start=source[1], end=len(text))
        basis = [
            c for c in anywhere if c.role == "basis" and not c.procedural and not _in_ending(sections, c)
        ]
    if not basis:  # e.g. 不予处罚 decisions rest on 行政处罚法 §33 only
        basis = [c for c in cites if c.role == "basis" and c.start >= pen_start]
    chosen = {id(c) for c in violated + basis}
    other = [c for c in cites if id(c) not in chosen]
    return _dedupe(violated), _dedupe(basis), other


def _decision_text(sections: Sections, *, header: bool = True) -> str:
    """Header plus everything after the evidence and before the ending (where decisions are stated)."""
    text = sections.text
    start = min(
        (sections.spans[n][0] for n in ("hearing", "analysis", "penalties") if n in sections.spans), default=0
    )
    end = sections.spans.get("ending", (len(text), len(text)))[0]
    if end <= start:
        end = len(text)
    return (sections.get("header") + "\n" if header else "") + text[start:end]


def _in_ending(sections: Sections, cite: Citation) -> bool:
    span = sections.spans.get("ending")
    return span is not None and span[0] <= cite.start < span[1]


def _dedupe(cites: list[Citation]) -> list[Citation]:
    seen: set[tuple[str, int, int | None, int | None]] = set()
    out: list[Citation] = []
    for c in cites:
        key = (c.law_key, c.article, c.paragraph, c.item)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _fine_missing(items: list[PenaltyItem]) -> bool:
    return any(p.kind == "罚款" and p.amount is None for p in items)


def _penalties(sections: Sections, bases: dict[str, Decimal]) -> list[PenaltyItem]:
    """Penalties from the penalties part; the deciding sentences elsewhere when that part lacks them."""
    if sections.blank_template:
        return []
    found = read_penalties(sections.get("penalties"), bases) if "penalties" in sections.spans else []
    if found and not _fine_missing(found):
        return found
    decided = read_decided_penalties(_decision_text(sections), bases)
    if not found:
        return decided
    if decided and not _fine_missing(decided) and any(p.kind == "罚款" for p in decided):
        kinds = {p.kind for p in decided}
        merged = decided + [p for p in found if p.kind not in kinds]
        return [p for n, p in enumerate(merged) if p.kind == "罚款" or p not in merged[:n]]
    return found


def parse_decision(text: str, *, party_name: str = "") -> ParsedDecision:
    """Parse normalised decision text; `party_name` is a fallback when the party block has no name."""
    sections = split_sections(text)
    header = sections.get("header")
    violated, basis, other = _split_citations(sections)
    facts = sections.get("facts")
    if (
        len(facts) < 20 and sections.get("source") and not sections.blank_template
    ):  # 经查，当事人违反明码标价规定。 — the account is before it
        facts = (sections.get("source") + "\n" + facts).strip()
    if len(facts) < 20 and not sections.blank_template:  # the account was taken for the analysis
        analysis = sections.get("analysis")
        cut = _LEGAL_PART.search(analysis, 20)
        if cut and cut.start() >= 40:
            facts = analysis[: cut.start()].strip()
    facts_amounts = {
        role: value
        for role in ("违法所得", "货值金额", "销售额")
        if (value := first_amount(facts + sections.get("analysis"), role)) is not None
    }
    penalties = _penalties(sections, facts_amounts)
    discretion = read_discretion(_decision_text(sections, header=False))
    parsed = ParsedDecision(
        docno=_docno(header, text),
        bureau=_bureau(header),
        decision_date=_date(sections),
        party=parse_party(sections.get("party"), party_name),
        facts=facts,
        evidence=_evidence_items(sections.get("evidence")),
        analysis=sections.get("analysis"),
        discretion=discretion,
        violated=violated,
        penalty_basis=basis,
        other_citations=other,
        penalties=penalties,
        facts_amounts=facts_amounts,
        sections=sections,
    )
    parsed.pairs = pair_citations(violated + basis + other) if violated and basis else set()
    if violated and basis and not parsed.pairs:
        parsed.pairs = {(v.label(), b.label()) for v in violated for b in basis if not b.procedural}
    parsed.problems = diagnose(parsed)
    return parsed


def diagnose(parsed: ParsedDecision) -> list[str]:
    """Reasons (Chinese) why a parsed decision is not complete; empty when it is."""
    if parsed.sections.blank_template:
        return ["正文缺失：文书只有表格栏目，没有事实、理由与处罚内容"]
    problems: list[str] = []
    text = mask_quotes(parsed.sections.text)
    if len(parsed.facts) < 20:
        problems.append("未找到违法事实（经查……）")
    if not parsed.violated:
        stated = _VIOLATED_STATED.search(text)
        problems.append(
            "未找到所违反的条款（违反了《……》第……条）"
            if stated
            else "文书未写明所违反的条款（只描述了违法行为或只引用了处罚依据）"
        )
    if not parsed.penalty_basis:
        problems.append(
            "未找到处罚依据（依据《……》第……条）" if _BASIS_STATED.search(text) else "文书未写明处罚依据条款"
        )
    if not parsed.penalties:
        problems.append(
            "未找到处罚内容（处罚如下……）"
            if _PENALTY_STATED.search(text)
            else "文书未写明处罚内容（栏目空缺或正文在处罚内容前中断）"
        )
    elif any(p.kind == "罚款" and p.amount is None for p in parsed.penalties):
        problems.append("有罚款但未找到罚款金额")
    return problems
