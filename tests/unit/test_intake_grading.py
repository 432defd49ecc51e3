"""Clue grading (自动分级) as the shipped rules state it: each test is one rule of grading.yaml."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from zhifa.errors import ValidationFailed
from zhifa.integrations.grading import default_rules, grade, load_rules


def fired(facts: dict[str, object]) -> list[str]:
    return [r["id"] for r in grade(facts).to_dict()["rules"]]  # type: ignore[arg-type]


def test_a_suspected_crime_is_top_grade_for_the_city_bureau_and_flagged_for_transfer() -> None:
    # 程序规定第十七条第二款：发现违法行为涉嫌犯罪的，应当及时将案件移送司法机关
    g = grade({"crime_suspected": True})
    assert (g.grade, g.level, g.flags) == ("一级", "city", ("两法衔接",))
    assert g.to_dict()["rules"][0]["basis"] == "《市场监督管理行政处罚程序规定》第17条第2款"


def test_sales_of_fifty_thousand_yuan_reach_the_threshold_of_criminal_law_article_140() -> None:
    # 刑法第一百四十条：销售金额五万元以上；“以上”包括本数
    assert grade({"sales_amount": Decimal("50000")}).grade == "一级"
    assert "两法衔接" in grade({"sales_amount": Decimal("50000")}).flags
    assert grade({"sales_amount": Decimal("49999.99")}).grade == "二级"


def test_harm_to_health_is_top_grade_without_a_transfer_flag() -> None:
    # 行政处罚法第三十六条第一款：涉及公民生命健康安全且有危害后果
    for fact in ("food_harm", "drug_harm", "injury"):
        g = grade({fact: True})
        assert g.grade == "一级" and g.flags == ()


def test_minors_involved_keep_a_first_violation_out_of_the_minor_grade() -> None:
    # 未成年人保护法第四条：特殊、优先保护 — 不作轻微线索处理
    facts = {"first_violation": True, "goods_value": Decimal("800"), "minors_involved": True}
    g = grade(facts)
    assert g.grade == "二级" and g.suggestion is None
    assert fired(facts) == ["minors_involved", "first_violation_minor"]


def test_a_first_minor_violation_goes_to_the_station_with_an_order_to_correct() -> None:
    # 行政处罚法第三十三条第一款：初次违法且危害后果轻微并及时改正的，可以不予行政处罚
    g = grade({"first_violation": True, "goods_value": Decimal("4999")})
    assert (g.grade, g.level, g.suggestion) == ("三级", "station", "责令改正")
    assert grade({"first_violation": True, "goods_value": Decimal("5000")}).grade == "二级"


def test_a_first_violation_without_a_known_amount_is_not_graded_minor() -> None:
    assert grade({"first_violation": True}).grade == "二级"


def test_repeated_violations_and_complaint_counts() -> None:
    assert grade({"repeated": True, "first_violation": True, "goods_value": Decimal("10")}).grade == "二级"
    assert grade({"complaints_count": 2}).grade == "二级" and fired({"complaints_count": 2}) == []
    assert fired({"complaints_count": 3}) == ["several_complaints"]
    assert grade({"complaints_count": 20}).grade == "一级"


def test_an_ordinary_clue_takes_the_default_grade_with_no_rule_fired() -> None:
    g = grade({})
    assert (g.grade, g.level, g.fired) == ("二级", "county", ())


def test_every_shipped_rule_states_its_basis() -> None:
    rules = default_rules()
    assert len(rules.rules) >= 10
    for rule in rules.rules:
        assert rule.basis() and rule.reason
        assert (rule.cite is not None) or rule.policy


@pytest.mark.parametrize(
    "text",
    [
        "grades: {一级: {level: city, label: x, cite: {law: 某法, article: 1}}}\ndefault: 一级\n"
        "rules: [{id: r1, grade: 一级, when: {unknown_fact: true}, reason: 某某理由, policy: true}]\n",
        "grades: {一级: {level: city, label: x, cite: {law: 某法, article: 1}}}\ndefault: 一级\n"
        "rules: [{id: r1, grade: 一级, when: {repeated: true}, reason: 没有依据的规则}]\n",
        "grades: {一级: {level: city, label: x, cite: {law: 某法, article: 1}}}\ndefault: 二级\nrules: []\n",
        "grades: {一级: {level: city, label: x, cite: {law: 某法, article: 1}}}\ndefault: 一级\n"
        "rules: [{id: r1, grade: 一级, when: {goods_value: true}, reason: 类型不符规则, policy: true}]\n",
        "grades: {}\ngrades: {}\n",
    ],
)
def test_a_bad_rule_file_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "grading.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        load_rules(path)
    assert caught.value.code == "grading_rules_invalid"
