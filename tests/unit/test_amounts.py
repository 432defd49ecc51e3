"""Numerals and money amounts (zhifa.textnum), typed amounts and circumstance cues."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhifa.errors import ValidationFailed
from zhifa.precedents.amounts import find_role_amounts, first_amount
from zhifa.precedents.cues import cue_factors, find_cues, load_cues
from zhifa.textnum import find_amounts, parse_amount, parse_chinese_int, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("人民币伍万元整", "50000"),
        ("伍仟元", "5000"),
        ("壹佰贰拾叁元肆角伍分", "123.45"),
        ("贰仟捌佰壹拾伍元贰角捌分", "2815.28"),
        ("叁元零伍分", "3.05"),
        ("捌角", "0.8"),
        ("3.5万元", "35000"),
        ("1,200元", "1200"),
        ("1，200元", "1200"),
        ("12,345,678.90元", "12345678.9"),
        ("1200.00元", "1200"),
        ("73.890元", "73.89"),
        ("五千元", "5000"),
        ("两万元", "20000"),
        ("十二万元", "120000"),
        ("壹拾万元", "100000"),
        ("一千零五元", "1005"),
        ("一万零二百元", "10200"),
        ("一亿二千万元", "120000000"),
        ("2亿元", "200000000"),
        ("三点五万元", "35000"),
        ("人民币30000元", "30000"),
        ("￥5000", "5000"),
        ("零元", "0"),
        ("〇元", "0"),
    ],
)
def test_parse_amount(text: str, value: str) -> None:
    assert parse_amount(text) == Decimal(value)


def test_amount_bounds_keep_the_figure_and_the_word() -> None:
    # 程序规定 §84: 以上/以下 include the figure itself; the bound is kept for the caller to apply.
    found = find_amounts("处一万元以上十万元以下罚款，10万元以下")
    assert [(a.value, a.bound) for a in found] == [
        (Decimal(10000), "以上"),
        (Decimal(100000), "以下"),
        (Decimal(100000), "以下"),
    ]


def test_amounts_are_found_in_running_text_with_positions() -> None:
    text = "罚款人民币叁万元整（￥30000.00），没收违法所得1,710元"
    found = find_amounts(text)
    assert [a.value for a in found] == [Decimal(30000), Decimal(30000), Decimal(1710)]
    assert text[found[2].start : found[2].end] == "1,710元"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一千二百零五", 1205),
        ("十五", 15),
        ("两万", 20000),
        ("二〇二三", 2023),
        ("壹拾伍万", 150000),
        ("一百", 100),
    ],
)
def test_parse_chinese_int(text: str, value: int) -> None:
    assert parse_chinese_int(text) == value


def test_parse_number_arabic_and_chinese_with_magnitude() -> None:
    assert parse_number("3.5万") == Decimal(35000)
    assert parse_number("1,200.50") == Decimal("1200.50")
    assert parse_number("三点五") == Decimal("3.5")


@pytest.mark.parametrize("bad", ["", "万元", "单位：万元", "abc", "5000"])
def test_not_an_amount_is_refused_with_a_code(bad: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        parse_amount(bad)
    assert err.value.code == "bad_amount"
    assert "金额" in err.value.message


def test_bad_numeral_has_a_stable_code() -> None:
    with pytest.raises(ValidationFailed) as err:
        parse_chinese_int("三x")
    assert err.value.code == "bad_number"


def test_role_amounts_in_a_penalty_list() -> None:
    text = "决定处罚如下：1、没收违法所得73.89元；2、罚款1000元。另处5000元罚款，并处198.8元罚款"
    roles = [(r.role, r.value) for r in find_role_amounts(text)]
    assert roles == [
        ("没收违法所得", Decimal("73.89")),
        ("罚款", Decimal(1000)),
        ("罚款", Decimal(5000)),
        ("罚款", Decimal("198.8")),
    ]


def test_role_amounts_in_facts() -> None:
    text = "货值金额为1,200元，销售额3.5万元，违法所得共计：2184.72元，营业额两万元"
    assert first_amount(text, "货值金额") == Decimal(1200)
    assert first_amount(text, "销售额") == Decimal(35000)
    assert first_amount(text, "违法所得") == Decimal("2184.72")
    assert first_amount(text, "罚款") is None


def test_statutory_ranges_are_bounded_not_exact() -> None:
    found = find_role_amounts("没有违法所得的，处5万元以上50万元以下的罚款")
    assert all(r.bound is not None for r in found)
    assert first_amount("处5万元以上50万元以下的罚款", "罚款") is None


def test_cues_map_to_factor_ids() -> None:
    text = (
        "鉴于当事人系首次违法，及时改正，积极配合调查，主动消除或者减轻违法行为危害后果，涉及未成年人和老年人"
    )
    assert cue_factors(text) == [
        "first_offence",
        "corrected",
        "cooperated",
        "harm_eliminated",
        "minors",
        "elderly",
    ]


def test_negated_cues_are_not_counted() -> None:
    assert cue_factors("当事人未主动改正，不属于首次违法") == []
    assert cue_factors("当事人拒不配合调查，多次违法") == ["refused_cooperation", "repeated"]


def test_cue_hits_carry_effect_and_position() -> None:
    hits = find_cues("初次违法")
    assert hits[0].factor == "first_offence" and hits[0].effect == "exempting" and hits[0].start == 0


def test_cue_data_is_valid() -> None:
    cues = load_cues()
    assert len({c.id for c in cues}) == len(cues) >= 15
    assert {c.effect for c in cues} == {"mitigating", "aggravating", "exempting"}
