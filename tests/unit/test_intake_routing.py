"""Routing of received clues (程序规定第七条至第九条、第十五条) on the real Hubei division table."""

from __future__ import annotations

from zhifa.integrations.routing import route


def test_the_division_code_names_the_county_bureau_of_the_place_of_conduct() -> None:
    # 程序规定第七条：由违法行为发生地的县级以上市场监督管理部门管辖
    r = route("任意地址", "420102", "county")
    assert (r.code, r.triage) == ("420102", False)
    assert "程序规定第七条" in r.reasons[0]


def test_the_address_is_placed_through_the_division_table_when_no_code_is_given() -> None:
    assert route("湖北省武汉市江岸区台北路 88 号", None, "county").code == "420102"
    assert route("赤壁市蒲纺工业园", None, "county").code == "421281"


def test_top_grade_goes_to_the_city_bureau() -> None:
    # 程序规定第十五条第二款：上级市场监督管理部门认为必要时，可以直接查处
    r = route("武汉市江岸区台北路", None, "city")
    assert r.code == "420100" and "第十五条第二款" in r.reasons[-1]


def test_a_minor_clue_goes_to_the_station_of_the_town_named_in_the_address() -> None:
    # 程序规定第九条：派出机构在本部门确定的权限范围内以本部门的名义实施行政处罚
    assert route("武汉市江岸区后湖街百步亭花园", None, "station").code == "420102-02"
    fallback = route("武汉市江岸区某某路", None, "station")
    assert fallback.code == "420102" and "由县级局核查或分派" in fallback.reasons[-1]


def test_a_place_outside_the_province_or_unknown_goes_to_triage_with_the_reason() -> None:
    outside = route("广东省深圳市南山区科技园", "440305", "county")
    assert outside.triage and outside.code == "420000" and "不属于湖北省" in outside.reasons[1]
    unknown = route("某某路 1 号", None, "county")
    assert unknown.triage and "无法定位" in unknown.reasons[1]


def test_a_code_missing_from_the_table_falls_back_to_its_city() -> None:
    r = route("", "420199", "county")
    assert (r.code, r.triage) == ("420100", False)


def test_a_directly_administered_city_bureau_handles_county_level_clues() -> None:
    assert route("仙桃市干河街道", None, "county").code == "429004"
