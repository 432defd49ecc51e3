"""Idempotency-Key on creating requests (issue 15 item 9): a retry gets the first answer, no second 文号."""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from tests.integration.case_helpers import (
    PERSON,
    World,
    api_client,
    evidence_body,
    file_body,
    fine,
    make_world,
)
from tests.integration.onsite_helpers import HEARD_NO_SIGNATURE
from zhifa.domain.actors import Actor
from zhifa.identity.auth import create_token
from zhifa.services import idempotency as keys
from zhifa.services.cases import china_today
from zhifa.store.models.idempotency import IdempotencyKey
from zhifa.store.uow import UnitOfWork
from zhifa.web.idempotency import BodyHasher


@pytest.fixture
def w(engine: Engine) -> World:
    return make_world(engine)


@pytest.fixture
def client(w: World, tmp_path: Any) -> TestClient:
    return api_client(w, tmp_path)


def auth(w: World, actor: Actor, key: str | None = None) -> dict[str, str]:
    token = create_token(UnitOfWork(w.engine), actor.user_id, label="test").token
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return headers


def summary_body(w: World) -> dict[str, Any]:
    """当场处罚 of 200 yuan on a person (行政处罚法第五十一条): issues a 当罚 文号."""
    return {
        "party": PERSON,
        "act_date": china_today().isoformat(),
        "violation": "未明码标价",
        "basis": "《明码标价和禁止价格欺诈规定》第二十一条",
        "penalty": fine("200"),
        "officer_ids": [w.h1.user_id, w.h2.user_id],
        "place": "江岸区某农贸市场",
        **HEARD_NO_SIGNATURE,
    }


def test_a_retried_summary_penalty_returns_the_first_answer_and_issues_no_second_docno(
    w: World, client: TestClient
) -> None:
    headers = auth(w, w.h1, str(uuid.uuid4()))
    first = client.post("/api/v1/cases/summary-penalty", json=summary_body(w), headers=headers)
    assert first.status_code == 201, first.text
    before = w.counts()
    again = client.post("/api/v1/cases/summary-penalty", json=summary_body(w), headers=headers)
    assert again.status_code == 201 and again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert w.counts() == before  # no ledger record, no case, no 文号
    other = client.post(
        "/api/v1/cases/summary-penalty", json={**summary_body(w), "place": "另一个市场"}, headers=headers
    )
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    fresh = client.post("/api/v1/cases/summary-penalty", json=summary_body(w), headers=auth(w, w.h1, "k-2"))
    assert fresh.status_code == 201 and fresh.json()["docno"] != first.json()["docno"]
    assert w.counts()[2] == before[2] + 1


def test_keys_are_per_user_and_a_refused_request_can_be_retried(w: World, client: TestClient) -> None:
    clue = {"source": "complaint", "discovered_on": china_today().isoformat(), "summary": "投诉过期食品"}
    mine = client.post("/api/v1/cases", json=clue, headers=auth(w, w.h1, "same-key"))
    theirs = client.post("/api/v1/cases", json=clue, headers=auth(w, w.h2, "same-key"))
    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["case"]["id"] != theirs.json()["case"]["id"]
    bad = {**clue, "discovered_on": "2999-01-01"}
    refused = client.post("/api/v1/cases", json=bad, headers=auth(w, w.h1, "retry-me"))
    assert refused.status_code == 422
    fixed = client.post("/api/v1/cases", json=clue, headers=auth(w, w.h1, "retry-me"))
    assert fixed.status_code == 201  # the refusal released the key: nothing had been created
    malformed = client.post("/api/v1/cases", json=clue, headers=auth(w, w.h1, "k" * 256))
    assert malformed.status_code == 422 and malformed.json()["code"] == "bad_idempotency_key"


def test_a_retried_multipart_evidence_upload_is_not_added_twice(w: World, client: TestClient) -> None:
    today = china_today()
    case_id = w.clue(today)
    body = {**file_body(w), "act_date": today.isoformat()}
    assert (
        client.post(f"/api/v1/cases/{case_id}/actions/file", json=body, headers=auth(w, w.head)).status_code
        == 200
    )
    headers = auth(w, w.h1, "evidence-1")
    form = {"data": json.dumps(evidence_body(w, today))}
    files = [("files", ("note.txt", b"notes", "text/plain"))]
    first = client.post(f"/api/v1/cases/{case_id}/evidence", data=form, files=files, headers=headers)
    assert first.status_code == 201, first.text
    before = w.counts()
    again = client.post(f"/api/v1/cases/{case_id}/evidence", data=form, files=files, headers=headers)
    assert (
        again.status_code == 201 and again.json() == first.json()
    )  # another multipart boundary, same request
    assert w.counts() == before


def test_concurrent_requests_with_one_key_create_one_case(w: World, client: TestClient) -> None:
    headers = auth(w, w.h1, "concurrent")
    barrier = threading.Barrier(6)
    answers: list[int] = []

    def post() -> None:
        barrier.wait()
        answers.append(
            client.post("/api/v1/cases/summary-penalty", json=summary_body(w), headers=headers).status_code
        )

    before = w.counts()
    threads = [threading.Thread(target=post) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(answers) <= {201, 409} and 201 in answers
    assert w.counts()[2] == before[2] + 1 and w.counts()[1] == before[1] + 1  # one case, one 文号


def test_reserving_a_key_is_atomic_and_expired_keys_make_room(w: World) -> None:
    results: list[bool] = []
    barrier = threading.Barrier(8)

    def reserve() -> None:
        barrier.wait()
        results.append(keys.reserve(UnitOfWork(w.engine), w.h1.user_id, "k", "POST", "/api/v1/cases", 60))

    threads = [threading.Thread(target=reserve) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 7 + [True]
    assert keys.lookup(UnitOfWork(w.engine), w.h1.user_id, "k") is not None
    assert keys.reserve(UnitOfWork(w.engine), w.h2.user_id, "old", "POST", "/api/v1/cases", 0)
    assert keys.lookup(UnitOfWork(w.engine), w.h2.user_id, "old") is None  # expired at once
    assert keys.reserve(UnitOfWork(w.engine), w.h2.user_id, "old", "POST", "/api/v1/cases", 60)
    assert keys.purge_expired(UnitOfWork(w.engine)) == 0
    with UnitOfWork(w.engine) as uow:
        assert uow.session.scalar(select(func.count()).select_from(IdempotencyKey)) == 2


def test_the_request_hash_ignores_the_multipart_boundary_even_across_chunks() -> None:
    scope = {"method": "POST", "path": "/api/v1/cases/x/files", "query_string": b""}

    def digest(boundary: str, cut: int) -> str:
        part = "Content-Disposition: form-data; name=a\r\n\r\nvalue"
        body = f"--{boundary}\r\n{part}\r\n--{boundary}--\r\n".encode()
        hasher = BodyHasher(scope, f"multipart/form-data; boundary={boundary}")
        hasher.feed(body[:cut])
        hasher.feed(body[cut:])
        return hasher.hexdigest()

    assert len({digest("abc123", cut) for cut in range(1, 40)} | {digest("zz9988", 5)}) == 1
    assert digest("abc123", 3) != BodyHasher(scope, "application/json").hexdigest()
