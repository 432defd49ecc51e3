"""The record actions through the case page: a handler fills the 现场笔录 form on a demo case under
investigation; the record is on the ledger and its document is offered on the 文书与卷宗 page."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.e2e.clients import make_client_factory
from tests.e2e.site import USERS
from tests.integration.document_helpers import docx_text
from tests.integration.test_pages_cases import _form_token
from zhifa.demo.identifiers import demo_case_id
from zhifa.services.cases import china_today

Client = Callable[[str | None], TestClient]
INVESTIGATION = demo_case_id("ja-investigation-food")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Client:
    """TestClients of the demo site."""
    _, factory = make_client_factory(
        tmp_path_factory.mktemp("pages-records"), own_site=True
    )  # moves demo cases on
    return factory


def _officer(page: str, name: str) -> str:
    found = re.search(rf'<option value="(\d+)"[^>]*>{name}（', page)
    assert found, name
    return found.group(1)


def test_a_site_record_through_the_form_程序规定_28(client: Client) -> None:
    c = client(USERS["handler"])
    page = c.get(f"/cases/{INVESTIGATION}").text
    action = f"/cases/{INVESTIGATION}/actions/inspect-site"
    assert 'data-action="inspect-site"' in page and 'name="findings"' in page
    form = page[page.index('data-action="inspect-site"') :]
    assert 'name="location"' not in form[: form.index("</form>")]  # the position comes from the phone only
    today = china_today().isoformat()
    data = {
        "csrf_token": _form_token(page, action),
        "place": "武汉市江岸区某某超市",
        "inspected_on": today,
        "start": "09:30",
        "end": "10:15",
        "officer_ids": [_officer(page, "张伟"), _officer(page, "李娜")],
        "present": "店长（演示）",
        "findings": "货架陈列过期食品若干（演示数据）。",
    }
    refused = c.post(action, data={**data, "end": "09:00"})
    assert refused.status_code == 422 and "应晚于开始时间" in refused.text
    done = c.post(action, data=data)
    assert done.status_code == 200 and "已办理：制作现场笔录" in done.text
    documents = c.get(f"/cases/{INVESTIGATION}/documents").text
    assert "现场笔录" in documents


def _site_record(c: TestClient, place: str, start: str, end: str) -> None:
    page = c.get(f"/cases/{INVESTIGATION}").text
    action = f"/cases/{INVESTIGATION}/actions/inspect-site"
    data = {
        "csrf_token": _form_token(page, action),
        "place": place,
        "inspected_on": china_today().isoformat(),
        "start": start,
        "end": end,
        "officer_ids": [_officer(page, "张伟"), _officer(page, "李娜")],
        "present": "店长（演示）",
        "findings": f"{place}：货架陈列过期食品若干（演示数据）。",
    }
    done = c.post(action, data=data)
    assert done.status_code == 200 and "已办理：制作现场笔录" in done.text, done.text[-2000:]


def test_each_of_two_site_records_is_issued_from_the_documents_page_程序规定_28(client: Client) -> None:
    c = client(USERS["handler"])
    _site_record(c, "第一次检查的门店", "08:00", "08:40")
    _site_record(c, "第二次检查的仓库", "08:50", "09:20")
    url = f"/cases/{INVESTIGATION}/documents"
    page = c.get(url).text
    rows = dict(
        re.findall(r'<tr data-record="(\d+)">\s*<td data-label="文书">现场笔录<br><span[^>]*>([^<]+)<', page)
    )
    first = next(seq for seq, label in rows.items() if "第一次检查的门店" in label)
    second = next(seq for seq, label in rows.items() if "第二次检查的仓库" in label)
    assert int(first) < int(second)
    for seq, place, other in (
        (first, "第一次检查的门店", "第二次检查的仓库"),
        (second, "第二次检查的仓库", "第一次检查的门店"),
    ):
        assert f"/documents/site_record/file?format=docx&amp;record={seq}" in page
        draft = c.get(f"{url}/site_record/file", params={"format": "docx", "record": seq})
        assert draft.status_code == 200
        text = docx_text(draft.content)
        assert place in text and other not in text
    bad = c.get(f"{url}/site_record/file", params={"format": "docx", "record": 1})
    assert bad.status_code == 422 and "不能制作《现场笔录》" in bad.text
    for seq in (first, second):
        page = c.get(url).text
        form = {"csrf_token": _form_token(page, url), "kind": "site_record", "record": seq, "reason": ""}
        assert c.post(url, data=form).status_code in (200, 303)
    issued = c.get(url).text
    made = re.findall(
        r"#(\d+)</td>\s*<td data-label=\"文书\">现场笔录<br><span[^>]*>依据第(\d+)条记录<", issued
    )
    by_source = {source: seq for seq, source in made}
    assert {first, second} <= set(by_source)
    for source, place in ((first, "第一次检查的门店"), (second, "第二次检查的仓库")):
        got = c.get(f"{url}/{by_source[source]}/file", params={"format": "docx"})
        assert got.status_code == 200 and place in docx_text(got.content)
