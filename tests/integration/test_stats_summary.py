"""The four rates, counts, 案值, handling days and breaches on a constructed history with known answers."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, select

from tests.integration.case_helpers import World, make_world
from tests.integration.stats_helpers import TODAY, build_history
from zhifa.errors import NotFound, PermissionDenied, ValidationFailed
from zhifa.stats.projection import FACTS
from zhifa.stats.service import facts_behind, get_breakdown, get_summary, rebuild

YEAR = ("2026-01-01", "2026-12-31")


@pytest.fixture
def w(engine: Engine) -> World:
    world = make_world(engine)
    world.ids = build_history(world)  # type: ignore[attr-defined]
    return world


def _summary(w: World, who: Any, agency: str | None = None, period: tuple[str, str] = YEAR) -> dict[str, Any]:
    return get_summary(w.uow(), who, agency, *period, today=TODAY)


def test_four_rates_of_江岸_with_numerator_and_denominator(w: World) -> None:
    s = _summary(w, w.head)  # the head of 江岸: his county by default
    assert s["scope"]["code"] == "420102" and s["synthetic"] is False
    # 江岸 has one agency with 办案人员 (itself), and it worked in the system
    assert s["agency_usage_rate"] == {"rate": 1.0, "numerator": 1, "denominator": 1}
    # three 办案人员 (h1, h2, h3); h1 and h2 recorded case events, h3 did not
    assert s["officer_operation_rate"] == {"rate": 0.6667, "numerator": 2, "denominator": 3}
    # closed: A (every step recorded the day it happened) and F (service recorded a week late: 补录)
    assert s["full_online_rate"] == {"rate": 0.5, "numerator": 1, "denominator": 2}
    # to publish (公示规定第二条): A and F (ordinary, fined); C (简易程序) is not; only A was published
    assert s["publicity_rate"] == {"rate": 0.5, "numerator": 1, "denominator": 2}
    assert s["publicity_on_time_rate"] == {"rate": 0.5, "numerator": 1, "denominator": 2}


def test_counts_money_and_breaches_程序规定_18_64_公示规定_9(w: World) -> None:
    s = _summary(w, w.head)
    assert s["counts"] == {
        "clues": 4, "filed": 2, "not_filed": 1, "summary_cases": 1, "decisions": 3, "penalties": 3,
        "closed": 2, "publicity_required": 2, "published": 1, "published_on_time": 1,
        "clue_breaches": 1, "decision_breaches": 0, "deadline_breaches": 1,
    }  # fmt: skip
    # 案值 = fines (5,000 + 3,000 + 200) + confiscated income (1,000)
    assert s["case_value"] == {
        "fine": "8200.00", "confiscated_income": "1000.00", "confiscated_property": "0.00",
        "case_value": "9200.00",
    }  # fmt: skip


def test_average_handling_days_per_stage(w: World) -> None:
    days = {d["stage"]: (d["cases"], d["average_days"]) for d in _summary(w, w.head)["handling_days"]}
    assert days["clue"] == (3, 2.7)  # A, F: 03-02 → 03-04; B: 03-02 → 03-06 不予立案
    assert days["investigation"] == (2, 6.0)  # 03-04 → 03-10
    assert days["review"] == (2, 2.0)
    assert days["decision"] == (2, 8.0)
    assert days["execution"] == (2, 20.0)  # A 19 days, F 21 days
    assert days["filed_to_decided"] == (2, 16.0)


def test_period_counts_each_case_by_the_day_of_its_step(w: World) -> None:
    march = _summary(w, w.head, period=("2026-03-01", "2026-03-31"))
    assert march["counts"]["decisions"] == 2 and march["counts"]["closed"] == 0  # closed in April
    assert march["full_online_rate"]["rate"] is None  # nothing to divide by: no rate, not 0
    may = _summary(w, w.head, period=("2026-05-01", "2026-05-31"))
    assert may["counts"]["summary_cases"] == 1 and may["case_value"]["case_value"] == "200.00"
    assert may["counts"]["clues"] == 0


def test_scope_county_head_sees_his_county_inspector_reads_his_city(w: World) -> None:
    with pytest.raises(NotFound):  # 赤壁 is outside 江岸: the same answer as an unknown agency
        _summary(w, w.head, "421281")
    with pytest.raises(NotFound):
        _summary(w, w.head, "420100")  # his parent city is outside his subtree too
    city = _summary(w, w.inspector, "420100")  # 纪检 of 武汉 reads 武汉, which holds 江岸
    assert city["counts"]["clues"] == 4
    chibi = _summary(w, w.chibi_head)
    assert chibi["counts"]["clues"] == 1 and chibi["counts"]["decisions"] == 0
    with pytest.raises(
        PermissionDenied
    ):  # 办案人员 have no statistics (the nav shows 统计 to 负责人/纪检/管理员)
        _summary(w, w.h1)
    province = get_summary(w.uow(), None, None, *YEAR, today=TODAY)  # the command line: whole tree
    assert province["counts"]["clues"] == 5
    assert province["agency_usage_rate"] == {"rate": 1.0, "numerator": 2, "denominator": 2}


def test_drill_down_province_to_city_to_county(w: World) -> None:
    top = get_breakdown(w.uow(), None, "agency", "420000", *YEAR, today=TODAY)
    rows = {r["key"]: r for r in top["rows"]}
    assert set(rows) == {"420100", "421200"}
    assert rows["420100"]["counts"]["clues"] == 4 and rows["421200"]["counts"]["clues"] == 1
    assert rows["420100"]["case_value"] == "9200.00" and rows["420100"]["drillable"] is True
    city = get_breakdown(w.uow(), None, "agency", "420100", *YEAR, today=TODAY)
    assert [r["key"] for r in city["rows"]] == ["420102"]
    assert city["rows"][0]["officer_operation_rate"]["numerator"] == 2


def test_breakdown_by_source_procedure_stage(w: World) -> None:
    by_source = get_breakdown(w.uow(), w.head, "source", None, *YEAR, today=TODAY)
    assert {r["label"]: r["counts"]["clues"] for r in by_source["rows"]} == {
        "投诉": 4,
        "当场发现（简易程序）": 0,
    }
    by_procedure = get_breakdown(w.uow(), w.head, "procedure", None, *YEAR, today=TODAY)
    labels = {r["label"]: (r["counts"]["filed"], r["counts"]["summary_cases"]) for r in by_procedure["rows"]}
    assert labels == {"一般程序": (2, 0), "简易程序": (0, 1)}
    by_stage = get_breakdown(w.uow(), w.head, "stage", None, *YEAR, today=TODAY)
    stages = {r["label"] for r in by_stage["rows"]}
    assert stages == {"结案", "不予立案", "线索核查", "执行"}
    with pytest.raises(ValidationFailed) as bad:
        get_breakdown(w.uow(), w.head, "colour", None, *YEAR, today=TODAY)
    assert bad.value.code == "unknown_dimension"


def test_bad_periods_are_refused_with_a_code(w: World) -> None:
    with pytest.raises(ValidationFailed) as bad:
        _summary(w, w.head, period=("2026-13-01", "2026-12-31"))
    assert bad.value.code == "invalid_date"
    with pytest.raises(ValidationFailed) as backwards:
        _summary(w, w.head, period=("2026-12-31", "2026-01-01"))
    assert backwards.value.code == "invalid_period"


def test_rebuild_from_the_ledger_gives_the_same_facts(w: World) -> None:
    def facts() -> list[Any]:
        with w.uow() as uow:
            return [tuple(r) for r in uow.session.execute(select(FACTS).order_by(FACTS.c.case_id))]

    before = facts()
    assert len(before) == 6 and facts_behind(w.uow()) == 0
    assert rebuild(w.uow()) == 6
    assert facts() == before
    assert _summary(w, w.head)["officer_operation_rate"]["numerator"] == 2


def test_cases_without_facts_are_reported_until_rebuilt(w: World) -> None:
    from sqlalchemy import delete

    from zhifa.stats.service import dashboard

    with w.uow() as uow:  # as in a database whose cases predate the statistics tables
        uow.session.execute(delete(FACTS).where(FACTS.c.case_id == w.ids["A"]))  # type: ignore[attr-defined]
        uow.commit()
    assert dashboard(w.uow(), w.head, None, *YEAR, today=TODAY)["facts_behind"] == 1
    assert _summary(w, w.head)["counts"]["closed"] == 1  # incomplete: A is missing
    rebuild(w.uow())
    board = dashboard(w.uow(), w.head, None, *YEAR, today=TODAY)
    assert board["facts_behind"] == 0 and board["summary"]["counts"]["closed"] == 2
    assert board["trend"]["months"][0] == "2026-01" and sum(board["trend"]["decisions"]) == 3
