"""The disparity measure of docs/consistency.md (pure): quartiles of position-in-range among similar
cases (same violation type and tier), Tukey fences for outliers, the offset of a region or an officer.

- spread of a group = its interquartile range (IQR) of position-in-range, reported only for groups of at
  least `MIN_GROUP` cases (fewer say nothing about disparity);
- an outlier is a case whose position lies below Q1 − 1.5·w or above Q3 + 1.5·w, with w = max(IQR,
  `IQR_FLOOR`): the floor keeps a group whose cases all sit at one point from calling every small
  difference an outlier;
- the offset of a region or officer = its median minus the group's median; flagged when it has at least
  `MIN_SUBGROUP` cases and |offset| ≥ `OFFSET_LIMIT` (a quarter of the statutory range).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MIN_GROUP = 5
MIN_SUBGROUP = 3
IQR_FLOOR = 0.10
FENCE = 1.5
OFFSET_LIMIT = 0.25


def quantile(sorted_values: Sequence[float], q: float) -> float:
    """The q-quantile by linear interpolation between closest ranks (numpy's default, “type 7”)."""
    if not sorted_values:
        raise ValueError("no values")
    h = (len(sorted_values) - 1) * q
    lo = int(h)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (h - lo) * (sorted_values[hi] - sorted_values[lo])


@dataclass(frozen=True)
class Spread:
    """Five numbers and the fences of one group of positions."""

    n: int
    low: float
    q1: float
    median: float
    q3: float
    high: float

    @property
    def iqr(self) -> float:
        """Interquartile range: the disparity measure."""
        return self.q3 - self.q1

    @property
    def fences(self) -> tuple[float, float]:
        """(lower, upper) limits outside which a case is an outlier."""
        w = max(self.iqr, IQR_FLOOR)
        return self.q1 - FENCE * w, self.q3 + FENCE * w

    def is_outlier(self, value: float) -> bool:
        """True when the value lies outside the fences (only for groups of at least MIN_GROUP)."""
        low, high = self.fences
        return self.n >= MIN_GROUP and (value < low or value > high)

    def as_dict(self) -> dict[str, float | int]:
        """JSON-ready, rounded to 4 places."""
        low, high = self.fences
        return {
            "n": self.n, "min": _r(self.low), "q1": _r(self.q1), "median": _r(self.median),
            "q3": _r(self.q3), "max": _r(self.high), "iqr": _r(self.iqr),
            "fence_low": _r(low), "fence_high": _r(high),
        }  # fmt: skip


def _r(x: float) -> float:
    return round(x, 4)


def spread(values: Sequence[float]) -> Spread:
    """The spread of some positions (at least one)."""
    s = sorted(values)
    return Spread(len(s), s[0], quantile(s, 0.25), quantile(s, 0.5), quantile(s, 0.75), s[-1])


def offset_flagged(sub: Spread, group: Spread) -> bool:
    """True when a region's or officer's median is far from the group's (see the module docstring)."""
    return sub.n >= MIN_SUBGROUP and group.n >= MIN_GROUP and abs(sub.median - group.median) >= OFFSET_LIMIT
