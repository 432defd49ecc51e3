"""Pages in the words officers use (issue #22 §2): Beijing time in lists and timeline alike, a Chinese
timeline with the raw record one click away, Chinese validation messages, the clue's party carried into
批准立案, and only the actions that can be done now."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.e2e.clients import make_client_factory
from tests.e2e.site import USERS
from zhifa.demo.identifiers import demo_case_id

Client = Callable[[str | None], TestClient]
STATEMENT = demo_case_id("ja-statement-fraud")  # notice served, statement period running
APPROVAL = demo_case_id("ja-approval-metrology")  # penalty proposed, no notice yet
CLUE = demo_case_id("ja-clue-price")  # a clue with its party (个体工商户)
ENGLISH_IN_TIMELINE = (
    "agency_path", "hearing_right", "individual_business", "organization", "False", "True", "None",
    "complaint", "in_person", "stated_on", "collectors", "handlers", "docno",
)  # fmt: skip
PYDANTIC_WORDS = ("Input should", "List should", "valid decimal", "Field required", "at least")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Client:
    """TestClients of the demo site."""
    _, factory = make_client_factory(
        tmp_path_factory.mktemp("officer-words-site"), own_site=True
    )  # moves demo cases on
    return factory


def _text(html: str) -> str:
    html = re.sub(r"<(script|style|pre)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    return html[start : html.index("</section>", start)]


def _csrf(html: str, action: str) -> str:
    found = re.search(rf'action="{re.escape(action)}".*?name="csrf_token" value="([^"]+)"', html, re.S)
    assert found, action
    return found.group(1)


def test_list_and_timeline_show_the_same_beijing_clock(client: Client) -> None:
    c = client(USERS["handler"])
    listed = c.get("/cases", params={"stage": "statement"}).text
    row = listed[listed.index(f"/cases/{STATEMENT}") :]
    updated = re.search(r'data-label="更新时间"[^>]*>([0-9-]+ [0-9:]+)<', row)
    assert updated
    timeline = _section(c.get(f"/cases/{STATEMENT}").text, "timeline")
    recorded = re.findall(r"· (\d{4}-\d\d-\d\d \d\d:\d\d) ·", timeline)
    assert recorded and updated.group(1) == recorded[-1]  # the last record updated the case


def test_the_timeline_speaks_chinese_and_keeps_the_raw_record(client: Client) -> None:
    html = client(USERS["handler"]).get(f"/cases/{STATEMENT}").text
    timeline = _section(html, "timeline")
    readable = _text(timeline)
    assert not [w for w in ENGLISH_IN_TIMELINE if w in readable], readable[:3000]
    assert "证据·来源" in readable and "证据·线索来源" not in readable
    assert "送达方式 直接送达" in readable and "当事人·类别 法人或者其他组织" in readable
    assert "原始记录（审计用）" in timeline and '"agency_path"' in html_lib.unescape(timeline)  # for auditors


def test_validation_problems_are_chinese_only(client: Client) -> None:
    c = client(USERS["head"])
    page = c.get(f"/cases/{APPROVAL}").text
    action = f"/cases/{APPROVAL}/actions/approve"
    resp = c.post(
        action, data={"csrf_token": _csrf(page, action), "penalty.kinds": "fine", "penalty.fine": "abc"}
    )
    error = _text(resp.text[resp.text.index('id="action-error"') :][:3000])
    assert resp.status_code == 422 and "罚款金额" in error and "须为数字" in error
    assert not [w for w in PYDANTIC_WORDS if w in resp.text]
    assert "penalty.fine" not in error


def test_an_empty_handler_list_is_refused_in_chinese(client: Client) -> None:
    c = client(USERS["head"])
    page = c.get(f"/cases/{CLUE}").text
    action = f"/cases/{CLUE}/actions/file"
    data = {"csrf_token": _csrf(page, action), "party.kind": "person", "party.name": "王某",
            "act_date": "2026-11-01", "violation": "未明码标价"}  # fmt: skip
    resp = c.post(action, data=data)
    assert resp.status_code == 422
    assert "办案人员" in _text(resp.text) and not [w for w in PYDANTIC_WORDS if w in resp.text]


def test_approving_the_filing_starts_from_the_clues_party(client: Client) -> None:
    html = client(USERS["head"]).get(f"/cases/{CLUE}").text
    form = html[html.index('data-action="file"') :]
    form = form[: form.index("</form>")]
    assert re.search(r'<option value="individual_business" selected', form)
    name = re.search(r'name="party.name"[^>]*value="([^"]*)"', form)
    assert name and name.group(1) == "武汉市江岸区鑫禾便利店"
    assert re.search(r'name="party.uscc"[^>]*value="92[0-9A-Z]{16}"', form)


def test_no_decision_offered_before_notice_or_while_the_party_may_still_state(client: Client) -> None:
    head = client(USERS["head"])
    for case_id in (STATEMENT, APPROVAL):
        assert 'data-action="decide"' not in head.get(f"/cases/{case_id}").text
    inbox = _text(head.get("/approvals").text)
    assert "作出处理决定" not in inbox and "批准拟处罚意见" in inbox


def test_an_administrator_is_not_offered_the_clue_form(client: Client) -> None:
    admin = client(USERS["admin"])
    assert admin.get("/clues/new").status_code == 403
    assert "/clues/new" not in admin.get("/").text


def test_a_correction_is_chosen_from_the_case_and_shown_with_its_history(client: Client) -> None:
    c = client(USERS["handler"])
    page = c.get(f"/cases/{STATEMENT}").text
    form = page[page.index('data-action="correct"') :]
    form = form[: form.index("</form>")]
    assert 'name="corrects_seq"' not in form and 'name="field"' not in form  # nothing typed by hand
    options = dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', form))
    target = next(v for v, text in options.items() if "证据·名称" in text and "现场检查笔录" in text)
    action = f"/cases/{STATEMENT}/actions/correct"
    data = {"csrf_token": _csrf(page, action), "target": target, "new": "现场检查笔录（第一次检查）",
            "reason": "名称漏写检查次数"}  # fmt: skip
    done = c.post(action, data=data)
    assert done.status_code == 200 and "已办理：更正记录" in done.text
    timeline = _text(_section(done.text, "timeline"))
    assert "已更正" in timeline and "由“现场检查笔录”改为“ 现场检查笔录（第一次检查） ”" in timeline
    refused = c.post(action, data={**data, "csrf_token": _csrf(done.text, action), "target": "999:名称"})
    assert refused.status_code == 422 and "请从列表中选择要更正的记录与项目" in refused.text


def test_a_corrected_party_name_is_what_the_case_page_shows(client: Client) -> None:
    c = client(USERS["handler"])
    page = c.get(f"/cases/{STATEMENT}").text
    form = page[page.index('data-action="correct"') :]
    form = form[: form.index("</form>")]
    options = dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', form))
    target, shown = next((v, t) for v, t in options.items() if "批准立案" in t and "当事人·名称" in t)
    old = html_lib.unescape(shown.split("：", 1)[1])
    title = re.search(r'<h1 id="case-title">([^<]+)</h1>', page)
    assert title and old in title.group(1)
    action = f"/cases/{STATEMENT}/actions/correct"
    new = old + "（更正）"
    data = {"csrf_token": _csrf(page, action), "target": target, "new": new, "reason": "与营业执照核对"}
    done = c.post(action, data=data)
    assert done.status_code == 200 and "已办理：更正记录" in done.text
    title = re.search(r'<h1 id="case-title">([^<]+)</h1>', done.text)
    assert title and new in html_lib.unescape(title.group(1))
    assert new in _text(_section(done.text, "party"))
    timeline = _text(_section(done.text, "timeline"))
    assert f"由“{old}”改为“ {new} ”" in timeline and "与营业执照核对" in timeline
    listed = c.get("/cases", params={"stage": "statement"}).text
    assert new in html_lib.unescape(listed)
    form = done.text[done.text.index('data-action="correct"') :]
    options = dict(
        re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', form[: form.index("</form>")])
    )
    assert html_lib.unescape(options[target]).endswith("：" + new)  # the list shows what it reads now
    newer = {
        **data,
        "csrf_token": _csrf(done.text, action),
        "new": old + "（再次更正）",
        "reason": "再次核对",
    }
    again = c.post(action, data=newer)
    assert again.status_code == 200 and f"由“{new}”改为“ {old}（再次更正） ”" in _text(again.text)
