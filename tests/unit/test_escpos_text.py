"""Wrapping for thermal paper: a Chinese character takes two columns, punctuation that may not open a line
stays with the character before it, codes and numbers are not cut, no line is ever wider than the paper."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhifa.printing.text import COLUMNS, char_width, text_width, wrap


def test_columns_of_58_and_80_mm_paper() -> None:
    assert COLUMNS == {58: 32, 80: 48}
    assert char_width("a") == 1 and char_width("罚") == 2 and char_width("，") == 2 and char_width("〔") == 2
    assert text_width("鄂市监处罚〔2026〕12号") == 2 * 8 + 6


def test_sixteen_chinese_characters_fill_a_58_mm_line() -> None:
    text = "当事人应当自收到本决定书之日起十五日内缴纳罚款"
    lines = wrap(text, 32)
    assert lines == ["当事人应当自收到本决定书之日起十", "五日内缴纳罚款"]
    assert all(text_width(line) <= 32 for line in lines)


def test_a_comma_never_opens_a_line() -> None:
    text = "一二三四五六七八九十一二三四五六，七八"  # the comma is the 17th character
    lines = wrap(text, 32)
    assert lines == ["一二三四五六七八九十一二三四五", "六，七八"]


def test_an_opening_bracket_never_ends_a_line() -> None:
    text = "一二三四五六七八九十一二三四五《食品安全法》"
    lines = wrap(text, 32)
    assert lines[0] == "一二三四五六七八九十一二三四五" and lines[1] == "《食品安全法》"
    assert wrap("一二三四五六七八九十一二三四五《六", 32) == ["一二三四五六七八九十一二三四五", "《六"]


def test_codes_and_amounts_stay_whole() -> None:
    text = "统一社会信用代码：91350100M000100Y43"
    lines = wrap(text, 32)
    assert lines == ["统一社会信用代码：", "91350100M000100Y43"]
    assert wrap("罚款人民币5000.00元", 16) == ["罚款人民币", "5000.00元"]


def test_a_code_longer_than_the_line_is_cut_and_every_line_fits() -> None:
    digest = "ab" * 32
    assert wrap(digest, 32) == [digest[:32], digest[32:]]
    text = "核验：https://zhifa.example.cn/verify/" + digest + "。下一句"
    for columns in (16, 32, 48):
        lines = wrap(text, columns)
        assert all(text_width(line) <= columns for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_indent_opens_the_first_line_only() -> None:
    lines = wrap("经查，当事人于2026年3月销售过期食品，货值金额一千元。", 32, "　　")
    assert lines[0].startswith("　　经查") and not lines[1].startswith("　")
    assert all(text_width(line) <= 32 for line in lines)


def test_spaces_do_not_open_or_end_a_line_and_empty_text_is_one_empty_line() -> None:
    lines = wrap("abcdefghij klmnopqrst uvwxyz0123 456789", 16)
    assert all(not line.startswith(" ") and not line.endswith(" ") for line in lines)
    assert wrap("", 32) == [""]
    with pytest.raises(ValueError):
        wrap("x", 2)


@given(
    st.text(alphabet="罚款当事人决定书，。、：；（）《》“”〔〕0123456789abcXYZ.- ", max_size=200),
    st.sampled_from([16, 24, 32, 48]),
)
def test_any_text_fits_and_nothing_is_lost(text: str, columns: int) -> None:
    lines = wrap(text, columns)
    assert all(text_width(line) <= columns for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
