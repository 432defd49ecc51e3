"""Very long digit runs in pasted text (account numbers, OCR noise) never crash amount extraction."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhifa.textnum import find_amounts, money


@pytest.mark.parametrize("digits", [16, 23, 40, 60])
def test_a_long_digit_run_before_yuan_is_read_exactly(digits: int) -> None:
    figure = "1" * digits
    [amount] = find_amounts(f"账号{figure}元")
    assert amount.value == Decimal(figure)


def test_a_long_prefixed_bare_figure_is_read_exactly() -> None:
    [amount] = find_amounts("人民币" + "9" * 30)
    assert amount.value == Decimal("9" * 30)


def test_money_keeps_cents_and_drops_trailing_zeros_at_any_size() -> None:
    assert money(Decimal("1" * 30 + ".50")) == Decimal("1" * 30 + ".5")
    assert str(money(Decimal("1" * 30 + ".00"))) == "1" * 30
