"""Fines written as formulas or with amount notes (处违法所得0.2倍的罚款, 壹仟（1000）元)."""

from __future__ import annotations

from decimal import Decimal

from zhifa.precedents.penalties import (
    PenaltyItem,
    fine_from_formula,
    normalise_amount_notes,
    read_penalties,
    total_fine,
)


def test_fine_as_multiple_of_confiscated_income() -> None:
    # 价格违法行为行政处罚规定 §9: 没收违法所得，并处违法所得5倍以下的罚款
    items = read_penalties(
        "处罚如下：一、责令立即改正。二、没收违法所得156342.30元。三、处违法所得金额0.2倍的罚款。"
    )
    assert total_fine(items) == Decimal("31268.46")


def test_fine_formula_prefers_the_stated_total() -> None:
    assert fine_from_formula("处违法所得（74.61元）三倍的罚款，共计223.83元", {}) == Decimal("223.83")
    assert fine_from_formula("并处违法所得1.5倍的罚款", {"违法所得": Decimal(24)}) == Decimal("36.00")
    assert fine_from_formula("并处违法所得1.5倍的罚款", {}) is None


def test_amount_notes_and_bare_numbers() -> None:
    assert normalise_amount_notes("罚款人民币壹仟（1000）元整") == "罚款人民币1000元"
    assert normalise_amount_notes("罚款500（伍佰）元") == "罚款500元"
    assert total_fine(read_penalties("决定处罚如下：罚款7313.61。")) == Decimal("7313.61")


def test_amount_broken_over_lines_by_the_pdf_layout_is_read() -> None:
    # 化妆品监督管理条例 §59 decision whose PDF text puts the amount on lines of its own
    items = read_penalties("决定作如下行政处罚：（\n1\n）没收化妆品2支。（\n2\n）罚款\n20000\n元。")
    assert PenaltyItem("罚款", Decimal(20000)) in items
