"""The intake inbox: pushed clues by grade and deadline; 受理, 移送有管辖权的机构 (程序规定第十四条) and
不予立案, each on the ledger and told to the source system by callback."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.integration.case_helpers import World, api_client, enter_years_of_today
from tests.integration.identity_helpers import make_user
from tests.integration.intake_helpers import intake_world  # noqa: F401  (fixture w)
from tests.integration.outbox_helpers import rows
from tests.integration.test_intake_api import clue
from zhifa.domain.refusals import TransitionRefused
from zhifa.integrations import inbox
from zhifa.integrations.callbacks import TARGET
from zhifa.integrations.sources import enable_source
from zhifa.services.cases import china_today
from zhifa.services.ledger_audit import verify_ledger
from zhifa.store.models import CaseRow
from zhifa.store.models.identity import Agency


@pytest.fixture
def client(w: World, tmp_path: Path) -> TestClient:
    return api_client(w, tmp_path)


def push(client: TestClient, w: World, *bodies: dict) -> list[str]:  # type: ignore[type-arg]
    key = {"X-Api-Key": enable_source(w.uow(), "food_trade", "https://source.example.cn/cb").key}
    return [client.post("/api/v1/intake/clues", json=b, headers=key).json()["id"] for b in bodies]


def test_the_inbox_lists_the_agencys_pushed_clues_by_grade_then_deadline(
    w: World, client: TestClient
) -> None:
    enter_years_of_today(
        w
    )  # due dates sort the inbox: they may fall in a year chinese-calendar does not know
    serious = clue("S-1", hints={"crime_suspected": True}, division_code="420102")
    minor = clue("M-1", hints={"first_violation": True, "corrected": True})
    ordinary = clue("O-1")
    ids = push(client, w, minor, ordinary, serious)
    city = inbox.inbox(w.uow(), w.inspector)  # 武汉市局: the 一级 clue was routed to it (第十五条第二款)
    assert [c["grade"] for c in city] == ["一级", "二级", "三级"] and {c["id"] for c in city} == set(ids)
    assert city[0]["flags"] and city[0]["agency_code"] == "420100"
    county = inbox.inbox(w.uow(), w.h1)
    assert [c["grade"] for c in county] == ["二级", "三级"] and all(
        c["pending"] and c["due_on"] for c in county
    )
    assert inbox.inbox(w.uow(), w.chibi_handler) == []  # another county sees none of them


def test_accept_reroute_and_decline_are_ledger_events_told_to_the_source(
    w: World, client: TestClient
) -> None:
    today = china_today()
    taken, moved, declined = push(client, w, clue("A-1"), clue("A-2"), clue("A-3"))
    assert inbox.accept(w.uow(), w.h1, taken, "由一组核查", today) == "taken"
    with pytest.raises(TransitionRefused) as twice:
        inbox.accept(w.uow(), w.h1, taken, "", today)
    assert twice.value.code == "intake_already_accepted"
    assert (
        inbox.reroute(w.uow(), w.head, moved, "421281", "经营场所实际位于赤壁市，依第十四条移送", today)
        == "routed"
    )
    with w.uow() as uow:
        agency, path = uow.session.execute(
            select(Agency.code, CaseRow.agency_path).join(Agency, Agency.id == CaseRow.agency_id)
            .where(CaseRow.id == moved)
        ).one()  # fmt: skip
    assert agency == "421281" and path.endswith("/421281/")
    assert moved in {c["id"] for c in inbox.inbox(w.uow(), w.chibi_handler)}
    assert moved not in {c["id"] for c in inbox.inbox(w.uow(), w.h1)}
    with pytest.raises(TransitionRefused) as again:  # 受移送的部门不得再自行移送（第十四条）
        inbox.reroute(w.uow(), w.chibi_head, moved, "420102", "认为不属本局管辖", today)
    assert again.value.code == "reroute_again"
    ground = {"ground": "no_evidence", "reason": "经核查，线索反映的情况不存在"}
    assert inbox.decline(w.uow(), w.head, declined, ground["ground"], ground["reason"], today) == "declined"
    told = {(r.case_id, r.event_type) for r in rows(w.engine, TARGET)}
    assert {(taken, "IntakeAccepted"), (moved, "IntakeRerouted"), (declined, "FilingDeclined")} <= told
    assert verify_ledger(w.engine).ok  # the projection (agency included) matches the replayed streams


def test_the_province_may_designate_after_a_reroute(w: World, client: TestClient) -> None:
    today = china_today()
    [moved] = push(client, w, clue("P-1"))
    inbox.reroute(w.uow(), w.head, moved, "421281", "属赤壁市管辖", today)
    province_head = make_user(w.engine, "hb_head", "420000", "head", display_name="省局负责人")
    assert (
        inbox.reroute(w.uow(), province_head, moved, "420102", "指定江岸区局管辖（第十四条）", today)
        == "routed"
    )


def test_the_inbox_page_lists_and_runs_the_actions(w: World, client: TestClient) -> None:
    from tests.e2e.clients import login, page_csrf
    from tests.integration.identity_helpers import PASSWORD

    taken, moved = push(client, w, clue("W-1"), clue("W-2"))
    login(client, "ja_head", PASSWORD)
    page = client.get("/intake")
    assert (
        page.status_code == 200 and "线索接收" in page.text and "W-1" in page.text and "移送理由" in page.text
    )
    token = page_csrf(client, "/intake")
    done = client.post(f"/intake/{taken}/accept", data={"csrf_token": token, "note": "转一组核查"})
    assert done.status_code == 200 and "已受理，转入核查" in done.text
    refused = client.post(f"/intake/{moved}/reroute", data={"csrf_token": token, "agency_code": "421281"})
    assert "未能办理" in refused.text and "移送理由不能为空" in refused.text
    moved_ok = client.post(
        f"/intake/{moved}/reroute",
        data={"csrf_token": token, "agency_code": "421281", "reason": "属赤壁管辖"},
    )
    assert "已移送有管辖权的机构" in moved_ok.text
    assert client.post(f"/intake/{taken}/accept", data={}).status_code == 403  # no CSRF token
