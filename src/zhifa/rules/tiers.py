"""Discretion tiers (从轻 / 一般 / 从重) within a statutory range, and the suggested point."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TIER_NAMES = ("从轻", "一般", "从重")
ONE = Decimal(1)
STEP = Decimal("0.25")  # each further factor moves the point a quarter of the tier towards its edge


@dataclass(frozen=True)
class TierScheme:
    """Fractions of the range per tier: one scheme when the law sets a minimum, one when only a maximum."""

    with_minimum: Mapping[str, tuple[Decimal, Decimal]]
    maximum_only: Mapping[str, tuple[Decimal, Decimal]]


def tier_for(score: int) -> str:
    """Net factor score → tier: mitigating (<0) 从轻, none 一般, aggravating (>0) 从重."""
    if score < 0:
        return "从轻"
    if score > 0:
        return "从重"
    return "一般"


def position_in_tier(tier: str, score: int) -> Decimal:
    """Where in the tier (0 = its low end, 1 = its high end) the point lies; monotone in score."""
    if tier == "一般":
        return Decimal("0.5")
    extra = Decimal(abs(score) - 1) * STEP
    if tier == "从轻":
        return max(Decimal(0), Decimal("0.5") - extra)
    return min(ONE, Decimal("0.5") + extra)


def tier_ranges(low: Decimal | None, high: Decimal, scheme: TierScheme) -> dict[str, tuple[Decimal, Decimal]]:
    """Absolute [from, to] per tier for the statutory range (low None → maximum-only scheme)."""
    fractions = scheme.maximum_only if low is None else scheme.with_minimum
    base = low or Decimal(0)
    width = high - base
    return {name: (base + width * a, base + width * b) for name, (a, b) in fractions.items()}


def round_fine(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    """Round to whole yuan (cents when the band is narrower than a yuan), kept inside [low, high]."""
    unit = Decimal(1) if high - low >= 1 else Decimal("0.01")
    rounded = value.quantize(unit, rounding=ROUND_HALF_UP)
    if rounded < low:
        rounded = low.quantize(Decimal("0.01"), rounding="ROUND_CEILING")
    if rounded > high:
        rounded = high.quantize(Decimal("0.01"), rounding="ROUND_FLOOR")
    return rounded.quantize(Decimal("0.01"))


def suggest_point(band: tuple[Decimal, Decimal], position: Decimal) -> Decimal:
    """The point at `position` of band, rounded."""
    low, high = band
    return round_fine(low + (high - low) * position, low, high)
