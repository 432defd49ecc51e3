"""The assistant end to end on a small synthetic precedent library (real catalog and engine, no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from zhifa.assistant.chances import (
    LOOKALIKE,
    Chances,
    expected_relevance,
    likely_provisions,
    provision_chances,
)
from zhifa.assistant.classify_labels import type_of
from zhifa.assistant.model import AssistantModel, train
from zhifa.assistant.pipeline import Assistant
from zhifa.assistant.pipeline_predictor import AssistantPredictor
from zhifa.assistant.precedents import PrecedentIndex, PrecedentMeta
from zhifa.assistant.provisions import ProvisionItem
from zhifa.assistant.renumbering import law_versions, renumbered_positions
from zhifa.assistant.schema import missing_keys
from zhifa.errors import NotFound, ValidationFailed
from zhifa.precedents.record import PrecedentRecord, ProvisionRef
from zhifa.precedents.similarity import BigramIndex
from zhifa.rules.factors import load_factors
from zhifa.rules.loader import load_catalog
from zhifa.rules.models import Cite
from zhifa.rules.profiles import get_profile, load_profiles

Kind = tuple[
    list[tuple[str, int, int | None, int | None]], list[tuple[str, int, int | None, int | None]], str, Decimal
]
KINDS: dict[str, Kind] = {
    # violated (law, article, paragraph, item), basis, facts template, fine
    "marking": (
        [("价格法", 13, 1, None)],
        [("价格法", 42, None, None)],
        "经查，当事人在其经营的{shop}内销售的{goods}等商品未明码标价，未标明价格共{n}种。",
        Decimal(1000),
    ),
    "expired": (
        [("食品安全法", 34, None, 10)],
        [("食品安全法", 124, None, None)],
        "经查，当事人在{shop}销售超过保质期的{goods}{n}袋，货值金额{n}0元，违法所得{n}元，属于过期食品。",
        Decimal(50000),
    ),
    "minors": (
        [("未成年人保护法", 59, 1, None)],
        [("未成年人保护法", 123, None, None)],
        "经查，当事人{shop}向未成年人销售烟草制品{goods}{n}包。",
        Decimal(3000),
    ),
}
SHOPS = ["超市", "便利店", "小卖部", "商店", "门市部", "批发部"]
GOODS = ["饮料", "香烟", "饼干", "牛奶", "面包", "方便面"]


def _record(kind: str, i: int) -> PrecedentRecord:
    violated, basis, facts, fine = KINDS[kind]
    text = facts.format(shop=SHOPS[i % 6], goods=GOODS[(i * 5) % 6], n=i + 2)
    return PrecedentRecord(
        docid=f"{kind}-{i}", docno=f"测市监处罚〔2024〕{i + 1}号", bureau="测试市场监督管理局",
        decision_date=date(2024, 3, 1 + i), party_kind="individual_business", party_name_masked="某商店",
        facts=text, evidence=[], analysis="", discretion={"tier": "从轻"},
        violated=[ProvisionRef(*v) for v in violated], basis=[ProvisionRef(*b) for b in basis],
        penalties=[{"kind": "罚款", "amount": str(fine + 100 * i)}], fine=fine + 100 * i, confiscated=None,
        facts_amounts={"货值金额": Decimal((i + 2) * 10)} if kind == "expired" else {},
    )  # fmt: skip


RECORDS = [_record(kind, i) for kind in KINDS for i in range(6)]


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    catalog, factors = load_catalog(), load_factors()
    profile = get_profile(load_profiles(), "hubei")
    return Assistant(
        train(RECORDS, catalog, factors, profile), catalog, factors, profile, today=date(2026, 1, 1)
    )


def test_labels_come_from_the_cited_provisions() -> None:
    # 食品安全法 §34(十) + §124 → 经营过期食品; 未成年人保护法 §59 + §123 → 向未成年人售烟酒
    assert type_of(RECORDS[6]) == "food.expired_food"
    assert type_of(RECORDS[12]) == "minors.sell_tobacco_alcohol_to_minors"
    assert (type_of(RECORDS[0]) or "").startswith("price.marking")


def test_expired_food_end_to_end(assistant: Assistant) -> None:
    facts = (
        "经查，2024年5月1日当事人在其超市销售超过保质期的牛奶20袋，货值金额人民币贰仟元整，违法所得300元。"
    )
    out = assistant.assist(facts, {"party_type": "organization"}).to_dict()
    assert missing_keys(out) == []
    assert out["violation_types"][0]["id"] == "food.expired_food"
    assert out["violation_types"][0]["score"] > 0.5 and not out["confidence"]["uncertain"]
    violated = {(p["law_title"], p["article"]) for p in out["provisions"]["violated"]}
    assert ("中华人民共和国食品安全法", 34) in violated
    penalty = out["provisions"]["penalty"][0]
    assert penalty["article_label"] == "第一百二十四条" and penalty["text"] is None  # no law library here
    # 食品安全法 §124: 货值金额不足一万元 → 五万元以上十万元以下
    assert out["penalty"]["statutory_range"] == ["50000.00", "100000.00"]
    assert out["penalty"]["amounts"] == {"goods_value": "2000", "illegal_income": "300"}
    assert out["input"]["act_date"] == "2024-05-01" and out["input"]["act_date_source"] == "extracted"
    assert out["precedents"][0]["violation_type"] == "food.expired_food"
    assert out["precedents"][0]["why_similar"] and out["precedents"][0]["position_in_range"] is not None


def test_consistency_flags_a_fine_out_of_line(assistant: Assistant) -> None:
    facts = "经查，当事人在其便利店销售的饮料等商品未明码标价，未标明价格共5种。"
    fields = {"party_type": "individual_business", "act_date": "2024-06-01", "proposed_fine": "6000"}
    out = assistant.assist(facts, fields).to_dict()
    assert out["violation_types"][0]["id"].startswith("price.marking")
    assert out["consistency"]["ok"] is False and "畸重" in out["consistency"]["flags"]


def test_nonsense_gets_a_low_score_that_says_why(assistant: Assistant) -> None:
    for text in ("hello world, nothing here", "今天天气很好，我们一起去公园散步，然后回家吃饭。"):
        out = assistant.assist(text).to_dict()
        assert out["confidence"]["uncertain"] is True and out["confidence"]["reasons"]
        assert out["violation_types"][0]["score"] < 0.5


def test_bad_input_is_a_clear_error(assistant: Assistant) -> None:
    for facts, code in (("", "empty_facts"), ("   \n", "empty_facts"), ("经" * 1_000_000, "facts_too_long")):
        with pytest.raises(ValidationFailed) as info:
            assistant.assist(facts)
        assert info.value.code == code
    for fields, code in (
        ({"party_type": "company"}, "bad_party_type"),
        ({"act_date": "2024-13-01"}, "bad_date"),
        ({"goods_value": "-5"}, "validation_error"),
        ({"colour": "red"}, "unknown_field"),
        ({"top_k": 0}, "bad_top_k"),
    ):
        with pytest.raises(ValidationFailed) as info:
            assistant.assist("经查，当事人未明码标价。", fields)
        assert info.value.code == code or info.value.details.get("field"), fields


def test_predictor_adapter_answers_at_article_level(assistant: Assistant) -> None:
    pred = AssistantPredictor(assistant).predict("经查，当事人向未成年人销售香烟3包。", {})
    assert ("未成年人保护法", 59) in pred.violated and ("未成年人保护法", 123) in pred.penalty
    assert pred.fine is not None and pred.precedents[0].startswith("minors-")


def test_model_round_trip(assistant: Assistant, tmp_path: Path) -> None:
    path = tmp_path / "models" / "assistant.pkl"
    with pytest.raises(NotFound):
        AssistantModel.load(path)
    assistant.model.save(path)
    again = AssistantModel.load(path)
    assert again.trained_on == len(RECORDS) and again.classifier.classes == assistant.model.classifier.classes


def test_likely_provisions_lead_with_the_most_cited_article(assistant: Assistant) -> None:
    # 未成年人保护法 §59 (禁止向未成年人销售烟酒) and its penalty article §123
    result = assistant.assist("经查，当事人在其商店向未成年人销售烟草制品香烟2包。")
    likely = result.to_dict()["provisions"]["likely"]
    assert likely["violated"][0]["law"] == "未成年人保护法" and likely["violated"][0]["article"] == 59
    assert likely["penalty"][0]["article"] == 123 and 0 < likely["penalty"][0]["chance"] <= 2
    assert result.chances.violated[("未成年人保护法", 59)] > result.chances.violated.get(("价格法", 13), 0.0)


def test_precedents_rank_by_expected_relevance(assistant: Assistant) -> None:
    # every precedent sharing the likely violated provision (价格法 §13) ranks above any that does not
    out = assistant.assist("经查，当事人在其超市内销售的面包等商品未明码标价，未标明价格共4种。").to_dict()
    kinds = [p["docid"].split("-")[0] for p in out["precedents"]]
    assert kinds[:6] == ["marking"] * 6 and "marking" not in kinds[6:]
    scores = [p["score"] for p in out["precedents"]]
    assert scores == sorted(scores, reverse=True)


def _meta(docid: str, violated: set[tuple[str, int]], basis: set[tuple[str, int]]) -> PrecedentMeta:
    return PrecedentMeta(
        docid=docid, docno=None, bureau=None, decision_date=None, type_id=None, fine=None, amounts={},
        party_type=None, violated=(), basis=(), violated_keys=frozenset(violated),
        basis_keys=frozenset(basis), penalties=(),
    )  # fmt: skip


def test_a_look_alike_decision_decides_the_provisions_its_facts_share() -> None:
    # look-alike decisions cite the same provisions (docs/decisions/0010: 0 of 87 pairs ≥ 0.6 disagree)
    marking = _meta("a", {("明码标价和禁止价格欺诈规定", 5)}, {("价格违法行为行政处罚规定", 13)})
    other = _meta("b", {("价格法", 13)}, {("价格法", 42)})
    chances = {("价格法", 13): 0.9, ("明码标价和禁止价格欺诈规定", 5): 0.2}
    near = [(marking, LOOKALIKE + 0.05), (other, 0.3)]
    assert likely_provisions(chances, near, "violated") == [("明码标价和禁止价格欺诈规定", 5)]
    assert likely_provisions({("价格法", 42): 0.5}, near, "penalty") == [("价格违法行为行政处罚规定", 13)]
    loose = [(marking, LOOKALIKE - 0.2), (other, 0.1)]  # only loosely alike: the chances decide
    assert likely_provisions(chances, loose, "violated")[0] == ("价格法", 13)


def _old_law(docid: str, violated: int, basis: int, on: date, *more_basis: tuple[str, int]) -> PrecedentMeta:
    meta = _meta(docid, {("反不正当竞争法", violated)}, {("反不正当竞争法", basis), *more_basis})
    return replace(meta, decision_date=on)


def test_the_catalog_knows_how_the_2025_反不正当竞争法_revision_moved_its_articles() -> None:
    # 2019 text → 2025 text (in force 2025-10-15): 混淆 §6→§7, 商业贿赂 §7→§8, 虚假宣传 §8→§9,
    # 有奖销售 §10→§11; their penalty articles §18→§23, §19→§24, §20→§25, §22→§27
    versions = law_versions(load_catalog())
    change = date(2025, 10, 15)
    assert versions.changes["反不正当竞争法"] == (change,) and "价格法" not in versions.changes
    moves = {6: 7, 7: 8, 8: 9, 10: 11, 18: 23, 19: 24, 20: 25, 22: 27}
    assert versions.moves[("反不正当竞争法", change)] == moves
    law = "反不正当竞争法"
    assert versions.translate((law, 7), date(2025, 3, 1), date(2026, 1, 5)) == (law, 8)
    assert versions.translate((law, 9), date(2026, 2, 1), date(2025, 6, 1)) == (
        law,
        8,
    )  # back to the old text
    assert versions.translate((law, 2), date(2025, 3, 1), date(2026, 1, 5)) is None  # not in the catalog
    assert versions.translate((law, 7), date(2025, 3, 1), date(2025, 6, 1)) == (law, 7)  # same version


def test_neighbours_decided_under_the_old_反不正当竞争法_vote_with_the_new_numbers_2025_revision() -> None:
    # 商业贿赂 moved from §7 (penalty §19) to §8 (§24). Neighbours decided before the revision cite the old
    # numbers; for an act after it they vote — a look-alike too — with the numbers of the act's version
    catalog = load_catalog()
    versions = law_versions(catalog)
    bribe = [("competition.commercial_bribery", 0.9)]
    old = [
        (_old_law("old0", 7, 19, date(2025, 3, 1), ("行政处罚法", 32)), LOOKALIKE + 0.2),
        (_old_law("old1", 7, 19, date(2025, 3, 2)), 0.4),
        (_old_law("old2", 7, 19, date(2025, 3, 3)), 0.3),
    ]
    assert versions.changed(old[0][0], date(2026, 1, 5)) == {"反不正当竞争法"}
    assert not versions.changed(old[0][0], date(2025, 6, 1))  # same version in force
    assert not versions.changed(replace(old[0][0], decision_date=None), date(2026, 1, 5))  # date unknown

    after = provision_chances(bribe, old, catalog, {}, {}, date(2026, 1, 5), versions)
    assert likely_provisions(after.violated, after.near, "violated") == [("反不正当竞争法", 8)]  # look-alike
    assert likely_provisions(after.penalty, after.near, "penalty")[:2] == [
        ("反不正当竞争法", 24),
        ("行政处罚法", 32),
    ]
    assert ("反不正当竞争法", 7) not in after.violated and ("反不正当竞争法", 19) not in after.penalty
    before = provision_chances(bribe, old, catalog, {}, {}, date(2025, 6, 1), versions)
    assert likely_provisions(before.violated, before.near, "violated") == [("反不正当竞争法", 7)]
    # an article the catalog cannot place: that role of the neighbour is left out whole
    odd = [(_old_law("odd", 2, 19, date(2025, 3, 1)), LOOKALIKE + 0.2)]
    left = provision_chances(bribe, odd, catalog, {}, {}, date(2026, 1, 5), versions)
    assert left.near[0][0].violated_keys == frozenset() and left.near[0][0].basis_keys == {
        ("反不正当竞争法", 24)
    }


def test_an_old_article_number_is_not_a_shared_provision_after_the_反不正当竞争法_revision() -> None:
    # before 2025-10-15 §8 was 虚假宣传; after it, §8 is 商业贿赂: an old 虚假宣传 decision does not share
    # "§8" with a 商业贿赂 act of 2026, an old 商业贿赂 decision (§7) does — in the ranking; the reasons name
    # no "same provision" of a renumbered law
    versions = law_versions(load_catalog())
    metas = [
        _old_law("publicity", 8, 20, date(2025, 3, 1)),
        _old_law("bribery", 7, 19, date(2025, 3, 2)),
        _old_law("bribery-new", 8, 24, date(2026, 2, 1)),
    ]
    facts = [
        "经查，当事人在网店宣传商品虚构销量",
        "经查，当事人向采购人员给付财物",
        "经查，当事人给付回扣谋取交易机会",
    ]
    index = PrecedentIndex(BigramIndex().fit([m.docid for m in metas], facts), metas, facts)
    day = date(2026, 1, 5)
    moved = renumbered_positions(index, day, versions)
    assert set(moved) == {0, 1} and moved[1].meta.violated_keys == {("反不正当竞争法", 8)}
    chances = Chances({("反不正当竞争法", 8): 1.0}, {("反不正当竞争法", 24): 1.0})
    sims = np.zeros(3)
    plain = expected_relevance(index, sims, chances)
    aware = expected_relevance(index, sims, chances, moved)
    assert plain[0] > aware[0] and aware[1] > plain[1] and aware[1] == aware[2] == plain[2]

    bribe = Cite("中华人民共和国反不正当竞争法", 8)
    item = ProvisionItem("violated", bribe, "中华人民共和国反不正当竞争法", None, None, None)
    hits = index.search(
        index.index.vector("给付财物"), sims, {}, [item], {}, relevance=aware, renumbered=moved
    )
    reasons = {h.meta.docid: h.reasons for h in hits}
    assert any(r.startswith("相同条款") for r in reasons["bribery-new"])
    assert not any(r.startswith("相同条款") for r in reasons["publicity"] + reasons["bribery"])


def test_行政处罚法第三十条_a_minors_age_from_the_case_is_weighed_as_a_factor(assistant: Assistant) -> None:
    from zhifa.web.pages.assist_case import age_factors_of

    facts = "经查，2028年6月1日当事人在其经营的摊位销售超过保质期的牛奶20袋，货值金额人民币贰仟元整。"
    party = {"kind": "person", "id_number": "110105201301010012", "id_kind": "resident_id"}  # 2013-01-01 生
    factors = age_factors_of(party, "2028-06-01")
    assert factors == ["minor_14_to_18"]
    out = assistant.assist(facts, {"party_type": "person", "factors": factors}).to_dict()
    assert "minor_14_to_18" in {f["id"] for f in out["penalty"]["factors"]}
    plain = assistant.assist(facts, {"party_type": "person"}).to_dict()
    assert "minor_14_to_18" not in {f["id"] for f in plain["penalty"]["factors"]}
    assert age_factors_of({"kind": "organization", "uscc": "91350100M000100Y43"}, "2028-06-01") == []
    with pytest.raises(ValidationFailed) as bad:
        assistant.assist(facts, {"factors": "minor_14_to_18"})
    assert bad.value.code == "bad_factors"
