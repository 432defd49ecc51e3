"""The assistant as a predictor of the evaluation harness (zhifa.assistant.evaluation.Predictor).

`train_assistant(records)` trains a fresh model on the training folds only; `predict` answers from the
facts text alone. The answer scored is the assistant's own: provisions in the order of
`provisions.likely` (the chance a decision like this one cites them, zhifa.assistant.chances; the harness
scores the first one, at law + article), the precedents of the answer (ranked by expected relevance), the
violation types and the expected fine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from zhifa.assistant.chances import likely_provisions
from zhifa.assistant.evaluation import Prediction
from zhifa.assistant.pipeline import Assistant
from zhifa.assistant.training import train_calibrated
from zhifa.errors import ZhifaError
from zhifa.precedents.record import PrecedentRecord
from zhifa.rules.factors import load_factors
from zhifa.rules.loader import load_catalog
from zhifa.rules.profiles import get_profile, load_profiles


class AssistantPredictor:
    """Adapter: Assistant → Prediction."""

    name = "assistant"

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    def predict(self, facts_text: str, fields: Mapping[str, Any]) -> Prediction:
        """One held-out case: types, provisions, expected fine and precedents."""
        try:
            result = self.assistant.assist(facts_text, dict(fields))
        except ZhifaError:
            return Prediction()
        data = result.to_dict()
        types = [(t["id"], float(t["score"])) for t in data["violation_types"]]
        chances = result.chances
        return Prediction(
            violated=likely_provisions(chances.violated, chances.near, "violated"),
            penalty=likely_provisions(chances.penalty, chances.near, "penalty"),
            violation_types=types,
            fine=result.fine_estimate,
            precedents=[h.meta.docid for h in result.hits],
            certain=not data["confidence"]["uncertain"],
            confidence=data["confidence"]["score"],
        )


def train_assistant(records: Sequence[PrecedentRecord]) -> AssistantPredictor:
    """Trainer for the evaluation harness: a model and its certainty threshold, on the training folds only."""
    catalog = load_catalog()
    factors = load_factors()
    profile = get_profile(load_profiles(), "hubei")
    model = train_calibrated(records, catalog, factors, profile)
    return AssistantPredictor(Assistant(model, catalog, factors, profile))
