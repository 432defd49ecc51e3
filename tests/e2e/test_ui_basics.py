"""Browser: login per role, navigation, law search, administration, escaping, CSRF and scope."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.conftest import skip_without_data
from tests.e2e.site import USERS
from zhifa.demo.identifiers import demo_case_id

ROLE_LABELS = {
    "handler": "办案人员", "reviewer": "审核人员", "head": "负责人", "admin": "系统管理员",
    "inspector": "纪检监察",
}  # fmt: skip


@pytest.mark.parametrize("role", list(ROLE_LABELS))
def test_login_per_role_shows_the_workbench(session: Any, role: str) -> None:
    s = session()
    s.login(USERS[role])
    page = s.page
    assert page.locator("h1").first.inner_text() == "工作台"
    assert ROLE_LABELS[role] in page.locator(".topbar").inner_text()
    assert page.locator(".nav-link.active").inner_text() == "工作台"
    s.shot(f"workbench-{role}")
    assert s.console_errors == []


def test_navigation_marks_the_current_section(session: Any) -> None:
    s = session()
    s.login(USERS["head"])
    for label, heading in [
        ("案件", "案件"),
        ("审批", "审批"),
        ("法律库", "法律库"),
        ("案例库", "案例库"),
    ]:
        s.page.click(f".sidenav >> text={label}")
        assert s.page.locator(".nav-link.active").inner_text() == label
        assert s.page.locator("h1").first.inner_text() == heading
    assert s.console_errors == []


def test_phone_navigation_collapses_into_a_menu(session: Any) -> None:
    s = session(phone=True)
    s.login(USERS["handler"])
    nav = s.page.locator("#sidenav")
    assert not nav.is_visible()
    s.page.click("[data-nav-toggle]")
    assert nav.is_visible()
    s.shot("phone-menu")
    s.page.click("#sidenav >> text=案件")
    assert s.page.locator("h1").first.inner_text() == "案件"


def test_law_search_highlights_the_terms(session: Any, site: Any) -> None:
    if not site.laws:
        skip_without_data("没有真实数据目录：法律库为空（请先运行 zhifa data fetch）")
    s = session()
    s.login(USERS["handler"])
    s.page.click(".sidenav >> text=法律库")
    s.page.fill("#q", "明码标价")
    s.page.click("form[role=search] button[type=submit]")
    marks = s.page.locator("#law-hits mark")
    assert marks.count() > 0 and marks.first.inner_text() == "明码标价"
    s.shot("law-search")
    s.page.locator("#law-hits a").first.click()
    assert "明码标价" in s.page.locator("#article-text").inner_text()
    s.shot("law-article")


def test_article_versions_switch_by_date(session: Any, site: Any) -> None:
    if not site.laws:
        skip_without_data("没有真实数据目录：法律库为空（请先运行 zhifa data fetch）")
    s = session()
    s.login(USERS["reviewer"])
    s.page.goto("/law/laws?q=食品安全法")
    s.page.locator("table a", has_text="食品安全法").first.click()
    law_url = s.page.url
    s.page.goto(law_url + "/articles/34?as_of=2022-01-01")
    assert "2021-04-29 版本" in s.page.locator(".current-version").inner_text()
    s.page.fill("#as_of", "2026-01-01")
    s.page.click("text=查看当日版本")
    assert "2025-09-12 版本" in s.page.locator(".current-version").inner_text()
    s.shot("law-article-versions")


def test_admin_creates_a_user(session: Any) -> None:
    s = session()
    s.login(USERS["admin"])
    s.page.click(".sidenav >> text=用户与角色")
    s.page.fill("#username", "e2e_reviewer")
    s.page.fill("#display_name", "测试审核员")
    s.page.select_option("#agency_code", "420102")
    s.page.check("input[name=roles][value=reviewer]")
    s.page.check("input[name=legal_qualification]")
    s.page.fill("#password", "E2eReview2026")
    s.page.click("#new-user button[type=submit]")
    s.shot("admin-user-submitted")
    assert "已创建用户 e2e_reviewer" in s.page.locator(".alert-success").inner_text()
    row = s.page.locator("#users-table tr", has_text="e2e_reviewer")
    assert "审核人员" in row.inner_text() and "有" in row.inner_text()
    s.shot("admin-user-created")
    s.page.fill("#username", "e2e_bad")
    s.page.fill("#display_name", "缺执法证")
    s.page.check("input[name=roles][value=handler]")
    s.page.fill("#password", "E2eHandler2026")
    s.page.click("#new-user button[type=submit]")
    assert "执法证号" in s.page.locator(".alert-error").inner_text()


def test_admin_edits_the_holiday_table(session: Any) -> None:
    s = session()
    s.login(USERS["admin"])
    s.page.goto("/admin/holidays?year=2028")
    s.page.fill("#day", "2028-02-14")
    s.page.check("input[name=kind][value=holiday]")
    s.page.fill("#note", "测试假日")
    s.page.click("#holiday-form button[type=submit]")
    row = s.page.locator("#holiday-table tr", has_text="2028-02-14")
    assert "节假日" in row.inner_text() and "测试假日" in row.inner_text()
    row.locator("text=修改").click()
    s.page.check("input[name=kind][value=working]")
    s.page.fill("#note", "改为调休上班")
    s.page.click("#holiday-form button[type=submit]")
    row = s.page.locator("#holiday-table tr", has_text="2028-02-14")
    assert "工作日" in row.inner_text() and "改为调休上班" in row.inner_text()
    s.shot("admin-holidays")
    s.page.once("dialog", lambda dialog: dialog.accept())
    row.locator("text=删除").click()
    assert s.page.locator("#holiday-table tr", has_text="2028-02-14").count() == 0


def test_script_in_names_and_queries_is_shown_as_text(session: Any) -> None:
    evil = "<script>document.title='pwned'</script>"
    admin = session()
    admin.login(USERS["admin"])
    admin.page.goto("/admin/users")
    admin.page.fill("#username", "e2e_xss")
    admin.page.fill("#display_name", evil)
    admin.page.check("input[name=roles][value=head]")
    admin.page.fill("#password", "Escaped2026pw")
    admin.page.click("#new-user button[type=submit]")
    assert evil in admin.page.locator("#users-table").inner_text()
    user = session()
    dialogs: list[str] = []
    user.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    user.page.goto("/login")
    user.page.fill("#username", "e2e_xss")
    user.page.fill("#password", "Escaped2026pw")
    user.page.click("button[type=submit]")
    user.shot("xss-login")
    user.page.wait_for_url(f"{user.base_url}/")
    assert user.page.locator(".user-name").inner_text() == evil
    user.page.goto("/law?q=" + evil)
    assert user.page.locator("#q").input_value() == evil
    user.page.goto("/cases?party_code=" + evil[:30])
    assert user.page.title() != "pwned" and dialogs == []
    # 案例库 and 智能助手: the query and the facts come back as text, never as markup
    user.page.goto("/precedents?q=" + evil + "&law=" + evil[:20])
    assert user.page.locator("#q").input_value() == evil
    user.page.goto(f"/cases/{demo_case_id('ja-review-ad')}/assistant")
    user.page.fill("#assist-facts", evil + "经查，当事人在其微信公众号发布虚假广告。")
    user.page.click("#assist-form button[type=submit]")
    user.page.wait_for_selector("#assist-types")
    assert evil in user.page.locator("#assist-facts").input_value()
    user.shot("xss-assistant")
    assert user.page.title() != "pwned" and dialogs == []


def test_form_without_csrf_token_is_refused(session: Any) -> None:
    s = session()
    s.login(USERS["admin"])
    s.page.goto("/admin/holidays")
    s.page.evaluate(
        "document.querySelectorAll('#holiday-form input[name=csrf_token]').forEach(e => e.remove())"
    )
    s.page.fill("#day", "2028-03-03")
    s.page.click("#holiday-form button[type=submit]")
    assert "403" in s.page.locator(".error-status").inner_text()
    assert "CSRF" in s.page.locator(".error-box").inner_text()
    s.page.goto("/admin/holidays?year=2028")
    assert s.page.locator("#holiday-table tr", has_text="2028-03-03").count() == 0


def test_other_countys_case_is_the_same_404_as_a_missing_one(session: Any) -> None:
    s = session()
    s.login(USERS["chibi_handler"])
    resp = s.page.goto(f"/cases/{demo_case_id('ja-review-ad')}")
    assert resp.status == 404
    outside = s.page.locator("main").inner_text()
    resp = s.page.goto("/cases/" + "f" * 32)
    assert resp.status == 404 and s.page.locator("main").inner_text() == outside
    s.shot("scope-404")
    assert re.search("不存在", outside)
