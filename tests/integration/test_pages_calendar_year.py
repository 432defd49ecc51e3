"""Admin page: a year chinese-calendar lacks is marked complete only once its fixed holidays are entered."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.e2e.clients import make_client_factory
from tests.e2e.site import USERS


def _token(html: str, action: str) -> str:
    found = re.search(rf'action="{re.escape(action)}".*?name="csrf_token" value="([^"]+)"', html, re.S)
    assert found, action
    return found.group(1)


@pytest.fixture(scope="module")
def admin(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    _, factory = make_client_factory(tmp_path_factory.mktemp("calendar-year-site"))
    return factory(USERS["admin"])


def test_marking_a_year_the_package_lacks_complete_needs_its_fixed_holidays(admin: TestClient) -> None:
    page = admin.get("/admin/holidays", params={"year": 2029}).text
    assert 'id="complete-year"' in page and "不含 2029 年" in page
    action = "/admin/holidays/year/2029"
    refused = admin.post(action, data={"csrf_token": _token(page, action)})
    assert refused.status_code == 422 and "劳动节" in refused.text
    for day, note in (("2029-01-01", "元旦"), ("2029-05-01", "劳动节"), ("2029-10-01", "国庆节")):
        form = admin.get("/admin/holidays", params={"year": 2029}).text
        data = {"csrf_token": _token(form, "/admin/holidays"), "day": day, "kind": "holiday", "note": note}
        assert admin.post("/admin/holidays", data=data).status_code == 200
    page = admin.get("/admin/holidays", params={"year": 2029}).text
    done = admin.post(action, data={"csrf_token": _token(page, action)})
    assert done.status_code == 200 and "已确认完整" in done.text and "撤销确认" in done.text
