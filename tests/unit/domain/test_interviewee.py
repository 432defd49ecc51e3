"""The person questioned in a 询问笔录 (程序规定 第二十九条): gender as written or read from an
18-character ID number (GB 11643-1999: the 17th digit is odd for men), a gender that contradicts the
number refused, a telephone number as people write it."""

from __future__ import annotations

import pytest

from zhifa.domain.parties import check_gender, check_id_number, check_phone
from zhifa.errors import ValidationFailed

MAN = "42010219800101001X"  # 17th digit 1
WOMAN = "11010519491231002X"  # 17th digit 2


def test_gender_is_read_from_the_17th_digit_of_the_number_GB_11643() -> None:
    assert check_gender("", check_id_number(MAN)) == "男"
    assert check_gender("", check_id_number(WOMAN.lower())) == "女"
    assert check_gender(" 女 ", WOMAN) == "女"  # written and agreeing


def test_without_an_18_character_number_gender_is_as_written_or_empty() -> None:
    assert check_gender("", "") == ""
    assert check_gender("男", "E12345678") == "男"  # a passport says nothing of gender in its number
    assert check_gender("", "E12345678") == ""


@pytest.mark.parametrize(
    ("gender", "number", "code"),
    [("女", MAN, "gender_id_mismatch"), ("男", WOMAN, "gender_id_mismatch"), ("M", "", "invalid_gender")],
)
def test_a_gender_the_number_contradicts_or_not_male_or_female_is_refused(
    gender: str, number: str, code: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_gender(gender, number)
    assert refused.value.code == code
    if code == "gender_id_mismatch":
        assert "第17位" in refused.value.message and "请核对证件" in refused.value.message


@pytest.mark.parametrize(
    "phone",
    ["13812345678", "027-85551234", "(027) 8555 1234", "+86 138 1234 5678", "027-85551234转806", "12315"],
)
def test_telephone_numbers_as_people_write_them_are_kept(phone: str) -> None:
    assert check_phone(f" {phone} ") == phone


@pytest.mark.parametrize(
    "phone", ["1234", "138-1234-567a", "+86+13812345678", "1" * 21, "电话13812345678", "12\x005678"]
)
def test_what_is_not_a_telephone_number_is_refused(phone: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_phone(phone, "被询问人联系电话")
    assert refused.value.code == "invalid_phone" and refused.value.message.startswith("被询问人联系电话")


def test_no_telephone_stays_empty() -> None:
    assert check_phone("  ") == ""
