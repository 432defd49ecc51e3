"""Case pages: list filters, detail (timeline, evidence, deadlines), only the allowed forms, form actions."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.e2e.clients import make_client_factory
from tests.e2e.site import USERS
from zhifa.demo.identifiers import demo_case_id

Client = Callable[[str | None], TestClient]
REVIEW = demo_case_id("ja-approval-metrology")  # waits for the head's approval
EXECUTION = demo_case_id("ja-execution-price")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Client:
    """TestClients of the demo site."""
    _, factory = make_client_factory(tmp_path_factory.mktemp("pages-site"))
    return factory


def _form_token(html: str, action: str) -> str:
    found = re.search(rf'action="{re.escape(action)}".*?name="csrf_token" value="([^"]+)"', html, re.S)
    assert found, action
    return found.group(1)


def test_case_list_filters_by_stage(client: Client) -> None:
    c = client(USERS["head"])
    page = c.get("/cases", params={"stage": "execution"})
    assert page.status_code == 200
    stages = re.findall(r'<td data-label="阶段"><span class="tag[^"]*">([^<]+)</span>', page.text)
    assert stages and set(stages) == {"执行"}
    assert "共 " in page.text


def test_detail_shows_ledger_evidence_and_deadlines(client: Client) -> None:
    page = client(USERS["inspector"]).get(f"/cases/{EXECUTION}")
    assert page.status_code == 200
    assert "账本校验通过" in page.text and "已签名" in page.text and "已验证" in page.text
    assert 'id="evidence"' in page.text and 'id="deadlines"' in page.text
    assert 'data-action="' not in page.text  # 纪检监察: read only, no forms


@pytest.mark.parametrize(("role", "present"), [("head", True), ("handler", False), ("reviewer", False)])
def test_only_allowed_forms_are_shown(client: Client, role: str, present: bool) -> None:
    page = client(USERS[role]).get(f"/cases/{REVIEW}").text
    assert ('data-action="approve"' in page) is present


def test_refused_action_shows_the_reason_and_keeps_the_values(client: Client) -> None:
    c = client(USERS["head"])
    page = c.get(f"/cases/{REVIEW}").text
    action = f"/cases/{REVIEW}/actions/approve"
    resp = c.post(action, data={"csrf_token": _form_token(page, action), "penalty.fine": "abc"})
    assert resp.status_code == 422 and "未能办理" in resp.text
    assert 'value="abc"' in resp.text


def test_head_approves_through_the_form(client: Client) -> None:
    c = client(USERS["head"])
    page = c.get(f"/cases/{REVIEW}").text
    action = f"/cases/{REVIEW}/actions/approve"
    assert 'id="guard-approve"' in page and 'name="penalty.fine"' in page
    data = {"csrf_token": _form_token(page, action), "penalty.kinds": "fine", "penalty.fine": "5000"}
    refused = c.post(action, data=data)  # 800 proposed: a change needs a reason (issue 16 §3)
    assert refused.status_code == 422 and "须说明理由" in refused.text
    data["override_reason"] = "当事人拒不改正，复查时仍在使用未经检定的验光仪"
    resp = c.post(action, data=data)
    assert resp.status_code == 200 and "已办理：批准拟处罚意见" in resp.text
    assert 'data-action="approve"' not in resp.text


def test_clue_registration_through_the_form(client: Client) -> None:
    c = client(USERS["handler2"])
    page = c.get("/clues/new").text
    data = {
        "csrf_token": _form_token(page, "/clues"), "source": "complaint", "discovered_on": "2026-11-20",
        "summary": "投诉某药店未明码标价（页面测试）",
    }  # fmt: skip
    resp = c.post("/clues", data=data)
    assert resp.status_code == 200 and "线索已登记" in resp.text and "线索核查" in resp.text
    bad = c.post("/clues", data={**data, "discovered_on": ""})
    assert bad.status_code == 422 and "未能登记" in bad.text
