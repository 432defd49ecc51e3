"""The assistant as a predictor of the evaluation harness (zhifa.assistant.evaluation.Predictor).

`train_assistant(records)` trains a fresh model on the training folds only; `predict` answers from the
facts text alone. Provisions are compared at (law, article): the top type's provisions first (most-cited
first), then those of the next types, three at most (the harness reads only three).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from zhifa.assistant.classify_labels import cite_key
from zhifa.assistant.evaluation import Prediction
from zhifa.assistant.model import train
from zhifa.assistant.pipeline import Assistant
from zhifa.assistant.provisions import version_for
from zhifa.errors import ZhifaError
from zhifa.precedents.record import PrecedentRecord, Provision
from zhifa.rules.factors import load_factors
from zhifa.rules.loader import load_catalog
from zhifa.rules.profiles import get_profile, load_profiles

MAX_PROVISIONS = 3


class AssistantPredictor:
    """Adapter: Assistant → Prediction."""

    name = "assistant"

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    def _keys(self, type_ids: list[str], role: str, day: date) -> list[Provision]:
        out: list[Provision] = []
        usage = self.assistant.model.usage
        for type_id in type_ids:
            entry = self.assistant.catalog.entries.get(type_id)
            if entry is None:
                continue
            version = version_for(entry, day)
            cites = version.violated if role == "violated" else (*version.basis, version.clause.cite)
            counts = usage.get(type_id, {}).get(role, {})
            keys = sorted(dict.fromkeys(cite_key(c) for c in cites), key=lambda k: -counts.get(k, 0))
            out.extend(k for k in keys[:2] if k not in out)
            if len(out) >= MAX_PROVISIONS:
                break
        return out[:MAX_PROVISIONS]

    def predict(self, facts_text: str, fields: Mapping[str, Any]) -> Prediction:
        """One held-out case: types, provisions, expected fine and precedents."""
        try:
            result = self.assistant.assist(facts_text, dict(fields))
        except ZhifaError:
            return Prediction()
        data = result.to_dict()
        types = [(t["id"], float(t["score"])) for t in data["violation_types"]]
        day = date.fromisoformat(data["input"]["act_date"])
        ids = [t for t, _ in types[:3]]
        return Prediction(
            violated=self._keys(ids, "violated", day),
            penalty=self._keys(ids, "penalty", day),
            violation_types=types,
            fine=result.fine_estimate,
            precedents=[h.meta.docid for h in result.hits],
        )


def train_assistant(records: Sequence[PrecedentRecord]) -> AssistantPredictor:
    """Trainer for the evaluation harness: a model on the training folds only (no law library needed)."""
    catalog = load_catalog()
    factors = load_factors()
    profile = get_profile(load_profiles(), "hubei")
    model = train(records, catalog, factors, profile)
    return AssistantPredictor(Assistant(model, catalog, factors, profile))
