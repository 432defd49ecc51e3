"""Browser: the 类案同罚 and 纪检监督 pages draw their charts (canvas present, no console errors), with the
tables beside them; the entries show for the roles that may open them."""

from __future__ import annotations

from typing import Any

from tests.e2e.site import USERS


def test_the_inspector_sees_the_supervision_charts_and_tables(session: Any) -> None:
    s = session()
    s.login(USERS["inspector"])
    s.page.click("text=纪检监督")
    page = s.page
    page.wait_for_selector("[data-chart=counts] canvas")
    assert page.locator("h1").first.inner_text() == "纪检监督"
    assert page.locator(".nav-link.active").inner_text() == "纪检监督"
    counts = page.locator("#counts-table").inner_text()
    assert "超期期限" in counts and "不予立案" in counts
    assert page.locator("#closures-table tbody tr").count() >= 1
    assert "账本" in page.locator("#ledger-status").inner_text()
    s.shot("oversight-supervision")
    page.click("text=类案同罚")
    page.wait_for_selector("[data-chart=box] canvas")
    assert "处罚决定" in page.locator("#coverage").inner_text()
    s.shot("oversight-consistency")
    assert s.console_errors == []


def test_the_head_opens_consistency_but_not_supervision(session: Any) -> None:
    s = session()
    s.login(USERS["head"])
    nav = s.page.locator(".sidenav").inner_text()
    assert "类案同罚" in nav and "纪检监督" not in nav
    s.page.goto("/stats/consistency?type=food.expired_food")
    s.page.wait_for_selector("[data-chart=scatter] canvas")
    answer = s.page.goto("/stats/supervision")
    assert answer is not None and answer.status == 403
    assert s.console_errors == [] or all("403" in e for e in s.console_errors)
