"""Numbers in law text are compared in normalised form (五千元 = 5000元; 百分之五十 = 0.5; 等值 = 1)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhifa.rules.numerals import appears_in, article_label, cn_number, numbers_in


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("5000", "可以并处五千元以下的罚款"),
        ("5000", "可以并处5000元以下的罚款"),
        ("50000", "处5万元以上50万元以下的罚款"),
        ("500000", "处5万元以上50万元以下的罚款"),
        ("100000", "处三万元以上十万元以下罚款"),
        ("0.5", "货值金额百分之五十以上三倍以下"),
        ("0.3", "货值金额百分之三十以下"),
        ("15", "货值金额十五倍以上三十倍以下"),
        ("1", "货值金额等值以下的罚款"),
        ("2000000", "处一百万元以上二百万元以下的罚款"),
    ],
)
def test_figure_appears(value: str, text: str) -> None:
    assert appears_in(Decimal(value), text)


def test_absent_figure() -> None:
    assert not appears_in(Decimal(6000), "可以并处五千元以下的罚款")
    assert Decimal(0) not in numbers_in("万元")


def test_article_labels() -> None:
    assert [cn_number(n) for n in (10, 11, 20, 101, 110, 124)] == [
        "十",
        "十一",
        "二十",
        "一百零一",
        "一百一十",
        "一百二十四",
    ]
    assert article_label(124, 1, 5) == "第一百二十四条第一款第（五）项"
