"""Extraction from facts: amounts by role (Chinese and Arabic numerals), dates, party type, cues → factors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zhifa.assistant.extract import extract, find_dates, party_type_of


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("经查，涉案食品货值金额人民币伍万元整。", "goods_value", Decimal(50000)),
        ("当事人违法所得3.5万元。", "illegal_income", Decimal(35000)),
        ("上述商品销售额共计1,200元。", "sales", Decimal(1200)),
        ("违法所得为人民币壹仟贰佰叁拾元肆角伍分。", "illegal_income", Decimal("1230.45")),
        ("发布虚假广告，广告费用共计8000元。", "ad_fee", Decimal(8000)),
    ],
)
def test_amounts_by_role_in_chinese_and_arabic_numerals(text: str, field: str, value: Decimal) -> None:
    assert extract(text).amounts[field] == value


def test_bounded_amounts_are_not_taken_as_facts() -> None:
    # "5000元以下" is a statutory bound, not what the party earned
    ex = extract("依法可处违法所得5000元以下罚款。")
    assert "illegal_income" not in ex.amounts


def test_largest_figure_of_a_role_is_the_total() -> None:
    ex = extract("第一批违法所得300元，第二批违法所得500元，违法所得合计800元。")
    assert ex.amounts["illegal_income"] == Decimal(800)


def test_dates_and_act_date() -> None:
    text = "当事人成立于2017年4月14日。2023年5月1日至二〇二三年六月十日期间，当事人……2023年2月30日"
    assert find_dates(text) == [date(2017, 4, 14), date(2023, 5, 1), date(2023, 6, 10)]
    # the act as last seen, not the registration date; a future 有效期至 date is ignored
    assert extract(text + "许可证有效期至2099年1月1日").act_date == date(2023, 6, 10)
    assert extract("2023年初，当事人开始销售").act_date is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("当事人系个体工商户，经营者张某。", "individual_business"),
        ("当事人某某商贸有限公司在其门店销售。", "organization"),
        ("当事人系流动摊贩。", "person"),
        ("当事人在其门店销售。", None),
    ],
)
def test_party_type(text: str, kind: str | None) -> None:
    assert party_type_of(text) == kind


def test_cues_map_to_catalog_factors_and_negations_are_skipped() -> None:
    # 行政处罚法 §32 (从轻/减轻) and 价格违法行为行政处罚规定 §17 (从重) factors
    ex = extract(
        "当事人系首次违法，主动改正，积极配合调查，未涉及未成年人，没有发现多次违法，但拒不配合退还。"
    )
    cues = [c["cue"] for c in ex.cues]
    assert cues == ["first_offence", "corrected", "cooperated", "refused_cooperation"]
    assert ex.factors == ["obstructed_investigation"]
    assert ex.exemptions == [
        "first_violation_minor"
    ]  # 行政处罚法 §33: suggested, never applied automatically


def test_aggravating_cues() -> None:
    ex = extract("当事人向未成年人销售烟草制品，且曾因同类违法行为被处罚过，多次违法。")
    assert {"harmed_minors_or_elderly", "repeated_violation"} <= set(ex.factors)


def test_quantities_and_odd_input_never_raise() -> None:
    assert extract("共售出45瓶、3箱。").quantities[0] == {"value": "45", "unit": "瓶", "text": "45瓶"}
    for odd in ("", "hello", "元元元", "9" * 5000 + "元", "第" * 1000):
        extract(odd)
