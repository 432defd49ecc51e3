"""The discretion step: run the catalog engine for a violation type with what the facts say."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from zhifa.errors import ZhifaError
from zhifa.rules.engine import suggest
from zhifa.rules.factors import FactorSet
from zhifa.rules.inputs import make_input
from zhifa.rules.loader import Catalog
from zhifa.rules.outcome import Suggestion
from zhifa.rules.ports import ArticleResolver
from zhifa.rules.profiles import RulesProfile
from zhifa.timefmt import beijing_today

# party kinds of the precedent parser → party types of the catalog
PARTY_FROM_RECORD = {
    "natural_person": "person",
    "individual_business": "individual_business",
    "organisation": "organization",
}
AMOUNT_FROM_ROLE = {"违法所得": "illegal_income", "货值金额": "goods_value", "销售额": "sales"}


@dataclass(frozen=True)
class Discretion:
    """The engine's suggestion, or why there is none."""

    suggestion: Suggestion | None
    error_code: str | None = None
    error: str | None = None

    @property
    def range(self) -> tuple[Decimal | None, Decimal | None] | None:
        """Statutory fine range (low, high) or None when no fine applies."""
        s = self.suggestion
        return (s.statutory.low, s.statutory.high) if s is not None and s.statutory is not None else None


def run_engine(
    catalog: Catalog,
    factors: FactorSet,
    profile: RulesProfile,
    type_id: str,
    act_date: date,
    party_type: str,
    amounts: Mapping[str, Decimal],
    factor_ids: Sequence[str] = (),
    *,
    resolver: ArticleResolver | None = None,
    today: date | None = None,
) -> Discretion:
    """Suggest with the engine; a factor not applying to the party or area is dropped, errors are kept."""
    usable = []
    entry = catalog.entries.get(type_id)
    for fid in factor_ids:
        factor = factors.factors.get(fid)
        if factor is None or (factor.party_types is not None and party_type not in factor.party_types):
            continue
        if entry is not None and not factor.applies_to(entry.area):
            continue  # e.g. a 价格 从重 ground found in the facts of a food case
        usable.append(fid)
    decided = max(act_date, today or beijing_today())
    try:
        inp = make_input(
            type_id, act_date, party_type, dict(amounts), usable, decision_date=decided, profile=profile.code
        )
        return Discretion(suggest(catalog, factors, profile, inp, resolver, today=decided))
    except ZhifaError as exc:
        return Discretion(None, exc.code, exc.message)


def position_in_range(
    fine: Decimal | None, rng: tuple[Decimal | None, Decimal | None] | None
) -> float | None:
    """Where a fine sits in its statutory range: 0 = minimum, 1 = maximum (<0 below, >1 above)."""
    if fine is None or rng is None or rng[1] is None:
        return None
    low = rng[0] or Decimal(0)
    high = rng[1]
    if high <= low:
        return None
    return float((fine - low) / (high - low))


def fine_at(position: float, rng: tuple[Decimal | None, Decimal | None] | None) -> Decimal | None:
    """The fine at a relative position of a range (inverse of position_in_range)."""
    if rng is None or rng[1] is None:
        return None
    low = rng[0] or Decimal(0)
    return (low + (rng[1] - low) * Decimal(str(round(position, 4)))).quantize(Decimal(1))
