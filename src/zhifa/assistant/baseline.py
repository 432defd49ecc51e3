"""The floor to beat: a plain character-bigram TF-IDF nearest neighbour over the training decisions.

Prediction = the nearest training decision's violated provisions, penalty provisions and fine; the
precedents are the ten nearest decisions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from zhifa.assistant.evaluation import Prediction
from zhifa.precedents.record import PrecedentRecord
from zhifa.precedents.similarity import BigramIndex


class NearestNeighbourBaseline:
    """Character-bigram TF-IDF over the facts of the training decisions; copy the nearest one."""

    name = "bigram-nn"

    def __init__(self, records: Sequence[PrecedentRecord]) -> None:
        self.records = list(records)
        self.index = BigramIndex().fit([r.docid for r in self.records], [r.facts for r in self.records])

    def predict(self, facts_text: str, fields: Mapping[str, Any]) -> Prediction:
        """Copy the nearest decision's provisions and fine; its neighbours are the precedents."""
        hits = self.index.query(facts_text, 10)
        if not hits:
            return Prediction()
        best = self.records[hits[0].pos]
        return Prediction(
            violated=list(dict.fromkeys(p.key for p in best.violated)),  # in the decision's order
            penalty=list(dict.fromkeys(p.key for p in best.basis)),
            fine=best.fine,
            precedents=[h.id for h in hits],
        )


def train_baseline(records: Sequence[PrecedentRecord]) -> NearestNeighbourBaseline:
    """Trainer for the evaluation harness."""
    return NearestNeighbourBaseline(records)
