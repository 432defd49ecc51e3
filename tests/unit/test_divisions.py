"""The Hubei division table (GB/T 2260) and the agency tree built from it."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from zhifa.errors import ValidationFailed
from zhifa.identity.agencies import is_within
from zhifa.identity.divisions import (
    Division,
    build_agency_specs,
    check,
    division_problems,
    hubei_agency_specs,
    read_divisions,
    read_stations,
    tree_problems,
)

# county-level units per 市州 (民政部《县以上行政区划代码》, 2023/2024)
COUNTIES_PER_CITY = {
    "420100": 13,  # 武汉
    "420200": 6,  # 黄石
    "420300": 8,  # 十堰
    "420500": 13,  # 宜昌
    "420600": 9,  # 襄阳
    "420700": 3,  # 鄂州
    "420800": 5,  # 荆门
    "420900": 7,  # 孝感
    "421000": 8,  # 荆州
    "421100": 10,  # 黄冈
    "421200": 6,  # 咸宁
    "421300": 3,  # 随州
    "422800": 8,  # 恩施州
}
DIRECT = {"429004": "仙桃市", "429005": "潜江市", "429006": "天门市", "429021": "神农架林区"}


@pytest.fixture(scope="module")
def divisions() -> list[Division]:
    return read_divisions()


def test_counts_per_city_and_province_total(divisions: list[Division]) -> None:
    per_city = Counter(d.parent_code for d in divisions if d.level == "county")
    assert dict(per_city) == COUNTIES_PER_CITY
    cities = [d for d in divisions if d.level == "city"]
    assert len(cities) == 17
    assert {d.code: d.name for d in cities if d.code in DIRECT} == DIRECT
    assert all(d.parent_code == "420000" for d in cities)
    # 湖北省 103 个县级行政单位 = 99 个市州下辖 + 4 个省直辖
    assert sum(per_city.values()) + len(DIRECT) == 103
    types = Counter(d.type for d in divisions)
    assert types["市辖区"] == 39 and types["县"] == 35 and types["自治县"] == 2 and types["林区"] == 1
    assert types["县级市"] + types["省直辖县级市"] == 26
    assert types["地级市"] == 12 and types["自治州"] == 1  # 12 + 1 + 4 省直辖 = 17 市州级


@pytest.mark.parametrize(
    ("code", "name", "parent"),
    [
        ("420102", "江岸区", "420100"),
        ("420117", "新洲区", "420100"),
        ("420500", "宜昌市", "420000"),
        ("420600", "襄阳市", "420000"),
        ("420607", "襄州区", "420600"),
        ("420882", "京山市", "420800"),
        ("421088", "监利市", "421000"),
        ("421281", "赤壁市", "421200"),
        ("422800", "恩施土家族苗族自治州", "420000"),
        ("422801", "恩施市", "422800"),
        ("422802", "利川市", "422800"),
        ("429004", "仙桃市", "420000"),
        ("429021", "神农架林区", "420000"),
    ],
)
def test_known_codes(divisions: list[Division], code: str, name: str, parent: str) -> None:
    by_code = {d.code: d for d in divisions}
    assert by_code[code].name == name
    assert by_code[code].parent_code == parent


def test_table_is_well_formed_and_unique(divisions: list[Division]) -> None:
    assert division_problems(divisions) == []
    codes = [d.code for d in divisions]
    assert len(codes) == len(set(codes)) == 117
    specs = hubei_agency_specs()
    prefixes = [a.docno_prefix for a in specs]
    assert len(prefixes) == len(set(prefixes))
    assert tree_problems(specs) == []


def test_agency_names_levels_and_prefixes() -> None:
    by_code = {a.code: a for a in hubei_agency_specs()}
    assert (by_code["420000"].name, by_code["420000"].docno_prefix) == ("湖北省市场监督管理局", "鄂市监")
    assert (by_code["420100"].name, by_code["420100"].docno_prefix) == ("武汉市市场监督管理局", "汉市监")
    assert by_code["420102"].name == "武汉市江岸区市场监督管理局"
    assert by_code["420102"].docno_prefix == "江岸市监"
    assert by_code["420102"].path == "/420000/420100/420102/"
    # 赤壁市监处罚〔2025〕179号 — the county prefix in real use
    assert (by_code["421281"].name, by_code["421281"].docno_prefix) == ("赤壁市市场监督管理局", "赤壁市监")
    assert by_code["422800"].name == "恩施土家族苗族自治州市场监督管理局"
    assert by_code["422800"].docno_prefix != by_code["422801"].docno_prefix
    assert by_code["421003"].docno_prefix == "荆州区市监"  # not the 荆州市局's 荆州市监
    assert by_code["429004"].level == "city" and by_code["429004"].path == "/420000/429004/"
    assert Counter(a.level for a in by_code.values()) == {
        "province": 1,
        "city": 17,
        "county": 99,
        "station": 248,
    }


def test_stations_two_or_three_per_county_level_unit() -> None:
    specs = hubei_agency_specs()
    by_code = {a.code: a for a in specs}
    stations = [a for a in specs if a.level == "station"]
    per_unit = Counter(a.parent_code for a in stations)
    units = [a.code for a in specs if a.level == "county" or a.code in DIRECT]
    assert sorted(per_unit) == sorted(units) and len(units) == 103
    assert all(2 <= n <= 3 for n in per_unit.values())
    station = by_code["420102-01"]
    assert station.name == "武汉市江岸区市场监督管理局台北街市场监督管理所"
    assert station.division_code == "420102"
    assert station.path == "/420000/420100/420102/420102-01/"
    assert by_code["429004-01"].parent_code == "429004"
    assert len(read_stations()) == 248


def test_bad_codes_are_named(divisions: list[Division]) -> None:
    bad = list(divisions)
    idx = {d.code: i for i, d in enumerate(bad)}
    bad[idx["420102"]] = replace(bad[idx["420102"]], code="42012")  # 5 digits
    bad[idx["421281"]] = replace(bad[idx["421281"]], code="421381")  # 咸宁's county with 随州's prefix
    bad[idx["429004"]] = replace(bad[idx["429004"]], code="420400")  # 省直辖 must be 4290xx
    bad.append(replace(bad[idx["420103"]], name="重复"))
    problems = division_problems(bad)
    assert any("“42012”不是 6 位数字" in p for p in problems)
    assert any(p.startswith("421381 赤壁市：代码前四位与所属市州 421200 不符") for p in problems)
    assert any(p.startswith("420400 仙桃市：省直辖县级行政单位代码") for p in problems)
    assert any("“420103”重复" in p for p in problems)
    with pytest.raises(ValidationFailed) as err:
        check(problems, "行政区划表")
    assert err.value.code == "division_data_invalid"
    assert err.value.details == problems


def test_tree_problems_catch_duplicate_prefix_and_bad_station(divisions: list[Division]) -> None:
    specs = build_agency_specs(divisions, read_stations())
    i = next(n for n, a in enumerate(specs) if a.code == "420103")
    j = next(n for n, a in enumerate(specs) if a.code == "420102-02")
    specs[i] = replace(specs[i], docno_prefix="江岸市监")
    specs[j] = replace(specs[j], division_code="420103")
    problems = tree_problems(specs)
    assert any("文号前缀“江岸市监”重复" in p for p in problems)
    assert any(p.startswith("420102-02：监管所代码") for p in problems)


def test_is_within_by_path() -> None:
    assert is_within("/420000/", "/420000/420100/420102/420102-01/")
    assert is_within("/420000/420100/", "/420000/420100/")
    assert not is_within("/420000/420100/420102/", "/420000/420100/")
    assert not is_within("/420000/420100/", "/420000/4201001/")  # no match on a partial code
    assert not is_within("", "/420000/")
