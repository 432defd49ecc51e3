"""Parse every decision of the corpus and count what was extracted (the ≥ 98 % target)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from zhifa.errors import ZhifaError
from zhifa.precedents.corpus import IndexEntry, iter_texts, read_index
from zhifa.precedents.parse import ParsedDecision, parse_decision


@dataclass
class DocResult:
    """The outcome for one document: parsed record or the extraction error, and the problems."""

    entry: IndexEntry
    parsed: ParsedDecision | None
    problems: list[str]

    @property
    def complete(self) -> bool:
        """True when the document parsed fully."""
        return self.parsed is not None and not self.problems


@dataclass
class CoverageReport:
    """Counts over the corpus and each document's result."""

    index_rows: int
    results: list[DocResult] = field(default_factory=list)

    @property
    def documents(self) -> int:
        """Distinct documents (index rows minus duplicated docids)."""
        return len(self.results)

    def count(self, what: str, *, body_only: bool = False) -> int:
        """Documents where a part was extracted (facts, violated, basis, penalties, complete, blank ...)."""
        return sum(1 for r in self.results if _has(r, what) and not (body_only and not _has_body(r)))

    def rate(self, what: str = "complete", *, body_only: bool = True) -> float:
        """Share of documents (by default of those with a body) where `what` was extracted."""
        total = self.with_body if body_only else self.documents
        return self.count(what, body_only=body_only) / total if total else 0.0

    @property
    def with_body(self) -> int:
        """Documents that have a body (not a blank form, text extracted)."""
        return self.documents - self.count("blank") - self.count("error")


def _has_body(r: DocResult) -> bool:
    return r.parsed is not None and not r.parsed.sections.blank_template


def _has(r: DocResult, what: str) -> bool:
    p = r.parsed
    if what == "error":
        return p is None
    if p is None:
        return False
    checks = {
        "facts": len(p.facts) >= 20,
        "violated": bool(p.violated),
        "basis": bool(p.penalty_basis),
        "penalties": bool(p.penalties),
        "fine": any(i.kind == "罚款" for i in p.penalties),
        "fine_amount": any(i.kind == "罚款" and i.amount is not None for i in p.penalties),
        "complete": r.complete,
        "stated_complete": not any(_parser_missed(q) for q in r.problems),
        "blank": p.sections.blank_template,
        "docno_match": p.docno is not None and _same_docno(p.docno, r.entry.docno),
        "party": p.party is not None,
        "date": p.decision_date is not None,
    }
    return checks[what]


def _parser_missed(problem: str) -> bool:
    """A problem the parser caused (未找到…), not a part the document lacks (文书未写明…, 正文缺失)."""
    return problem.startswith(("未找到", "有罚款但", "文字提取失败"))


def _same_docno(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return "".join(s.split()).translate(str.maketrans("【】[]（）()［］", "〔〕〔〕〔〕〔〕〔〕"))

    return norm(a) == norm(b)


def coverage(decisions_dir: Path, cache_dir: Path | None = None) -> CoverageReport:
    """Parse each distinct document of the corpus; errors become results with the reason."""
    report = CoverageReport(index_rows=len(read_index(decisions_dir)))
    for entry, text in iter_texts(decisions_dir, cache_dir):
        if isinstance(text, ZhifaError):
            report.results.append(DocResult(entry, None, [f"文字提取失败[{text.code}]：{text.message}"]))
            continue
        parsed = parse_decision(text, party_name=entry.party)
        report.results.append(DocResult(entry, parsed, parsed.problems))
    return report


def format_coverage(report: CoverageReport) -> str:
    """Human-readable coverage summary with the failures and their reasons."""
    n = report.documents
    body = report.with_body

    def pct(k: int, d: int) -> str:
        return f"{k}/{d} ({100 * k / d:.1f}%)" if d else "0/0"

    lines = [
        f"索引行数 {report.index_rows}，不同文书 {n}（重复 docid {report.index_rows - n} 行）",
        f"文字提取失败 {report.count('error')}；正文缺失（空白表格）{report.count('blank')}；有正文 {body}",
        "",
        "提取项            全部文书                有正文的文书",
    ]
    for key, label in [
        ("facts", "违法事实"),
        ("violated", "违反条款"),
        ("basis", "处罚依据"),
        ("penalties", "处罚内容"),
        ("fine_amount", "罚款金额"),
        ("docno_match", "文书号一致"),
        ("party", "当事人"),
        ("date", "决定日期"),
        ("complete", "完整解析"),
        ("stated_complete", "文书所写均已提取"),
    ]:
        lines.append(
            f"{label:<8}  {pct(report.count(key), n):<22}  {pct(report.count(key, body_only=True), body)}"
        )
    lines.append(f"其中有罚款的文书 {report.count('fine')}，罚款金额已提取 {report.count('fine_amount')}")
    reasons = Counter(p for r in report.results for p in r.problems)
    lines += ["", "未完整解析的原因："]
    lines += [f"  {count:>4}  {reason}" for reason, count in reasons.most_common()]
    lines += ["", "未完整解析的文书："]
    for r in report.results:
        if not r.complete:
            lines.append(f"  {r.entry.docid}  {r.entry.docno}  {'；'.join(r.problems)}")
    return "\n".join(lines)
