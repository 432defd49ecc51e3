"""The assistant's trained model: TF-IDF index, type classifier, precedent metadata; trained in seconds.

Persisted with pickle under <var_dir>/models/assistant.pkl (format version checked on load; only files
this program wrote are loaded).
"""

from __future__ import annotations

import pickle
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from zhifa.assistant.classify import TypeClassifier
from zhifa.assistant.classify_labels import profiles, type_of
from zhifa.assistant.pipeline_discretion import (
    AMOUNT_FROM_ROLE,
    PARTY_FROM_RECORD,
    position_in_range,
    run_engine,
)
from zhifa.assistant.precedents import PrecedentIndex, PrecedentMeta
from zhifa.errors import FILL_HINT, NotFound, ValidationFailed
from zhifa.precedents.record import PrecedentRecord, Provision
from zhifa.precedents.similarity import BigramIndex
from zhifa.rules.factors import FactorSet
from zhifa.rules.loader import Catalog
from zhifa.rules.profiles import RulesProfile
from zhifa.timefmt import beijing_today

FORMAT = "zhifa-assistant-model-1"
MIN_FACTS = 20


@dataclass
class AssistantModel:
    """Everything learnt from the precedent library."""

    index: PrecedentIndex
    classifier: TypeClassifier
    usage: dict[str, dict[str, dict[Provision, int]]] = field(default_factory=dict)
    trained_on: int = 0
    seconds: float = 0.0
    format: str = FORMAT
    certain_from: float | None = None  # agreement score from which answers are certain (confidence.py)

    def save(self, path: Path) -> None:
        """Write the model atomically."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(self, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)

    @staticmethod
    def load(path: Path) -> AssistantModel:
        """Read a model written by save; NotFound when missing, ValidationFailed when stale."""
        if not path.exists():
            raise NotFound(
                "智能助手尚未训练：判例库为空或尚未运行 zhifa assist train。"
                f"{FILL_HINT}（已有判例时只需运行 zhifa assist train）",
                code="assistant_model_missing",
            )
        with path.open("rb") as fh:
            model = pickle.load(fh)
        if not isinstance(model, AssistantModel) or model.format != FORMAT:
            raise ValidationFailed(
                "助手模型格式已过期：请重新运行 zhifa assist train", code="assistant_model_stale"
            )
        return model


def _meta(
    r: PrecedentRecord,
    type_id: str | None,
    catalog: Catalog,
    factors: FactorSet,
    profile: RulesProfile,
) -> PrecedentMeta:
    amounts = {AMOUNT_FROM_ROLE[k]: v for k, v in r.facts_amounts.items() if k in AMOUNT_FROM_ROLE and v > 0}
    party = PARTY_FROM_RECORD.get(r.party_kind or "", "organization")
    rng = None
    if type_id is not None:
        day = r.decision_date or beijing_today()
        d = run_engine(catalog, factors, profile, type_id, day, party, amounts, today=day)
        rng = d.range
    tier = r.discretion.get("tier") if isinstance(r.discretion, dict) else None
    return PrecedentMeta(
        docid=r.docid,
        docno=r.docno,
        bureau=r.bureau,
        decision_date=r.decision_date,
        type_id=type_id,
        fine=r.fine,
        amounts=amounts,
        party_type=party,
        violated=tuple(p.label() for p in r.violated),
        basis=tuple(p.label() for p in r.basis),
        violated_keys=r.violated_keys,
        basis_keys=r.basis_keys,
        penalties=tuple(
            f"{p['kind']}{'' if not p.get('amount') else ' ' + str(p['amount']) + ' 元'}" for p in r.penalties
        ),
        statutory_range=rng,
        position=position_in_range(r.fine, rng),
        tier=str(tier) if tier else None,
    )


def train(
    records: Sequence[PrecedentRecord],
    catalog: Catalog,
    factors: FactorSet,
    profile: RulesProfile,
) -> AssistantModel:
    """Train on decisions with a facts section: labels from their provisions (classify_labels)."""
    start = time.perf_counter()
    usable = [r for r in records if len(r.facts) >= MIN_FACTS]
    labels = [type_of(r) for r in usable]
    texts = [r.facts for r in usable]
    vectors = BigramIndex(ngram_range=(1, 3), sublinear_tf=True, max_features=60000)
    vectors.fit([r.docid for r in usable], texts or [""])
    metas = [_meta(r, t, catalog, factors, profile) for r, t in zip(usable, labels, strict=True)]
    index = PrecedentIndex(vectors, metas, texts)
    labelled = [i for i, t in enumerate(labels) if t is not None]
    classifier = TypeClassifier(profiles(catalog))
    if labelled and vectors.matrix is not None:
        classifier.fit(
            vectors.matrix[labelled], [texts[i] for i in labelled], [labels[i] or "" for i in labelled]
        )
    usage: dict[str, dict[str, Counter[Provision]]] = defaultdict(
        lambda: {"violated": Counter(), "penalty": Counter()}
    )
    for r, t in zip(usable, labels, strict=True):
        if t is not None:
            usage[t]["violated"].update(r.violated_keys)
            usage[t]["penalty"].update(r.basis_keys)
    plain = {t: {role: dict(c) for role, c in roles.items()} for t, roles in usage.items()}
    return AssistantModel(index, classifier, plain, len(usable), time.perf_counter() - start)


def fines_of_type(model: AssistantModel, type_id: str) -> list[Decimal]:
    """Fines decided in the training decisions of one type."""
    return [m.fine for m in model.index.metas if m.type_id == type_id and m.fine is not None]
