"""Documents and the dossier over HTTP: list, issue (201, signed event), download the issued version and a
draft, catalogue, export and verify; errors in Chinese with stable codes; outsiders get 404."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.integration.case_helpers import World, api_client, make_world
from tests.integration.document_helpers import PARTY, docx_text, penalty_case
from tests.integration.test_cases_api import auth


@pytest.fixture
def w(engine: Engine) -> World:
    return make_world(engine)


@pytest.fixture
def client(w: World, tmp_path: Any) -> TestClient:
    return api_client(w, tmp_path)


def test_documents_and_dossier_over_http(w: World, client: TestClient) -> None:
    case = penalty_case(w, "5000")
    h1, head = auth(w, w.h1), auth(w, w.head)
    listed = client.get(f"/api/v1/cases/{case}/documents", headers=h1)
    assert (
        listed.status_code == 200
        and {"code": "penalty_decision", "title": "行政处罚决定书", "stage": "决定"}
        in (listed.json()["available"])
    )
    issued = client.post(
        f"/api/v1/cases/{case}/documents", json={"kind": "行政处罚决定书", "pdf": False}, headers=head
    )
    assert issued.status_code == 201, issued.text
    seq = issued.json()["seq"]
    got = client.get(f"/api/v1/cases/{case}/documents/{seq}?format=docx", headers=h1)
    assert got.status_code == 200 and "岸市监处罚〔2026〕1号" in docx_text(got.content)
    assert "attachment" in got.headers["content-disposition"]
    draft = client.get(f"/api/v1/cases/{case}/documents/filing_approval", headers=h1)
    assert draft.status_code == 200 and PARTY["name"] in docx_text(draft.content)
    again = client.post(f"/api/v1/cases/{case}/documents", json={"kind": "penalty_decision"}, headers=head)
    assert again.status_code == 422 and again.json()["code"] == "document_reason_required"
    wrong = client.post(f"/api/v1/cases/{case}/documents", json={"kind": "不存在的文书"}, headers=head)
    assert wrong.status_code == 422 and wrong.json()["code"] == "unknown_document_kind"
    outsider = client.get(f"/api/v1/cases/{case}/documents", headers=auth(w, w.chibi_handler))
    assert outsider.status_code == 404 and outsider.json()["code"] == "case_not_found"
    shown = client.get(f"/api/v1/cases/{case}/dossier", headers=h1).json()
    assert shown["items"][0]["title"] == "行政处罚决定书" and shown["items"][0]["volume"] == "正卷"
    exported = client.get(f"/api/v1/cases/{case}/dossier/export?pdf=false", headers=h1)
    assert exported.status_code == 200 and exported.headers["content-type"] == "application/zip"
    verdict = client.post("/api/v1/dossier/verify", files={"file": ("d.zip", exported.content)}, headers=h1)
    assert verdict.status_code == 200 and verdict.json()["ok"] is True
    broken = client.post(
        "/api/v1/dossier/verify", files={"file": ("d.zip", exported.content[:-100])}, headers=h1
    )
    assert broken.json()["ok"] is False and broken.json()["code"] == "bundle_corrupt"
