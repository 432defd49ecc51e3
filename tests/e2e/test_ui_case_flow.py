"""Browser: a case from clue to issued decision, all through the pages (screenshots kept per step): the
handler runs the assistant and proposes the suggested penalty; review, approval, notice, decision follow."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.site import USERS
from zhifa.demo.identifiers import org_code
from zhifa.domain.values import sm3_hex

# A 1x1 PNG (the phone's "photo").
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5e1d3f20000000049454e44ae426082"
)


def open_action(page: Any, slug: str) -> Any:
    """The form of an allowed action (its <details> opened)."""
    details = page.locator(f"#action-{slug}")
    assert details.count() == 1, f"没有可办理的“{slug}”"
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details.locator("form")


def submit(page: Any, form: Any, expect: str) -> None:
    """Submit an action form and check the flash message."""
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    alert = page.locator(".alert").first.inner_text()
    assert expect in alert, alert


def test_clue_to_decision_through_the_pages(session: Any) -> None:
    handler, head, reviewer = session(), session(), session()
    handler.login(USERS["handler"])
    head.login(USERS["head"])
    reviewer.login(USERS["reviewer"])
    h, b, r = handler.page, head.page, reviewer.page

    # 办案人员：线索登记
    h.click(".sidenav >> text=线索登记")
    h.select_option("#clue-source", "complaint")
    h.fill("#clue-summary", "消费者投诉：某超市鸡蛋价签与结算价格不一致（端到端测试）")
    h.click("#clue-form button[type=submit]")
    assert "线索已登记" in h.locator(".alert-success").inner_text()
    case_url = h.url
    handler.shot("flow-01-clue")

    # 负责人：批准立案
    b.goto(case_url)
    form = open_action(b, "file")
    form.locator("#file-party-kind").select_option("organization")
    form.locator("#file-party-name").fill("武汉端到端超市有限公司")
    form.locator("#file-party-uscc").fill(org_code("420102", 4242))
    form.locator("#file-violation").fill("不按规定明码标价")
    ids = [o.get_attribute("value") for o in form.locator("#file-handler_ids option").all()]
    names = [o.inner_text() for o in form.locator("#file-handler_ids option").all()]
    chosen = [i for i, n in zip(ids, names, strict=True) if n.startswith(("张伟", "李娜"))]
    form.locator("#file-handler_ids").select_option(chosen)
    submit(b, form, "批准立案")
    assert re.search(r"立〔\d{4}〕\d+号", b.locator("main").inner_text())
    head.shot("flow-02-filed")

    # 办案人员：手机现场笔录（定位 + 照片，SM3）
    phone = session(phone=True)
    phone.login(USERS["handler"])
    phone.page.goto(case_url + "/onsite")
    phone.page.wait_for_function("document.getElementById('latitude').value !== ''")
    phone.page.fill("#place", "武汉市江岸区解放大道某超市")
    phone.page.fill("#started_at", phone.page.input_value("#started_at")[:11] + "08:00")
    phone.page.fill("#ended_at", "08:45")
    phone.page.fill("#present", "店长王某")
    phone.page.fill("#record-content", "现场检查发现鸡蛋价签标示每斤5.98元，收银系统结算价每斤6.58元。")
    phone.page.set_input_files(
        "#photos", files=[{"name": "价签.png", "mimeType": "image/png", "buffer": PNG}]
    )
    phone.shot("flow-03-onsite-phone")
    phone.page.click("#onsite-form button[type=submit]")
    evidence = phone.page.locator("#evidence").inner_text()
    assert "现场笔录" in evidence and sm3_hex(PNG) in evidence
    phone.shot("flow-04-evidence-phone")

    # 办案人员：运行智能助手；无法判断时指定类型；偏离建议而不写理由被拒绝；采纳建议提交调查终结报告
    h.goto(case_url)
    h.click("#open-assistant")
    h.wait_for_selector("#assist-types")
    handler.shot("flow-05-assistant")
    if h.locator("#assist-pin-type").count():
        assert "无法可靠判断" in h.locator("#assist-uncertain").inner_text()
        h.select_option("#assist-type", "price.marking_improper")
        h.click("#assist-form button[type=submit]")
        h.wait_for_selector("#assist-report-form")
        handler.shot("flow-06-assistant-type-chosen")
    assert "明码标价" in h.locator("#assist-types .top-type").inner_text()
    assert "价格法" in h.locator("#assist-provisions").inner_text()
    assert h.locator("#assist-precedents tbody tr").count() >= 1
    suggested = h.locator("#assist-report-proposal-fine").input_value()
    assert float(suggested) > 0 and f"{float(suggested):,.2f}" in h.locator("#assist-point").inner_text()
    form = h.locator("#assist-report-form")
    assert form.locator("input[name='proposal.kinds'][value=fine]").is_checked()
    form.locator("#assist-report-proposal-fine").fill("4999")  # 从重，建议区间之外
    form.locator("button[type=submit]").click()
    h.wait_for_load_state()
    assert "偏离" in h.locator("#assist-error").inner_text()
    handler.shot("flow-07-departure-refused")
    assert handler.console_errors == ["Failed to load resource: the server responded with a status of 422 "
                                      "(Unprocessable Entity)"]  # fmt: skip
    handler.console_errors.clear()  # the refusal's status, expected
    form = h.locator("#assist-report-form")
    form.locator("#assist-report-proposal-fine").fill(suggested)
    form.locator("button[type=submit]").click()
    h.wait_for_load_state()
    assert "已记录智能助手的裁量建议" in h.locator(".alert-success").inner_text()
    assert "采纳建议" in h.locator("#proposal-adherence").inner_text()
    assert h.locator("#timeline .adherence").first.inner_text() == "采纳建议"
    handler.shot("flow-08-report-accepted")

    # 审核人员：在审批中签署审核意见
    r.click(".sidenav >> text=审批")
    r.locator("#inbox tr", has_text="武汉端到端超市有限公司").locator("text=办理").click()
    form = open_action(r, "review")
    form.locator("#review-kind").select_option("case")
    form.locator("#review-opinion").select_option("agree")
    assert "采纳建议" in r.locator("#proposal-adherence").inner_text()
    form.locator("#review-comments").fill("事实清楚，证据充分，裁量适当，与智能助手建议一致")
    submit(r, form, "签署审核意见")
    reviewer.shot("flow-09-review-signed")

    # 负责人：批准拟处罚意见
    b.goto(case_url)
    form = open_action(b, "approve")
    form.locator("input[name='penalty.kinds'][value=fine]").check()
    form.locator("#approve-penalty-fine").fill(suggested)
    submit(b, form, "批准拟处罚意见")
    head.shot("flow-10-approved")

    # 办案人员：制发告知书、送达、当事人放弃陈述申辩
    h.goto(case_url)
    submit(h, open_action(h, "notice"), "罚告")
    form = open_action(h, "serve")
    form.locator("#serve-document").select_option("notice")
    form.locator("#serve-method").select_option("in_person")
    submit(h, form, "送达文书")
    form = open_action(h, "statement")
    form.locator("#statement-kind").select_option("waiver")
    form.locator("#statement-summary").fill("当事人书面放弃陈述申辩")
    submit(h, form, "记录陈述申辩")
    handler.shot("flow-11-notice-served")

    # 负责人：作出处罚决定（决定书文号）
    b.goto(case_url)
    form = open_action(b, "decide")
    form.locator("#decide-outcome").select_option("penalty")
    form.locator("#decide-reasons").fill("当事人放弃陈述申辩，违法事实清楚")
    form.locator("input[name='penalty.__use']").check()
    form.locator("input[name='penalty.kinds'][value=fine]").check()
    form.locator("#decide-penalty-fine").fill(suggested)
    submit(b, form, "作出处理决定")
    main = b.locator("main").inner_text()
    assert re.search(r"罚〔\d{4}〕\d+号", main) and "账本校验通过" in main
    assert b.locator(".timeline li.signed").count() >= 4
    assert f"{float(suggested):,.2f}" in main
    head.shot("flow-12-decided")
    for s in (handler, head, reviewer, phone):
        assert s.console_errors == []
