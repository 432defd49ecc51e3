"""Registry records and natural-person identity facts (GB 32100, GB 11643, 行政处罚法 第三十条)."""

from __future__ import annotations

from datetime import date

import pytest

from zhifa.domain.registry import name_differs, parse_entry, person_facts
from zhifa.errors import ValidationFailed
from zhifa.integrations.registry_file import read_registry_text


def test_only_uscc_and_name_are_required_and_the_check_character_is_verified() -> None:
    entry = parse_entry({"uscc": "91350100m000100y43", "name": " 福建某某公司 "})
    assert (
        entry.uscc == "91350100M000100Y43" and entry.name == "福建某某公司" and entry.established_on is None
    )
    with pytest.raises(ValidationFailed) as bad:
        parse_entry({"uscc": "91350100M000100Y44", "name": "校验码错"})  # GB 32100 第 18 位
    assert bad.value.code == "invalid_uscc"
    with pytest.raises(ValidationFailed) as nameless:
        parse_entry({"uscc": "91110000600037341L"})
    assert nameless.value.code == "party_name_required"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ({"division_code": "4201"}, "bad_division_code"),
        ({"established_on": "2020-13-01"}, "bad_established_on"),
        ({"established_on": "1900-01-01"}, "bad_established_on"),
        ({"capital": "100万"}, "bad_registry_field"),
        ({"name": "某" * 201}, "bad_registry_field"),
    ],
)
def test_bad_fields_are_refused_with_a_stable_code(raw: dict[str, str], code: str) -> None:
    with pytest.raises(ValidationFailed) as bad:
        parse_entry({"uscc": "91110000600037341L", "name": "北京某某公司", **raw})
    assert bad.value.code == code


def test_a_typed_name_differs_only_beyond_spaces_and_bracket_width() -> None:
    assert not name_differs("武汉某某 食品（江岸）有限公司", "武汉某某食品(江岸)有限公司")
    assert name_differs("武汉某某食品有限公司", "武汉某某食品贸易有限公司")


def test_csv_rows_are_checked_with_their_line_numbers() -> None:
    text = (
        "uscc,name,status\n"
        "91350100M000100Y43,福建某某公司,存续\n"
        "91350100M000100Y44,校验码错公司,存续\n"
        "\n"
        "91110000600037341L,,存续\n"
        "91350100M000100Y43,重复公司,存续\n"
        "91110000600037341L,北京某某公司\n"
    )
    result = read_registry_text(text, "csv")
    assert [e.uscc for e in result.entries] == ["91350100M000100Y43"]
    assert [line for line, _ in result.errors] == [3, 5, 6, 7] and result.bad_rows == 4
    assert "GB 32100" in result.errors[0][1] and "第 2 行重复" in result.errors[2][1]


def test_jsonl_rows_are_checked_with_their_line_numbers() -> None:
    text = '{"uscc": "91110000600037341L", "name": "北京某某公司"}\n[1]\nnot json\n'
    result = read_registry_text(text, "jsonl")
    assert len(result.entries) == 1 and [line for line, _ in result.errors] == [2, 3]


def test_a_header_without_the_required_columns_is_refused() -> None:
    with pytest.raises(ValidationFailed) as bad:
        read_registry_text("code,name\n91110000600037341L,北京某某公司\n", "csv")
    assert bad.value.code == "bad_registry_header"


def test_an_id_number_gives_birth_date_gender_and_age_at_the_act() -> None:
    facts = person_facts("11010519491231002X", date(2026, 12, 30))  # GB 11643 vector
    assert facts.birth_date == date(1949, 12, 31) and facts.gender == "female"  # 第 17 位 2：偶数为女
    assert facts.age == 76 and facts.factors == ()
    male = person_facts("360426199101010071", date(2026, 1, 1))
    assert male.gender == "male" and male.age == 35


def test_行政处罚法第三十条_under_14_and_14_to_18_feed_the_engine_factors() -> None:
    number = "110105201301010012"  # 2013-01-01 出生，男
    assert person_facts(number, date(2026, 12, 31)).factors == ("under_14",)  # 13 周岁
    assert person_facts(number, date(2027, 1, 1)).factors == ("minor_14_to_18",)  # 满 14 周岁当日
    assert person_facts(number, date(2030, 12, 31)).factors == ("minor_14_to_18",)
    assert person_facts(number, date(2031, 1, 1)).factors == ()  # 满 18 周岁
    assert person_facts(number).age is None and person_facts(number).factors == ()
    with pytest.raises(ValidationFailed) as early:
        person_facts(number, date(2012, 1, 1))
    assert early.value.code == "act_before_birth"
    with pytest.raises(ValidationFailed) as bad:
        person_facts("110105201301010013")  # 校验码错
    assert bad.value.code == "invalid_resident_id"
