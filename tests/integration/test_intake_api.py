"""/api/v1/intake/clues: a pushed clue is graded, routed, registered as a case clue; retries replay."""

from __future__ import annotations

import base64
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from tests.integration.case_helpers import World, api_client, enter_years_of_today, file_body, make_world
from tests.integration.test_cases_api import auth
from zhifa.domain.calendar import WorkingCalendar
from zhifa.integrations.sources import add_source, enable_source, revoke_source
from zhifa.services.cases import china_today
from zhifa.store.models import CaseHandler, EvidenceFile, IntakeClue

USCC = "91350100M000100Y43"


@pytest.fixture
def w(engine: Engine) -> World:
    return make_world(engine)


@pytest.fixture
def client(w: World, tmp_path: Any) -> TestClient:
    return api_client(w, tmp_path)


@pytest.fixture
def key(w: World) -> dict[str, str]:
    return {"X-Api-Key": enable_source(w.uow(), "food_trade").key}


def clue(ref: str = "SPJY-2026-0001", **extra: Any) -> dict[str, Any]:
    found = china_today() - timedelta(days=2)
    return {
        "source_ref": ref, "found_on": found.isoformat(),
        "subject": {"uscc": USCC, "name": "武汉江岸某某商贸有限公司"},
        "address": "湖北省武汉市江岸区台北路 88 号", "division_code": "420102",
        "summary": "日常检查发现店内销售超过保质期的预包装食品 12 盒", "category": "食品经营-过期食品",
        "amounts": {"goods_value": "960.00"}, "hints": {"complaints_count": 1}, **extra,
    }  # fmt: skip


def counts(w: World) -> tuple[int, ...]:
    with w.uow() as uow:
        extra = tuple(
            uow.session.scalar(select(func.count()).select_from(m)) or 0 for m in (IntakeClue, EvidenceFile)
        )
    return (*w.counts(), *extra)


def test_a_pushed_clue_becomes_a_case_clue_of_the_county_bureau_with_its_deadline(
    w: World, client: TestClient, key: dict[str, str]
) -> None:
    calendar = enter_years_of_today(w)  # the period may reach into a year chinese-calendar does not know
    sent = client.post("/api/v1/intake/clues", json=clue(), headers=key)
    assert sent.status_code == 201, sent.text
    answer = sent.json()
    assert (answer["grade"], answer["agency_code"], answer["status"]) == ("二级", "420102", "accepted")
    found = china_today() - timedelta(days=2)
    # 程序规定第十八条：自发现线索之日起十五个工作日内核查并决定是否立案（首日不计）
    assert answer["due_on"] == calendar.add_working_days(found, 15).isoformat()
    assert date.fromisoformat(answer["due_on"]) >= found + timedelta(days=19)
    assert "程序规定第七条" in answer["routing"][0]
    h1 = auth(w, w.h1)
    inbox = client.get("/api/v1/cases", params={"stage": "clue"}, headers=h1).json()["items"]
    assert [c["id"] for c in inbox] == [answer["id"]]
    detail = client.get(f"/api/v1/cases/{answer['id']}", headers=h1).json()
    assert "食品经营和餐饮服务安全监管系统推送" in str(detail) and USCC in str(detail)
    head = auth(w, w.head)  # 负责人 sees the agency's running deadlines
    deadlines = client.get("/api/v1/deadlines", params={"due_within": 366}, headers=head).json()["items"]
    assert {(d["case_id"], d["due"]) for d in deadlines} >= {(answer["id"], answer["due_on"])}
    with w.uow() as uow:  # the source's service account is not made a handler of the case
        assert uow.session.scalars(select(CaseHandler.user_id)).all() == []
    chibi = auth(w, w.chibi_handler)
    assert client.get(f"/api/v1/cases/{answer['id']}", headers=chibi).status_code == 404


def test_a_retry_gets_the_first_answer_and_never_a_second_clue(
    w: World, client: TestClient, key: dict[str, str]
) -> None:
    first = client.post("/api/v1/intake/clues", json=clue(), headers={**key, "Idempotency-Key": "k-1"})
    before = counts(w)
    again = client.post("/api/v1/intake/clues", json=clue(), headers={**key, "Idempotency-Key": "k-1"})
    assert again.status_code == 201 and again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    same_ref = client.post("/api/v1/intake/clues", json=clue(summary="改写后的内容"), headers=key)
    assert same_ref.json() == first.json()  # the same source + source_ref is the same clue
    reused = client.post(
        "/api/v1/intake/clues", json=clue("SPJY-2026-0002"), headers={**key, "Idempotency-Key": "k-1"}
    )
    assert reused.status_code == 422 and reused.json()["code"] == "idempotency_key_reused"
    assert counts(w) == before
    other = client.post(
        "/api/v1/intake/clues", json=clue(), headers={"X-Api-Key": add_source(w.uow(), "drugs").key}
    )
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]  # another source's own ref


def test_grades_move_the_clue_to_the_city_bureau_or_to_triage(
    w: World, client: TestClient, key: dict[str, str]
) -> None:
    crime = client.post("/api/v1/intake/clues", json=clue("A1", hints={"crime_suspected": True}), headers=key)
    body = crime.json()
    assert (body["grade"], body["agency_code"], body["flags"]) == ("一级", "420100", ["两法衔接"])
    assert body["rules"][0]["id"] == "crime_suspected" and "第17条第2款" in body["rules"][0]["basis"]
    minor = clue("A2", hints={"first_violation": True}, address="武汉市江岸区后湖街某小区底商")
    minor_answer = client.post("/api/v1/intake/clues", json=minor, headers=key).json()
    assert minor_answer["grade"] == "三级" and minor_answer["suggestion"] == "责令改正"
    assert minor_answer["agency_code"] == "420102"  # the test tree has no 监管所: the county takes it
    assert "未在本系统设立" in minor_answer["routing"][-1]
    away = clue("A3", division_code="440305", address="广东省深圳市南山区科技园")
    triage = client.post("/api/v1/intake/clues", json=away, headers=key).json()
    assert (triage["status"], triage["agency_code"]) == ("triage", "420000")
    assert any("不属于湖北省" in r for r in triage["routing"])
    by_address = client.post(
        "/api/v1/intake/clues", json=clue("A4", division_code=None, address="赤壁市蒲纺"), headers=key
    )
    assert by_address.json()["agency_code"] == "421281"


def test_attachments_are_kept_with_the_case(w: World, client: TestClient, key: dict[str, str]) -> None:
    photo = base64.b64encode(b"\x89PNG fake bytes of a photo").decode()
    sent = client.post(
        "/api/v1/intake/clues",
        json=clue(attachments=[{"name": "现场照片.png", "content_type": "image/png", "data": photo}]),
        headers=key,
    )
    assert sent.status_code == 201, sent.text
    (item,) = sent.json()["attachments"]
    with w.uow() as uow:
        row = uow.session.scalar(select(EvidenceFile).where(EvidenceFile.case_id == sent.json()["id"]))
        assert row is not None and (row.sm3, row.filename) == (item["sm3"], "现场照片.png")


TOMORROW = "明天"  # made a date when the test runs: built at collection it may be today by then
BAD_BODIES = [
    (clue(summary="含有\x00的内容"), 422),
    (clue(amounts={"goods_value": "1e30"}), 422),
    (clue(hints={"complaints_count": 10**30}), 422),
    (clue(found_on="2026-02-30"), 422),
    (clue(found_on=TOMORROW), 422),
    (clue(found_on="1999-01-01"), 422),
    (clue(subject={"uscc": "91350100M000100Y44", "name": "某公司"}), 422),
    (clue(subject={"id_number": "11010519491231002X", "uscc": USCC, "name": "张某"}), 422),
    (clue(subject={"name": "张某"}), 422),
    (clue(division_code="42010"), 422),
    (clue(attachments=[{"name": "a.txt", "data": "不是base64!"}]), 422),
    (clue(attachments=[{"name": "../a.txt", "data": "YQ=="}]), 422),
    (
        clue(attachments=[{"name": "big.bin", "data": base64.b64encode(b"x" * (1024 * 1024 + 1)).decode()}]),
        413,
    ),
    (clue(unknown_field=1), 422),
]


@pytest.mark.parametrize(("body", "status"), BAD_BODIES)
def test_bad_input_is_a_4xx_with_a_chinese_message_and_changes_nothing(
    w: World, client: TestClient, key: dict[str, str], body: dict[str, Any], status: int
) -> None:
    if body["found_on"] == TOMORROW:
        body = {**body, "found_on": (china_today() + timedelta(days=1)).isoformat()}
    before = counts(w)
    answer = client.post("/api/v1/intake/clues", json=body, headers=key)
    assert answer.status_code == status, answer.text
    assert answer.json()["code"] and any("\u4e00" <= ch <= "\u9fff" for ch in answer.text)
    assert counts(w) == before


def test_a_malformed_idempotency_key_is_refused(w: World, client: TestClient, key: dict[str, str]) -> None:
    before = counts(w)
    answer = client.post("/api/v1/intake/clues", json=clue(), headers={**key, "Idempotency-Key": "k" * 256})
    assert answer.status_code == 422 and answer.json()["code"] == "bad_idempotency_key"
    assert counts(w) == before


def test_the_openapi_documents_the_clue_body_and_answer(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    post = spec["paths"]["/api/v1/intake/clues"]["post"]
    headers = {p["name"] for p in post["parameters"] if p["in"] == "header"}
    assert headers == {"X-Api-Key", "Idempotency-Key"}
    schemas = spec["components"]["schemas"]
    assert {"source_ref", "found_on", "subject", "hints", "attachments"} <= set(
        schemas["ClueIn"]["properties"]
    )
    assert set(schemas["ClueIn"]["required"]) >= {"source_ref", "found_on", "subject", "address", "summary"}
    assert {"id", "grade", "agency_code", "due_on", "status"} <= set(schemas["ClueAnswer"]["properties"])
    assert {"401", "413", "422"} <= set(post["responses"])


def test_an_invalid_uscc_is_named_in_the_field_message(client: TestClient, key: dict[str, str]) -> None:
    answer = client.post(
        "/api/v1/intake/clues",
        json=clue(subject={"uscc": "91350100M000100Y44", "name": "某公司"}),
        headers=key,
    )
    (problem,) = answer.json()["details"]
    assert problem["field"] == "subject.uscc" and "GB 32100" in problem["problem"]


def test_a_missing_wrong_or_revoked_key_is_401_and_changes_nothing(
    w: World, client: TestClient, key: dict[str, str]
) -> None:
    before = counts(w)
    user_token = auth(w, w.h1)
    for headers in (
        {},
        {"X-Api-Key": "zfsrc_wrong"},
        {"X-Api-Key": user_token["Authorization"][7:]},
        user_token,
    ):
        answer = client.post("/api/v1/intake/clues", json=clue(), headers=headers)
        assert answer.status_code == 401 and answer.json()["code"] == "invalid_source_key"
        assert client.get(f"/api/v1/intake/clues/{'0' * 32}", headers=headers).status_code == 401
    revoke_source(w.uow(), "food_trade")
    revoked = client.post("/api/v1/intake/clues", json=clue(), headers=key)
    assert revoked.status_code == 401 and "已撤销" in revoked.json()["message"]
    assert client.post("/api/v1/intake/clues", json={"bad": 1}, headers={}).status_code == 401
    assert counts(w) == before


def test_the_source_is_told_what_became_of_its_clue(
    w: World, client: TestClient, key: dict[str, str]
) -> None:
    case_id = client.post("/api/v1/intake/clues", json=clue(), headers=key).json()["id"]
    shown = client.get(f"/api/v1/intake/clues/{case_id}", headers=key).json()
    assert (shown["status"], shown["stage"], shown["filing_docno"]) == ("accepted", "clue", None)
    declined = client.post(
        f"/api/v1/cases/{case_id}/actions/decline",
        json={"ground": "no_evidence", "reason": "经核查，所售食品在保质期内"},
        headers=auth(w, w.head),
    )
    assert declined.status_code == 200, declined.text
    after = client.get(f"/api/v1/intake/clues/{case_id}", headers=key).json()
    assert (after["status"], after["status_label"]) == ("declined", "不予立案")
    assert after["declined"]["reason"] == "经核查，所售食品在保质期内" and after["declined"]["ground_label"]
    filed_id = client.post("/api/v1/intake/clues", json=clue("F-2"), headers=key).json()["id"]
    body = {**file_body(w), "act_date": (china_today() - timedelta(days=20)).isoformat()}
    filing = client.post(f"/api/v1/cases/{filed_id}/actions/file", json=body, headers=auth(w, w.head))
    assert filing.status_code == 200, filing.text
    filed = client.get(f"/api/v1/intake/clues/{filed_id}", headers=key).json()
    assert filed["status"] == "filed" and filed["filing_docno"].startswith("岸市监立〔")
    other = {"X-Api-Key": add_source(w.uow(), "drugs").key}
    foreign = client.get(f"/api/v1/intake/clues/{case_id}", headers=other)
    missing = client.get(f"/api/v1/intake/clues/{'0' * 32}", headers=other)
    assert foreign.status_code == missing.status_code == 404 and foreign.json() == missing.json()


def test_the_same_clue_sent_twice_at_once_is_one_clue(w: World) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from zhifa.integrations.intake_inputs import ClueIn
    from zhifa.integrations.service import receive_clue
    from zhifa.integrations.sources import authenticate_source

    source = authenticate_source(w.uow(), enable_source(w.uow(), "metrology").key)
    body = ClueIn.model_validate(clue("RACE-1"))
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda _: receive_clue(w.uow(), source, body), range(4)))
    assert len({a["id"] for a, _ in answers}) == 1
    assert sum(created for _, created in answers) == 1
    assert counts(w)[:2] == (1, 1) and counts(w)[3] == 1  # one ledger record, one case, one intake row


def test_a_clue_that_loses_the_race_returns_the_winners_answer(
    w: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zhifa.integrations import service
    from zhifa.integrations.intake_inputs import ClueIn
    from zhifa.integrations.sources import authenticate_source

    source = authenticate_source(w.uow(), enable_source(w.uow(), "metrology").key)
    body = ClueIn.model_validate(clue("RACE-2"))
    first, created = service.receive_clue(w.uow(), source, body)
    assert created
    real, calls = service._first_answer, []

    def late(*args: Any) -> Any:  # the second request checked before the first one committed
        calls.append(1)
        return None if len(calls) == 1 else real(*args)

    monkeypatch.setattr(service, "_first_answer", late)
    before = counts(w)
    again, created = service.receive_clue(w.uow(), source, body)
    assert (again, created, len(calls)) == (first, False, 2)
    assert counts(w) == before


def test_a_clue_whose_deadline_falls_in_an_unknown_calendar_year_is_still_received(w: World) -> None:
    from zhifa.integrations.intake_inputs import ClueIn
    from zhifa.integrations.service import receive_clue
    from zhifa.integrations.sources import authenticate_source

    source = authenticate_source(w.uow(), enable_source(w.uow(), "metrology").key)
    body = ClueIn.model_validate(clue("YEAR-END", found_on="2026-12-28"))
    answer, created = receive_clue(w.uow(), source, body, today=date(2026, 12, 31))
    assert created
    if WorkingCalendar().knows_year(2027):
        assert answer["due_on"] == WorkingCalendar().add_working_days(date(2026, 12, 28), 15).isoformat()
    else:  # 程序规定第十八条 still governs; the holiday table for 2027 has to be entered first
        assert answer["due_on"] is None and "2027" in answer["due_warning"]
