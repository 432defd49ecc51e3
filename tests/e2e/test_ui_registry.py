"""Browser: the clue form fills the party from the registry (演示 entities) and flags a differing name; an ID
number shows birth date, gender and the age at the act (行政处罚法第三十条)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.e2e.site import USERS, _run

DEMO_USCC = "914201020PDK00L071"  # 演示江岸区某某食品有限公司（虚构）, zhifa/integrations/registry_demo.jsonl


def test_a_uscc_fills_the_party_and_a_different_name_is_flagged(session: Any, site: Any) -> None:
    _run(["registry", "demo"], site.env)
    s = session()
    s.login(USERS["handler"])
    page = s.page
    page.goto("/clues/new")
    uscc = page.locator('[name="party.uscc"]')
    uscc.fill(DEMO_USCC)
    uscc.dispatch_event("change")
    name = page.locator('[name="party.name"]')
    expect(name).to_have_value("演示江岸区某某食品有限公司（虚构）", timeout=10_000)
    assert "演示（虚构）" in page.locator(".registry-note").first.inner_text()
    name.fill("江岸区另一家食品有限公司")
    name.dispatch_event("change")
    page.wait_for_selector(".registry-note.alert-warning", timeout=10_000)
    assert "与登记名称" in page.locator(".registry-note.alert-warning").inner_text()
    s.shot("registry-autofill")
    assert s.console_errors == []
