"""Circumstance factors (不予处罚 / 从轻减轻 / 从重) as data with citations."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from zhifa.errors import ValidationFailed
from zhifa.rules.clauses import parse_cite
from zhifa.rules.models import PARTY_TYPES, Cite
from zhifa.rules.yamlio import CatalogInvalid, Problem, Reader, read_yaml

FACTORS_DIR = Path(__file__).parent / "factors"
# 事实: a stated fact a penalty clause turns on (拒不改正 …): no weight in the tier, it selects the branch.
EFFECTS = ("不予处罚", "可以不予处罚", "应当从轻或者减轻", "可以从轻或者减轻", "从轻", "从重", "事实")
MITIGATING = ("应当从轻或者减轻", "可以从轻或者减轻", "从轻")
REDUCIBLE = ("应当从轻或者减轻", "可以从轻或者减轻")


@dataclass(frozen=True)
class Factor:
    """One circumstance: its effect on the penalty and the provision that says so."""

    id: str
    name: str
    effect: str
    cite: Cite
    party_types: tuple[str, ...] | None
    keywords: tuple[str, ...]
    note: str
    weight: int = 1
    areas: tuple[str, ...] | None = None  # catalog areas where the cited basis applies (None = all)

    def applies_to(self, area: str) -> bool:
        """True when the factor's basis is valid for violations of this area."""
        return self.areas is None or area in self.areas

    @property
    def mitigating(self) -> bool:
        """True for 从轻/减轻 effects."""
        return self.effect in MITIGATING

    @property
    def aggravating(self) -> bool:
        """True for 从重."""
        return self.effect == "从重"

    def to_dict(self) -> dict[str, object]:
        """Plain data for trails and listings."""
        return {
            "id": self.id,
            "name": self.name,
            "effect": self.effect,
            "cite": self.cite.to_dict(),
            "note": self.note,
        }


@dataclass(frozen=True)
class FactorSet:
    """All known factors by id."""

    factors: Mapping[str, Factor]

    def get(self, factor_id: str) -> Factor:
        """The factor, or ValidationFailed(unknown_factor)."""
        factor = self.factors.get(factor_id)
        if factor is None:
            raise ValidationFailed(
                f"未知的裁量情节：{factor_id}",
                code="unknown_factor",
                details={"field": "factors", "value": factor_id},
            )
        return factor


_FACTOR_KEYS = {"id", "name", "effect", "cite", "party_types", "keywords", "note", "weight", "areas"}


def _parse_factor(r: Reader, raw: object, key: str) -> Factor | None:
    data = r.mapping(raw, key, _FACTOR_KEYS, {"id", "name", "effect", "cite"})
    if data is None:
        return None
    cite = parse_cite(r, data.get("cite"), f"{key}.cite")
    parties = data.get("party_types")
    party_types = None
    if parties is not None:
        party_types = tuple(r.choice(p, f"{key}.party_types", PARTY_TYPES) for p in parties)
    weight = r.integer(data.get("weight", 1), f"{key}.weight") or 1
    areas = r.texts(data["areas"], f"{key}.areas") if "areas" in data else None
    if cite is None:
        return None
    return Factor(
        r.text(data.get("id"), f"{key}.id"),
        r.text(data.get("name"), f"{key}.name"),
        r.choice(data.get("effect"), f"{key}.effect", EFFECTS),
        cite,
        party_types,
        r.texts(data.get("keywords"), f"{key}.keywords"),
        r.text(data.get("note"), f"{key}.note", optional=True),
        weight,
        areas,
    )


def load_factors(root: Path = FACTORS_DIR) -> FactorSet:
    """Load every factors/*.yaml (top key `factors`: a list); raise CatalogInvalid on any problem."""
    problems: list[Problem] = []
    found: dict[str, Factor] = {}
    for path in sorted(root.glob("*.yaml")):
        label = f"factors/{path.name}"
        data, problem = read_yaml(path, label)
        if problem:
            problems.append(problem)
            continue
        r = Reader(label, problems)
        top = r.mapping(data, "", {"factors"}, {"factors"})
        if top is None or not isinstance(top.get("factors"), list):
            if top is not None:
                r.fail("factors", "应为列表")
            continue
        for i, raw in enumerate(top["factors"]):
            factor = _parse_factor(r, raw, f"factors[{i}]")
            if factor is None:
                continue
            if factor.id in found:
                r.fail(f"factors[{i}].id", f"情节编号 {factor.id} 重复")
            found[factor.id] = factor
    if problems:
        raise CatalogInvalid(problems)
    return FactorSet(found)
