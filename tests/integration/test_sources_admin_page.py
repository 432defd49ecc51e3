"""来源系统管理 page (issue 18) for the province's administrator: every source system with its status,
callback URL and counts; enable (the API key shown once, working against the intake API, never stored or
logged), set, change and clear the callback URL, revoke with a confirmation — each logged with who did it;
bad input shows the Chinese error and changes nothing; others are refused."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.e2e.clients import login, page_csrf
from tests.integration.case_helpers import World, api_client
from tests.integration.identity_helpers import PASSWORD, make_user
from tests.integration.intake_helpers import intake_world  # noqa: F401  (fixture w)
from tests.integration.outbox_helpers import rows
from tests.integration.test_intake_api import clue
from zhifa.identity.auth import token_hash
from zhifa.integrations.callbacks import TARGET
from zhifa.integrations.sources import shipped_sources
from zhifa.store.models.intake import IntakeSource
from zhifa.store.models.outbox import OutboxAction

CODE = "food_trade"
PAGE = "/admin/sources"
URL = "https://food-trade.example.cn/zhifa/callback"


@pytest.fixture
def admin(w: World, tmp_path: Path) -> Iterator[TestClient]:
    make_user(w.engine, "hb_admin", "420000", "admin", display_name="省局管理员甲")
    client = api_client(w, tmp_path)
    login(client, "hb_admin", PASSWORD)
    yield client


def _token(html: str, action: str) -> str:
    found = re.search(rf'action="{re.escape(action)}".*?name="csrf_token" value="([^"]+)"', html, re.S)
    assert found, action
    return found.group(1)


def _post(client: TestClient, action: str, **data: str) -> tuple[int, str]:
    """Post a form of the page with its CSRF token: the status and the page shown (redirect followed)."""
    token = _token(client.get(PAGE).text, action)
    done = client.post(action, data={"csrf_token": token, **data})
    return done.status_code, done.text


def _row(html: str, code: str) -> str:
    start = html.index(f'data-source="{code}"')
    return html[start : html.index("</tr>", start)]


def _source(w: World, code: str = CODE) -> SimpleNamespace | None:
    """The source row as it is now (a plain copy of its columns)."""
    with w.uow() as uow:
        row = uow.session.scalar(select(IntakeSource).where(IntakeSource.code == code))
        names = ("callback_url", "key_hash", "active", "enabled_at", "revoked_at")
        return None if row is None else SimpleNamespace(**{n: getattr(row, n) for n in names})


def _log(w: World) -> list[tuple[str, str, str]]:
    with w.uow() as uow:
        found = uow.session.scalars(select(OutboxAction).order_by(OutboxAction.id))
        return [(a.action, a.actor, a.note) for a in found]


def _enable(client: TestClient, code: str = CODE, callback: str = "") -> str:
    """Enable from the page; the key shown once."""
    status, html = _post(client, f"{PAGE}/{code}/enable", callback=callback)
    assert status == 200, html
    found = re.search(r'id="api-key"[^>]*value="(zfsrc_[^"]+)"', html)
    assert found and "API 密钥只显示这一次" in html
    return unescape(found.group(1))


def test_the_page_lists_every_source_and_enabling_shows_a_working_key_once(
    w: World, admin: TestClient, tmp_path: Path
) -> None:
    page = admin.get(PAGE)
    assert page.status_code == 200 and "来源系统管理" in page.text
    html = page.text
    assert 'href="/admin/sources"' in html  # the navigation entry, next to 推送管理
    assert html.index('href="/admin/outbox"') < html.index('href="/admin/sources"')
    for code, shipped in shipped_sources().items():
        row = _row(html, code)
        assert shipped.name in row and "未启用" in row and "未设置" in row
    assert html.count("data-source=") == 12

    key = _enable(admin)
    row = _source(w)
    assert row is not None and row.active and row.key_hash == token_hash(key) and row.enabled_at is not None
    pushed = TestClient(admin.app).post("/api/v1/intake/clues", json=clue("PG-1"), headers={"X-Api-Key": key})
    assert pushed.status_code == 201, pushed.text

    after = admin.get(PAGE).text
    assert key not in after and "只显示这一次" not in after  # shown once only
    listed = _row(after, CODE)
    assert "已启用" in listed and " 启用</div>" in listed and "未设置" in listed
    assert re.search(r'class="clues">1<', listed)  # the clue received
    assert re.search(r'class="waiting">0<', listed)  # no URL: no callback rows
    action, actor, note = _log(w)[-1]
    assert (action, actor) == ("enable_source", "省局管理员甲（hb_admin）") and key not in note
    assert "启用来源系统" in after[after.index('id="source-actions"') :]


def test_set_change_clear_and_revoke_are_reflected_and_logged(w: World, admin: TestClient) -> None:
    key = _enable(admin)
    client = TestClient(admin.app)
    first = client.post("/api/v1/intake/clues", json=clue("PG-1"), headers={"X-Api-Key": key}).json()["id"]

    status, html = _post(admin, f"{PAGE}/{CODE}/callback", url=URL)
    assert status == 200 and f"回调地址已设为 {URL}" in html and "已补发回调 1 条（涉及线索 1 条）" in html
    source = _source(w)
    assert source is not None and source.callback_url == URL
    assert [(r.case_id, r.event_type, r.status) for r in rows(w.engine, TARGET)] == [
        (first, "ClueRegistered", "pending")
    ]
    assert URL in _row(html, CODE) and re.search(r'class="waiting">1<', _row(html, CODE))

    other = "https://food-trade.example.cn/v2/callback"
    status, html = _post(admin, f"{PAGE}/{CODE}/callback", url=other)
    assert status == 200 and f"回调地址已设为 {other}" in html and "已补发回调 0 条" in html
    assert (_source(w) or source).callback_url == other and len(rows(w.engine, TARGET)) == 1

    status, html = _post(admin, f"{PAGE}/{CODE}/callback/clear")
    assert status == 200 and f"回调地址已清除（原为 {other}）" in html and "未投递的回调 1 条转入死信" in html
    assert (_source(w) or source).callback_url is None
    (dead,) = rows(w.engine, TARGET)
    assert dead.status == "dead" and dead.last_error == "回调地址已清除（省局管理员甲（hb_admin））"
    row = _row(html, CODE)
    assert "未设置" in row and re.search(r'class="dead"><a[^>]*>1<', row)
    second = client.post("/api/v1/intake/clues", json=clue("PG-2"), headers={"X-Api-Key": key})
    assert second.status_code == 201 and len(rows(w.engine, TARGET)) == 1  # no URL: nothing queued

    status, html = _post(admin, f"{PAGE}/{CODE}/callback", url=URL)  # set again: brought up to date
    assert status == 200 and "已补发回调 1 条（涉及线索 1 条），另有 1 条死信重新排队" in html
    assert sorted(r.status for r in rows(w.engine, TARGET)) == ["pending", "pending"]

    refused, html = _post(admin, f"{PAGE}/{CODE}/revoke")  # without the tick
    assert refused == 422 and "请勾选确认后再撤销" in html and (_source(w) or source).active
    status, html = _post(admin, f"{PAGE}/{CODE}/revoke", confirm="yes")
    assert status == 200 and f"已撤销来源系统 {CODE} 的 API 密钥" in html
    revoked = _source(w)
    assert revoked is not None and not revoked.active and revoked.key_hash is None
    assert "已撤销" in _row(html, CODE) and "重新启用" in _row(html, CODE)
    pushed = client.post("/api/v1/intake/clues", json=clue("PG-3"), headers={"X-Api-Key": key})
    assert pushed.status_code == 401

    logged = [(a, who) for a, who, _ in _log(w)]
    admin_name = "省局管理员甲（hb_admin）"
    assert [a for a, who in logged if who == admin_name and a != "retry"] == [
        "enable_source", "set_callback", "set_callback", "clear_callback", "set_callback", "revoke_source",
    ]  # fmt: skip
    table = admin.get(PAGE).text
    table = table[table.index('id="source-actions"') :]
    for label in ("启用来源系统", "设置回调地址", "清除回调地址", "撤销密钥"):
        assert label in table


def test_another_source_system_is_registered_from_the_page_with_its_key_shown_once(
    w: World, admin: TestClient
) -> None:
    status, html = _post(admin, f"{PAGE}/new", code="city_hotline", name="12345 市民服务热线", callback=URL)
    assert status == 200 and "来源系统 12345 市民服务热线（city_hotline）已启用" in html
    found = re.search(r'id="api-key"[^>]*value="(zfsrc_[^"]+)"', html)
    assert found and "API 密钥只显示这一次" in html and 'id="callback-secret"' in html
    key = unescape(found.group(1))
    source = _source(w, "city_hotline")
    assert source is not None and source.active and source.key_hash == token_hash(key)
    assert source.callback_url == URL
    pushed = TestClient(admin.app).post("/api/v1/intake/clues", json=clue("HL-1"), headers={"X-Api-Key": key})
    assert pushed.status_code == 201, pushed.text
    after = admin.get(PAGE).text
    assert key not in after and after.count("data-source=") == 13
    row = _row(after, "city_hotline")
    assert "12345 市民服务热线" in row and "自行登记" in row and "已启用" in row and URL in row
    assert re.search(r'class="clues">1<', row) and re.search(r'class="waiting">1<', row)  # its callback
    logged = [(a, who, note) for a, who, note in _log(w) if "city_hotline" in note]
    assert next((a, who) for a, who, _ in logged) == ("enable_source", "省局管理员甲（hb_admin）")
    assert all(key not in note for _, _, note in logged)


@pytest.mark.parametrize(
    ("code", "name", "callback", "message", "status"),
    [
        ("City-Hotline", "12345 市民服务热线", "", "来源系统代码须为 2～32 位小写字母", 422),
        ("", "12345 市民服务热线", "", "来源系统代码须为 2～32 位小写字母", 422),
        (CODE, "另一个食品系统", "", "已被“", 409),  # a shipped source: enabled from its row
        ("city_hotline", "", "", "请填写来源系统名称", 422),
        ("city_hotline", "热", "", "来源系统名称须为 2～64 个字符", 422),
        (
            "city_hotline",
            "12345 市民服务热线",
            "http://hotline.example.cn/cb",
            "回调地址须为 https:// 网址",
            422,
        ),
    ],
)
def test_registering_a_bad_or_taken_code_shows_the_chinese_error_and_changes_nothing(
    w: World, admin: TestClient, code: str, name: str, callback: str, message: str, status: int
) -> None:
    token = page_csrf(admin, PAGE)
    done = admin.post(
        f"{PAGE}/new", data={"csrf_token": token, "code": code, "name": name, "callback": callback}
    )
    assert done.status_code == status and message in done.text and 'id="source-error"' in done.text
    assert 'id="api-key"' not in done.text
    if name:
        assert 'id="new-name" name="name"' in done.text and f'value="{name}"' in done.text  # kept to correct
    assert _source(w, "city_hotline") is None and _source(w, CODE) is None and _log(w) == []


@pytest.mark.parametrize(
    ("url", "code", "message", "status"),
    [
        ("ftp://food-trade.example.cn/cb", CODE, "回调地址须为 https:// 网址", 422),
        ("http://food-trade.example.cn/cb", CODE, "回调地址须为 https:// 网址", 422),
        ("", CODE, "请填写回调地址", 422),
        (URL, "no_such_system", "来源系统不存在", 404),
        (URL, "drugs", "来源系统不存在", 404),  # shipped, never enabled
    ],
)
def test_bad_input_shows_the_chinese_error_and_changes_nothing(
    w: World, admin: TestClient, url: str, code: str, message: str, status: int
) -> None:
    _enable(admin)
    _post(admin, f"{PAGE}/{CODE}/callback", url=URL)
    before, log = _source(w), _log(w)
    token = page_csrf(admin, PAGE)
    done = admin.post(f"{PAGE}/{code}/callback", data={"csrf_token": token, "url": url})
    assert done.status_code == status and message in done.text and 'id="source-error"' in done.text
    after = _source(w)
    assert before is not None and after is not None
    assert (after.callback_url, after.key_hash, after.active) == (before.callback_url, before.key_hash, True)
    assert _log(w) == log


def test_a_revoked_or_unknown_source_is_refused_and_nothing_changes(w: World, admin: TestClient) -> None:
    _enable(admin, callback=URL)
    assert _post(admin, f"{PAGE}/{CODE}/revoke", confirm="yes")[0] == 200
    log, token = _log(w), page_csrf(admin, PAGE)
    for action, data, message in (
        (f"{PAGE}/{CODE}/callback", {"url": URL + "/v2"}, "未启用（密钥已撤销）"),
        (f"{PAGE}/{CODE}/callback/clear", {}, "未启用（密钥已撤销）"),
        (f"{PAGE}/no_such_system/enable", {}, "来源系统不存在"),
        (f"{PAGE}/no_such_system/revoke", {"confirm": "yes"}, "来源系统不存在"),
    ):
        done = admin.post(action, data={"csrf_token": token, **data})
        assert done.status_code in (404, 409) and message in done.text, (action, done.text[:300])
    source = _source(w)
    assert source is not None and not source.active and source.callback_url == URL and _log(w) == log
    key = _enable(admin)  # re-enabled from the page: a new key, the URL it had kept
    assert (_source(w) or source).callback_url == URL and (_source(w) or source).key_hash == token_hash(key)


@pytest.mark.parametrize(
    ("username", "agency", "role", "message"),
    [
        ("ja_admin", "420102", "admin", "来源系统管理仅限省局系统管理员"),  # a county administrator
        ("ja_h1", None, None, "此操作需要系统管理员角色"),  # a county officer (handler, make_world)
        ("hb_insp", "420000", "inspector", "此操作需要系统管理员角色"),  # 纪检监察 of the province
    ],
)
def test_only_the_province_administrator_manages_the_sources(
    w: World, tmp_path: Path, username: str, agency: str | None, role: str | None, message: str
) -> None:
    if agency is not None and role is not None:
        make_user(w.engine, username, agency, role, display_name="他人")
    client = api_client(w, tmp_path)
    login(client, username, PASSWORD)
    refused = client.get(PAGE)
    assert refused.status_code == 403 and message in refused.text
    token = page_csrf(client)
    for action, data in (
        (f"{PAGE}/{CODE}/enable", {}),
        (f"{PAGE}/{CODE}/callback", {"url": URL}),
        (f"{PAGE}/{CODE}/revoke", {"confirm": "yes"}),
        (f"{PAGE}/new", {"code": "city_hotline", "name": "市民热线"}),
    ):
        assert client.post(action, data={"csrf_token": token, **data}).status_code == 403
    assert _source(w) is None and _source(w, "city_hotline") is None and _log(w) == []
    home = client.get("/").text
    assert "来源系统管理" not in home and "推送管理" not in home
