"""Consistency of a proposed fine: statutory range, tier band, same-type precedents (畸轻畸重、类案不同罚)."""

from __future__ import annotations

from decimal import Decimal

from zhifa.assistant.consistency import check
from zhifa.assistant.pipeline_discretion import fine_at, position_in_range

D = Decimal
# 价格法 §42 / 价格违法行为行政处罚规定 §13: 可以并处5000元以下的罚款; 一般 band in the middle
PRICE_13 = (None, D(5000))
GENERAL = (D(1500), D(3500))


def test_within_range_band_and_precedents_is_ok() -> None:
    c = check(D(2500), PRICE_13, "一般", GENERAL, [0.4, 0.5, 0.6], [D(2000), D(2500), D(3000)])
    assert c.ok and c.flags == [] and c.position == 0.5
    assert c.to_dict()["precedent_median_position"] == 0.5


def test_above_the_statutory_maximum_is_heavy() -> None:
    c = check(D(8000), PRICE_13, "一般", GENERAL, [], [])
    assert c.flags == ["畸重"] and "5000" in c.reasons[0]


def test_below_the_minimum_without_reduction_is_light() -> None:
    # 食品安全法 §124: 货值金额不足一万元的，并处五万元以上十万元以下罚款
    food = (D(50000), D(100000))
    assert check(D(20000), food, "从轻", (D(50000), D(65000)), [], []).flags == ["畸轻"]
    assert check(D(20000), food, "减轻", None, [], [], reduction_allowed=True).ok


def test_far_outside_the_tier_band() -> None:
    assert check(D(4900), PRICE_13, "从轻", (D(0), D(1500)), [], []).flags == ["畸重"]
    assert check(D(100), PRICE_13, "从重", (D(3500), D(5000)), [], []).flags == ["畸轻"]


def test_same_type_precedents_decided_otherwise() -> None:
    c = check(D(4500), PRICE_13, None, None, [0.1, 0.2, 0.15, 0.2], [])
    assert c.flags == ["类案不同罚"] and "高于同类判例" in c.reasons[0]
    # without a range: compared with the precedents' median fine
    c2 = check(D(100), None, None, None, [], [D(2000), D(3000), D(2500)])
    assert c2.flags == ["类案不同罚"] and c2.precedent_median_fine == D(2500)
    assert check(D(2400), None, None, None, [], [D(2000), D(3000), D(2500)]).ok


def test_too_few_precedents_raise_no_flag() -> None:
    assert check(D(4500), PRICE_13, None, None, [0.1, 0.2], []).ok


def test_position_helpers() -> None:
    assert position_in_range(D(75000), (D(50000), D(100000))) == 0.5
    assert position_in_range(D(1), None) is None and position_in_range(D(1), (D(5), D(5))) is None
    assert fine_at(0.4, (None, D(5000))) == D(2000)
