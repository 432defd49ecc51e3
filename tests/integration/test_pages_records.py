"""The record actions through the case page: a handler fills the 现场笔录 form on a demo case under
investigation; the record is on the ledger and its document is offered on the 文书与卷宗 page."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.e2e.clients import make_client_factory
from tests.e2e.site import USERS
from tests.integration.test_pages_cases import _form_token
from zhifa.demo.identifiers import demo_case_id
from zhifa.services.cases import china_today

Client = Callable[[str | None], TestClient]
INVESTIGATION = demo_case_id("ja-investigation-food")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Client:
    """TestClients of the demo site."""
    _, factory = make_client_factory(
        tmp_path_factory.mktemp("pages-records"), own_site=True
    )  # moves demo cases on
    return factory


def _officer(page: str, name: str) -> str:
    found = re.search(rf'<option value="(\d+)"[^>]*>{name}（', page)
    assert found, name
    return found.group(1)


def test_a_site_record_through_the_form_程序规定_28(client: Client) -> None:
    c = client(USERS["handler"])
    page = c.get(f"/cases/{INVESTIGATION}").text
    action = f"/cases/{INVESTIGATION}/actions/inspect-site"
    assert 'data-action="inspect-site"' in page and 'name="findings"' in page
    today = china_today().isoformat()
    data = {
        "csrf_token": _form_token(page, action),
        "place": "武汉市江岸区某某超市",
        "inspected_on": today,
        "start": "09:30",
        "end": "10:15",
        "officer_ids": [_officer(page, "张伟"), _officer(page, "李娜")],
        "present": "店长（演示）",
        "findings": "货架陈列过期食品若干（演示数据）。",
    }
    refused = c.post(action, data={**data, "end": "09:00"})
    assert refused.status_code == 422 and "应晚于开始时间" in refused.text
    done = c.post(action, data=data)
    assert done.status_code == 200 and "已办理：制作现场笔录" in done.text
    documents = c.get(f"/cases/{INVESTIGATION}/documents").text
    assert "现场笔录" in documents
