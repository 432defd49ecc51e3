"""Evaluation metrics: provisions, fines (±25 %, CAIL), graded NDCG@10, certainty (precision, coverage)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

CAIL_BUCKETS = ((0.2, 1.0), (0.4, 0.8), (0.6, 0.6), (0.8, 0.4), (1.0, 0.2))
FINE_TOLERANCE = Decimal("0.25")


def exact_match(predicted: Sequence[tuple[str, int]], gold: frozenset[tuple[str, int]], k: int = 1) -> bool:
    """One of the first k predicted provisions (k = 1: the first) is cited by the decision, at law + article
    level (款/项 ignored). Only k = 1 is the exact-match figure; k = 3 is shown as the lenient one."""
    return bool(gold) and any(p in gold for p in list(predicted)[:k])


def set_match(predicted: Sequence[tuple[str, int]], gold: frozenset[tuple[str, int]]) -> bool:
    """Strict: the set of predicted (law, article) equals the decision's set (款 and 项 ignored)."""
    return bool(gold) and frozenset(predicted) == gold


def fine_within(predicted: Decimal | None, gold: Decimal, tolerance: Decimal = FINE_TOLERANCE) -> bool:
    """|ŷ − y| ≤ 25 % of y (no prediction counts as 0 yuan)."""
    guess = predicted if predicted is not None else Decimal(0)
    return abs(guess - gold) <= tolerance * gold


def cail_score(predicted: Decimal | float | None, gold: Decimal | float) -> float:
    """CAIL log-bucket score: v = |ln(ŷ+1) − ln(y+1)|; ≤0.2 → 1, ≤0.4 → 0.8, … ≤1.0 → 0.2, else 0."""
    guess = float(predicted) if predicted is not None else 0.0
    v = abs(math.log(max(guess, 0.0) + 1) - math.log(max(float(gold), 0.0) + 1))
    for bound, score in CAIL_BUCKETS:
        if v <= bound + 1e-12:
            return score
    return 0.0


def relevance(
    query_violated: frozenset[tuple[str, int]],
    query_basis: frozenset[tuple[str, int]],
    doc_violated: frozenset[tuple[str, int]],
    doc_basis: frozenset[tuple[str, int]],
) -> int:
    """Graded relevance: same violated and penalty provisions 3, same violated provision 2, same law 1.

    "Same provision" means a shared (law, article): decisions often cite two for one act.
    """
    if not query_violated:
        return 0
    if query_violated & doc_violated:
        return 3 if query_basis & doc_basis else 2
    if {law for law, _ in doc_violated} & {law for law, _ in query_violated}:
        return 1
    return 0


def dcg(gains: Sequence[int]) -> float:
    """Discounted cumulative gain with linear gains: Σ rel_i / log2(i + 1), i from 1."""
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg_at_k(ranked_gains: Sequence[int], all_gains: Sequence[int], k: int = 10) -> float:
    """NDCG@k: DCG of the ranking over DCG of the ideal ranking of every candidate (0 when none relevant)."""
    ideal = dcg(sorted(all_gains, reverse=True)[:k])
    if ideal <= 0:
        return 0.0
    return dcg(list(ranked_gains)[:k]) / ideal


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo = math.floor(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def certainty(
    cases: Sequence[tuple[bool | None, bool | None, float | None]], coverage_points: Sequence[float]
) -> dict[str, Any]:
    """From (first violated provision right, answer certain, confidence score) per case: the share right
    where the answer is certain, the share certain, and the share right among the best-scored fraction
    of the answers at each coverage point (the precision/coverage curve)."""
    scored = [(ok, certain) for ok, certain, _ in cases if ok is not None and certain is not None]
    sure = [bool(ok) for ok, certain in scored if certain]
    out: dict[str, Any] = {
        "certain_precision": {"value": _round(sum(sure) / len(sure) if sure else None), "n": len(sure)},
        "certain_coverage": {"value": _round(len(sure) / len(scored) if scored else None), "n": len(scored)},
    }
    ranked = sorted(
        ((s, bool(ok)) for ok, _, s in cases if ok is not None and s is not None), key=lambda t: -t[0]
    )
    curve: dict[str, float] = {}
    for cov in coverage_points:
        top = ranked[: round(cov * len(ranked))]
        if top:
            curve[f"{cov:.2f}"] = round(sum(ok for _, ok in top) / len(top), 4)
    out["precision_at_coverage"] = curve
    return out


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
