"""Assistant panel on a case (accept or depart with a reason), precedent library pages, case list by type."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.e2e.clients import make_client_factory
from tests.e2e.site import USERS
from zhifa.demo.identifiers import demo_case_id
from zhifa.precedents.masking import looks_like_person_name

Client = Callable[[str | None], TestClient]
FOOD = demo_case_id("ja-investigation-food")  # 调查取证: 销售超过保质期的食品
REVIEW = demo_case_id("ja-review-ad")


@pytest.fixture(scope="module")
def client(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Client:
    """TestClients of the demo site (laws, a precedent subset, a trained assistant): needs the real data."""
    _, factory = make_client_factory(tmp_path_factory.mktemp("pages-assist"))
    return factory


def _hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
    assert found, name
    return unescape(found.group(1))


def _report_form(html: str) -> dict[str, object]:
    """The pre-filled report form of the assistant page, as the browser would post it."""
    form = html[html.index('id="assist-report-form"') :]
    form = form[: form.index("</form>")]
    data: dict[str, object] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form):
        data[name] = unescape(value)
    for name, value in re.findall(r'<textarea id="[^"]*" name="([^"]+)"[^>]*>([^<]*)</textarea>', form):
        data[name] = unescape(value)
    for name, value in re.findall(r'<input type="text"[^>]*name="([^"]+)" value="([^"]*)"', form):
        data[name] = unescape(value)
    data["proposed_outcome"] = "penalty"
    data["proposal.kinds"] = re.findall(r'name="proposal.kinds" value="([^"]+)" checked', form)
    if re.search(r'name="proposal.__use" value="1" checked', form):
        data["proposal.__use"] = "1"
    return data


def test_panel_shows_types_provisions_discretion_and_precedents(client: Client) -> None:
    c = client(USERS["handler"])
    detail = c.get(f"/cases/{FOOD}").text
    assert f'href="/cases/{FOOD}/assistant"' in detail
    page = c.get(f"/cases/{FOOD}/assistant", params={"type": "food.expired_food", "goods_value": "360"})
    assert page.status_code == 200
    html = page.text
    for part in ("assist-types", "assist-penalty", "assist-provisions", "assist-precedents", "assist-trail"):
        assert f'id="{part}"' in html, part
    # 食品安全法第一百二十四条第一款: 货值金额不足一万元的，并处五万元以上十万元以下罚款
    assert "食品安全法" in html and "五万元以上十万元以下罚款" in html
    assert re.search(r'href="/law/laws/\d+/articles/124\?as_of=', html)
    assert re.search(r'href="/precedents/[^"]+"', html)
    assert 'id="assist-report-form"' in html and "50,000.00 元" in html


def test_panel_shows_a_fine_conditional_on_refusal_and_a_missing_amount(client: Client) -> None:
    """食品安全法第一百二十六条: 拒不改正的才罚款; 产品质量法第五十条: 罚款依货值金额 — shown, never 0."""
    c = client(USERS["handler"])
    page = c.get(f"/cases/{FOOD}/assistant", params={"type": "food.no_purchase_inspection_records"}).text
    point = page[page.index('id="assist-point"') :]
    assert "不处罚款" in point[:200] and 'id="assist-conditional"' in point
    assert "5,000.00 元 至 50,000.00 元" in point[: point.index("</dd>")]
    missing = c.get(
        f"/cases/{FOOD}/assistant", params={"type": "quality.adulterated_fake", "goods_value": ""}
    ).text
    assert "裁量基准无法计算" in missing and "货值金额" in missing


def test_uncertain_answer_is_said_plainly(client: Client) -> None:
    c = client(USERS["handler"])
    token = _hidden(c.get(f"/cases/{FOOD}/assistant").text, "csrf_token")
    page = c.post(
        f"/cases/{FOOD}/assistant", data={"facts": "今天天气很好，我们去公园散步。", "csrf_token": token}
    )
    assert page.status_code == 200
    assert 'id="assist-uncertain"' in page.text and "无法可靠判断" in page.text
    assert 'id="assist-report-form"' not in page.text and 'id="assist-pin-type"' in page.text


def test_report_form_needs_csrf_and_the_suggestion_shown(client: Client) -> None:
    c = client(USERS["handler"])
    case = FOOD  # still investigating: the next test submits its report
    html = c.get(f"/cases/{case}/assistant", params={"type": "food.expired_food", "goods_value": "360"}).text
    form = _report_form(html)
    no_token = {k: v for k, v in form.items() if k != "csrf_token"}
    assert c.post(f"/cases/{case}/assistant/report", data=no_token).status_code == 403
    other = {**form, "assist_type": "price.marking_improper"}  # not the suggestion that was shown
    changed = c.post(f"/cases/{case}/assistant/report", data=other)
    assert changed.status_code == 422 and "建议随之变化" in changed.text


def test_departure_without_reason_is_refused_then_accepting_is_recorded(client: Client) -> None:
    c = client(USERS["handler"])
    html = c.get(f"/cases/{FOOD}/assistant", params={"type": "food.expired_food", "goods_value": "360"}).text
    form = _report_form(html)
    suggested = str(form["proposal.fine"])
    assert form["assist_type"] == "food.expired_food" and form["assist_goods_value"] == "360"
    assert "fine" in form["proposal.kinds"]  # type: ignore[operator]
    departing = {**form, "proposal.fine": "1000"}
    refused = c.post(f"/cases/{FOOD}/assistant/report", data=departing)
    assert refused.status_code == 422
    assert "偏离" in refused.text and 'id="assist-error"' in refused.text
    assert "调查取证" in c.get(f"/cases/{FOOD}").text  # nothing written: still investigating
    done = c.post(f"/cases/{FOOD}/assistant/report", data=form, follow_redirects=False)
    assert done.status_code == 303, done.text[:2000]
    detail = c.get(f"/cases/{FOOD}").text
    assert "采纳建议" in detail and 'id="proposal-adherence"' in detail
    assert f"{float(suggested):,.2f}" in detail
    reviewer = client(USERS["reviewer"]).get(f"/cases/{FOOD}/assistant").text
    assert 'id="assist-adherence"' in reviewer and 'id="assist-consistency"' in reviewer


def test_inspector_has_no_assistant(client: Client) -> None:
    c = client(USERS["inspector"])
    assert "/assistant" not in c.get(f"/cases/{REVIEW}").text
    assert c.get(f"/cases/{REVIEW}/assistant").status_code == 403


def test_precedent_search_filters_and_view(client: Client) -> None:
    c = client(USERS["handler"])
    page = c.get("/precedents", params={"q": "明码标价", "law": "价格法"})
    assert page.status_code == 200 and "<mark>" in page.text
    first = re.search(r'href="/precedents/([^"?]+)"', page.text)
    assert first
    typed = c.get("/precedents", params={"type": "price.marking_improper"}).text
    assert "不按照规定的内容和方式明码标价" in typed
    view = c.get(f"/precedents/{first.group(1)}")
    assert view.status_code == 200 and 'id="precedent-provisions"' in view.text
    assert re.search(r'href="/law/laws/\d+/articles/\d+\?as_of=', view.text)
    assert c.get("/precedents", params={"year": "20x4"}).status_code == 422
    assert c.get("/precedents/not-a-docid").status_code == 404


def test_natural_persons_are_never_shown_unmasked(client: Client, data_dir: Path) -> None:
    c = client(USERS["handler"])
    rows = [
        json.loads(line) for line in (data_dir / "decisions" / "index.jsonl").read_text().splitlines() if line
    ]
    names = {r["当事人名称"] for r in rows if looks_like_person_name(r.get("当事人名称", ""))}
    assert names
    listing = "".join(c.get("/precedents", params={"page": n}).text for n in range(1, 9))
    docids = set(re.findall(r'href="/precedents/([^"?]+)"', listing))
    shown = [c.get(f"/precedents/{d}").text for d in sorted(docids)]
    persons = [s for s in shown if "（自然人）" in s]
    assert persons, "样本中应有自然人当事人"
    for html in [listing, *shown]:
        main = html[
            html.index("<main") : html.index("</main>")
        ]  # the signed-in user's name is in the top bar
        assert not [n for n in names if n in main and "某" not in n]


def test_case_list_filters_by_violation_type(client: Client) -> None:
    c = client(USERS["head"])
    page = c.get("/cases", params={"type": "ad.false_advertising"}).text
    causes = re.findall(r'<td data-label="案由">([^<]*)</td>', page)
    assert causes and all("虚假" in x or "广告" in x for x in causes)
    assert c.get("/cases", params={"type": "no.such_type"}).status_code == 422
    words = re.findall(
        r'<td data-label="案由">([^<]*)</td>', c.get("/cases", params={"violation": "明码标价"}).text
    )
    assert words and all("明码标价" in x for x in words)


def test_new_pages_have_no_inline_script_or_style(client: Client) -> None:
    c = client(USERS["head"])
    docid = re.search(r'href="/precedents/([^"?]+)"', c.get("/precedents").text)
    assert docid
    for path in [f"/cases/{REVIEW}/assistant", "/precedents?q=价格", f"/precedents/{docid.group(1)}"]:
        resp = c.get(path)
        assert resp.status_code == 200, path
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", resp.text), path
        assert not re.search(r"\sstyle=", resp.text), path
        assert not re.search(r"\son[a-z]+=", resp.text), path
