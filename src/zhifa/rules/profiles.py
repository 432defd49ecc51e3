"""Province profiles as data: tiers, reduction, hearing, 简易程序, publicity figures, 首违不罚 lists."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from zhifa.errors import ValidationFailed
from zhifa.rules.clauses import parse_cite
from zhifa.rules.models import Cite
from zhifa.rules.tiers import TIER_NAMES, TierScheme
from zhifa.rules.yamlio import CatalogInvalid, Problem, Reader, read_yaml

PROFILES_DIR = Path(__file__).parent / "profiles"
_TOP = {
    "code",
    "name",
    "tiers",
    "reduction",
    "hearing",
    "summary_procedure",
    "publicity",
    "first_violation",
    "individual_business_as_person",
    "notes",
}


@dataclass(frozen=True)
class Source:
    """Where a profile value comes from: a law-library citation and/or an outside document."""

    cite: Cite | None
    document: str
    note: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data for trails."""
        return {
            "cite": self.cite.to_dict() if self.cite else None,
            "document": self.document,
            "note": self.note,
        }


@dataclass(frozen=True)
class Thresholds:
    """A pair of figures for natural persons and for organisations, with their source."""

    person: Decimal
    organization: Decimal
    source: Source


@dataclass(frozen=True)
class FirstViolationList:
    """A 首违不罚 list: name, source and the catalog entries it names (with conditions)."""

    name: str
    source: Source
    items: Mapping[str, str]  # entry id → condition text


@dataclass(frozen=True)
class RulesProfile:
    """Everything province-specific the engine uses."""

    code: str
    name: str
    tiers: TierScheme
    tiers_source: Source
    reduction_fraction: Decimal
    reduction_source: Source
    hearing: Thresholds
    summary: Thresholds
    publicity: Thresholds
    first_violation: tuple[FirstViolationList, ...]
    individual_business_as_person: bool

    def as_person(self, party_type: str) -> bool:
        """True when the party counts as a natural person for the thresholds."""
        return party_type == "person" or (
            party_type == "individual_business" and self.individual_business_as_person
        )


def _source(r: Reader, data: Mapping[str, Any], key: str) -> Source:
    raw = data.get("source")
    spec = r.mapping(raw, f"{key}.source", {"cite", "document", "note"}, set()) if raw is not None else None
    if spec is None:
        r.fail(f"{key}.source", "每个取值须注明依据（cite 或 document）")
        return Source(None, "", "")
    cite = parse_cite(r, spec["cite"], f"{key}.source.cite") if "cite" in spec else None
    document = r.text(spec.get("document"), f"{key}.source.document", optional=True)
    if cite is None and not document:
        r.fail(f"{key}.source", "须给出 cite（法规库条文）或 document（文件名称与条款）")
    return Source(cite, document, r.text(spec.get("note"), f"{key}.source.note", optional=True))


def _fractions(r: Reader, raw: Any, key: str) -> dict[str, tuple[Decimal, Decimal]]:
    data = r.mapping(raw, key, set(TIER_NAMES), set(TIER_NAMES)) or {}
    out: dict[str, tuple[Decimal, Decimal]] = {}
    for name in TIER_NAMES:
        pair = data.get(name)
        if not isinstance(pair, list) or len(pair) != 2:
            r.fail(f"{key}.{name}", "应为 [下限比例, 上限比例]")
            continue
        a, b = (r.number(v, f"{key}.{name}") or Decimal(0) for v in pair)
        if not (0 <= a <= b <= 1):
            r.fail(f"{key}.{name}", "比例须满足 0 ≤ 下限 ≤ 上限 ≤ 1")
        out[name] = (a, b)
    if len(out) == 3:
        lows = [out[n][0] for n in TIER_NAMES]
        highs = [out[n][1] for n in TIER_NAMES]
        if lows != sorted(lows) or highs != sorted(highs):
            r.fail(key, "阶次须按从轻、一般、从重递增")
    return out


def _thresholds(r: Reader, raw: Any, key: str) -> Thresholds:
    data = (
        r.mapping(raw, key, {"person", "organization", "source"}, {"person", "organization", "source"}) or {}
    )
    return Thresholds(
        r.number(data.get("person"), f"{key}.person") or Decimal(0),
        r.number(data.get("organization"), f"{key}.organization") or Decimal(0),
        _source(r, data, key),
    )


def parse_profile(r: Reader, data: Any) -> RulesProfile | None:
    """A whole profile file."""
    top = r.mapping(data, "", _TOP, _TOP - {"notes"})
    if top is None:
        return None
    tiers = (
        r.mapping(
            top.get("tiers"),
            "tiers",
            {"with_minimum", "maximum_only", "source"},
            {"with_minimum", "maximum_only", "source"},
        )
        or {}
    )
    scheme = TierScheme(
        _fractions(r, tiers.get("with_minimum"), "tiers.with_minimum"),
        _fractions(r, tiers.get("maximum_only"), "tiers.maximum_only"),
    )
    red = (
        r.mapping(
            top.get("reduction"),
            "reduction",
            {"suggested_fraction_of_minimum", "source"},
            {"suggested_fraction_of_minimum", "source"},
        )
        or {}
    )
    fraction = r.number(red.get("suggested_fraction_of_minimum"), "reduction.suggested_fraction_of_minimum")
    if fraction is not None and not 0 <= fraction < 1:
        r.fail("reduction.suggested_fraction_of_minimum", "须在 0 与 1 之间（不含 1）")
    lists: list[FirstViolationList] = []
    raw_lists = top.get("first_violation")
    for i, raw in enumerate(raw_lists if isinstance(raw_lists, list) else []):
        k = f"first_violation[{i}]"
        spec = r.mapping(raw, k, {"name", "source", "items"}, {"name", "source", "items"}) or {}
        items_raw = spec.get("items") or []
        items: dict[str, str] = {}
        for j, item in enumerate(items_raw if isinstance(items_raw, list) else []):
            it = r.mapping(item, f"{k}.items[{j}]", {"type", "condition"}, {"type", "condition"}) or {}
            items[r.text(it.get("type"), f"{k}.items[{j}].type")] = r.text(
                it.get("condition"), f"{k}.items[{j}].condition"
            )
        lists.append(FirstViolationList(r.text(spec.get("name"), f"{k}.name"), _source(r, spec, k), items))
    as_person = top.get("individual_business_as_person")
    if not isinstance(as_person, bool):
        r.fail("individual_business_as_person", "应为 true 或 false")
    return RulesProfile(
        r.text(top.get("code"), "code"),
        r.text(top.get("name"), "name"),
        scheme,
        _source(r, tiers, "tiers"),
        fraction or Decimal("0.5"),
        _source(r, red, "reduction"),
        _thresholds(r, top.get("hearing"), "hearing"),
        _thresholds(r, top.get("summary_procedure"), "summary_procedure"),
        _thresholds(r, top.get("publicity"), "publicity"),
        tuple(lists),
        bool(as_person),
    )


def load_profiles(root: Path = PROFILES_DIR) -> dict[str, RulesProfile]:
    """Load every profiles/<code>.yaml keyed by file stem; raise CatalogInvalid on any problem."""
    problems: list[Problem] = []
    out: dict[str, RulesProfile] = {}
    for path in sorted(root.glob("*.yaml")):
        label = f"profiles/{path.name}"
        data, problem = read_yaml(path, label)
        if problem:
            problems.append(problem)
            continue
        before = len(problems)
        profile = parse_profile(Reader(label, problems), data)
        if profile is not None and len(problems) == before:
            out[path.stem] = profile
    if problems:
        raise CatalogInvalid(problems)
    return out


def get_profile(profiles: Mapping[str, RulesProfile], name: str) -> RulesProfile:
    """The named profile, or ValidationFailed(unknown_profile)."""
    if name not in profiles:
        raise ValidationFailed(
            f"未知的地区配置：{name}（可用：{'、'.join(sorted(profiles))}）",
            code="unknown_profile",
            details={"field": "profile"},
        )
    return profiles[name]
