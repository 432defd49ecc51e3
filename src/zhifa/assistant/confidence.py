"""When the assistant may say it is sure: agreement on the first violated provision, calibrated held out.

The score of an answer is the mean of three agreements on `provisions.likely`'s first violated provision:
its share of all provision chances (the catalog types and the model), the similarity²-weighted share of
the 10 nearest decisions citing it (the neighbours), and the nearest decision's cosine (a look-alike).
`certain_from` — the lowest score from which the first violated provision was right in ≥ 98 % of the
decisions — is chosen by cross-validation inside the training data (3 folds: train on two, answer the
third from its facts), never on the decisions the model is later evaluated on. Below it, or with the
classifier's signal below 1, the answer is `uncertain`. A model without a threshold (trained without
calibration) falls back to the classifier's own rule (top type below 50 %).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from zhifa.assistant.chances import Chances, cites_of, likely_provisions
from zhifa.assistant.classify import UNCERTAIN_BELOW, TypeScores
from zhifa.assistant.evaluation import make_folds
from zhifa.precedents.record import PrecedentRecord

TARGET_PRECISION = 0.98
MIN_CERTAIN = 10  # a threshold kept by fewer inner decisions than this is not trusted
INNER_FOLDS = 3
NEAR = 10


def agreement(chances: Chances) -> float:
    """Score in [0, 1] of the first violated provision: (chance share + neighbours' share + cosine) / 3."""
    ranked = likely_provisions(chances.violated, chances.near, "violated")
    if not ranked:
        return 0.0
    first = ranked[0]
    total = sum(chances.violated.values()) or 1.0
    share = chances.violated.get(first, 0.0) / total
    near = chances.near[:NEAR]
    weight = sum(sim**2 for _, sim in near) or 1.0
    voted = sum(sim**2 for meta, sim in near if first in cites_of(meta, "violated")) / weight
    top = min(max(near[0][1], 0.0), 1.0) if near else 0.0
    return (share + voted + top) / 3


def choose_threshold(
    scored: Sequence[tuple[float, bool]], precision: float = TARGET_PRECISION, min_certain: int = MIN_CERTAIN
) -> float | None:
    """The lowest score whose answers at or above it reach `precision` (at least `min_certain` of them);
    None when no such score exists (then nothing is certain)."""
    ordered = sorted(scored, key=lambda t: -t[0])
    best: float | None = None
    right = 0
    for n, (score, ok) in enumerate(ordered, 1):
        right += ok
        last = n == len(ordered) or ordered[n][0] < score  # only cut between different scores
        if last and n >= min_certain and right / n >= precision:
            best = score
    return best


def inner_scores(
    records: Sequence[PrecedentRecord],
    answer: Callable[[Sequence[PrecedentRecord]], Callable[[str], Chances | None]],
    folds: int = INNER_FOLDS,
) -> list[tuple[float, bool]]:
    """(score, first violated provision right) for each training decision, answered by a model trained on
    the other inner folds. `answer(train)` returns facts → chances (None when the assistant refuses)."""
    usable = [r for r in records if r.violated_keys]
    if len(usable) < folds * 2:
        return []
    out: list[tuple[float, bool]] = []
    for held in make_folds(usable, folds, seed=20261204):
        held_set = set(held)
        ask = answer([r for i, r in enumerate(usable) if i not in held_set])
        for i in held:
            chances = ask(usable[i].facts)
            if chances is None:
                continue
            ranked = likely_provisions(chances.violated, chances.near, "violated")
            out.append((agreement(chances), bool(ranked) and ranked[0] in usable[i].violated_keys))
    return out


def confidence_json(types: TypeScores, score: float, certain_from: float | None) -> dict[str, Any]:
    """`confidence` of the answer: uncertain (and why), the classifier's signal, the agreement score."""
    reasons = list(types.reasons)
    if certain_from is None:
        uncertain = types.signal < 1.0 or types.ranked[0][1] < UNCERTAIN_BELOW
        if uncertain and not reasons:
            reasons.append(f"最可能的类型概率仅 {types.ranked[0][1]:.0%}，请结合事实核实")
    else:
        uncertain = types.signal < 1.0 or score < certain_from
        if uncertain and not reasons:
            reasons.append(
                f"目录、模型与相似判例对违反条款的一致程度 {score:.2f}，"
                f"低于可靠线 {certain_from:.2f}，请结合事实核实"
            )
    return {
        "uncertain": uncertain,
        "signal": round(types.signal, 3),
        "score": round(score, 3),
        "certain_from": None if certain_from is None else round(certain_from, 3),
        "reasons": reasons,
    }
