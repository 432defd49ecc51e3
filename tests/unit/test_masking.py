"""Masking of natural persons' data (names, ID numbers, phones, addresses) and party types."""

from __future__ import annotations

import pytest

from zhifa.precedents.masking import (
    looks_like_person_name,
    mask_address,
    mask_id_number,
    mask_person_name,
    mask_phone,
    mask_text,
)
from zhifa.precedents.party import INDIVIDUAL_BUSINESS, NATURAL_PERSON, ORGANISATION, parse_party


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张某某", "张某"),
        ("张三", "张某"),
        ("王小明", "王某"),
        ("欧阳娜娜", "欧阳某"),
        ("司马光", "司马某"),
        ("何*", "何某"),
    ],
)
def test_person_names_keep_the_surname(name: str, masked: str) -> None:
    assert mask_person_name(name) == masked


def test_person_name_detection() -> None:
    assert looks_like_person_name("李四")
    assert not looks_like_person_name("某某商贸有限公司")
    assert not looks_like_person_name("阿娟便利店")


def test_id_number_and_phone_masking() -> None:
    assert mask_id_number("110101199003071234") == "11**************34"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0571-87654321") == "0571-****21"


def test_address_keeps_the_district() -> None:
    assert mask_address("浙江省杭州市西湖区文三路100号3幢") == "浙江省杭州市西湖区****"


def test_mask_text_hides_ids_phones_and_names() -> None:
    text = "经营者张三，身份证号码110101199003071234，联系电话13812345678。"
    out = mask_text(text, names=["张三"])
    assert "张三" not in out and "张某" in out
    assert "110101199003071234" not in out and "13812345678" not in out
    assert "138****5678" in out


def test_organisation_keeps_its_name() -> None:
    block = "当事人：某某科技有限公司\n统一社会信用代码：91330100MA2XXXXX1X\n法定代表人：李四\n"
    party = parse_party(block)
    assert party is not None
    assert party.kind == ORGANISATION
    assert party.display_name == "某某科技有限公司"
    assert party.representative == "李四"


def test_individual_business_by_credit_code_masks_the_operator() -> None:
    block = "当事人：某县便民小卖部（王五）\n统一社会信用代码：92330100MA2YYYYY2Y\n经营者：王五\n"
    party = parse_party(block)
    assert party is not None
    assert party.kind == INDIVIDUAL_BUSINESS
    assert party.display_name == "某县便民小卖部（王某）"


def test_individual_business_named_after_the_person_is_masked() -> None:
    block = "当事人：赵六\n统一社会信用代码：92130000MA0AAAAA3A\n经营者：赵六\n"
    party = parse_party(block)
    assert party is not None and party.kind == INDIVIDUAL_BUSINESS and party.display_name == "赵某"


def test_natural_person_without_code() -> None:
    block = "当事人：孙七\n性别：男\n身份证号码：110101199003071234\n住址：北京市东城区某街1号\n"
    party = parse_party(block)
    assert party is not None
    assert party.kind == NATURAL_PERSON
    assert party.display_name == "孙某"
    assert party.has_id_number


def test_no_party_name_gives_none() -> None:
    assert parse_party("主体资格证照名称：营业执照\n") is None
    fallback = parse_party("当事人：\n", fallback_name="某某有限公司")
    assert fallback is not None and fallback.name == "某某有限公司"
