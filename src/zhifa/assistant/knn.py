"""A first kNN predictor beyond the baseline: richer n-grams, similarity-weighted votes, scaled fines.

- text: TF-IDF over character 1–3-grams with sublinear term frequency, n-grams in over half of the
  decisions dropped (they say nothing and slow the search);
- provisions: the k nearest decisions vote (weight = similarity²); the provision with the most votes
  leads, followed by the rest of the provision set with the most votes (ties broken by name);
- precedents: the 50 nearest re-ranked by similarity plus a bonus for sharing the predicted violated
  (+1) and penalty (+0.5) provisions;
- fine: neighbours that share the winning violated provisions and state the same base amount as the
  query (违法所得, 货值金额, 销售额) give a fine/base ratio; the weighted median ratio × the query's base,
  else the weighted median of those neighbours' fines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from zhifa.assistant.evaluation import Prediction
from zhifa.precedents.amounts import first_amount
from zhifa.precedents.record import PrecedentRecord, Provision
from zhifa.precedents.similarity import Neighbour, library_index

BASE_ROLES = ("违法所得", "货值金额", "销售额")
VIOLATED_BONUS = 1.0  # a precedent sharing the predicted violated provision ranks above any that does not
PENALTY_BONUS = 0.5


def weighted_median(pairs: Sequence[tuple[Decimal, float]]) -> Decimal | None:
    """Median of values under weights (the smallest value reaching half the total weight)."""
    if not pairs:
        return None
    ordered = sorted(pairs, key=lambda p: p[0])
    half = sum(w for _, w in ordered) / 2
    acc = 0.0
    for value, weight in ordered:
        acc += weight
        if acc >= half:
            return value
    return ordered[-1][0]


def _vote(
    neighbours: Sequence[tuple[PrecedentRecord, float]], attr: str
) -> tuple[list[Provision], frozenset[Provision]]:
    sets: dict[frozenset[Provision], float] = defaultdict(float)
    single: dict[Provision, float] = defaultdict(float)
    for record, weight in neighbours:
        keys: frozenset[Provision] = getattr(record, attr)
        if not keys:
            continue
        sets[keys] += weight
        for key in keys:
            single[key] += weight
    if not sets:
        return [], frozenset()
    winner = max(sets.items(), key=lambda kv: (kv[1], -len(kv[0]), sorted(kv[0])))[0]
    best = max(single.items(), key=lambda kv: (kv[1], kv[0]))[0]  # the most voted provision leads
    ordered = [best, *sorted((k for k in winner if k != best), key=lambda k: (-single[k], k))]
    return ordered, winner


class KnnPredictor:
    """Similarity-weighted k nearest neighbours over the facts of the training decisions."""

    name = "knn"

    def __init__(
        self, records: Sequence[PrecedentRecord], k: int = 12, power: float = 2.0, pool: int = 50
    ) -> None:
        self.records = list(records)
        self.k = k
        self.pool = pool
        self.power = power
        self.index = library_index(len(self.records)).fit(
            [r.docid for r in self.records], [r.facts for r in self.records]
        )

    def neighbours(self, facts_text: str, k: int | None = None) -> list[Neighbour]:
        """The nearest training decisions."""
        return self.index.query(facts_text, k or self.k)

    def _fine(
        self,
        facts_text: str,
        neighbours: Sequence[tuple[PrecedentRecord, float]],
        violated: frozenset[Provision],
    ) -> Decimal | None:
        pool = [
            (r, w)
            for r, w in neighbours
            if r.fine is not None and (not violated or r.violated_keys & violated)
        ]
        pool = pool or [(r, w) for r, w in neighbours if r.fine is not None]
        if not pool:
            return None
        for role in BASE_ROLES:
            base = first_amount(facts_text, role)
            if base is None or base <= 0:
                continue
            ratios = [
                (r.fine / r.facts_amounts[role], w)
                for r, w in pool
                if r.fine is not None and r.facts_amounts.get(role)
            ]
            if len(ratios) >= 2:
                ratio = weighted_median(ratios)
                if ratio is not None:
                    return (ratio * base).quantize(Decimal("0.01"))
        return weighted_median([(r.fine, w) for r, w in pool if r.fine is not None])

    def predict(self, facts_text: str, fields: Mapping[str, Any]) -> Prediction:
        """Vote the provisions, estimate the fine, rank the precedents."""
        hits = self.neighbours(facts_text, max(self.pool, self.k))
        if not hits:
            return Prediction()
        weighted = [(self.records[h.pos], max(h.score, 0.0) ** self.power) for h in hits[: self.k]]
        violated, winner = _vote(weighted, "violated_keys")
        penalty, _ = _vote(weighted, "basis_keys")
        return Prediction(
            violated=violated,
            penalty=penalty,
            fine=self._fine(facts_text, weighted, winner),
            precedents=self.rank_precedents(hits, set(violated), set(penalty)),
        )

    def rank_precedents(
        self, hits: Sequence[Neighbour], violated: set[Provision], penalty: set[Provision]
    ) -> list[str]:
        """Ten precedents: similarity plus a bonus for sharing the predicted violated / penalty provisions."""

        def score(h: Neighbour) -> float:
            r = self.records[h.pos]
            return (
                h.score
                + VIOLATED_BONUS * bool(r.violated_keys & violated)
                + PENALTY_BONUS * bool(r.basis_keys & penalty)
            )

        return [h.id for h in sorted(hits, key=score, reverse=True)[:10]]


def train_knn(records: Sequence[PrecedentRecord]) -> KnnPredictor:
    """Trainer for the evaluation harness."""
    return KnnPredictor(records)
