"""Consistency of a proposed fine: against the statutory range, the tier and similar precedents.

Flags (with reasons in Chinese): 超出法定幅度 (above the maximum), 低于法定最低 (below the minimum without
a reduction), 畸重 / 畸轻 (outside the suggested tier's band by more than half a band), 类案不同罚 (far from
what the same-type precedents decided, relative to their position in the range).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from zhifa.assistant.pipeline_discretion import position_in_range

PRECEDENT_GAP = 0.35  # difference of relative position in the range that counts as 类案不同罚
PRECEDENT_RATIO = 3  # without a range: a fine 3× above or below the precedents' median
MIN_PRECEDENTS = 3


@dataclass
class Consistency:
    """The verdict on a proposed fine."""

    proposed_fine: Decimal
    position: float | None
    flags: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    precedent_median_position: float | None = None
    precedent_median_fine: Decimal | None = None

    @property
    def ok(self) -> bool:
        """No flag raised."""
        return not self.flags

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "proposed_fine": str(self.proposed_fine),
            "position_in_range": None if self.position is None else round(self.position, 3),
            "ok": self.ok,
            "flags": self.flags,
            "reasons": self.reasons,
            "precedent_median_position": None
            if self.precedent_median_position is None
            else round(self.precedent_median_position, 3),
            "precedent_median_fine": None
            if self.precedent_median_fine is None
            else str(self.precedent_median_fine),
        }


def _flag(c: Consistency, flag: str, reason: str) -> None:
    if flag not in c.flags:
        c.flags.append(flag)
    c.reasons.append(reason)


def check(
    proposed: Decimal,
    statutory: tuple[Decimal | None, Decimal | None] | None,
    tier: str | None,
    band: tuple[Decimal, Decimal] | None,
    precedent_positions: Sequence[float],
    precedent_fines: Sequence[Decimal],
    reduction_allowed: bool = False,
) -> Consistency:
    """Judge a proposed fine; every flag comes with the figures behind it."""
    c = Consistency(proposed, position_in_range(proposed, statutory))
    low = statutory[0] if statutory else None
    high = statutory[1] if statutory else None
    if high is not None and proposed > high:
        _flag(c, "畸重", f"拟罚款 {proposed} 元超出法定最高额 {high} 元")
    if low is not None and proposed < low and not reduction_allowed:
        _flag(c, "畸轻", f"拟罚款 {proposed} 元低于法定最低额 {low} 元，且没有法定减轻情节")
    if band is not None and tier and (high is None or proposed <= high) and (low is None or proposed >= low):
        width = band[1] - band[0]
        if proposed > band[1] + width / 2:
            _flag(c, "畸重", f"拟罚款 {proposed} 元明显高于“{tier}”阶次的建议幅度 {band[0]}–{band[1]} 元")
        elif proposed < band[0] - width / 2:
            _flag(c, "畸轻", f"拟罚款 {proposed} 元明显低于“{tier}”阶次的建议幅度 {band[0]}–{band[1]} 元")
    if len(precedent_positions) >= MIN_PRECEDENTS and c.position is not None:
        median = statistics.median(precedent_positions)
        c.precedent_median_position = median
        if abs(c.position - median) > PRECEDENT_GAP:
            side = "高于" if c.position > median else "低于"
            _flag(
                c,
                "类案不同罚",
                f"拟罚款位于法定幅度的 {c.position:.0%}，{side}同类判例的中位位置 {median:.0%}",
            )
    elif len(precedent_fines) >= MIN_PRECEDENTS:
        med = Decimal(statistics.median(precedent_fines))
        c.precedent_median_fine = med
        if med > 0 and (proposed > med * PRECEDENT_RATIO or proposed * PRECEDENT_RATIO < med):
            side = "高于" if proposed > med else "低于"
            _flag(c, "类案不同罚", f"拟罚款 {proposed} 元明显{side}同类判例罚款中位数 {med} 元")
    if precedent_fines and c.precedent_median_fine is None:
        c.precedent_median_fine = Decimal(statistics.median(precedent_fines))
    return c
