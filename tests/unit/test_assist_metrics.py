"""Evaluation metrics and the k-fold harness: hand-computed values, held-out never seen in training."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import pytest

from zhifa.assistant import metrics
from zhifa.assistant.evaluation import Prediction, evaluate, make_folds
from zhifa.precedents.record import PrecedentRecord, ProvisionRef

PRICE_13 = ("价格法", 13)  # 价格法 §13: 明码标价
PRICE_42 = ("价格法", 42)  # 价格法 §42: penalty for §13
PRICE_14 = ("价格法", 14)  # 价格法 §14: 价格欺诈


@pytest.mark.parametrize(
    ("predicted", "gold", "score"),
    [
        (1000, 1000, 1.0),
        (1200, 1000, 1.0),  # |ln 1201 − ln 1001| = 0.182
        (1400, 1000, 0.8),  # 0.336
        (1800, 1000, 0.6),  # 0.587
        (2200, 1000, 0.4),  # 0.788
        (2700, 1000, 0.2),  # 0.993
        (2800, 1000, 0.0),  # 1.029
        (None, 1000, 0.0),
        (0, 0, 1.0),
    ],
)
def test_cail_log_buckets(predicted: int | None, gold: int, score: float) -> None:
    assert metrics.cail_score(None if predicted is None else Decimal(predicted), Decimal(gold)) == score


def test_fine_within_25_percent() -> None:
    assert metrics.fine_within(Decimal(1250), Decimal(1000))
    assert metrics.fine_within(Decimal(750), Decimal(1000))
    assert not metrics.fine_within(Decimal("1250.01"), Decimal(1000))
    assert not metrics.fine_within(None, Decimal(1000))


def test_ndcg_hand_computed() -> None:
    ranked = [3, 0, 2]
    every = [3, 2, 2, 1, 0]
    dcg = 3 / math.log2(2) + 0 + 2 / math.log2(4)  # 4.0
    ideal = 3 + 2 / math.log2(3) + 2 / math.log2(4) + 1 / math.log2(5)
    assert metrics.ndcg_at_k(ranked, every, 10) == pytest.approx(dcg / ideal)
    assert metrics.ndcg_at_k([3, 2, 2, 1], every) == pytest.approx(1.0)
    assert metrics.ndcg_at_k([0, 0], [0, 0]) == 0.0


def test_graded_relevance() -> None:
    q_v, q_b = frozenset({PRICE_13}), frozenset({PRICE_42})
    assert metrics.relevance(q_v, q_b, frozenset({PRICE_13}), frozenset({PRICE_42})) == 3
    assert metrics.relevance(q_v, q_b, frozenset({PRICE_13}), frozenset({("价格法", 40)})) == 2
    assert metrics.relevance(q_v, q_b, frozenset({PRICE_14}), frozenset({PRICE_42})) == 1
    assert metrics.relevance(q_v, q_b, frozenset({("食品安全法", 34)}), frozenset()) == 0


def test_provision_match_is_the_first_prediction_at_law_and_article() -> None:
    gold = frozenset({PRICE_13})
    assert metrics.exact_match([PRICE_13], gold)
    assert not metrics.exact_match([("价格法", 12)], gold)
    assert not metrics.exact_match([PRICE_14, PRICE_13], gold)  # only the first counts
    assert metrics.exact_match([PRICE_14, PRICE_13], gold, 3)  # the lenient figure reads three
    assert not metrics.exact_match([PRICE_14, ("a", 1), ("b", 2), PRICE_13], gold, 3)
    assert metrics.set_match([PRICE_13], gold) and not metrics.set_match([PRICE_13, PRICE_42], gold)


def test_percentile() -> None:
    assert metrics.percentile([1, 2, 3, 4], 50) == 2.5
    assert metrics.percentile([5.0], 95) == 5.0
    assert metrics.percentile([], 95) == 0.0


def _record(i: int, docno: str | None = None) -> PrecedentRecord:
    article = 13 if i % 2 else 14
    act = "未明码标价" if i % 2 else "虚构原价"
    return PrecedentRecord(
        docid=f"d{i}",
        docno=docno or f"测市监处罚〔2025〕{i}号",
        bureau="测试市场监督管理局",
        decision_date=None,
        party_kind=None,
        party_name_masked=None,
        facts=f"经查，当事人第{i}号门店销售商品{act}，违法所得{i}元。",
        evidence=[],
        analysis="",
        discretion={},
        violated=[ProvisionRef("价格法", article)],
        basis=[ProvisionRef("价格法", 42 if i % 2 else 40)],
        penalties=[{"kind": "罚款", "amount": str(100 * i)}],
        fine=Decimal(100 * i),
        confiscated=None,
    )


def test_folds_are_disjoint_deterministic_and_keep_copies_together() -> None:
    records = [_record(i) for i in range(20)] + [_record(99, "测市监处罚〔2025〕3号")]  # a copy of d3
    folds = make_folds(records, 5)
    assert folds == make_folds(records, 5)
    flat = [i for f in folds for i in f]
    assert sorted(flat) == list(range(len(records)))
    fold_of = {i: n for n, f in enumerate(folds) for i in f}
    assert fold_of[3] == fold_of[20]
    assert make_folds(records, 5, seed=1) != folds
    with pytest.raises(ValueError):
        make_folds(records, 1)


class _Spy:
    def __init__(self, train: Sequence[PrecedentRecord], seen: list[set[str]]) -> None:
        self.train = list(train)
        seen.append({r.docid for r in train})

    def predict(self, facts_text: str, fields: Mapping[str, Any]) -> Prediction:
        assert all(r.facts != facts_text for r in self.train), "held-out facts in the training data"
        best = self.train[0]
        return Prediction(sorted(best.violated_keys), sorted(best.basis_keys), [], best.fine,
                          [r.docid for r in self.train[:10]])  # fmt: skip


def test_held_out_decisions_never_in_training_or_index() -> None:
    records = [_record(i) for i in range(30)]
    seen: list[set[str]] = []
    report = evaluate(records, lambda train: _Spy(train, seen), name="spy", folds=3)
    assert len(seen) == 3 and len(report.cases) == 30
    for fold_train in seen:
        held = {c.docid for c in report.cases} - fold_train
        assert held and not held & fold_train
    summary = report.summary()
    assert summary["violated_exact"]["n"] == 30
    assert summary["type_top1"] == {"value": None, "n": 0}


def test_a_learning_curve_trains_on_a_share_of_the_other_folds_and_keeps_the_held_out_ones() -> None:
    records = [_record(i) for i in range(40)] + [_record(99, "测市监处罚〔2025〕3号")]  # a copy of d3
    full: list[set[str]] = []
    half: list[set[str]] = []
    whole = evaluate(records, lambda train: _Spy(train, full), name="spy", folds=4)
    part = evaluate(records, lambda train: _Spy(train, half), name="spy", folds=4, train_share=0.5)
    assert [c.docid for c in part.cases] == [c.docid for c in whole.cases]  # same held-out decisions
    for all_train, some_train in zip(full, half, strict=True):
        assert some_train < all_train and abs(len(some_train) - len(all_train) / 2) <= 2
        assert ("d3" in some_train) == ("d99" in some_train)  # copies of one decision stay together
    assert part.summary()["train_share"] == 0.5 and whole.summary()["train_share"] == 1.0
    again: list[set[str]] = []
    evaluate(records, lambda train: _Spy(train, again), name="spy", folds=4, train_share=0.5)
    assert again == half  # seeded
    for bad in (0.0, -0.5, 1.5):
        with pytest.raises(ValueError):
            evaluate(records, lambda train: _Spy(train, []), name="spy", folds=4, train_share=bad)


def test_neighbour_types_vote_by_rank() -> None:
    from zhifa.assistant.evaluation import neighbour_types

    types = {"a": "明码标价", "b": "价格欺诈", "c": "价格欺诈", "d": None}
    ranked = neighbour_types(["a", "b", "c", "d"], types)
    assert [t for t, _ in ranked] == ["明码标价", "价格欺诈"]  # 1 against 1/2 + 1/3
    assert sum(score for _, score in ranked) == pytest.approx(1.0)
    assert neighbour_types([], types) == []
