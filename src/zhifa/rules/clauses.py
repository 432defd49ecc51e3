"""Parsing of citations, conditions and fine branches (shared by the catalog, factor and profile loaders)."""

from __future__ import annotations

from typing import Any

from zhifa.rules.models import AMOUNT_FIELDS, PARTY_TYPES, SEVERITIES, AmountTest, Cite, Condition, FineRule
from zhifa.rules.yamlio import Reader


def parse_cite(r: Reader, value: Any, key: str) -> Cite | None:
    """{law, article, paragraph?, item?} → Cite."""
    data = r.mapping(value, key, {"law", "article", "paragraph", "item"}, {"law", "article"})
    if data is None:
        return None
    law = r.text(data.get("law"), f"{key}.law")
    article = r.integer(data.get("article"), f"{key}.article")
    paragraph = r.integer(data.get("paragraph"), f"{key}.paragraph", optional=True)
    item = r.integer(data.get("item"), f"{key}.item", optional=True)
    if not law or article is None:
        return None
    return Cite(law, article, paragraph, item)


def parse_cites(r: Reader, value: Any, key: str) -> tuple[Cite, ...]:
    """A non-empty list of citations."""
    if not isinstance(value, list) or not value:
        r.fail(key, "应为非空的条文引用列表")
        return ()
    return tuple(c for i, v in enumerate(value) if (c := parse_cite(r, v, f"{key}[{i}]")) is not None)


def parse_conditions(r: Reader, value: Any, key: str) -> tuple[Condition, ...]:
    """`when`: one mapping (all of) or a list of them (any of)."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    out: list[Condition] = []
    for i, raw in enumerate(items):
        k = f"{key}[{i}]" if isinstance(value, list) else key
        data = r.mapping(raw, k, {"party_type", "severity", "factor", *AMOUNT_FIELDS}, set())
        if data is None:
            continue
        tests: list[AmountTest] = []
        for name in AMOUNT_FIELDS:
            if name not in data:
                continue
            spec = data[name]
            if spec in ("present", "absent"):
                tests.append(AmountTest(name, present=spec == "present"))
                continue
            cmp = r.mapping(spec, f"{k}.{name}", {"lt", "lte", "gt", "gte"}, set())
            if cmp is not None:
                b = {op: r.number(cmp.get(op), f"{k}.{name}.{op}", optional=True) for op in cmp}
                tests.append(
                    AmountTest(name, lt=b.get("lt"), lte=b.get("lte"), gt=b.get("gt"), gte=b.get("gte"))
                )
        parties = _choices(r, data.get("party_type"), f"{k}.party_type", PARTY_TYPES)
        severities = _choices(r, data.get("severity"), f"{k}.severity", SEVERITIES)
        raw_factors = data.get("factor")
        factor_ids = (
            raw_factors if isinstance(raw_factors, list) else [] if raw_factors is None else [raw_factors]
        )
        facts = tuple(r.text(f, f"{k}.factor") for f in factor_ids)
        out.append(Condition(tuple(tests), parties, severities, facts))
    return tuple(out)


def _choices(r: Reader, value: Any, key: str, allowed: tuple[str, ...]) -> tuple[str, ...] | None:
    if value is None:
        return None
    values = value if isinstance(value, list) else [value]
    return tuple(r.choice(v, f"{key}", allowed) for v in values)


def parse_fine_rule(r: Reader, value: Any, key: str, default_cite: Cite | None) -> FineRule | None:
    """One fine branch: when + fixed{min,max} | multiple{of,min,max} | none."""
    data = r.mapping(value, key, {"when", "fixed", "multiple", "none", "cite", "note"}, set())
    if data is None:
        return None
    shapes = [s for s in ("fixed", "multiple", "none") if s in data]
    if len(shapes) != 1:
        r.fail(key, "须且只能写 fixed、multiple、none 之一")
        return None
    shape = shapes[0]
    cite = parse_cite(r, data["cite"], f"{key}.cite") if "cite" in data else default_cite
    when = parse_conditions(r, data.get("when"), f"{key}.when")
    base: str | None = None
    low = high = None
    if shape == "none":
        if data["none"] is not True:
            r.fail(f"{key}.none", "应为 true")
    else:
        allowed = {"min", "max"} | ({"of"} if shape == "multiple" else set())
        spec = r.mapping(data[shape], f"{key}.{shape}", allowed, {"max", "of"} & allowed)
        if spec is None:
            return None
        low = r.number(spec.get("min"), f"{key}.{shape}.min", optional=True)
        high = r.number(spec.get("max"), f"{key}.{shape}.max")
        if shape == "multiple":
            base = r.choice(spec.get("of"), f"{key}.multiple.of", AMOUNT_FIELDS)
        if low is not None and high is not None and low > high:
            r.fail(f"{key}.{shape}", f"下限 {low} 大于上限 {high}")
    if cite is None:
        return None
    return FineRule(
        when, shape, base, low, high, cite, r.text(data.get("note"), f"{key}.note", optional=True)
    )
