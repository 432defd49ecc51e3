"""The assistant as a predictor of the evaluation harness (zhifa.assistant.evaluation.Predictor).

`train_assistant(records)` trains a fresh model on the training folds only; `predict` answers from the
facts text alone. Provisions are compared at (law, article) and ranked by the chance a decision like this
one cites them (the harness scores the first one).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from zhifa.assistant.classify_labels import cite_key
from zhifa.assistant.evaluation import Prediction
from zhifa.assistant.model import train
from zhifa.assistant.pipeline import Assistant
from zhifa.assistant.precedents import PrecedentMeta
from zhifa.assistant.provisions import version_for
from zhifa.errors import ZhifaError
from zhifa.precedents.record import PrecedentRecord, Provision
from zhifa.rules.factors import load_factors
from zhifa.rules.loader import load_catalog
from zhifa.rules.profiles import get_profile, load_profiles

MAX_PROVISIONS = 3
TYPES_CONSIDERED = 5
NEIGHBOURS = 20
NEIGHBOUR_WEIGHT = 0.6
PRIOR = 0.05  # catalog order breaks ties for types the library has few decisions of


class AssistantPredictor:
    """Adapter: Assistant → Prediction."""

    name = "assistant"

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self._counts: Counter[str] | None = None

    def _type_counts(self) -> Counter[str]:
        if self._counts is None:
            self._counts = Counter(m.type_id for m in self.assistant.model.index.metas if m.type_id)
        return self._counts

    def _keys(
        self,
        types: list[tuple[str, float]],
        nearest: list[tuple[PrecedentMeta, float]],
        role: str,
        day: date,
    ) -> list[Provision]:
        """Provisions by the chance a decision cites them: Σ P(type)·share of that type's decisions citing
        it (catalog provisions of the type only), plus the similarity-weighted share of the nearest ones."""
        usage = self.assistant.model.usage
        counts = self._type_counts()
        score: dict[Provision, float] = defaultdict(float)
        for type_id, prob in types[:TYPES_CONSIDERED]:
            entry = self.assistant.catalog.entries.get(type_id)
            if entry is None:
                continue
            version = version_for(entry, day)
            cites = version.violated if role == "violated" else (*version.basis, version.clause.cite)
            cited = usage.get(type_id, {}).get(role, {})
            total = counts.get(type_id, 0)
            for rank, key in enumerate(dict.fromkeys(cite_key(c) for c in cites)):
                share = cited.get(key, 0) / total if total else 0.0
                score[key] += prob * (share + PRIOR / (rank + 1))
        near = nearest[:NEIGHBOURS]
        weight = sum(sim**2 for _, sim in near) or 1.0
        for meta, sim in near:
            for key in meta.violated_keys if role == "violated" else meta.basis_keys:
                score[key] += NEIGHBOUR_WEIGHT * sim**2 / weight
        ranked = [k for k, _ in sorted(score.items(), key=lambda kv: -kv[1])]
        if not ranked:
            return []
        # the whole set most similar decisions cite, when it contains the best provision: decisions cite
        # provisions as sets (价格法 §14 with or without 明码标价和禁止价格欺诈规定 §19)
        sets: dict[frozenset[Provision], float] = defaultdict(float)
        for meta, sim in near:
            keys = meta.violated_keys if role == "violated" else meta.basis_keys
            if keys:
                sets[keys] += sim**2
        if sets:
            best_set = max(sets.items(), key=lambda kv: (kv[1], -len(kv[0])))[0]
            if ranked[0] in best_set and len(best_set) <= MAX_PROVISIONS:
                return sorted(best_set, key=lambda k: -score.get(k, 0.0))
        return ranked[:MAX_PROVISIONS]

    def predict(self, facts_text: str, fields: Mapping[str, Any]) -> Prediction:
        """One held-out case: types, provisions, expected fine and precedents."""
        try:
            result = self.assistant.assist(facts_text, dict(fields))
        except ZhifaError:
            return Prediction()
        data = result.to_dict()
        types = [(t["id"], float(t["score"])) for t in data["violation_types"]]
        day = date.fromisoformat(data["input"]["act_date"])
        return Prediction(
            violated=self._keys(types, result.nearest, "violated", day),
            penalty=self._keys(types, result.nearest, "penalty", day),
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
