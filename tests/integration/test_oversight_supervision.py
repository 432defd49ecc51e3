"""The 纪检 supervision view (issue 20) on a constructed history with known answers: a declined filing,
a terminated investigation, a penalty lowered at approval, a correction, a repeated officer–party pair,
a stalled case, the ledger's checkpoint status; read-only and scoped to the inspector's subtree."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from tests.integration.case_helpers import PERSON, World, file_body, make_world
from tests.integration.oversight_helpers import WHY, decided
from zhifa.errors import ZhifaError
from zhifa.oversight import ledger_status
from zhifa.oversight.service import ledger_report, supervision_report
from zhifa.oversight.store import recount_pairs
from zhifa.services.ledger_audit import take_checkpoint
from zhifa.store.models.oversight import PairTally

D = date
TODAY = D(2026, 4, 20)


@pytest.fixture
def w(engine: Engine) -> World:
    world = make_world(engine)
    world.lowered = decided(world, "70000", approve="55000")  # type: ignore[attr-defined]
    world.again = decided(world, "70000")  # type: ignore[attr-defined]  # h1 and the same company twice
    declined = world.clue(D(2026, 3, 2))
    world.do(
        world.head,
        declined,
        "decline",
        {"ground": "no_evidence", "reason": "举报内容经核查不属实"},
        D(2026, 3, 6),
    )
    terminated = world.clue(D(2026, 3, 2), PERSON)
    world.do(world.head, terminated, "file", file_body(world, PERSON), D(2026, 3, 4))
    world.do(world.head, terminated, "terminate", {"reason": "当事人死亡，案件终止调查"}, D(2026, 3, 9))
    world.stale = world.clue(D(2026, 3, 2))  # type: ignore[attr-defined]  # a clue nobody touched since
    body = {
        "corrects_seq": 1,
        "field": "summary",
        "old": "",
        "new": "消费者投诉销售过期食品（补正）",
        "reason": "笔误",
    }
    world.do(world.h1, world.again, "correct", body, D(2026, 3, 20))  # type: ignore[attr-defined]
    world.declined, world.terminated = declined, terminated  # type: ignore[attr-defined]
    return world


def test_the_inspector_sees_closures_lowered_penalties_pairs_corrections_and_stalled_cases(w: World) -> None:
    r = supervision_report(w.uow(), w.inspector, TODAY)
    closures = {i["kind"]: i for i in r["closures"]["items"]}
    assert closures["filing_declined"]["reason"] == "举报内容经核查不属实"
    assert closures["filing_declined"]["ground"].startswith("没有证据初步证明")
    assert (
        closures["terminated"]["reason"] == "当事人死亡，案件终止调查"
        and closures["terminated"]["actor"] == "赵强"
    )
    assert r["closures"]["counts"] == {"不予立案": 1, "终止调查": 1, "不予行政处罚": 0, "违法事实不能成立": 0}
    (lowered,) = r["lowered"]
    assert lowered["case_id"] == w.lowered and lowered["kind"] == "changed_at_approval"  # type: ignore[attr-defined]
    assert (lowered["fine_before"], lowered["fine_after"], lowered["reason"]) == ("70000.00", "55000.00", WHY)
    assert lowered["actor"] == "赵强" and lowered["before"] == "罚款70000元"
    pairs = {(p["officer"], p["party_code"]): p["cases"] for p in r["pairs"]["items"]}
    assert pairs == {("张伟", "91350100M000100Y43"): 2, ("李娜", "91350100M000100Y43"): 2}
    assert r["corrections"]["by_actor"] == [{"actor_id": w.h1.user_id, "actor": "张伟", "corrections": 1}]
    assert r["corrections"]["items"][0]["after"] == "消费者投诉销售过期食品（补正）"
    stalled = {i["case_id"]: i for i in r["stalled"]["items"]}
    assert w.stale in stalled and stalled[w.stale]["stage_label"] == "线索核查"  # type: ignore[attr-defined]
    assert stalled[w.stale]["idle_days"] == 49  # type: ignore[attr-defined]
    assert any(i["case_id"] == w.stale and i["key"] == "clue_check" for i in r["overdue"]["items"])  # type: ignore[attr-defined]


def test_stalled_counts_working_days(w: World) -> None:
    # last events: 03-02 (stale clue), 03-06, 03-09, 03-16/03-20; 10 working days before 03-20 is 03-06
    r = supervision_report(w.uow(), w.inspector, D(2026, 3, 20), stall_days=10)
    assert r["stalled"]["since"] == "2026-03-06"
    assert {i["case_id"] for i in r["stalled"]["items"]} == {w.stale}  # type: ignore[attr-defined]


def test_only_the_inspector_and_only_the_subtree(w: World) -> None:
    for who in (w.head, w.h1, w.reviewer):
        with pytest.raises(ZhifaError) as refused:
            supervision_report(w.uow(), who, TODAY)
        assert refused.value.code == "role_required"
    with pytest.raises(ZhifaError) as outside:
        supervision_report(w.uow(), w.inspector, TODAY, agency="421281")
    assert outside.value.code == "agency_not_found"
    chibi = supervision_report(w.uow(), None, TODAY, agency="421281")
    assert chibi["closures"]["items"] == [] and chibi["pairs"]["items"] == [] and chibi["lowered"] == []
    with pytest.raises(ZhifaError) as bad:
        supervision_report(w.uow(), w.inspector, TODAY, stall_days=0)
    assert bad.value.code == "bad_stall_days"


def test_ledger_status_before_and_after_a_checkpoint(w: World, tmp_path: Path) -> None:
    ledger_status.forget()
    before = ledger_report(w.uow(), w.inspector)
    assert before["ok"] is None and before["checkpoint"] is None and before["ledger"]["streams"] == 5
    take_checkpoint(w.engine, var_dir=tmp_path)  # its own server key, not the working tree's
    ledger_status.forget()
    after = ledger_report(w.uow(), w.inspector)
    assert after["ok"] is True and after["checkpoint"]["streams"] == 5
    assert after["checkpoint"]["records"] == after["ledger"]["records"]
    with pytest.raises(ZhifaError):
        ledger_report(w.uow(), w.head)
    ledger_status.forget()


def _pair_tallies(w: World) -> list[tuple[object, ...]]:
    with w.uow() as uow:
        rows = uow.session.execute(
            select(PairTally.user_id, PairTally.party_code, PairTally.cases).order_by(
                PairTally.user_id, PairTally.party_code
            )
        ).all()
    return [tuple(r) for r in rows]


def test_officer_party_tallies_kept_with_each_case_equal_a_recount(w: World) -> None:
    """The running tallies the pairs table is found from: counted as handlers were assigned and parties
    named (clue, filing, re-assignment), they equal a recount from the handler rows and the cases."""
    kept = _pair_tallies(w)
    assert (w.h1.user_id, "91350100M000100Y43", 2) in kept
    with w.uow() as uow:
        recount_pairs(uow.session)
        uow.commit()
    assert _pair_tallies(w) == kept
    r = supervision_report(w.uow(), w.inspector, TODAY, pair_minimum=3)
    assert r["pairs"]["items"] == []  # two cases each: none reaches three
