"""The public verification of a printed document: the SM3 in its QR code opens a page, without login, that
says it was issued, its kind, 文号, date and agency and whether its signature verifies — and nothing about
the party; a wrong SM3 is a clear 404, a malformed one a 422, and one address cannot query without limit."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, and_, select, text, update

from tests.integration.case_helpers import World, api_client, make_world
from tests.integration.document_helpers import PARTY, penalty_case
from tests.integration.test_cases_api import auth
from zhifa.documents import service as docs
from zhifa.domain import events as ev
from zhifa.services.cases import china_today
from zhifa.store.models import LedgerRecord


@pytest.fixture
def w(engine: Engine) -> World:
    return make_world(engine)


@pytest.fixture
def client(w: World, tmp_path: Any) -> TestClient:
    return api_client(w, tmp_path)


def _issue(w: World, client: TestClient, case: str, kind: str, reason: str = "") -> dict[str, Any]:
    body = {"kind": kind, "pdf": False, "reason": reason}
    issued = client.post(f"/api/v1/cases/{case}/documents", json=body, headers=auth(w, w.head))
    assert issued.status_code == 201, issued.text
    return issued.json()  # type: ignore[no-any-return]


def test_an_issued_decision_verifies_without_login_and_shows_nothing_personal(
    w: World, client: TestClient
) -> None:
    case = penalty_case(w, "5000")
    doc = _issue(w, client, case, "penalty_decision")
    got = client.get(f"/api/v1/verify/{doc['sm3']}")
    assert got.status_code == 200, got.text
    body = got.json()
    assert body == {
        "sm3": doc["sm3"],
        "issued": True,
        "kind": "penalty_decision",
        "title": "行政处罚决定书",
        "docno": "岸市监处罚〔2026〕1号",
        "issued_on": doc["issued_on"],
        "version": 1,
        "agency": "武汉市江岸区市场监督管理局",
        "superseded_by_version": None,
        "signature": {"valid": True, "signed_at": body["signature"]["signed_at"], "problem": None},
    }
    page = client.get(f"/verify/{doc['sm3'].upper()}")
    assert page.status_code == 200 and "签名有效" in page.text and "岸市监处罚〔2026〕1号" in page.text
    assert "行政处罚决定书" in page.text and "武汉市江岸区市场监督管理局" in page.text
    for personal in (PARTY["name"], PARTY["uscc"], PARTY["address"], case):
        assert personal not in got.text and personal not in page.text
    assert 'href="/logout"' not in page.text  # the bare public layout


def test_a_corrected_version_is_said_to_be_superseded(w: World, client: TestClient) -> None:
    case = penalty_case(w, "5000")
    first = _issue(w, client, case, "penalty_decision")
    same = _issue(w, client, case, "penalty_decision", reason="重新打印")  # identical bytes, version 2
    assert same["sm3"] == first["sm3"]
    assert client.get(f"/api/v1/verify/{first['sm3']}").json()["version"] == 2
    filed_seq = docs._read(w.uow(), w.h1, case).all(ev.CaseFiled)[0][0]
    body = {"corrects_seq": filed_seq, "field": "party.address", "old": PARTY["address"],
            "new": "武汉市江岸区示例路18号", "reason": "笔误"}  # fmt: skip
    w.do(w.h1, case, "correct", body, china_today())
    second = _issue(w, client, case, "penalty_decision", reason="更正住所")
    assert second["sm3"] != first["sm3"] and second["version"] == 3
    old = client.get(f"/api/v1/verify/{first['sm3']}").json()
    assert old["superseded_by_version"] == 3 and old["version"] == 2
    assert client.get(f"/api/v1/verify/{second['sm3']}").json()["superseded_by_version"] is None
    assert "现行版本为第3版" in client.get(f"/verify/{first['sm3']}").text


def test_unknown_and_malformed_sm3(client: TestClient) -> None:
    unknown = client.get("/api/v1/verify/" + "ab" * 32)
    assert unknown.status_code == 404 and unknown.json()["code"] == "document_not_issued"
    assert "没有登记过" in unknown.json()["message"]
    for bad in ("ab" * 31, "zz" * 32, "ab" * 33, "%20" + "ab" * 32):
        refused = client.get(f"/api/v1/verify/{bad}")
        assert refused.status_code == 422 and refused.json()["code"] == "bad_sm3", bad
    page = client.get("/verify/not-a-digest")
    assert page.status_code == 422 and "64 位十六进制" in page.text
    missing = client.get("/verify/" + "ab" * 32)
    assert missing.status_code == 404 and "没有登记过" in missing.text
    form = client.get("/verify")
    assert form.status_code == 200 and 'name="sm3"' in form.text
    typed = client.get("/verify", params={"sm3": "abab abab\n" + "ab" * 28}, follow_redirects=False)
    assert typed.status_code == 303 and typed.headers["location"] == "/verify/" + "ab" * 32


def _tamper(w: World, tamper: Any) -> None:
    with w.engine.begin() as conn:  # as an attacker with database access would: the guard trigger first
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE ledger_events DISABLE TRIGGER ledger_events_append_only"))
            conn.execute(tamper)
            conn.execute(text("ALTER TABLE ledger_events ENABLE TRIGGER ledger_events_append_only"))
        else:
            conn.execute(text("DROP TRIGGER IF EXISTS ledger_events_no_update"))
            conn.execute(tamper)


def test_a_tampered_ledger_record_no_longer_verifies(w: World, client: TestClient) -> None:
    case = penalty_case(w, "5000")
    doc = _issue(w, client, case, "penalty_decision")
    issued = (LedgerRecord.seq == doc["seq"], LedgerRecord.type == "DocumentIssued")
    with w.engine.connect() as conn:
        other = conn.execute(
            select(LedgerRecord.signature).where(LedgerRecord.signature.is_not(None), ~and_(*issued)).limit(1)
        ).scalar_one()
    _tamper(w, update(LedgerRecord).where(*issued).values(signature=other))  # a signature copied over
    body = client.get(f"/api/v1/verify/{doc['sm3']}").json()
    assert body["signature"] == {"valid": False, "signed_at": body["signature"]["signed_at"],
                                 "problem": "SM2 签名验证失败"}  # fmt: skip
    _tamper(w, update(LedgerRecord).where(*issued).values(recorded_at="2026-01-01T00:00:00Z"))
    body = client.get(f"/api/v1/verify/{doc['sm3']}").json()
    assert body["signature"]["valid"] is False and "哈希不符" in body["signature"]["problem"]
    assert "未通过核验" in client.get(f"/verify/{doc['sm3']}").text


def test_one_address_is_limited(w: World, tmp_path: Any) -> None:
    from zhifa.config import Settings
    from zhifa.store.db import make_session_factory
    from zhifa.web.app import create_app
    from zhifa.web.state import AppState

    settings = Settings(secret_key="test-secret-key", var_dir=tmp_path / "var", verify_rate_per_minute=3)
    app = create_app(settings)
    app.state.zhifa = AppState(
        settings=settings, engine=w.engine, session_factory=make_session_factory(w.engine)
    )
    client = TestClient(app)
    answers = [client.get("/api/v1/verify/" + "ab" * 32).status_code for _ in range(3)]
    assert answers == [404, 404, 404]
    limited = client.get("/verify/" + "ab" * 32)
    assert (
        limited.status_code == 429 and "过于频繁" in limited.text and int(limited.headers["retry-after"]) >= 1
    )
    api = client.get("/api/v1/verify/" + "ab" * 32)
    assert api.status_code == 429 and api.json()["code"] == "rate_limited"
