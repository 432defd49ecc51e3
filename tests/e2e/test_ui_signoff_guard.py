"""Browser: the guard where the head signs (issue 16 §3). The 负责人审批 form comes pre-filled with the
800-yuan proposal and shows the consistency check; the head changes it to 1 yuan → refused until a reason
is given → the change, the reason and the flags appear in the signed record of the case timeline."""

from __future__ import annotations

from typing import Any

from tests.e2e.site import USERS
from tests.e2e.test_ui_case_flow import open_action
from zhifa.demo.identifiers import demo_case_id

CASE = demo_case_id("ja-approval-metrology")  # 调查终结报告 proposes a fine of 800 yuan; reviewed


def test_head_changes_the_penalty_reason_required_and_recorded(session: Any) -> None:
    head = session()
    head.login(USERS["head"])
    page = head.page
    page.goto(f"/cases/{CASE}")
    form = open_action(page, "approve")
    guard = page.locator("#guard-approve")
    assert "签署前一致性检查" in guard.inner_text() and "罚款800" in guard.inner_text()
    assert form.locator("input[name='penalty.kinds'][value=fine]").is_checked()
    assert float(form.locator("#approve-penalty-fine").input_value()) == 800  # pre-filled with the proposal
    head.shot("guard-01-prefilled")

    form.locator("#approve-penalty-fine").fill("1")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    error = page.locator("#action-error").inner_text()
    assert "须说明理由" in error and "罚款800" in error and "罚款1" in error
    head.shot("guard-02-reason-required")
    assert head.console_errors == [
        "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
    ]
    head.console_errors.clear()

    form = open_action(page, "approve")
    assert form.locator("#approve-penalty-fine").input_value() == "1"  # the values entered are kept
    why = "当事人已完成检定并主动消除危害后果，情节轻微"
    form.locator("#approve-override_reason").fill(why)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "批准拟处罚意见" in page.locator(".alert").first.inner_text()
    record = page.locator("#timeline li", has_text="批准拟处罚意见").last
    assert "变更拟处罚" in record.locator(".guard-flags").inner_text()
    record.locator("summary").first.click()  # 记录内容 (the raw record is the next one)
    body = record.inner_text()
    assert why in body and "800" in body and "已签名" in body
    head.shot("guard-03-recorded-in-timeline")
    assert head.console_errors == []
