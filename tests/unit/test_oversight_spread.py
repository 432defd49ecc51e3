"""The disparity measure of docs/consistency.md on figures worked by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhifa.oversight.facts import position_in_range
from zhifa.oversight.spread import offset_flagged, quantile, spread


def test_position_in_range_0_at_the_minimum_1_at_the_maximum_negative_when_mitigated() -> None:
    low, high = Decimal("50000"), Decimal("100000")
    assert position_in_range(Decimal("50000"), low, high) == 0.0
    assert position_in_range(Decimal("100000"), low, high) == 1.0
    assert position_in_range(Decimal("75000"), low, high) == 0.5
    assert position_in_range(Decimal("30000"), low, high) == -0.4  # 减轻 below the minimum
    assert position_in_range(Decimal("5000"), Decimal("5000"), Decimal("5000")) is None  # no width
    assert position_in_range(Decimal("5000"), None, high) is None


def test_quartiles_interpolate_between_ranks_like_numpy() -> None:
    values = [0.2, 0.25, 0.3, 0.35, 0.4, 0.95]
    assert quantile(values, 0.25) == pytest.approx(0.2625)
    assert quantile(values, 0.5) == pytest.approx(0.325)
    assert quantile(values, 0.75) == pytest.approx(0.3875)
    assert quantile([0.7], 0.25) == 0.7
    with pytest.raises(ValueError):
        quantile([], 0.5)


def test_tukey_fences_with_the_floor_and_the_minimum_group() -> None:
    s = spread([0.2, 0.25, 0.3, 0.35, 0.4, 0.95])
    assert s.iqr == pytest.approx(0.125) and s.fences == pytest.approx((0.075, 0.575))
    assert s.is_outlier(0.95) and not s.is_outlier(0.5)
    same = spread([0.5] * 6)  # every case at one point: the 0.10 floor keeps 0.6 inside
    assert same.fences == pytest.approx((0.35, 0.65)) and not same.is_outlier(0.6) and same.is_outlier(0.7)
    small = spread([0.1, 0.1, 0.9])  # fewer than 5 cases: no outliers at all
    assert not small.is_outlier(0.9)


def test_an_officer_is_flagged_from_3_cases_a_quarter_of_the_range_off_the_median() -> None:
    group = spread([0.3] * 10)
    assert offset_flagged(spread([0.55, 0.6, 0.7]), group)
    assert not offset_flagged(spread([0.5, 0.5, 0.5]), group)  # 0.2 off
    assert not offset_flagged(spread([0.9, 0.9]), group)  # 2 cases
