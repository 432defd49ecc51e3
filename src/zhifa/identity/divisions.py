"""Hubei's GB/T 2260 divisions and the agency tree built from them (pure data, no database)."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from zhifa.errors import ValidationFailed

DATA_DIR = Path(__file__).resolve().parent / "data"
DIVISIONS_CSV = DATA_DIR / "hubei_divisions.csv"
STATIONS_CSV = DATA_DIR / "hubei_stations.csv"

LEVELS = ("province", "city", "county", "station")
LEVEL_LABELS = {"province": "省局", "city": "市州局", "county": "县局", "station": "监管所"}
CITY_TYPES = frozenset({"地级市", "自治州", "省直辖县级市", "林区"})
DIRECT_TYPES = frozenset({"省直辖县级市", "林区"})  # 省直辖县级行政单位: 市州-level bureaus here
COUNTY_TYPES = frozenset({"市辖区", "县级市", "县", "自治县"})
CODE_RE = re.compile(r"^\d{6}$")
STATION_CODE_RE = re.compile(r"^(\d{6})-(\d{2})$")
PREFIX_MAX = 20


@dataclass(frozen=True)
class Division:
    """One row of the division table: a province, a 市州-level unit or a county-level unit."""

    code: str
    name: str
    type: str
    parent_code: str
    short: str
    docno_prefix: str

    @property
    def level(self) -> str:
        """Agency level of the bureau for this division: province, city or county."""
        if self.type == "省":
            return "province"
        return "city" if self.type in CITY_TYPES else "county"


@dataclass(frozen=True)
class Station:
    """A 市场监督管理所 of the demo data: code 420102-01, named after a 街道/乡镇."""

    code: str
    place: str
    docno_prefix: str

    @property
    def division_code(self) -> str:
        """The county-level division the station belongs to."""
        return self.code[:6]


@dataclass(frozen=True)
class AgencySpec:
    """An agency as the data describes it, before it is stored."""

    code: str
    name: str
    short_name: str
    level: str
    division_code: str
    docno_prefix: str
    parent_code: str | None
    path: str


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(line for line in fh if not line.startswith("#"))


def read_divisions(path: Path = DIVISIONS_CSV) -> list[Division]:
    """The division table from its CSV file (comment lines start with #)."""
    return [
        Division(
            code=r["code"].strip(),
            name=r["name"].strip(),
            type=r["type"].strip(),
            parent_code=r["parent_code"].strip(),
            short=r["short"].strip(),
            docno_prefix=r["docno_prefix"].strip(),
        )
        for r in _rows(path)
    ]


def read_stations(path: Path = STATIONS_CSV) -> list[Station]:
    """The demo 监管所 from their CSV file."""
    return [
        Station(code=r["code"].strip(), place=r["place"].strip(), docno_prefix=r["docno_prefix"].strip())
        for r in _rows(path)
    ]


def division_problems(divisions: Iterable[Division]) -> list[str]:
    """Everything wrong with a division table (empty when it is well-formed)."""
    items = list(divisions)
    problems: list[str] = []
    by_code: dict[str, Division] = {}
    for d in items:
        if not CODE_RE.match(d.code):
            problems.append(f"区划代码“{d.code}”不是 6 位数字")
        if d.code in by_code:
            problems.append(f"区划代码“{d.code}”重复")
        by_code[d.code] = d
        if not d.name or not d.short:
            problems.append(f"{d.code}：名称或简称为空")
        if not d.docno_prefix or len(d.docno_prefix) > PREFIX_MAX:
            problems.append(f"{d.code}：文号前缀为空或超过 {PREFIX_MAX} 字")
    provinces = [d for d in items if d.type == "省"]
    if len(provinces) != 1:
        return [*problems, f"应有且仅有一个省级区划，实有 {len(provinces)} 个"]
    prov = provinces[0]
    if prov.code[2:] != "0000" or prov.parent_code:
        problems.append(f"省级区划代码应以 0000 结尾且无上级：{prov.code}")
    for d in items:
        if d is prov:
            continue
        parent = by_code.get(d.parent_code)
        if d.code[:2] != prov.code[:2]:
            problems.append(f"{d.code} {d.name}：不属于 {prov.name}")
        if d.type in CITY_TYPES:
            if d.parent_code != prov.code:
                problems.append(f"{d.code} {d.name}：市州级单位的上级应为省（{prov.code}）")
            if d.type in DIRECT_TYPES and (d.code[2:4] != "90" or d.code[4:] == "00"):
                problems.append(f"{d.code} {d.name}：省直辖县级行政单位代码应为 ××90×× 形式")
            if d.type not in DIRECT_TYPES and (d.code[4:] != "00" or d.code[2:4] in {"00", "90"}):
                problems.append(f"{d.code} {d.name}：地级单位代码应以 00 结尾")
        elif d.type in COUNTY_TYPES:
            if parent is None or parent.type not in CITY_TYPES - DIRECT_TYPES:
                problems.append(f"{d.code} {d.name}：上级“{d.parent_code}”不是地级市或自治州")
            elif d.code[:4] != parent.code[:4] or d.code[4:] == "00":
                problems.append(f"{d.code} {d.name}：代码前四位与所属市州 {parent.code} 不符")
        else:
            problems.append(f"{d.code} {d.name}：未知区划类型“{d.type}”")
    return problems


def _agency_name(d: Division, by_code: dict[str, Division]) -> tuple[str, str]:
    """Full and short agency names of the bureau for a division."""
    if d.level == "province":
        return f"{d.name}市场监督管理局", f"{d.name}市场监管局"
    if d.level == "city":
        shown = d.short if d.type == "自治州" else d.name
        return f"{d.name}市场监督管理局", f"{shown}市场监管局"
    city = by_code[d.parent_code]
    full = f"{city.name}{d.name}" if d.type == "市辖区" else d.name
    return f"{full}市场监督管理局", f"{d.name}市场监管局"


def build_agency_specs(divisions: list[Division], stations: list[Station]) -> list[AgencySpec]:
    """The agency tree (parents before children, ordered by path) from divisions and stations."""
    by_code = {d.code: d for d in divisions}
    specs: dict[str, AgencySpec] = {}
    order = sorted(divisions, key=lambda d: (LEVELS.index(d.level), d.code))
    for d in order:
        parent = specs.get(d.parent_code) if d.parent_code else None
        if d.parent_code and parent is None:
            raise ValidationFailed(f"{d.code} 的上级 {d.parent_code} 不在表中", code="division_data_invalid")
        name, short = _agency_name(d, by_code)
        path = f"{parent.path if parent else '/'}{d.code}/"
        specs[d.code] = AgencySpec(
            d.code, name, short, d.level, d.code, d.docno_prefix, d.parent_code or None, path
        )
    for s in stations:
        parent = specs.get(s.division_code)
        if parent is None:
            raise ValidationFailed(f"监管所 {s.code} 的所属单位不在表中", code="division_data_invalid")
        specs[s.code] = AgencySpec(
            code=s.code,
            name=f"{parent.name}{s.place}市场监督管理所",
            short_name=f"{s.place}市场监管所",
            level="station",
            division_code=s.division_code,
            docno_prefix=s.docno_prefix,
            parent_code=parent.code,
            path=f"{parent.path}{s.code}/",
        )
    return sorted(specs.values(), key=lambda a: a.path)


def tree_problems(specs: Iterable[AgencySpec]) -> list[str]:
    """Everything inconsistent in an agency tree (empty when it is consistent)."""
    problems: list[str] = []
    seen: dict[str, AgencySpec] = {}
    prefixes: dict[str, str] = {}
    for a in specs:
        if a.code in seen:
            problems.append(f"机构代码“{a.code}”重复")
        if a.docno_prefix in prefixes:
            problems.append(f"文号前缀“{a.docno_prefix}”重复：{prefixes[a.docno_prefix]}、{a.code}")
        prefixes[a.docno_prefix] = a.code
        if a.level not in LEVELS:
            problems.append(f"{a.code}：未知层级“{a.level}”")
            continue
        parent = seen.get(a.parent_code) if a.parent_code else None
        if a.level == "province":
            if a.parent_code is not None or a.path != f"/{a.code}/":
                problems.append(f"{a.code}：省局应为根节点")
        elif parent is None:
            problems.append(f"{a.code}：上级“{a.parent_code}”不存在或排在其后")
        else:
            if LEVELS.index(parent.level) >= LEVELS.index(a.level) or (
                a.level != "station" and LEVELS.index(a.level) - LEVELS.index(parent.level) != 1
            ):
                problems.append(f"{a.code}：层级 {a.level} 不能隶属于 {parent.level}")
            if a.path != f"{parent.path}{a.code}/":
                problems.append(f"{a.code}：路径“{a.path}”与上级不一致")
        match = STATION_CODE_RE.match(a.code)
        if a.level == "station":
            if not match or match.group(1) != a.division_code:
                problems.append(f"{a.code}：监管所代码应为“县级区划代码-两位序号”")
            if parent is not None and parent.division_code != a.division_code:
                problems.append(f"{a.code}：监管所的区划代码应与上级相同")
        elif a.code != a.division_code or not CODE_RE.match(a.code):
            problems.append(f"{a.code}：机构代码应为其 6 位区划代码")
        seen[a.code] = a
    return problems


def check(problems: list[str], what: str) -> None:
    """Raise ValidationFailed listing the problems, if any."""
    if problems:
        raise ValidationFailed(
            f"{what}有 {len(problems)} 处错误：{problems[0]}", code="division_data_invalid", details=problems
        )


@cache
def hubei_agency_specs() -> tuple[AgencySpec, ...]:
    """The validated Hubei demo agency tree (省局, 17 市州局, 99 县局, 监管所)."""
    divisions = read_divisions()
    check(division_problems(divisions), "行政区划表")
    specs = build_agency_specs(divisions, read_stations())
    check(tree_problems(specs), "机构树")
    return tuple(specs)
