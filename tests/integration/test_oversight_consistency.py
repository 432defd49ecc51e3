"""Consistency analytics (类案同罚, issue 20) on constructed histories with known answers: six decided
cases of 经营超过保质期的食品 (一般, statutory range 50,000–100,000 yuan), one far above the others."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from tests.integration.case_helpers import World, make_world
from tests.integration.identity_helpers import make_user
from tests.integration.oversight_helpers import decided
from zhifa.domain.actors import Actor
from zhifa.errors import ZhifaError
from zhifa.oversight.service import consistency_report, rebuild_facts
from zhifa.store.models.identity import User
from zhifa.store.models.oversight import OfficerTally, OversightEvent, PenaltyFact

FINES = ("60000", "62500", "65000", "67500", "70000")  # positions 0.2 … 0.4


@pytest.fixture
def w(engine: Engine) -> World:
    world = make_world(engine)
    world.cases = [decided(world, amount) for amount in FINES]  # type: ignore[attr-defined]
    world.high = decided(world, "97500", lead=world.h3)  # type: ignore[attr-defined]
    world.chibi = decided(  # type: ignore[attr-defined]
        world, "100000", lead=world.chibi_handler, second=make_user(engine, "cb_h2", "421281", "handler"),
        who=world.chibi_handler, head=world.chibi_head, reviewer=make_reviewer(engine),
    )  # fmt: skip
    return world


def make_reviewer(engine: Engine) -> Actor:
    return make_user(engine, "cb_rev", "421281", "reviewer", legal_qualification=True)


def _facts(w: World) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with w.uow() as uow:
        pens = uow.session.execute(
            select(
                PenaltyFact.case_id, PenaltyFact.position, PenaltyFact.fine, PenaltyFact.officer_id
            ).order_by(PenaltyFact.case_id)
        ).all()
        evs = uow.session.execute(
            select(
                OversightEvent.case_id, OversightEvent.seq, OversightEvent.kind, OversightEvent.reason
            ).order_by(OversightEvent.case_id, OversightEvent.seq, OversightEvent.kind)
        ).all()
    return [tuple(r) for r in pens], [tuple(r) for r in evs]


def test_position_in_range_spread_and_the_outlier_of_the_group(w: World) -> None:
    r = consistency_report(w.uow(), w.head)  # 江岸 head: the chibi case is outside his subtree
    assert r["coverage"]["decided_penalties"] == 6 and r["coverage"]["with_position"] == 6
    (g,) = r["groups"]
    assert (g["violation_type"], g["tier"]) == ("food.expired_food", "一般")
    s = g["spread"]
    assert (s["n"], s["min"], s["q1"], s["median"], s["q3"], s["max"]) == (
        6,
        0.2,
        0.2625,
        0.325,
        0.3875,
        0.95,
    )
    assert g["disparity"] == 0.125 and (s["fence_low"], s["fence_high"]) == (0.075, 0.575)
    assert g["outlier_count"] == 1 and r["outlier_total"] == 1
    (o,) = r["outliers"]
    assert o["case_id"] == w.high and o["direction"] == "偏高" and o["url"] == f"/cases/{w.high}"  # type: ignore[attr-defined]
    assert o["fine"] == "97500.00" and o["officer"] == "刘强" and o["position"] == 0.95


def test_officers_and_regions_of_a_group(w: World) -> None:
    r = consistency_report(w.uow(), w.inspector)  # 武汉 inspector: regions are 武汉's districts
    (g,) = r["groups"]
    officers = {o["name"]: o for o in g["officers"]}
    assert officers["张伟"]["spread"]["n"] == 5 and officers["张伟"]["spread"]["median"] == 0.3
    assert officers["张伟"]["offset"] == -0.025 and not officers["张伟"]["flagged"]
    assert "刘强" not in officers and g["officer_count"] == 1  # one case says nothing about an officer
    (region,) = g["regions"]
    assert region["key"] == "/420000/420100/420102/" and region["spread"]["n"] == 6


def test_the_operator_sees_every_agency_and_a_period_filters(w: World) -> None:
    from datetime import date

    everything = consistency_report(w.uow(), None)
    assert everything["groups"][0]["spread"]["n"] == 7
    assert consistency_report(w.uow(), None, start=date(2026, 4, 1))["groups"] == []
    one = consistency_report(w.uow(), None, violation_type="food.expired_food")
    assert len(one["points"]) == 7


def test_overrides_of_the_suggestion_are_listed_with_their_reasons(w: World) -> None:
    r = consistency_report(w.uow(), w.head)
    # 75,000 suggested, band 65,000–85,000: 60,000, 62,500 and 97,500 departed; the others lie within
    assert r["overrides"]["counts"]["departure"] == 3
    items = [i for i in r["overrides"]["items"] if i["kind"] == "departure"]
    assert {i["fine_after"] for i in items} == {"60000.00", "62500.00", "97500.00"}
    assert all(i["reason"] == "当事人主动召回并赔偿消费者，危害后果较轻" and i["actor"] for i in items)


def test_scope_and_roles(w: World) -> None:
    with pytest.raises(ZhifaError) as outside:
        consistency_report(w.uow(), w.head, agency="421281")  # 赤壁: outside 江岸
    assert outside.value.code == "agency_not_found"
    with pytest.raises(ZhifaError) as absent:
        consistency_report(w.uow(), w.head, agency="999999")
    assert absent.value.code == "agency_not_found"
    with pytest.raises(ZhifaError) as handler:
        consistency_report(w.uow(), w.h1)
    assert handler.value.code == "role_required"
    chibi = consistency_report(w.uow(), w.chibi_head)
    assert chibi["groups"][0]["spread"]["n"] == 1 and chibi["groups"][0]["disparity"] is None


def _tallies(w: World) -> list[tuple[object, ...]]:
    with w.uow() as uow:
        rows = uow.session.execute(
            select(User.display_name, OfficerTally.violation_type, OfficerTally.tier, OfficerTally.cases)
            .join(User, User.id == OfficerTally.officer_id)
            .order_by(User.display_name, OfficerTally.violation_type, OfficerTally.tier)
        ).all()
    return [tuple(r) for r in rows]


def test_rebuild_from_the_ledger_gives_the_incremental_facts(w: World) -> None:
    before = _facts(w)
    assert len(before[0]) == 7 and before[1]
    tallies = _tallies(w)  # counted case by case as each decision was projected (twice with a 文号 preview)
    assert ("张伟", "food.expired_food", "一般", 5) in tallies and (
        "刘强",
        "food.expired_food",
        "一般",
        1,
    ) in tallies
    assert sum(int(str(t[3])) for t in tallies) == 7
    counts = rebuild_facts(w.uow())
    assert counts["penalty_facts"] == 7 and counts["event_facts"] == len(before[1])
    assert _facts(w) == before and _tallies(w) == tallies


def test_the_report_raises_sort_memory_for_itself_only(engine: Engine) -> None:
    """PostgreSQL: the quartile sorts get more work_mem, and the pooled connection (read-only units of work
    run in autocommit, where SET LOCAL does nothing) returns to its default afterwards."""
    if engine.dialect.name != "postgresql":
        pytest.skip("work_mem 只存在于 PostgreSQL")
    from sqlalchemy import text

    from zhifa.oversight.spread_sql import WORK_MEM, _sort_memory
    from zhifa.store.uow import UnitOfWork

    for read_only in (True, False):
        with UnitOfWork(engine, read_only=read_only) as uow:
            default = uow.session.execute(text("SHOW work_mem")).scalar()
            with _sort_memory(uow.session):
                assert uow.session.execute(text("SHOW work_mem")).scalar() == WORK_MEM
        with UnitOfWork(engine, read_only=read_only) as uow:
            assert uow.session.execute(text("SHOW work_mem")).scalar() == default
