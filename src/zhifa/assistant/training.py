"""Training with calibration: the model plus the agreement score from which its answers are certain."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from zhifa.assistant.chances import Chances
from zhifa.assistant.confidence import choose_threshold, inner_scores
from zhifa.assistant.evaluation import evaluable
from zhifa.assistant.model import AssistantModel, train
from zhifa.assistant.pipeline import Assistant
from zhifa.errors import ZhifaError
from zhifa.precedents.record import PrecedentRecord
from zhifa.rules.factors import FactorSet
from zhifa.rules.loader import Catalog
from zhifa.rules.profiles import RulesProfile


def train_calibrated(
    records: Sequence[PrecedentRecord], catalog: Catalog, factors: FactorSet, profile: RulesProfile
) -> AssistantModel:
    """Train on all records; `certain_from` from 3 inner folds of the same records (confidence.py)."""

    def answer(train_records: Sequence[PrecedentRecord]) -> Callable[[str], Chances | None]:
        assistant = Assistant(train(train_records, catalog, factors, profile), catalog, factors, profile)

        def ask(facts: str) -> Chances | None:
            try:
                return assistant.assist(facts).chances
            except ZhifaError:
                return None

        return ask

    model = train(records, catalog, factors, profile)
    model.certain_from = choose_threshold(inner_scores(evaluable(records), answer))
    return model
