"""推送管理 page for the province's administrator (issue 19): per-target status, dead letters with the
target's reason and a retry logged with who did it, deadline breaches (公示规定 第九条), target settings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.e2e.clients import login
from tests.integration.case_helpers import ORG, World, api_client, fine, make_world
from tests.integration.identity_helpers import PASSWORD, make_user
from tests.integration.outbox_helpers import decided, outbox_settings, receiver, rows
from zhifa.services.outbox_admin import actions
from zhifa.services.outbox_worker import run_once


@pytest.fixture
def w(engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[World]:
    with outbox_settings(monkeypatch, tmp_path):
        yield make_world(engine)


def _client(w: World, tmp_path: Path, username: str) -> TestClient:
    client = api_client(w, tmp_path)
    login(client, username, PASSWORD)
    return client


def _token(html: str, action: str) -> str:
    found = re.search(rf'action="{re.escape(action)}".*?name="csrf_token" value="([^"]+)"', html, re.S)
    assert found, action
    return found.group(1)


def test_the_province_administrator_sees_status_dead_letters_breaches_and_retries(
    w: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    decided(w, ORG, fine("5000"))  # decided 2026-03-20: publicity due 2026-04-20, long past
    with receiver(monkeypatch, "credit_publicity") as inbox:
        inbox.fail_next("400")
        assert run_once(w.engine).dead == 1
    make_user(w.engine, "hb_admin", "420000", "admin", display_name="省局管理员甲")
    client = _client(w, tmp_path, "hb_admin")
    page = client.get("/admin/outbox")
    assert page.status_code == 200 and "推送管理" in page.text
    html = page.text
    dead = rows(w.engine, "credit_publicity")[0]
    assert f'data-row="{dead.id}"' in html and "数据项不符合接口规范（模拟）" in html
    assert 'data-target="credit_office"' in html and "未配置" in html
    breaches = html[html.index('id="outbox-breaches"') :]
    assert "2026-04-20" in breaches and "第九条" in breaches
    action = f"/admin/outbox/{dead.id}/retry"
    done = client.post(action, data={"csrf_token": _token(html, action)}, follow_redirects=False)
    assert done.status_code == 303 and rows(w.engine, "credit_publicity")[0].status == "pending"
    (log,) = actions(w.engine)
    assert log["actor"] == "省局管理员甲（hb_admin）" and "数据项不符合接口规范" in log["note"]
    again = client.post(action, data={"csrf_token": _token(html, action)})
    assert again.status_code == 422 and "只有已转入死信的推送可以重新投递" in again.text
    assert "重新投递 #" in client.get("/admin/outbox").text


def test_target_settings_from_the_page_never_echo_the_secret(w: World, tmp_path: Path) -> None:
    make_user(w.engine, "hb_admin", "420000", "admin", display_name="省局管理员甲")
    client = _client(w, tmp_path, "hb_admin")
    html = client.get("/admin/outbox").text
    action = "/admin/outbox/targets"
    data = {"csrf_token": _token(html, action), "code": "audit", "url": "http://127.0.0.1:9/audit"}
    short = client.post(action, data={**data, "secret": "短密钥"})
    assert short.status_code == 422 and "至少 16 字节" in short.text and "短密钥" not in short.text
    done = client.post(action, data={**data, "secret": "审计厅推送密钥-0123456789"}, follow_redirects=False)
    assert done.status_code == 303
    page = client.get("/admin/outbox").text
    row = page[page.index('data-target="audit"') :]
    assert "管理员设置" in row[:600] and "审计厅推送密钥" not in page
    assert client.post(action, data={**data, "secret": "x" * 20, "csrf_token": "bad"}).status_code == 403


def test_only_the_province_administrator_manages_the_outbox(w: World, tmp_path: Path) -> None:
    make_user(w.engine, "ja_admin", "420102", "admin", display_name="区局管理员")
    county = _client(w, tmp_path, "ja_admin")
    refused = county.get("/admin/outbox")
    assert refused.status_code == 403 and "仅限省局系统管理员" in refused.text
    handler = _client(w, tmp_path, "ja_h1")
    assert handler.get("/admin/outbox").status_code == 403
    assert "推送管理" not in handler.get("/").text
