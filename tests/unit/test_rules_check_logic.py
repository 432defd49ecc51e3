"""The logic check (issue 16 §1.8): each entry's structure against its whole penalty clause text.

The texts are the articles as the law library holds them; the entries are the shapes the audit found.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.unit.test_rules_loader import write
from zhifa.rules.check import check_catalog
from zhifa.rules.check_logic import segments
from zhifa.rules.factors import load_factors
from zhifa.rules.loader import load_catalog
from zhifa.rules.ports import ResolvedArticle
from zhifa.rules.yamlio import Problem

FOOD_126 = (
    "违反本法规定，有下列情形之一的，由县级以上人民政府食品安全监督管理部门责令改正，给予警告；拒不改正的，"
    "处五千元以上五万元以下罚款；情节严重的，责令停产停业，直至吊销许可证：\n"
    "（三）食品、食品添加剂生产经营者进货时未查验许可证和相关证明文件；"
)
QUALITY_50 = (
    "第五十条　在产品中掺杂、掺假，以假充真，以次充好，或者以不合格产品冒充合格产品的，责令停止生产、销售，"
    "没收违法生产、销售的产品，并处违法生产、销售产品货值金额百分之五十以上三倍以下的罚款；有违法所得的，"
    "并处没收违法所得；情节严重的，吊销营业执照；构成犯罪的，依法追究刑事责任。"
)
PRICE_7 = (
    "第七条　经营者违反价格法第十四条的规定，利用虚假的或者使人误解的价格手段，"
    "诱骗消费者或者其他经营者与其进行交易的，责令改正，没收违法所得，并处违法所得5倍以下的罚款；没有违法所得的，处5万元以上50万元以下的罚款；"
    "情节严重的，责令停业整顿，或者由工商行政管理机关吊销营业执照。"
)
TEXTS = {
    ("中华人民共和国食品安全法", 126): FOOD_126,
    (
        "中华人民共和国食品安全法",
        53,
    ): "食品经营者采购食品，应当查验供货者的许可证和食品出厂检验合格证或者其他合格证明",
    ("中华人民共和国产品质量法", 50): QUALITY_50,
    ("中华人民共和国产品质量法", 32): "生产者生产产品，不得掺杂、掺假，不得以假充真、以次充好",
    ("价格违法行为行政处罚规定", 7): PRICE_7,
    ("中华人民共和国价格法", 14): "经营者不得有下列不正当价格行为",
}


class TextResolver:
    """The quoted articles, in force since 2010."""

    def resolve(
        self, law: str, article: int, paragraph: int | None, item: int | None, as_of: date
    ) -> ResolvedArticle | None:
        text = TEXTS.get((law, article))
        if text is None or as_of < date(2010, 12, 4):
            return None
        return ResolvedArticle(law, date(2010, 12, 4), date(2010, 12, 4), f"第{article}条", text)


FOOD_ENTRY = """\
id: food.sample
name: 未查验进货（测试）
area: 食品
keywords: [进货查验]
versions:
  - valid_from: 2021-04-29
    violated: [{law: 中华人民共和国食品安全法, article: 53}]
    basis: [{law: 中华人民共和国食品安全法, article: 126, paragraph: 1}]
    clause:
      cite: {law: 中华人民共和国食品安全法, article: 126, paragraph: 1}
      kinds:
        - {name: 责令改正, mode: 必处}
        - {name: 警告, mode: 必处}
        - {name: 罚款, mode: 必处, when: {factor: refused_correction}}
        - {name: 责令停产停业，直至吊销许可证, mode: 必处, when: {severity: [严重]}}
      fine:
        - {when: {factor: refused_correction}, fixed: {min: 5000, max: 50000}}
"""
QUALITY_ENTRY = """\
id: quality.sample
name: 掺杂掺假（测试）
area: 质量
keywords: [掺杂]
versions:
  - valid_from: 2018-12-29
    violated: [{law: 中华人民共和国产品质量法, article: 32}]
    basis: [{law: 中华人民共和国产品质量法, article: 50}]
    clause:
      cite: {law: 中华人民共和国产品质量法, article: 50}
      kinds:
        - {name: 没收违法生产、销售的产品, mode: 必处}
        - {name: 罚款, mode: 必处}
        - {name: 吊销营业执照, mode: 必处, when: {severity: [严重]}}
      fine:
        - {multiple: {of: goods_value, min: 0.5, max: 3}}
"""
PRICE_ENTRY = """\
id: price.sample
name: 价格欺诈（测试）
area: 价格
keywords: [价格欺诈]
versions:
  - valid_from: 2022-07-01
    violated: [{law: 中华人民共和国价格法, article: 14}]
    basis: [{law: 价格违法行为行政处罚规定, article: 7}]
    clause:
      cite: {law: 价格违法行为行政处罚规定, article: 7}
      kinds: [{name: 责令改正, mode: 必处}, {name: 罚款, mode: 必处}]
      fine:
        - {when: {illegal_income: present}, multiple: {of: illegal_income, max: 5}}
        - {when: {illegal_income: absent}, fixed: {min: 50000, max: 500000}}
"""


def check(tmp_path: Path, text: str, name: str, area: str) -> list[Problem]:
    catalog = load_catalog(write(tmp_path, text, name, area))
    problems = check_catalog(catalog, load_factors(), {}, TextResolver(), date(2026, 11, 25))
    return [p for p in problems if p.file.startswith("catalog/")]  # the factors cite laws not quoted here


def messages(problems: list[Problem]) -> str:
    return "\n".join(p.problem for p in problems)


def test_sentences_of_food_safety_law_126() -> None:
    kinds = [(s.kind, s.fine) for s in segments(FOOD_126)]
    assert ("refusal", True) in kinds and ("severity", False) in kinds
    assert not any(kind == "plain" and fine for kind, fine in kinds)


def test_food_safety_law_126_structured_as_the_text_passes(tmp_path: Path) -> None:
    assert check(tmp_path, FOOD_ENTRY, "food.sample", "食品") == []


def test_food_safety_law_126_unconditional_fine_is_caught(tmp_path: Path) -> None:
    """食品安全法第一百二十六条：拒不改正的，处五千元以上五万元以下罚款 — the audit's shape (fine at once)."""
    old = FOOD_ENTRY.replace(
        "{name: 罚款, mode: 必处, when: {factor: refused_correction}}", "{name: 罚款, mode: 可处}"
    )
    old = old.replace("{when: {factor: refused_correction}, fixed:", "{fixed:")
    found = messages(check(tmp_path, old, "food.sample", "食品"))
    assert "只对拒不改正或者逾期未改正的处罚款" in found
    assert "罚款应为必处" in found


def test_food_safety_law_126_severe_closure_is_mandatory(tmp_path: Path) -> None:
    """情节严重的，责令停产停业，直至吊销许可证 (no 可以): not an option."""
    old = FOOD_ENTRY.replace(
        "责令停产停业，直至吊销许可证, mode: 必处", "责令停产停业，直至吊销许可证, mode: 可处"
    )
    assert "情节严重的责令停产停业，直至吊销许可证为必处" in messages(
        check(tmp_path, old, "food.sample", "食品")
    )


def test_product_quality_law_50_amount_based_fine_needs_its_amount(tmp_path: Path) -> None:
    """产品质量法第五十条：货值金额百分之五十以上三倍以下 — a fixed range would ignore the amount."""
    assert check(tmp_path, QUALITY_ENTRY, "quality.sample", "质量") == []
    old = QUALITY_ENTRY.replace("{multiple: {of: goods_value, min: 0.5, max: 3}}", "{fixed: {max: 3}}")
    assert "按货值金额计算罚款" in messages(check(tmp_path, old, "quality.sample", "质量"))


def test_product_quality_law_50_optional_fine_and_licence_are_caught(tmp_path: Path) -> None:
    """并处……罚款 and 情节严重的，吊销营业执照 are duties, not powers."""
    old = QUALITY_ENTRY.replace("{name: 罚款, mode: 必处}", "{name: 罚款, mode: 可处}")
    old = old.replace("{name: 吊销营业执照, mode: 必处", "{name: 吊销营业执照, mode: 可处")
    found = messages(check(tmp_path, old, "quality.sample", "质量"))
    assert "罚款应为必处" in found and "吊销营业执照为必处" in found


def test_price_rule_7_without_income_branch_is_caught(tmp_path: Path) -> None:
    """价格违法行为行政处罚规定第七条：没有违法所得的，处5万元以上50万元以下的罚款."""
    assert check(tmp_path, PRICE_ENTRY, "price.sample", "价格") == []
    old = PRICE_ENTRY.replace(
        "        - {when: {illegal_income: absent}, fixed: {min: 50000, max: 500000}}\n", ""
    ).replace("{when: {illegal_income: present}, multiple", "{multiple")
    assert "没有违法所得时的罚款" in messages(check(tmp_path, old, "price.sample", "价格"))


def test_condition_names_a_known_fact(tmp_path: Path) -> None:
    unknown = FOOD_ENTRY.replace(
        "fine:\n        - {when: {factor: refused_correction}", "fine:\n        - {when: {factor: nope}"
    )
    assert "未知的情节 nope" in messages(check(tmp_path, unknown, "food.sample", "食品"))
    weight = FOOD_ENTRY.replace(
        "{name: 罚款, mode: 必处, when: {factor: refused_correction}}",
        "{name: 罚款, mode: 必处, when: [{factor: refused_correction}, {factor: eliminated_harm}]}",
    )
    assert "只能引用“事实”类情节" in messages(check(tmp_path, weight, "food.sample", "食品"))


def test_competition_law_2025_licence_after_a_fine_is_a_power(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """反不正当竞争法（2025）第二十四条：情节严重的，处…罚款，可以并处吊销营业执照 — a power."""
    monkeypatch.setitem(
        TEXTS,
        ("中华人民共和国反不正当竞争法", 24),
        (
            "有关单位违反本法第八条规定贿赂他人或者收受贿赂的，由监督检查部门没收违法所得，处十万元以上一百万元以下的"
            "罚款；情节严重的，处一百万元以上五百万元以下的罚款，可以并处吊销营业执照。"
        ),
    )
    monkeypatch.setitem(
        TEXTS, ("中华人民共和国反不正当竞争法", 8), "经营者不得采用财物或者其他手段贿赂下列单位或者个人"
    )
    entry = """\
id: competition.sample
name: 商业贿赂（测试）
area: 反不正当竞争
keywords: [贿赂]
versions:
  - valid_from: 2025-10-15
    violated: [{law: 中华人民共和国反不正当竞争法, article: 8}]
    basis: [{law: 中华人民共和国反不正当竞争法, article: 24}]
    clause:
      cite: {law: 中华人民共和国反不正当竞争法, article: 24}
      kinds:
        - {name: 罚款, mode: 必处}
        - {name: 吊销营业执照, mode: 可处, when: {severity: [严重]}}
      fine:
        - {fixed: {min: 100000, max: 1000000}}
        - {when: {severity: [严重]}, fixed: {min: 1000000, max: 5000000}}
"""
    assert check(tmp_path, entry, "competition.sample", "反不正当竞争") == []
    wrong = entry.replace("{name: 吊销营业执照, mode: 可处", "{name: 吊销营业执照, mode: 必处")
    assert "应为可处" in messages(check(tmp_path, wrong, "competition.sample", "反不正当竞争"))


FOOD_126_PARAGRAPHS = {
    1: FOOD_126,
    2: "餐具、饮具集中消毒服务单位违反本法规定用水……依照前款规定给予处罚。",
    3: "食品相关产品生产者未按规定对生产的食品相关产品进行检验的……依照第一款规定给予处罚。",
    4: "食用农产品销售者违反本法第六十五条规定的，由县级以上人民政府食品安全监督管理部门"
    "依照第一款规定给予处罚。",
}


class ParagraphResolver(TextResolver):
    """食品安全法第一百二十六条 by paragraph (第一款 and 第四款 as in the law; the others shortened)."""

    def resolve(
        self, law: str, article: int, paragraph: int | None, item: int | None, as_of: date
    ) -> ResolvedArticle | None:
        if (law, article) == ("中华人民共和国食品安全法", 126) and paragraph is not None:
            text = FOOD_126_PARAGRAPHS.get(paragraph)
            return ResolvedArticle(law, date(2021, 4, 29), None, f"第{paragraph}款", text) if text else None
        if (law, article) == ("中华人民共和国食品安全法", 65):
            return ResolvedArticle(
                law,
                date(2021, 4, 29),
                None,
                "第六十五条",
                "食用农产品销售者应当建立食用农产品进货查验记录制度",
            )
        return super().resolve(law, article, paragraph, item, as_of)


def test_food_safety_law_126_4_edible_agricultural_products_basis(tmp_path: Path) -> None:
    """食品安全法第一百二十六条第四款: 食用农产品销售者违反第六十五条的，依照第一款处罚 — cite ¶4."""
    entry = FOOD_ENTRY.replace("article: 53}", "article: 65}")
    catalog = load_catalog(write(tmp_path, entry, "food.sample", "食品"))
    found = check_catalog(catalog, load_factors(), {}, ParagraphResolver(), date(2026, 11, 25))
    assert any("第一百二十六条第四款" in p.problem and p.key == "versions[0].basis" for p in found)
    fixed = entry.replace(
        "basis: [{law: 中华人民共和国食品安全法, article: 126, paragraph: 1}]",
        "basis: [{law: 中华人民共和国食品安全法, article: 126, paragraph: 4},"
        " {law: 中华人民共和国食品安全法, article: 126, paragraph: 1}]",
    )
    catalog = load_catalog(write(tmp_path, fixed, "food.sample", "食品"))
    again = check_catalog(catalog, load_factors(), {}, ParagraphResolver(), date(2026, 11, 25))
    assert not [p for p in again if p.file.startswith("catalog/")]
