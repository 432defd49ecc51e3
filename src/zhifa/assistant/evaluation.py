"""k-fold evaluation of an assistant predictor on a folder of real decisions.

Folds are drawn by decision (copies of one decision — the same 文书号 and bureau — stay in one fold) with
a fixed seed. For each fold a fresh predictor is trained on the other folds only; each held-out
decision's facts section alone is given to it, and the answer is compared with what the decision says.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from zhifa.assistant import metrics
from zhifa.precedents.record import PrecedentRecord, Provision

MIN_FACTS_CHARS = 20
COVERAGE_POINTS = (0.25, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 1.0)


@dataclass
class Prediction:
    """What a predictor answers for one facts text."""

    violated: list[Provision] = field(default_factory=list)
    penalty: list[Provision] = field(default_factory=list)
    violation_types: list[tuple[str, float]] = field(default_factory=list)
    fine: Decimal | None = None
    precedents: list[str] = field(default_factory=list)
    certain: bool | None = None  # the answer's own `not confidence.uncertain` (None: no such notion)
    confidence: float | None = None  # the score it is decided on, for the precision/coverage curve


class Predictor(Protocol):
    """A trained predictor: facts (and known structured fields) → Prediction."""

    def predict(self, facts_text: str, fields: Mapping[str, Any]) -> Prediction:
        """Answer for one case."""
        ...


Trainer = Callable[[Sequence[PrecedentRecord]], Predictor]
TypeOf = Callable[[PrecedentRecord], str | None]


def evaluable(records: Sequence[PrecedentRecord]) -> list[PrecedentRecord]:
    """Records with a facts section to query with (blank forms and unreadable files are left out)."""
    return [r for r in records if len(r.facts) >= MIN_FACTS_CHARS]


def group_key(r: PrecedentRecord) -> str:
    """Copies of one decision share this key (same 文书号 and bureau): they never sit in different folds."""
    docno = re.sub(r"\s+", "", r.docno or "")
    return f"{r.bureau or ''}|{docno}" if docno.endswith("号") else f"docid|{r.docid}"


def make_folds(records: Sequence[PrecedentRecord], k: int, seed: int = 20261125) -> list[list[int]]:
    """Split record positions into k folds by decision (same 文书号 + bureau together), deterministic."""
    if k < 2:
        raise ValueError("至少需要 2 折")
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        groups.setdefault(group_key(r), []).append(i)
    keys = sorted(groups)
    random.Random(seed).shuffle(keys)
    folds: list[list[int]] = [[] for _ in range(k)]
    for key in keys:  # greedy: next group to the smallest fold keeps folds balanced
        min(folds, key=len).extend(groups[key])
    return [sorted(f) for f in folds]


def sample_groups(records: Sequence[PrecedentRecord], share: float, seed: int) -> list[PrecedentRecord]:
    """A seeded `share` of the decisions (copies of one decision kept together), in their order."""
    keys = sorted({group_key(r) for r in records})
    random.Random(seed).shuffle(keys)
    kept = set(keys[: max(1, round(share * len(keys)))])
    return [r for r in records if group_key(r) in kept]


@dataclass
class CaseResult:
    """One held-out decision's comparison."""

    docid: str
    violated_ok: bool | None
    penalty_ok: bool | None
    violated_top3: bool | None
    penalty_top3: bool | None
    violated_set: bool | None
    penalty_set: bool | None
    type_top1: bool | None
    type_top3: bool | None
    fine_ok: bool | None
    fine_score: float | None
    ndcg: float | None
    latency_ms: float
    certain: bool | None = None
    confidence: float | None = None


@dataclass
class EvalReport:
    """Aggregated figures of one predictor over all folds."""

    predictor: str
    folds: int
    documents: int
    cases: list[CaseResult] = field(default_factory=list)
    train_share: float = 1.0

    def _rate(self, name: str) -> tuple[float | None, int]:
        values = [getattr(c, name) for c in self.cases if getattr(c, name) is not None]
        return (sum(float(v) for v in values) / len(values) if values else None), len(values)

    def summary(self) -> dict[str, Any]:
        """Figures as JSON: each metric with the number of decisions it was measured on."""
        out: dict[str, Any] = {"predictor": self.predictor, "folds": self.folds, "documents": self.documents,
                               "train_share": self.train_share}  # fmt: skip
        for name, key in [
            ("violated_exact", "violated_ok"),
            ("penalty_exact", "penalty_ok"),
            ("violated_in_top3", "violated_top3"),
            ("penalty_in_top3", "penalty_top3"),
            ("violated_set_equal", "violated_set"),
            ("penalty_set_equal", "penalty_set"),
            ("type_top1", "type_top1"),
            ("type_top3", "type_top3"),
            ("fine_within_25pct", "fine_ok"),
            ("fine_cail_score", "fine_score"),
            ("ndcg_at_10", "ndcg"),
        ]:
            value, n = self._rate(key)
            out[name] = {"value": None if value is None else round(value, 4), "n": n}
        out.update(
            metrics.certainty([(c.violated_ok, c.certain, c.confidence) for c in self.cases], COVERAGE_POINTS)
        )
        lat = [c.latency_ms for c in self.cases]
        out["latency_ms"] = {"p50": round(metrics.percentile(lat, 50), 3),
                             "p95": round(metrics.percentile(lat, 95), 3)}  # fmt: skip
        return out


def _case(
    held: PrecedentRecord,
    pred: Prediction,
    train_by_id: Mapping[str, PrecedentRecord],
    train_keys: Sequence[tuple[frozenset[Provision], frozenset[Provision]]],
    type_of: TypeOf | None,
    latency_ms: float,
) -> CaseResult:
    gold_v, gold_b = held.violated_keys, held.basis_keys
    violated_ok = metrics.exact_match(pred.violated, gold_v) if gold_v else None
    penalty_ok = metrics.exact_match(pred.penalty, gold_b) if gold_b else None
    violated_top3 = metrics.exact_match(pred.violated, gold_v, 3) if gold_v else None
    penalty_top3 = metrics.exact_match(pred.penalty, gold_b, 3) if gold_b else None
    violated_set = metrics.set_match(pred.violated, gold_v) if gold_v else None
    penalty_set = metrics.set_match(pred.penalty, gold_b) if gold_b else None
    fine_ok = fine_score = None
    if held.fine is not None and held.fine > 0:
        fine_ok = metrics.fine_within(pred.fine, held.fine)
        fine_score = metrics.cail_score(pred.fine, held.fine)
    ndcg = None
    if gold_v:
        ranked = []
        for docid in pred.precedents[:10]:
            doc = train_by_id.get(docid)
            if doc is None:
                raise AssertionError(f"预测返回了不在训练集中的判例 {docid}")
            ranked.append(metrics.relevance(gold_v, gold_b, doc.violated_keys, doc.basis_keys))
        every = [metrics.relevance(gold_v, gold_b, v, b) for v, b in train_keys]
        ndcg = metrics.ndcg_at_k(ranked, every, 10)
    top1 = top3 = None
    gold_type = type_of(held) if type_of else None
    if gold_type is not None:
        ids = [t for t, _ in pred.violation_types]
        top1, top3 = ids[:1] == [gold_type], gold_type in ids[:3]
    return CaseResult(
        held.docid,
        violated_ok,
        penalty_ok,
        violated_top3,
        penalty_top3,
        violated_set,
        penalty_set,
        top1,
        top3,
        fine_ok,
        fine_score,
        ndcg,
        latency_ms,
        pred.certain,
        pred.confidence,
    )


def evaluate(
    records: Sequence[PrecedentRecord],
    trainer: Trainer,
    *,
    name: str,
    folds: int = 5,
    seed: int = 20261125,
    type_of: TypeOf | None = None,
    on_fold: Callable[[int, int], None] | None = None,
    train_share: float = 1.0,
) -> EvalReport:
    """Cross-validate: train on k−1 folds, query each held-out decision by its facts only.
    `train_share` < 1 trains on that share of the other folds' decisions (whole groups, seeded): the
    held-out folds stay the same, so the figures show how they grow with the size of the library."""
    if not 0 < train_share <= 1:
        raise ValueError("train_share 须在 (0, 1] 之内")
    usable = evaluable(records)
    report = EvalReport(name, folds, len(usable), train_share=train_share)
    types = {r.docid: type_of(r) for r in usable} if type_of else {}
    for f, held_out in enumerate(make_folds(usable, folds, seed)):
        held_set = set(held_out)
        train = [r for i, r in enumerate(usable) if i not in held_set]
        if train_share < 1:
            train = sample_groups(train, train_share, seed + f)
        held_ids = {usable[i].docid for i in held_out}
        assert not held_ids & {r.docid for r in train}, "held-out decision in the training data"
        predictor = trainer(train)
        train_by_id = {r.docid: r for r in train}
        train_keys = [(r.violated_keys, r.basis_keys) for r in train]
        for i in held_out:
            held = usable[i]
            start = time.perf_counter()
            pred = predictor.predict(held.facts, {})
            elapsed = (time.perf_counter() - start) * 1000
            if types and not pred.violation_types:
                pred.violation_types = neighbour_types(pred.precedents, types)
            report.cases.append(_case(held, pred, train_by_id, train_keys, type_of, elapsed))
        if on_fold:
            on_fold(f + 1, folds)
    return report


def neighbour_types(precedents: Sequence[str], types: Mapping[str, str | None]) -> list[tuple[str, float]]:
    """For a predictor without its own types: the types of its precedents, voted by 1/rank."""
    votes: dict[str, float] = {}
    for rank, docid in enumerate(precedents[:10], 1):
        type_id = types.get(docid)
        if type_id:
            votes[type_id] = votes.get(type_id, 0.0) + 1 / rank
    total = sum(votes.values()) or 1.0
    return sorted(((t, v / total) for t, v in votes.items()), key=lambda tv: -tv[1])


def _fmt(value: Any, percent: bool) -> str:
    if value is None:
        return "—"
    return f"{100 * value:.1f}%" if percent else f"{value:.3f}"


def format_reports(reports: Sequence[EvalReport]) -> str:
    """A side-by-side table (Chinese labels) of the reports' figures."""
    sums = [r.summary() for r in reports]
    rows = [
        ("违反条款一致(法+条)", "violated_exact", True),
        ("处罚依据一致(法+条)", "penalty_exact", True),
        ("违反条款前三含正确", "violated_in_top3", True),
        ("处罚依据前三含正确", "penalty_in_top3", True),
        ("违反条款全部相同", "violated_set_equal", True),
        ("处罚依据全部相同", "penalty_set_equal", True),
        ("违法类型 top-1", "type_top1", True),
        ("违法类型 top-3", "type_top3", True),
        ("罚款在 ±25% 内", "fine_within_25pct", True),
        ("罚款 CAIL 对数分档分", "fine_cail_score", False),
        ("判例 NDCG@10", "ndcg_at_10", False),
    ]
    head = f"{'指标':<16}" + "".join(f"{s['predictor']:>18}" for s in sums) + f"{'样本数':>8}"
    share = sums[0]["train_share"]
    note = f"；每折只用其余各折 {share:.0%} 的文书训练" if share < 1 else ""
    lines = [f"{sums[0]['folds']} 折交叉验证，{sums[0]['documents']} 份有事实部分的文书{note}", head]
    for label, key, pct in rows:
        cells = "".join(f"{_fmt(s[key]['value'], pct):>18}" for s in sums)
        lines.append(f"{label:<16}{cells}{sums[0][key]['n']:>8}")
    for label, key in (
        ("确定时违反条款正确", "certain_precision"),
        ("确定（非 uncertain）占比", "certain_coverage"),
    ):
        cells = "".join(f"{_fmt(s[key]['value'], True):>18}" for s in sums)
        lines.append(f"{label:<16}{cells}{sums[-1][key]['n']:>8}")
    for s in sums:
        if s["precision_at_coverage"]:
            points = "，".join(f"{float(k):.0%} → {v:.1%}" for k, v in s["precision_at_coverage"].items())
            lines.append(f"{s['predictor']} 按置信度排序，前若干比例的违反条款正确率：{points}")
    for q in ("p50", "p95"):
        cells = "".join(f"{s['latency_ms'][q]:>15.2f} ms" for s in sums)
        lines.append(f"{'延迟 ' + q:<16}{cells}")
    return "\n".join(lines)
