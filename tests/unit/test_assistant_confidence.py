"""Which sibling type a catalog pattern names, and when the assistant may call its answer certain."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from tests.unit.test_assistant_pipeline import RECORDS
from zhifa.assistant.chances import Chances
from zhifa.assistant.classify import TypeScores, sibling_by_pattern
from zhifa.assistant.classify_labels import profiles
from zhifa.assistant.confidence import agreement, choose_threshold, confidence_json, inner_scores
from zhifa.assistant.fastvec import QueryVectorizer
from zhifa.assistant.precedents import PrecedentMeta
from zhifa.assistant.training import train_calibrated
from zhifa.precedents.record import PrecedentRecord
from zhifa.precedents.similarity import library_index
from zhifa.rules.factors import load_factors
from zhifa.rules.loader import load_catalog
from zhifa.rules.profiles import get_profile, load_profiles

MARKING = ("price.marking_improper", "price.marking_missing", "price.marking_other")
# what the model said for "12种商品未标示价格" before (issue 16 §4): 不按规定的内容和方式明码标价 at 90 %
MODEL_SAID = [
    ("price.marking_improper", 0.90),
    ("price.surcharge_beyond_label", 0.04),
    ("food.expired_food", 0.03),
    ("price.marking_missing", 0.02),
    ("price.marking_other", 0.01),
]


def test_unmarked_prices_are_不标明价格_not_improper_marking_价格法_13() -> None:
    # 价格法 §13¶1 / 明码标价和禁止价格欺诈规定: 不标明价格 is its own conduct
    # (价格违法行为行政处罚规定 §13(一)), named by the catalog's pattern 未标(明|示)(商品)?价格;
    # it takes the best place of the §13 family
    ranked, named = sibling_by_pattern(MODEL_SAID, "经查，当事人经营的12种商品未标示价格。", profiles())
    assert named == "price.marking_missing"
    assert ranked[0] == ("price.marking_missing", 0.90)
    # the other siblings keep the model's order in the places left; other provisions do not move
    assert [t for t, _ in ranked] == [
        "price.marking_missing",
        "price.marking_improper",
        "food.expired_food",
        "price.surcharge_beyond_label",
        "price.marking_other",
    ]
    assert ranked[2] == ("food.expired_food", 0.03)
    assert sorted(p for _, p in ranked) == sorted(p for _, p in MODEL_SAID)


@pytest.mark.parametrize(
    "facts",
    [
        "经查，当事人超市货架上的商品货签不对位。",  # the top entry's own pattern: nothing to move
        "经查，当事人经营的12种商品未按规定明码标价。",  # 明码标价 is the family's shared word, not a name
        "经查，当事人销售的商品价格标签字迹模糊。",  # no pattern at all: the model decides
    ],
)
def test_shared_wording_or_the_top_entrys_own_pattern_leave_the_model_order(facts: str) -> None:
    ranked, named = sibling_by_pattern(MODEL_SAID, facts, profiles())
    assert named is None and ranked == MODEL_SAID


def test_a_pattern_of_another_provision_does_not_move_the_top() -> None:
    # 食品安全法 §34 is no sibling of 价格法 §13: its words cannot outrank the marking family
    said = [("price.marking_improper", 0.8), ("food.expired_food", 0.2)]
    facts = "当事人销售超过保质期的食品，且商品未按规定明码标价。"
    ranked, named = sibling_by_pattern(said, facts, profiles())
    assert named is None and ranked == said


def _meta(docid: str, violated: set[tuple[str, int]]) -> PrecedentMeta:
    return PrecedentMeta(
        docid, None, None, None, None, None, {}, None, (), (), frozenset(violated), frozenset(), ()
    )


def test_agreement_is_the_mean_of_share_neighbour_vote_and_top_cosine() -> None:
    p13, p42 = ("价格法", 13), ("价格法", 42)
    near = [(_meta("a", {p13}), 0.6), (_meta("b", {p42}), 0.3)]
    chances = Chances({p13: 0.75, p42: 0.25}, {}, near)
    # share 0.75; neighbours citing §13: 0.36 / (0.36 + 0.09) = 0.8; top cosine 0.6
    assert agreement(chances) == pytest.approx((0.75 + 0.8 + 0.6) / 3)
    assert agreement(Chances({}, {}, [])) == 0.0


def test_threshold_is_the_lowest_score_keeping_98_percent_right() -> None:
    scored = [(0.9 - i / 100, True) for i in range(60)] + [(0.25, False), (0.2, True), (0.1, False)]
    # at 0.2: 61 right of 62 (98.4 %); at 0.1: 61 of 63 (96.8 %) — the line is 0.2
    assert choose_threshold(scored) == pytest.approx(0.2)
    scored.append((0.5, False))  # one more miss: at 0.2 61 of 63; at 0.31 60 of 61 (98.4 %)
    assert choose_threshold(scored) == pytest.approx(0.31)
    # never reachable → None (nothing is certain), and a threshold never splits equal scores
    assert choose_threshold([(0.9, True), (0.9, False), (0.8, True)] * 20) is None
    assert choose_threshold([(0.5, True)] * 30 + [(0.5, False)]) is None
    assert choose_threshold([(0.9, True)] * 5) is None  # fewer than MIN_CERTAIN answers


def _types(top: float = 0.3, signal: float = 1.0) -> TypeScores:
    return TypeScores([("price.marking_missing", top), ("price.marking_other", 1 - top)], signal, False)


def test_uncertain_is_below_the_calibrated_line_or_a_weak_signal() -> None:
    assert confidence_json(_types(), 0.7, 0.6)["uncertain"] is False  # a low type score alone: not uncertain
    low = confidence_json(_types(), 0.5, 0.6)
    assert low["uncertain"] is True and "低于可靠线 0.60" in low["reasons"][0]
    assert confidence_json(_types(signal=0.5), 0.9, 0.6)["uncertain"] is True
    assert confidence_json(_types(top=0.9), 0.0, None)["uncertain"] is False  # uncalibrated: type rule
    assert confidence_json(_types(top=0.3), 0.9, None)["uncertain"] is True
    out = confidence_json(_types(), 0.7, None)
    assert out["certain_from"] is None and out["score"] == 0.7


def test_the_threshold_is_learnt_on_inner_folds_that_never_answer_their_own_training() -> None:
    asked: list[tuple[str, frozenset[str]]] = []

    def answer(train: list[PrecedentRecord]):  # type: ignore[no-untyped-def]
        ids = frozenset(r.docid for r in train)

        def ask(facts: str) -> Chances:
            held = next(r for r in RECORDS if r.facts == facts)
            asked.append((held.docid, ids))
            return Chances({next(iter(held.violated_keys)): 1.0}, {}, [])

        return ask

    scored = inner_scores(RECORDS, answer)
    assert len(scored) == len(RECORDS) and all(ok for _, ok in scored)
    assert {d for d, _ in asked} == {r.docid for r in RECORDS}
    assert all(docid not in trained_on for docid, trained_on in asked)


def test_calibrated_training_sets_the_line_and_the_answer_uses_it() -> None:
    catalog, factors = load_catalog(), load_factors()
    profile = get_profile(load_profiles(), "hubei")
    model = train_calibrated(RECORDS, catalog, factors, profile)
    # three well separated kinds: every inner answer is right, so the lowest inner score is the line
    assert model.certain_from is not None and 0 < model.certain_from <= 1
    from zhifa.assistant.pipeline import Assistant

    assistant = Assistant(model, catalog, factors, profile, today=date(2026, 1, 1))
    out = assistant.assist("经查，当事人在其超市销售超过保质期的牛奶20袋，货值金额2000元。").to_dict()
    confidence = out["confidence"]
    assert confidence["certain_from"] == round(model.certain_from, 3)
    assert confidence["uncertain"] is (confidence["score"] < model.certain_from)


def test_query_vectors_equal_scikit_learns() -> None:
    texts = [r.facts for r in RECORDS]
    index = library_index(len(texts)).fit([str(i) for i in range(len(texts))], texts)
    fast = QueryVectorizer(index.vectorizer)
    for text in [*texts, "", "甲", "  经查\n\n当事人  ", "当事人销售货值 1,200 元的 ABC 商品"]:
        expected = index.vectorizer.transform([text])
        expected.sort_indices()
        got = fast(text)
        assert np.array_equal(got.indices, expected.indices) and np.array_equal(got.data, expected.data)
