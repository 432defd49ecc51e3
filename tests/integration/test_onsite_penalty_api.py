"""当场处罚 through the API (行政处罚法 第五十一条至第五十三条).

The party's signature PNG is checked on the server and kept as an evidence file, its SM3 goes into the
decision event the officer signs; refusals write nothing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.integration import onsite_helpers
from tests.integration.case_helpers import PERSON, World, fine
from tests.integration.document_helpers import docx_text
from tests.integration.onsite_helpers import HEARD_NO_SIGNATURE, auth
from zhifa.demo.signature import data_url, demo_signature_png
from zhifa.domain.values import sm3_hex
from zhifa.services.cases import china_today
from zhifa.store.models import EvidenceFile
from zhifa.store.uow import UnitOfWork

w = onsite_helpers.w  # fixtures shared with the other phone-sync tests
client = onsite_helpers.client


def body(w: World, **changes: Any) -> dict[str, Any]:
    base = {
        "party": PERSON,
        "act_date": china_today().isoformat(),
        "violation": "不按规定明码标价",
        "basis": "《明码标价和禁止价格欺诈规定》第五条；《价格违法行为行政处罚规定》第十三条",
        "penalty": fine("100"),
        "officer_ids": [w.h1.user_id, w.h2.user_id],
        "place": "江岸区台北路农贸市场",
        **{k: v for k, v in HEARD_NO_SIGNATURE.items() if k not in ("party_refused_to_sign", "refusal_note")},
        "party_signature_png": data_url(demo_signature_png()),
    }
    return {**base, **changes}


def test_signed_on_the_phone_kept_as_evidence_and_signed_by_the_officer(
    w: World, client: TestClient, tmp_path: Any
) -> None:
    headers = auth(w, w.h1)
    answer = client.post("/api/v1/cases/summary-penalty", json=body(w), headers=headers)
    assert answer.status_code == 201, answer.text
    case_id = answer.json()["case"]["id"]
    digest = sm3_hex(demo_signature_png())
    timeline = client.get(f"/api/v1/cases/{case_id}/timeline", headers=headers).json()
    (issued,) = [r for r in timeline["timeline"] if r["type"] == "SummaryPenaltyIssued"]
    assert issued["payload"]["party_signature_sm3"] == digest
    assert issued["payload"]["statement"] and issued["payload"]["credentials_shown"] is True
    assert issued["signed"] and issued["verified"] and timeline["ledger"]["verified"]
    with UnitOfWork(w.engine) as uow:
        kept = uow.session.scalar(select(EvidenceFile).where(EvidenceFile.case_id == case_id))
        assert kept is not None and kept.sm3 == digest and kept.content_type == "image/png"
    png = client.get(f"/api/v1/cases/{case_id}/files/{digest}", headers=headers)
    assert png.status_code == 200 and png.content == demo_signature_png()


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"penalty": fine("200.01")}, "summary_not_allowed"),  # 行政处罚法第五十一条
        ({"statement": ""}, "statement_missing"),  # 第四十四条、第四十五条
        ({"credentials_shown": False}, "credentials_not_shown"),  # 第五十二条
        ({"party_signature_png": None}, "party_signature_missing"),  # 第五十二条
        ({"party_signature_png": data_url(demo_signature_png(strokes=0))}, "signature_blank"),
        ({"party_signature_png": data_url(b"<svg/>")}, "bad_signature_png"),
        ({"collection": "small_fine"}, "receipt_missing"),  # 第七十条
        (
            {"penalty": fine("150"), "collection": "small_fine", "receipt_no": "1"},
            "onsite_collection_not_allowed",
        ),
    ],
)
def test_refusals_read_like_the_articles_and_write_nothing(
    w: World, client: TestClient, tmp_path: Any, changes: dict[str, Any], code: str
) -> None:
    before = w.counts()
    answer = client.post("/api/v1/cases/summary-penalty", json=body(w, **changes), headers=auth(w, w.h1))
    assert answer.status_code == 422 and answer.json()["code"] == code, answer.text
    assert w.counts() == before
    with UnitOfWork(w.engine) as uow:
        assert uow.session.scalar(select(EvidenceFile)) is None


def test_collected_on_the_spot_then_handed_over_行政处罚法_68_71(w: World, client: TestClient) -> None:
    headers = auth(w, w.h1)
    extra = {"collection": "small_fine", "receipt_no": "鄂财罚0012345"}
    answer = client.post("/api/v1/cases/summary-penalty", json=body(w, **extra), headers=headers)
    assert answer.status_code == 201, answer.text
    case_id = answer.json()["case"]["id"]
    detail = client.get(f"/api/v1/cases/{case_id}", headers=headers).json()
    assert "cash_handover" in {d["key"] for d in detail["deadlines"]}
    today = china_today().isoformat()
    done = client.post(
        f"/api/v1/cases/{case_id}/actions/hand-over-cash", json={"handed_on": today}, headers=auth(w, w.h2)
    )
    assert done.status_code == 200, done.text
    detail = client.get(f"/api/v1/cases/{case_id}", headers=headers).json()
    assert "cash_handover" not in {d["key"] for d in detail["deadlines"]}


def _decision_text(client: TestClient, case_id: str, headers: dict[str, str]) -> str:
    doc = client.post(
        f"/api/v1/cases/{case_id}/documents", json={"kind": "summary_decision", "pdf": False}, headers=headers
    )
    assert doc.status_code == 201, doc.text
    got = client.get(f"/api/v1/cases/{case_id}/documents/{doc.json()['seq']}?format=docx", headers=headers)
    assert got.status_code == 200
    return docx_text(got.content)


def test_the_decision_states_the_statement_the_payment_and_the_signature_第五十二条_第六十七至七十条(
    w: World, client: TestClient
) -> None:
    headers = auth(w, w.h1)
    at_bank = client.post("/api/v1/cases/summary-penalty", json=body(w), headers=headers).json()["case"]["id"]
    text = _decision_text(client, at_bank, headers)
    assert "当事人的陈述、申辩：" + HEARD_NO_SIGNATURE["statement"] in text
    assert "十五日内到指定银行" in text and "当场收缴（" not in text
    assert f"已在执法终端上签名（签名图像 SM3：{sm3_hex(demo_signature_png())}）" in text
    extra = {"collection": "small_fine", "receipt_no": "鄂财罚0012345"}
    spot = client.post("/api/v1/cases/summary-penalty", json=body(w, **extra), headers=headers).json()[
        "case"
    ]["id"]
    text = _decision_text(client, spot, headers)
    assert "罚款由执法人员当场收缴（依法给予一百元以下罚款（行政处罚法第六十八条第一项））" in text
    assert "票据编号：鄂财罚0012345" in text and "十五日内到指定银行" not in text


def test_a_resync_with_the_same_key_creates_one_case(w: World, client: TestClient) -> None:
    headers = auth(w, w.h1, **{"Idempotency-Key": str(uuid.uuid4())})
    first = client.post("/api/v1/cases/summary-penalty", json=body(w), headers=headers)
    before = w.counts()
    again = client.post("/api/v1/cases/summary-penalty", json=body(w), headers=headers)
    assert again.status_code == 201 and again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true" and w.counts() == before
