"""The case API over HTTP: bearer tokens, scope (404 identical to a missing case), read-only 纪检, CSRF."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.integration.case_helpers import (
    ORG,
    World,
    api_client,
    evidence_body,
    file_body,
    fine,
    make_world,
    report_body,
)
from tests.integration.identity_helpers import PASSWORD
from zhifa.domain.actors import Actor
from zhifa.domain.values import sm3_hex
from zhifa.identity.auth import create_token
from zhifa.services.cases import china_today
from zhifa.store.uow import UnitOfWork


@pytest.fixture
def w(engine: Engine) -> World:
    return make_world(engine)


@pytest.fixture
def client(w: World, tmp_path: Any) -> TestClient:
    return api_client(w, tmp_path)


def auth(w: World, actor: Actor) -> dict[str, str]:
    token = create_token(UnitOfWork(w.engine), actor.user_id, label="test").token
    return {"Authorization": f"Bearer {token}"}


def test_a_case_through_the_api_with_upload_timeline_and_deadlines(w: World, client: TestClient) -> None:
    today = china_today()
    h1, head, rev = auth(w, w.h1), auth(w, w.head), auth(w, w.reviewer)
    clue = {
        "source": "complaint",
        "discovered_on": (today - timedelta(days=3)).isoformat(),
        "summary": "消费者投诉某超市销售过期牛奶",
        "party": ORG,
    }
    created = client.post("/api/v1/cases", json=clue, headers=h1)
    assert created.status_code == 201, created.text
    case_id = created.json()["case"]["id"]
    assert created.json()["case"]["stage"] == "clue"
    body = {**file_body(w), "act_date": (today - timedelta(days=20)).isoformat()}
    filed = client.post(f"/api/v1/cases/{case_id}/actions/file", json=body, headers=head)
    assert filed.status_code == 200, filed.text
    assert filed.json()["docno"] == f"岸市监立〔{today.year}〕1号"
    photo = "现场照片".encode() * 100
    evidence = evidence_body(w, today)
    evidence["item"] = {"kind": "electronic", "title": "现场照片", "source": "执法记录仪拍摄，张伟，当日"}
    upload = client.post(
        f"/api/v1/cases/{case_id}/evidence",
        headers=h1,
        data={"data": json.dumps(evidence)},
        files=[("files", ("photo.jpg", photo, "image/jpeg"))],
    )
    assert upload.status_code == 201, upload.text
    reported = client.post(
        f"/api/v1/cases/{case_id}/actions/report", json=report_body(fine("3000")), headers=h1
    )
    assert reported.status_code == 200 and reported.json()["case"]["stage"] == "review"
    detail = client.get(f"/api/v1/cases/{case_id}", headers=rev).json()
    assert [a["action"] for a in detail["allowed_actions"]][:1] == ["review"]
    assert detail["ledger"]["verified"] and detail["ledger"]["signatures"] == 2
    assert [t["type"] for t in detail["timeline"]] == [
        "ClueRegistered",
        "CaseFiled",
        "EvidenceAdded",
        "InvestigationReported",
    ]
    assert detail["timeline"][1]["by_name"] == "赵强" and detail["timeline"][1]["signed"]
    timeline = client.get(f"/api/v1/cases/{case_id}/timeline", headers=rev)  # a read: nothing is written
    assert timeline.status_code == 200
    assert timeline.json()["timeline"] == detail["timeline"]
    assert timeline.json()["ledger"]["verified"] and timeline.json()["ledger"]["signatures"] == 2
    assert {d["key"] for d in detail["deadlines"]} >= {"decision", "review"}
    assert detail["evidence"][0]["files"][0]["filename"] == "photo.jpg"
    digest = sm3_hex(photo)
    download = client.get(f"/api/v1/cases/{case_id}/files/{digest}", headers=rev)
    assert download.status_code == 200 and download.content == photo
    # the handler reviewing own case is refused with the article (程序规定第四十九条)
    own = client.post(
        f"/api/v1/cases/{case_id}/actions/review", json={"kind": "case", "opinion": "agree"}, headers=h1
    )
    assert own.status_code == 403 and own.json()["code"] == "role_not_allowed"
    ok = client.post(
        f"/api/v1/cases/{case_id}/actions/review", json={"kind": "case", "opinion": "agree"}, headers=rev
    )
    assert ok.status_code == 200 and ok.json()["case"]["stage"] == "approval"
    listed = client.get("/api/v1/cases", params={"stage": "approval", "mine": True}, headers=h1).json()
    assert [c["id"] for c in listed["items"]] == [case_id]


def test_scope_404_is_identical_to_a_missing_case_and_inspector_is_read_only(
    w: World, client: TestClient
) -> None:
    case_id = w.clue(china_today())
    chibi = auth(w, w.chibi_head)
    outside = client.get(f"/api/v1/cases/{case_id}", headers=chibi)
    missing = client.get(f"/api/v1/cases/{'0' * 32}", headers=chibi)
    assert outside.status_code == missing.status_code == 404
    assert (
        outside.json()
        == missing.json()
        == {"code": "case_not_found", "message": "案件不存在或不在您的管辖范围内"}
    )
    act = client.post(
        f"/api/v1/cases/{case_id}/actions/decline",
        json={"ground": "no_evidence", "reason": "无证据"},
        headers=chibi,
    )
    assert act.status_code == 404 and act.json()["code"] == "case_not_found"
    inspector = auth(w, w.inspector)
    assert client.get(f"/api/v1/cases/{case_id}", headers=inspector).status_code == 200
    write = client.post(
        f"/api/v1/cases/{case_id}/actions/decline",
        json={"ground": "no_evidence", "reason": "无证据"},
        headers=inspector,
    )
    assert write.status_code == 403 and write.json()["code"] == "read_only_role"
    bad = client.post(
        "/api/v1/cases",
        json={
            "source": "complaint",
            "discovered_on": "2026-01-01",
            "summary": "x",
            "party": {**ORG, "uscc": "91350100M000100Y40"},
        },
        headers=auth(w, w.h1),
    )
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_uscc"
    wrong_stage = client.post(
        f"/api/v1/cases/{case_id}/actions/approve", json={"penalty": fine("100")}, headers=auth(w, w.head)
    )
    assert wrong_stage.status_code == 422 and wrong_stage.json()["code"] == "wrong_stage"
    assert "线索核查" in wrong_stage.json()["message"]


def test_session_posts_need_the_csrf_token(w: World, client: TestClient) -> None:
    login = client.post("/api/v1/auth/login", json={"username": "ja_h1", "password": PASSWORD})
    assert login.status_code == 200, login.text
    csrf = login.json()["csrf_token"]
    body = {
        "source": "inspection",
        "discovered_on": china_today().isoformat(),
        "summary": "日常检查发现未明码标价",
    }
    refused = client.post("/api/v1/cases", json=body)
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    assert client.post("/api/v1/cases", json=body, headers={"X-CSRF-Token": csrf}).status_code == 201
    assert client.get("/api/v1/cases").json()["total"] == 1


def test_deadlines_calendar_and_openapi(w: World, client: TestClient) -> None:
    w.clue(china_today() - timedelta(days=40))  # the 15-working-day clue check is overdue (程序规定第十八条)
    head = auth(w, w.head)
    overdue = client.get("/api/v1/deadlines", params={"overdue_only": True}, headers=head).json()
    assert (
        overdue["count"] == 1
        and overdue["items"][0]["key"] == "clue_check"
        and overdue["items"][0]["overdue"]
    )
    assert client.get("/api/v1/deadlines", headers=auth(w, w.inspector)).json()["count"] == 1  # 纪检 sees it
    assert client.get("/api/v1/deadlines", headers=auth(w, w.chibi_head)).json()["count"] == 0
    added = client.get(
        "/api/v1/calendar/add-working-days", params={"date": "2026-09-30", "n": 1}, headers=head
    )
    assert added.json()["result"] == "2026-10-08"  # 国庆 10-01…10-07 (chinese-calendar)
    put = client.put(
        "/api/v1/calendar/overrides/2027-01-01", json={"is_working_day": False, "note": "元旦"}, headers=head
    )
    assert put.status_code == 403 and put.json()["code"] == "admin_only"
    spec = client.get("/openapi.json").json()
    assert "/api/v1/cases/{case_id}/actions/decide" in spec["paths"]
    assert "409" in spec["paths"]["/api/v1/cases/{case_id}/actions/decide"]["post"]["responses"]


def test_evidence_files_must_be_uploaded_to_the_case_by_its_handler(w: World, client: TestClient) -> None:
    today = china_today()
    case_id = w.clue(today - timedelta(days=2))
    body = {**file_body(w), "act_date": (today - timedelta(days=20)).isoformat()}
    assert (
        client.post(f"/api/v1/cases/{case_id}/actions/file", json=body, headers=auth(w, w.head)).status_code
        == 200
    )
    files = [("files", ("invoice.pdf", b"%PDF-1.4 invoice", "application/pdf"))]
    stranger = client.post(f"/api/v1/cases/{case_id}/files", files=files, headers=auth(w, w.h3))
    assert stranger.status_code == 403 and stranger.json()["code"] == "not_case_handler"
    uploaded = client.post(f"/api/v1/cases/{case_id}/files", files=files, headers=auth(w, w.h1))
    assert uploaded.status_code == 201, uploaded.text
    digest = uploaded.json()["files"][0]["sm3"]
    evidence = evidence_body(w, today, "进货发票")
    evidence["item"]["file_sm3"] = ["0" * 64]
    missing = client.post(
        f"/api/v1/cases/{case_id}/actions/add-evidence", json=evidence, headers=auth(w, w.h1)
    )
    assert missing.status_code == 422 and missing.json()["code"] == "file_not_uploaded"
    evidence["item"]["file_sm3"] = [digest]
    ok = client.post(f"/api/v1/cases/{case_id}/actions/add-evidence", json=evidence, headers=auth(w, w.h1))
    assert ok.status_code == 200, ok.text
    gone = client.get(f"/api/v1/cases/{case_id}/files/{'1' * 64}", headers=auth(w, w.h1))
    assert gone.status_code == 404
