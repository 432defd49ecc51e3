"""Phone pages in chromium at 390 px (issue 21): 当场处罚 signed on the screen; drafts made offline and
synced when the network returns, a second sync of the same draft creating nothing (Idempotency-Key)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from tests.e2e.site import USERS

STATUS = "#drafts li[data-status]"


def phone_login(session: Any) -> Any:
    s = session(phone=True)
    s.login(USERS["handler"])
    s.page.goto("/m/penalty")
    s.page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.ready.then(() => true)")
    return s


def choose_li(page: Any, select: str) -> None:
    """The second officer: 李 of 江岸 (a handler of the demo cases with 张)."""
    value = page.eval_on_selector(select, "s => [...s.options].find(o => o.text.includes('李')).value")
    page.select_option(select, value)


def fill_penalty(page: Any, name: str, code: str, fine: str) -> None:
    page.check("#credentials_shown")
    choose_li(page, "#co_officer_id")
    page.fill("#party_name", name)
    page.fill("#party_code", code)
    page.fill("#place", "江岸区台北路农贸市场")
    page.fill("#facts", "现场检查发现当事人摊位销售的6种水果未标示价格")
    page.fill("#violation", "不按规定明码标价")
    page.fill("#basis", "《明码标价和禁止价格欺诈规定》第五条；《价格违法行为行政处罚规定》第十三条")
    page.fill("#fine", fine)
    page.click("#waive-button")
    box = page.locator("#signature").bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + 30)
    page.mouse.down()
    for i in range(1, 25):
        page.mouse.move(box["x"] + 30 + i * 12, box["y"] + 30 + (i % 6) * 10)
    page.mouse.up()


def cases_of(page: Any, code: str) -> list[dict[str, Any]]:
    answer = page.request.get(f"/api/v1/cases?party_code={code}")
    assert answer.ok, answer.text()
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def test_onsite_penalty_signed_on_a_390px_phone(session: Any) -> None:
    s = phone_login(session)
    page = s.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    fill_penalty(page, "王某某（演示）", "11010519491231002X", "250")
    assert "不得超过200" in page.text_content("#amount-check")  # 行政处罚法第五十一条, as typed
    page.fill("#fine", "150")
    assert "在当场处罚限额内" in page.text_content("#amount-check")
    s.shot("mobile-01-penalty-390")
    page.click("#penalty-form button[type=submit]")
    page.wait_for_selector(f"{STATUS}[data-status=done]", timeout=20000)
    assert re.search(r"文号：\S*当罚〔\d{4}〕\d+号", page.text_content("#drafts"))
    s.shot("mobile-02-penalty-done")
    (case,) = cases_of(page, "11010519491231002X")
    timeline = page.request.get(f"/api/v1/cases/{case['id']}/timeline").json()["timeline"]
    issued = next(r for r in timeline if r["type"] == "SummaryPenaltyIssued")
    digest = issued["payload"]["party_signature_sm3"]
    assert issued["signed"] and issued["verified"] and re.fullmatch(r"[0-9a-f]{64}", digest)
    png = page.request.get(f"/api/v1/cases/{case['id']}/files/{digest}")
    assert png.ok and png.body().startswith(b"\x89PNG")
    assert not s.console_errors, s.console_errors


def test_offline_draft_syncs_when_the_network_returns_and_never_twice(session: Any) -> None:
    s = phone_login(session)
    page = s.page
    code = "420102199001011236"
    s.context.set_offline(True)
    page.wait_for_function("!navigator.onLine")
    fill_penalty(page, "赵某某（演示）", code, "100")
    page.click("#penalty-form button[type=submit]")
    page.wait_for_selector(f"{STATUS}[data-status=queued]")
    assert "离线" in page.text_content("#net-status")
    s.shot("mobile-03-offline-queued")
    page.reload()  # the page itself comes from the service worker's cache while offline
    page.wait_for_selector(f"{STATUS}[data-status=queued]")
    s.context.set_offline(False)
    page.wait_for_selector(f"{STATUS}[data-status=done]", timeout=20000)
    assert len(cases_of(page, code)) == 1
    # the answer was lost, the phone sends the same draft again: the server replays the first answer
    replayed = page.evaluate(
        """async () => {
          const d = (await zhifaMobile.all()).find(x => x.status === "done");
          const first = d.result.case.id;
          d.status = "queued"; await zhifaMobile.put(d); await zhifaMobile.sync();
          const again = (await zhifaMobile.all()).find(x => x.id === d.id);
          return [first, again.status, again.result.case.id];
        }"""
    )
    assert replayed[1] == "done" and replayed[0] == replayed[2]
    assert len(cases_of(page, code)) == 1
    s.shot("mobile-04-synced")


def test_record_draft_of_a_case_that_moved_is_shown_as_a_conflict(session: Any) -> None:
    s = phone_login(session)
    page = s.page
    page.goto("/m/record")
    option = page.locator("#case_id option").first
    case_id = option.get_attribute("value")
    assert case_id
    page.evaluate("document.querySelector('#case_id option').dataset.version = '1'")  # drafted long ago
    choose_li(page, "#co_handler_id")
    page.fill("#place", "江岸区某超市")
    page.fill("#started_at", page.input_value("#started_at")[:11] + "08:00")
    page.fill("#ended_at", "08:30")
    page.fill("#present", "店长王某")
    page.fill("#content", "货架上有超过保质期的预包装食品。")
    page.click("#record-form button[type=submit]")
    page.wait_for_selector(f"{STATUS}[data-status=conflict]", timeout=20000)
    assert "已有新的办理记录" in page.text_content("#drafts")
    before = len(page.request.get(f"/api/v1/cases/{case_id}").json()["evidence"])
    page.click("#drafts button:has-text('按最新情况重新提交')")
    settled = ":not([data-status=conflict]):not([data-status=queued]):not([data-status=syncing])"
    page.wait_for_selector(STATUS + settled, timeout=20000)
    assert page.get_attribute(STATUS, "data-status") == "done", page.text_content("#drafts")
    timeline = page.request.get(f"/api/v1/cases/{case_id}").json()["timeline"]
    assert timeline[-1]["type"] == "SiteInspected" and timeline[-1]["signed"]  # the case page's record
    link = page.get_attribute("#drafts a:has-text('下载笔录')", "href")
    assert link and link.endswith(f"/documents/site_record/file?format=docx&record={timeline[-1]['seq']}")
    assert page.request.get(link).status == 200
    assert len(page.request.get(f"/api/v1/cases/{case_id}").json()["evidence"]) == before
    s.shot("mobile-05-record-conflict-resolved")


WIDE = """() => [...document.querySelectorAll('body *')].filter(e => {
  const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
  return r.width > 0 && r.right > window.innerWidth + 1 && s.position !== 'fixed'
    && !e.closest('.table-wrap, pre, .timeline-scroll');
}).slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id + ' '
  + Math.round(e.getBoundingClientRect().right))"""


def test_cloud_approval_inbox_and_sign_off_form_on_a_390px_screen(session: Any) -> None:
    from zhifa.demo.cases import demo_case_id

    s = session(phone=True)
    s.login(USERS["head"])
    page = s.page
    page.goto("/approvals")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate(WIDE) == []
    s.shot("mobile-06-approvals-390")
    case = demo_case_id("ja-approval-metrology")  # waits for the head's approval
    page.goto(f"/cases/{case}#action-approve")
    page.evaluate("document.getElementById('action-approve').open = true")
    page.locator("#action-approve form").scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.evaluate(WIDE)
    assert page.evaluate(WIDE) == []
    s.shot("mobile-07-signoff-390")
    assert not s.console_errors, s.console_errors


OLD_DRAFT = """([caseId, version, coHandler, day, key, extra]) => zhifaMobile.put(Object.assign({
  id: "old-draft-1", key: key, created: day + "T08:05:00.000Z",
  status: "queued", kind: "record", case_id: caseId, version: version, label: "（早先保存的草稿）",
  photos: [],
  data: {kind: "inquiry", place: "江岸区某超市办公室", started_at: day + "T08:00:00", present: "",
         content: "问：这些饼干是什么时候进的货？答：去年六月。", latitude: null, longitude: null,
         accuracy: null, co_handler_id: coHandler, inquiry_of: "party", photos: []}
}, extra))"""  # the earlier page's draft: no ended_at (nor refused_signature, witness), interviewee optional


def put_old_draft(page: Any, case_id: str, key: str, **extra: Any) -> str:
    """An earlier page's draft of a 询问笔录 against the case's current version; the day it was made."""
    version = page.request.get(f"/api/v1/cases/{case_id}").json()["case"]["last_seq"]
    li = "s => [...s.options].find(o => o.text.includes('李')).value"
    co_handler = page.eval_on_selector("#co_handler_id", li)
    day: str = page.evaluate("zhifaMobile.localNow()")[:10]
    page.evaluate(OLD_DRAFT, [case_id, version, int(co_handler), day, key, extra])
    return day


def record_page(session: Any) -> tuple[Any, Any, str]:
    s = phone_login(session)
    page = s.page
    page.goto("/m/record")
    case_id = page.get_attribute("#case_id option", "value")
    assert case_id
    return s, page, case_id


def inquiries(page: Any, case_id: str) -> list[dict[str, Any]]:
    timeline = page.request.get(f"/api/v1/cases/{case_id}").json()["timeline"]
    return [t for t in timeline if t["type"] == "InquiryRecorded"]


def onsite_posts(page: Any) -> list[str]:
    """The URLs of the record syncs the page sends, as they are sent."""
    posts: list[str] = []
    page.on(
        "request", lambda r: posts.append(r.url) if r.method == "POST" and "onsite-records" in r.url else None
    )
    return posts


def test_an_old_draft_without_end_time_is_refused_then_completed_by_the_officer_and_synced_once(
    session: Any,
) -> None:
    s, page, case_id = record_page(session)
    posts = onsite_posts(page)
    key = str(uuid.uuid4())  # made when the earlier page saved the draft
    day = put_old_draft(page, case_id, key)
    before = len(inquiries(page, case_id))
    page.reload()  # online: the page sends its drafts on load, as they are; the server decides
    draft = page.locator(f"{STATUS}[data-status=refused]")
    draft.wait_for(timeout=20000)
    text = draft.text_content() or ""
    assert "请填写询问笔录的结束时间" in text  # the server's reason (onsite_end_missing)
    assert "草稿缺少结束时间、被询问人姓名" in text and "不会替您自动填写" in text
    assert len(posts) == 1 and len(inquiries(page, case_id)) == before  # refused: nothing written
    assert draft.locator("input[name=ended_at]").input_value() == ""  # no time made up
    s.shot("mobile-08-old-draft-refused")
    draft.locator("input[name=ended_at]").fill("07:50")  # before the start: said on the draft, not sent
    draft.locator("input[name=present]").fill("王某")
    draft.locator("button:has-text('补填并同步')").click()
    assert "应晚于开始时间（08:00）" in (draft.locator("[role=alert]").text_content() or "")
    assert len(posts) == 1
    draft.locator("input[name=ended_at]").fill("08:40")
    draft.locator("button:has-text('补填并同步')").click()
    page.wait_for_selector(f"{STATUS}[data-status=done]", timeout=20000)
    (made,) = inquiries(page, case_id)[before:]
    p = made["payload"]
    assert made["signed"] and made["verified"]
    assert (p["interviewee"], p["start"], p["end"], p["inquired_on"]) == ("王某", "08:00", "08:40", day)
    stored = page.evaluate("async () => (await zhifaMobile.all()).find(d => d.id === 'old-draft-1')")
    assert stored["key"] == key  # the draft's own key, kept: the refusal left nothing under it
    assert stored["data"]["ended_at"] == f"{day}T08:40:00" and len(posts) == 2
    # the answer was lost, the phone sends it again: the server replays it, still one record
    again = page.evaluate(
        """async () => {
          const d = (await zhifaMobile.all()).find(x => x.id === "old-draft-1");
          d.status = "queued"; await zhifaMobile.put(d); await zhifaMobile.sync();
          return (await zhifaMobile.all()).find(x => x.id === "old-draft-1").status;
        }"""
    )
    assert again == "done" and len(posts) == 3
    assert len(inquiries(page, case_id)) == before + 1
    s.shot("mobile-09-old-draft-synced")
    unexpected = [e for e in s.console_errors if "status of 422" not in e]  # the refusal itself is logged
    assert unexpected == [], s.console_errors


def test_an_old_draft_is_completed_offline_and_synced_when_the_network_returns(session: Any) -> None:
    s, page, case_id = record_page(session)
    posts = onsite_posts(page)
    before = len(inquiries(page, case_id))
    s.context.set_offline(True)
    page.wait_for_function("!navigator.onLine")
    put_old_draft(page, case_id, str(uuid.uuid4()))
    page.reload()  # from the service worker's cache
    draft = page.locator(f"{STATUS}[data-status=queued]")
    draft.wait_for(timeout=20000)
    assert "草稿缺少结束时间、被询问人姓名" in (draft.text_content() or "") and posts == []
    draft.locator("input[name=ended_at]").fill("08:25")
    draft.locator("input[name=present]").fill("钱某")
    draft.locator("button:has-text('补填并同步')").click()
    page.wait_for_function(
        "async () => (await zhifaMobile.all()).some(d => d.data.ended_at && d.status === 'queued')"
    )
    assert "草稿缺少" not in (page.text_content("#drafts") or "") and posts == []
    s.context.set_offline(False)
    page.wait_for_selector(f"{STATUS}[data-status=done]", timeout=20000)
    (made,) = inquiries(page, case_id)[before:]
    assert (made["payload"]["interviewee"], made["payload"]["end"]) == ("钱某", "08:25") and len(posts) == 1


def test_phone_inquiry_asks_for_the_person_and_checks_number_gender_and_phone(session: Any) -> None:
    s, page, case_id = record_page(session)
    assert not page.is_visible("#id_number")  # 现场笔录: no interviewee fields
    page.select_option("#kind", "inquiry")
    assert page.is_visible("#id_number") and page.text_content("#present-label") == "被询问人姓名"
    choose_li(page, "#co_handler_id")
    page.fill("#place", "江岸区市场监管所询问室")
    page.fill("#started_at", page.input_value("#started_at")[:11] + "09:00")
    page.fill("#ended_at", "09:30")
    page.fill("#present", "赵某")
    page.fill("#id_number", "110105194912310021")  # last digit wrong
    page.fill("#content", "问：是否知道商品已过保质期？答：不知道。")
    before = len(inquiries(page, case_id))
    drafts = page.evaluate("async () => (await zhifaMobile.all()).length")
    page.click("#record-form button[type=submit]")
    assert "末位校验码不符" in page.text_content("#form-errors")
    assert page.evaluate("async () => (await zhifaMobile.all()).length") == drafts  # not even a draft
    page.fill("#id_number", "11010519491231002x")
    assert page.is_visible("#phone") and page.is_visible("#gender")
    page.select_option("#gender", "男")  # the number's 17th digit says 女
    page.fill("#phone", "王某手机")
    page.click("#record-form button[type=submit]")
    errors = page.text_content("#form-errors") or ""
    assert "第17位表示女性" in errors and "不是有效的电话号码" in errors
    assert page.evaluate("async () => (await zhifaMobile.all()).length") == drafts
    page.select_option("#gender", "")
    page.fill("#phone", "138 0000 1234")
    page.fill("#address", "武汉市江岸区某路1号")
    page.fill("#work_unit", "某超市 收银员")
    page.click("#record-form button[type=submit]")
    page.wait_for_selector(f"{STATUS}[data-status=done]", timeout=20000)
    (made,) = inquiries(page, case_id)[before:]
    assert made["payload"]["id_number"] == "11010519491231002X" and made["payload"]["interviewee"] == "赵某"
    got = [made["payload"][k] for k in ("gender", "phone", "address", "work_unit")]
    assert got == ["女", "138 0000 1234", "武汉市江岸区某路1号", "某超市 收银员"]
    link = page.get_attribute(f"{STATUS}[data-status=done] a:has-text('下载笔录')", "href")
    assert link and link.endswith(f"record={made['seq']}")
    assert not s.console_errors, s.console_errors


def test_a_key_already_used_for_another_body_is_explained_and_resent_only_on_request(session: Any) -> None:
    s, page, case_id = record_page(session)
    day = put_old_draft(page, case_id, str(uuid.uuid4()))
    before = len(inquiries(page, case_id))
    page.evaluate(
        """async ([day]) => {
          const d = (await zhifaMobile.all())[0];
          Object.assign(d.data, {ended_at: day + "T08:20:00", present: "孙某"});
          await zhifaMobile.put(d); await zhifaMobile.sync();  // recorded; say the answer never arrived
          d.status = "queued"; d.data.ended_at = day + "T08:30:00";  // then changed and sent again
          await zhifaMobile.put(d); await zhifaMobile.sync();
        }""",
        [day],
    )
    draft = page.locator(f"{STATUS}[data-status=refused]")
    draft.wait_for(timeout=20000)
    assert "可能在补填之前已经登记" in (draft.text_content() or "")
    assert len(inquiries(page, case_id)) == before + 1  # the first body, once
    assert draft.locator("a:has-text('查看案件')").get_attribute("href") == f"/cases/{case_id}"
    draft.locator("button:has-text('作为新提交重新发送')").click()  # the officer's decision, new key
    # the case moved (by the first send): the version check still holds, the officer confirms again
    page.wait_for_selector(f"{STATUS}[data-status=conflict]", timeout=20000)
    page.click("#drafts button:has-text('按最新情况重新提交')")
    page.wait_for_selector(f"{STATUS}[data-status=done]", timeout=20000)
    assert [i["payload"]["end"] for i in inquiries(page, case_id)[before:]] == ["08:20", "08:30"]
    s.shot("mobile-10-key-reused-resent")
