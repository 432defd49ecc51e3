"""Pages: login wall, navigation per role, security headers, Chinese error pages, CSRF, scope, escaping."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.e2e.clients import login, make_client_factory, page_csrf
from tests.e2e.site import USERS
from zhifa.demo.identifiers import demo_case_id

Client = Callable[[str | None], TestClient]
REVIEW_CASE = demo_case_id("ja-review-ad")
CHIBI_CASE = demo_case_id("cb-clue")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Client:
    """TestClients of the demo site."""
    _, factory = make_client_factory(tmp_path_factory.mktemp("pages-site"))
    return factory


@pytest.mark.parametrize(
    "path", ["/", "/cases", "/approvals", "/law", "/admin/users", f"/cases/{REVIEW_CASE}"]
)
def test_every_page_is_behind_login(client: Client, path: str) -> None:
    resp = client(None).get(path, follow_redirects=False)
    assert resp.status_code == 303
    assert resp.headers["location"].startswith("/login")


def test_login_returns_to_the_page_asked_for(client: Client) -> None:
    c = client(None)
    first = c.get("/law/laws", follow_redirects=False)
    assert first.headers["location"] == "/login?next=%2Flaw%2Flaws"
    page = c.get(first.headers["location"])
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    data = {
        "username": USERS["handler"],
        "password": "Zhifa2026demo",
        "csrf_token": token,
        "next": "/law/laws",
    }
    assert c.post("/login", data=data, follow_redirects=False).headers["location"] == "/law/laws"
    evil = {**data, "next": "//evil.example/x", "csrf_token": page_csrf(c, "/law")}
    c.post("/logout", data={"csrf_token": evil["csrf_token"]})
    token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)  # type: ignore[union-attr]
    assert (
        c.post("/login", data={**evil, "csrf_token": token}, follow_redirects=False).headers["location"]
        == "/"
    )


@pytest.mark.parametrize(
    ("role", "present", "absent"),
    [
        ("handler", ["线索登记", "案件", "法律库"], ["用户与角色", 'href="/approvals"']),
        ("reviewer", ['href="/approvals"', "法律库"], ["线索登记", "用户与角色"]),
        ("head", ['href="/approvals"', "案例库"], ["线索登记", "用户与角色"]),
        ("admin", ["用户与角色", "机构", "节假日"], ["线索登记", 'href="/approvals"']),
        ("inspector", ["案件", "法律库"], ["线索登记", "用户与角色", 'href="/approvals"']),
    ],
)
def test_navigation_per_role(client: Client, role: str, present: list[str], absent: list[str]) -> None:
    html = client(USERS[role]).get("/").text
    nav = html[html.index('<nav class="sidenav"') : html.index("</nav>")]
    for text in present:
        assert text in nav, text
    for text in absent:
        assert text not in nav, text
    assert "工作台" in nav


def test_security_headers_and_no_inline_script_or_style(client: Client) -> None:
    c = client(USERS["head"])
    for path in ["/", "/cases", f"/cases/{REVIEW_CASE}", "/approvals", "/law", "/login"]:
        resp = c.get(path)
        csp = resp.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert resp.headers["x-frame-options"] == "DENY"
        assert resp.headers["x-content-type-options"] == "nosniff"
        assert resp.headers["cache-control"] == "no-store"
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", resp.text), path
        assert not re.search(r"\sstyle=", resp.text), path
        assert not re.search(r"\son[a-z]+=", resp.text), path
    static = c.get("/static/vendor/htmx.min.js")
    assert static.status_code == 200 and "0BSD" in static.text[:300]


def test_error_pages_are_chinese_and_the_api_stays_json(client: Client) -> None:
    c = client(USERS["handler"])
    page = c.get("/no/such/page")
    assert page.status_code == 404 and "页面不存在" in page.text and "返回工作台" in page.text
    api = c.get("/api/v1/no/such/thing")
    assert api.status_code == 404 and api.headers["content-type"].startswith("application/json")
    forbidden = c.get("/admin/users")
    assert forbidden.status_code == 403 and "系统管理员" in forbidden.text
    bad = c.get("/cases?date_from=2026-13-40")
    assert bad.status_code == 422 and "格式不正确" in bad.text


def test_another_countys_case_looks_missing(client: Client) -> None:
    c = client(USERS["chibi_handler"])
    outside = c.get(f"/cases/{REVIEW_CASE}")
    absent = c.get("/cases/" + "0" * 32)
    assert outside.status_code == absent.status_code == 404
    assert outside.text == absent.text
    assert c.get(f"/cases/{CHIBI_CASE}").status_code == 200
    files = c.get(f"/cases/{REVIEW_CASE}/files/{'a' * 64}")
    assert files.status_code == 404


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/admin/users", {"username": "nocsrf_user", "display_name": "无令牌", "agency_code": "420102"}),
        ("/admin/holidays", {"day": "2027-03-01", "kind": "holiday"}),
        ("/admin/holidays/2027-01-01/delete", {}),
    ],
)
def test_admin_forms_without_csrf_token_are_rejected(client: Client, path: str, data: dict[str, str]) -> None:
    c = client(USERS["admin"])
    resp = c.post(path, data=data)
    assert resp.status_code == 403 and "CSRF" in resp.text
    wrong = c.post(path, data={**data, "csrf_token": "forged"})
    assert wrong.status_code == 403


@pytest.mark.parametrize(
    ("user", "path", "data"),
    [
        ("handler", "/clues", {"source": "complaint", "discovered_on": "2026-11-20", "summary": "无令牌"}),
        ("reviewer", f"/cases/{REVIEW_CASE}/actions/review", {"kind": "legal", "opinion": "agree"}),
        ("handler", f"/cases/{REVIEW_CASE}/onsite", {"place": "某店", "content": "无令牌"}),
    ],
)
def test_case_forms_without_csrf_token_are_rejected(
    client: Client, user: str, path: str, data: dict[str, str]
) -> None:
    c = client(USERS[user])
    before = c.get(f"/cases/{REVIEW_CASE}").text.count('class="ev-title"')
    resp = c.post(path, data=data)
    assert resp.status_code == 403 and "CSRF" in resp.text
    assert c.get(f"/cases/{REVIEW_CASE}").text.count('class="ev-title"') == before


def test_script_text_is_shown_escaped(client: Client, tmp_path: Path) -> None:
    admin = client(USERS["admin"])
    token = page_csrf(admin, "/admin/users")
    evil = "<script>alert('x')</script>"
    form = {
        "username": "xss_user", "display_name": evil, "agency_code": "420102", "roles": ["reviewer"],
        "password": "Escaped2026pw", "csrf_token": token,
    }  # fmt: skip
    created = admin.post("/admin/users", data=form)
    assert created.status_code == 200 and "已创建用户" in created.text
    pages = [admin.get("/admin/users"), admin.get("/admin/agencies/420102")]
    user = client(None)
    login(user, "xss_user", "Escaped2026pw")
    pages += [
        user.get("/"),
        user.get("/law", params={"q": evil}),
        user.get("/cases", params={"party_code": evil}),
    ]
    pages.append(user.get("/precedents", params={"q": evil}))
    for resp in pages:
        assert "<script>alert" not in resp.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in pages[2].text
