"""Mine (violated article → penalty article) pairs over parsed decisions, for the violation catalog."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from zhifa.precedents.coverage import CoverageReport
from zhifa.precedents.provisions import Citation

Pair = tuple[str, str]


@dataclass
class PairReport:
    """Pair counts (one count per decision), the decisions behind each pair, and the ones without pairs."""

    counts: Counter[Pair] = field(default_factory=Counter)
    examples: dict[Pair, list[str]] = field(default_factory=dict)
    missing: list[tuple[str, str, str]] = field(default_factory=list)
    decisions_with_pairs: int = 0

    def frequent(self, minimum: int = 2) -> list[tuple[Pair, int]]:
        """Pairs occurring in at least `minimum` decisions, most frequent first."""
        return [(pair, n) for pair, n in self.sorted() if n >= minimum]

    def sorted(self) -> list[tuple[Pair, int]]:
        """All pairs by descending count, then by name."""
        return sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))


def decision_pairs(violated: list[Citation], basis: list[Citation]) -> set[Pair]:
    """The distinct article-level pairs of one decision (every violated × every penalty article)."""
    left = {c.label() for c in violated}
    right = {c.label() for c in basis if not c.procedural}
    return {(v, p) for v in left for p in right}


def mine_pairs(report: CoverageReport) -> PairReport:
    """Count each pair once per decision; list decisions whose provisions could not be extracted."""
    out = PairReport()
    for result in report.results:
        parsed = result.parsed
        docid, docno = result.entry.docid, result.entry.docno
        if parsed is None:
            out.missing.append((docid, docno, "；".join(result.problems)))
            continue
        pairs = parsed.pairs
        if not pairs:
            reasons = [p for p in parsed.problems if "条款" in p or "依据" in p or "正文缺失" in p]
            if not reasons and not [c for c in parsed.penalty_basis if not c.procedural]:
                reasons = ["处罚依据只引用了程序或裁量规定（如行政处罚法），没有实体罚则条款"]
            out.missing.append((docid, docno, "；".join(reasons) or "未能配对"))
            continue
        out.decisions_with_pairs += 1
        for pair in pairs:
            out.counts[pair] += 1
            out.examples.setdefault(pair, []).append(docno or docid)
    return out


def format_pairs_markdown(report: PairReport, documents: int, index_rows: int) -> str:
    """The docs/catalog/provision-pairs.md page."""
    frequent = report.frequent(2)
    lines = [
        "# 条款对：违反条款 → 处罚条款（来自 635 份真实处罚决定书）",
        "",
        "由 `scripts/mine_provision_pairs.py` 生成，请勿手工编辑。每份决定书中，所违反的每一条（条级）与",
        "所依据的每一条实体罚则（不含行政处罚法、裁量基准等程序/裁量规定）配成一对，同一决定书内的同一对只计一次。法律名称已规范化",
        "（去掉“中华人民共和国”和括注，如《中华人民共和国价格法》=《价格法》）。条文号为阿拉伯数字。",
        "",
        f"- 索引行 {index_rows}，不同文书 {documents}；提取出条款对的文书 {report.decisions_with_pairs}；"
        f"未能提取的文书 {len(report.missing)}（见文末）。",
        f"- 不同条款对 {len(report.counts)}；出现于至少两份决定书的条款对 **{len(frequent)}**"
        f"（覆盖 {sum(n for _, n in frequent)} 个文书-条款对）。",
        "",
        "## 出现 ≥ 2 次的条款对（违法行为目录须覆盖）",
        "",
        "| # | 违反条款 | 处罚条款 | 次数 | 示例文书号 |",
        "|---|---|---|---|---|",
    ]
    for i, ((violated, penalty), n) in enumerate(frequent, 1):
        example = "、".join(list(dict.fromkeys(report.examples[(violated, penalty)]))[:2])
        lines.append(f"| {i} | {violated} | {penalty} | {n} | {example} |")
    singles = [(pair, n) for pair, n in report.sorted() if n < 2]
    lines += [
        "",
        f"## 只出现 1 次的条款对（{len(singles)}）",
        "",
        "| 违反条款 | 处罚条款 | 文书号 |",
        "|---|---|---|",
    ]
    for (violated, penalty), _ in singles:
        lines.append(f"| {violated} | {penalty} | {report.examples[(violated, penalty)][0]} |")
    lines += [
        "",
        f"## 未能提取条款对的文书（{len(report.missing)}）",
        "",
        "| docid | 文书号 | 原因 |",
        "|---|---|---|",
    ]
    for docid, docno, reason in report.missing:
        lines.append(f"| {docid} | {docno} | {reason} |")
    return "\n".join(lines) + "\n"
