"""Routing of received clues (流转) by jurisdiction, 程序规定第七条至第十一条、第十五条 (pure, no database).

The place (division code, or the address matched against the GB/T 2260 table) gives the county-level
bureau; the grade's level moves it up to the 市州局 or down to the 监管所 named by the town in the address.
What cannot be placed in the province goes to the province bureau's triage queue with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from zhifa.identity.divisions import Division, Station, read_divisions, read_stations

BASIS = {
    "place_of_conduct": "违法行为发生地（程序规定第七条、第八条）",
    "domicile": "经营者住所地（程序规定第十条）",
    "publisher": "广告发布者所在地（程序规定第十一条）",
}


@dataclass(frozen=True)
class Route:
    """Where a clue goes: the agency code (a division code or a station code), triage or not, why."""

    code: str
    triage: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class _Table:
    province: Division
    by_code: dict[str, Division]
    stations: dict[str, tuple[Station, ...]]


@cache
def _table() -> _Table:
    divisions = read_divisions()
    province = next(d for d in divisions if d.type == "省")
    stations: dict[str, list[Station]] = {}
    for s in read_stations():
        stations.setdefault(s.division_code, []).append(s)
    return _Table(province, {d.code: d for d in divisions}, {k: tuple(v) for k, v in stations.items()})


def _by_address(address: str) -> tuple[Division | None, str]:
    """The most specific division the address names unambiguously (county, else 市州), or None."""
    t = _table()
    named = [d for d in t.by_code.values() if d is not t.province and d.name in address]
    # drop names contained in a longer matched name, and counties of a city the address does not name
    named = [d for d in named if not any(o is not d and d.name in o.name for o in named)]
    cities = {d.code for d in named if d.level == "city"}
    counties = [d for d in named if d.level == "county" and (not cities or d.parent_code in cities)]
    if len(counties) == 1:
        return counties[0], f"地址“{address}”定位到 {counties[0].name}（{counties[0].code}）"
    if len(counties) > 1:
        return None, f"地址“{address}”同时对应多个县级区划，无法确定管辖"
    if len(cities) == 1:
        city = t.by_code[cities.pop()]
        return city, f"地址“{address}”只能定位到 {city.name}（{city.code}）"
    return None, f"地址“{address}”无法定位到本省的县级以上行政区划"


def _by_code(code: str) -> tuple[Division | None, str]:
    t = _table()
    if code[:2] != t.province.code[:2]:
        return None, f"区划代码 {code} 不属于{t.province.name}，不在本省管辖范围内"
    if code in t.by_code and code != t.province.code:
        return t.by_code[code], f"区划代码 {code} 为 {t.by_code[code].name}"
    city = t.by_code.get(code[:4] + "00")
    if city is not None and code[:4] + "00" != t.province.code:
        return city, f"区划代码 {code} 不在区划表中，按所属 {city.name} 处理"
    return None, f"区划代码 {code} 不在区划表中"


def route(address: str, division_code: str | None, level: str, basis: str = "place_of_conduct") -> Route:
    """The agency for a clue of a grade's `level` (city, county or station) at this place."""
    t = _table()
    place, why = _by_code(division_code) if division_code else _by_address(address)
    reasons = [f"管辖依据：{BASIS.get(basis, BASIS['place_of_conduct'])}", why]
    if place is None:
        reasons.append(f"转{t.province.name}市场监督管理局分流，确定管辖后交办")
        return Route(t.province.code, True, tuple(reasons))
    county = place if place.level == "county" else None
    city = place if place.level == "city" else t.by_code[place.parent_code]
    if level in ("city", "province"):
        reasons.append(f"按分级由 {city.name} 市场监管局直接查处（程序规定第十五条第二款）")
        return Route(city.code, False, tuple(reasons))
    if county is None:
        if place.type in ("省直辖县级市", "林区"):
            county = place  # 省直辖县级行政单位: its own bureau handles county-level work
        else:
            reasons.append(f"未能确定县级区划，由 {city.name} 市场监管局受理并指定管辖")
            return Route(city.code, False, tuple(reasons))
    if level == "station":
        for station in t.stations.get(county.code, ()):
            if station.place in address:
                reasons.append(f"按乡镇（街道）“{station.place}”由该市场监管所核查（程序规定第九条）")
                return Route(station.code, False, tuple(reasons))
        reasons.append("地址未能对应到监管所所在乡镇（街道），由县级局核查或分派")
    return Route(county.code, False, tuple(reasons))
