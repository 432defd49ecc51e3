"""The records and notices as ledger actions with their documents, read back from the DOCX (and one PDF):
现场笔录 (程序规定 第二十八条), 询问笔录 (第二十九条), 送达地址确认书 (第八十二条第三项), 责令改正通知书
(行政处罚法 第二十八条), 听证通知书 (听证办法 第二十条), 听证笔录 (第二十八条), 催告书 (行政强制法
第三十五条、第五十四条). Refusals read like the articles and write nothing."""

from __future__ import annotations

from datetime import date as D
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from tests.integration.case_helpers import (
    PERSON,
    World,
    api_client,
    evidence_body,
    file_body,
    fine,
    make_world,
    report_body,
)
from tests.integration.document_helpers import PARTY, docx_text, penalty_case
from tests.integration.test_cases_api import auth
from tests.integration.test_documents_pdf import _need_soffice, _pdf_text
from zhifa.documents import dossier_service
from zhifa.documents import service as docs
from zhifa.domain.refusals import ActionForbidden
from zhifa.errors import ZhifaError
from zhifa.services.case_detail import case_detail


@pytest.fixture
def w(engine: Engine) -> World:
    return make_world(engine)


def _text(w: World, case: str, kind: str) -> str:
    return docx_text(docs.preview_document(w.uow(), w.h1, case, kind).data)


def _refused(w: World, who: Any, case: str, action: str, body: dict[str, Any], on: D) -> ZhifaError:
    before = w.counts()
    with pytest.raises(ZhifaError) as refused:
        w.do(who, case, action, body, on)
    assert w.counts() == before  # nothing written, no 文号 taken
    return refused.value


def _filed(w: World, party: dict[str, Any] = PARTY) -> str:
    case = w.clue(D(2026, 3, 2), party)
    w.do(w.head, case, "file", file_body(w, party), D(2026, 3, 4))
    return case


def _site(w: World, **extra: Any) -> dict[str, Any]:
    return {
        "place": "武汉市江岸区示例路8号门店",
        "inspected_on": "2026-03-05",
        "start": "09:30",
        "end": "10:45",
        "officer_ids": [w.h1.user_id, w.h2.user_id],
        "present": "王某（店长）",
        "findings": "货架上陈列超过保质期的饼干12盒，生产日期2025年6月1日，保质期9个月。",
        **extra,
    }


def test_site_record_two_officers_and_the_findings_程序规定_22_28(w: World) -> None:
    case = _filed(w)
    one = _refused(w, w.h1, case, "inspect-site", _site(w, officer_ids=[w.h1.user_id]), D(2026, 3, 5))
    assert one.code == "two_officers_required" and "第二十二条" in one.message
    other = _refused(w, w.h3, case, "inspect-site", _site(w), D(2026, 3, 5))
    assert isinstance(other, ActionForbidden) and other.code == "not_recording_officer"
    late = _refused(w, w.h1, case, "inspect-site", _site(w, start="11:00"), D(2026, 3, 5))
    assert late.code == "bad_time"
    refused_no_witness = _site(w, refused_signature=True)
    assert (
        _refused(w, w.h1, case, "inspect-site", refused_no_witness, D(2026, 3, 5)).code == "witness_required"
    )
    w.do(w.h1, case, "inspect-site", _site(w), D(2026, 3, 5))
    text = _text(w, case, "现场笔录")
    assert "2026年3月5日 09:30 至 10:45" in text and "武汉市江岸区示例路8号门店" in text
    assert "张伟（执法证号：" in text and "李娜（执法证号：" in text and "王某（店长）" in text
    assert "超过保质期的饼干12盒" in text and "出示执法证件" in text and PARTY["name"] in text
    # the record is evidence: it is listed in the 证据提取单 of later evidence and lets the report go ahead
    w.do(w.h1, case, "add-evidence", evidence_body(w, D(2026, 3, 6), "进货票据"), D(2026, 3, 6))
    listing = _text(w, case, "证据提取单")
    assert "现场笔录（武汉市江岸区示例路8号门店）" in listing and "进货票据" in listing


def test_inquiry_record_questions_and_answers_程序规定_29(w: World) -> None:
    case = _filed(w)
    body = {
        "interviewee": "王某",
        "role": "representative",
        "place": "江岸区市场监督管理局询问室",
        "inquired_on": "2026-03-06",
        "start": "14:00",
        "end": "15:10",
        "officer_ids": [w.h1.user_id, w.h2.user_id],
        "record": "问：这些饼干是什么时候进的货？\n答：2025年6月进的货，一直没卖完。\n"
        "问：是否知道已过保质期？\n答：没注意。",
    }
    w.do(w.h1, case, "inquiry", body, D(2026, 3, 6))
    text = _text(w, case, "inquiry_record")
    assert "王某（当事人的法定代表人（负责人））" in text and "2026年3月6日 14:00 至 15:10" in text
    assert "问：这些饼干是什么时候进的货？" in text and "答：没注意。" in text
    assert "以上笔录已交被询问人核对" in text


def test_address_confirmation_and_electronic_consent_程序规定_82(w: World) -> None:
    case = _filed(w)
    body = {
        "recipient": PARTY["name"],
        "address": "武汉市江岸区示例路8号",
        "electronic_consent": True,
        "confirmed_on": "2026-03-05",
    }
    refused = _refused(w, w.h1, case, "confirm-address", body, D(2026, 3, 5))
    assert refused.code == "electronic_address_required" and "第八十二条第三项" in refused.message
    w.do(w.h1, case, "confirm-address", {**body, "electronic_address": "demo@example.invalid"}, D(2026, 3, 5))
    text = _text(w, case, "送达地址确认书")
    assert "demo@example.invalid" in text and "同意" in text and "武汉市江岸区示例路8号" in text


def test_correction_order_is_numbered_with_its_deadline_行政处罚法_28(w: World) -> None:
    case = _filed(w)
    body = {
        "act": "在经营场所陈列销售超过保质期的食品",
        "requirement": "立即下架并销毁超过保质期的食品，建立进货查验记录",
        "legal_basis": ["《中华人民共和国食品安全法》第三十四条第十项"],
        "deadline": "2026-03-05",
    }
    assert _refused(w, w.h1, case, "order-correction", body, D(2026, 3, 5)).code == "bad_deadline"
    w.do(w.h1, case, "order-correction", {**body, "deadline": "2026-03-12"}, D(2026, 3, 5))
    deadlines = case_detail(w.uow(), w.h1, case, D(2026, 3, 5))["deadlines"]
    assert {"key": "correction", "due": "2026-03-12", "basis": "行政处罚法第二十八条第一款"}.items() <= next(
        d for d in deadlines if d["key"] == "correction"
    ).items()
    text = _text(w, case, "责令改正通知书")
    assert "岸市监责改〔2026〕1号" in text and "于2026年3月12日前改正" in text
    assert (
        "建立进货查验记录" in text and "食品安全法》第三十四条第十项" in text and "第二十八条第一款" in text
    )


def _hearing_case(w: World) -> str:
    case = _filed(w, PERSON)
    w.do(w.h1, case, "add-evidence", evidence_body(w, D(2026, 3, 5)), D(2026, 3, 5))
    w.do(w.h1, case, "report", report_body(fine("20000")), D(2026, 3, 10))
    w.do(w.reviewer, case, "review", {"kind": "case", "opinion": "agree"}, D(2026, 3, 11))
    w.do(w.head, case, "approve", {"penalty": fine("20000")}, D(2026, 3, 12))
    w.do(w.h1, case, "notice", {}, D(2026, 3, 12))
    served = {"document": "notice", "method": "in_person", "served_on": "2026-03-12"}
    w.do(w.h1, case, "serve", served, D(2026, 3, 12))
    w.do(w.h1, case, "request-hearing", {"requested_on": "2026-03-18"}, D(2026, 3, 18))
    return case


def test_hearing_notice_seven_working_days_ahead_then_the_record_听证办法_20_28(w: World) -> None:
    case = _hearing_case(w)
    notice = {"hearing_on": "2026-03-31", "time": "09:00", "place": "江岸区市场监督管理局听证室"}
    record = {
        "held_on": "2026-03-31", "start": "09:00", "end": "10:30", "place": "江岸区市场监督管理局听证室",
        "clerk": "刘强", "participants": ["张某（当事人）", "张伟（办案人员）"],
        "record": "办案人员陈述案件事实、证据和拟处罚意见。\n当事人称系初次违法，请求从轻处罚。",
    }  # fmt: skip
    assert _refused(w, w.presider, case, "hearing-record", record, D(2026, 3, 31)).code in (
        "hearing_not_scheduled",
        "date_in_future",
    )
    assert (
        _refused(w, w.presider, case, "schedule-hearing", notice, D(2026, 3, 19)).code == "presider_missing"
    )
    w.do(w.head, case, "appoint-presider", {"presider_id": w.presider.user_id}, D(2026, 3, 19))
    not_presider = _refused(w, w.h1, case, "schedule-hearing", notice, D(2026, 3, 20))
    assert not_presider.code == "not_presider"
    too_soon = _refused(
        w, w.presider, case, "schedule-hearing", {**notice, "hearing_on": "2026-03-30"}, D(2026, 3, 20)
    )
    assert too_soon.code == "hearing_notice_late" and "2026-03-31" in too_soon.message
    private = {**notice, "public": False}
    assert (
        _refused(w, w.presider, case, "schedule-hearing", private, D(2026, 3, 20)).code
        == "private_reason_required"
    )
    w.do(w.presider, case, "schedule-hearing", notice, D(2026, 3, 20))
    text = _text(w, case, "行政处罚听证通知书")
    assert "岸市监听通〔2026〕1号" in text and "2026年3月31日09:00" in text and "孙悦" in text
    assert "2026年3月18日提出的听证申请" in text and "公开举行" in text and PERSON["name"] in text
    served = {"document": "hearing_notice", "method": "in_person", "served_on": "2026-03-20"}
    w.do(w.h1, case, "serve", served, D(2026, 3, 20))
    assert "行政处罚听证通知书（岸市监听通〔2026〕1号）" in _text(w, case, "送达回证")
    due = {d["key"]: d["due"] for d in case_detail(w.uow(), w.h1, case, D(2026, 3, 20))["deadlines"]}
    assert due["hearing"] == "2026-03-31"  # 听证办法第二十条: the day the notice names
    w.do(w.presider, case, "hearing-record", record, D(2026, 3, 31))
    due = {d["key"]: d["due"] for d in case_detail(w.uow(), w.h1, case, D(2026, 3, 31))["deadlines"]}
    assert "hearing" not in due and due["hearing_report"] == "2026-04-08"  # 5 working days (清明 4-4…4-6)
    text = _text(w, case, "听证笔录")
    assert "2026年3月31日 09:00 至 10:30" in text and "张某（当事人）、张伟（办案人员）" in text
    assert "当事人称系初次违法，请求从轻处罚。" in text and "孙悦" in text and "刘强" in text


def test_reminder_before_court_enforcement_行政强制法_35_54(w: World) -> None:
    case = penalty_case(w, "5000", closed=False)  # decision served 2026-03-20, 15 days to pay
    assert _refused(w, w.head, case, "remind", {}, D(2026, 3, 30)).code == "not_overdue"
    w.do(w.head, case, "remind", {"pay_within_days": 10}, D(2026, 9, 21))
    text = _text(w, case, "行政处罚决定履行催告书")
    assert "岸市监催告〔2026〕1号" in text and "岸市监处罚〔2026〕1号" in text
    assert "尚欠罚没款人民币5,000.00元" in text and "加处罚款人民币5,000.00元" in text  # capped at the fine
    assert "于2026年10月8日前" in text and "有权进行陈述和申辩" in text
    early = {"reminder_served_on": "2026-09-18", "court": "武汉市江岸区人民法院"}
    assert _refused(w, w.head, case, "enforce", early, D(2026, 10, 20)).code == "date_before_allowed"
    w.do(w.head, case, "enforce", {**early, "reminder_served_on": "2026-09-22"}, D(2026, 10, 20))


def test_the_hearing_notice_pdf_reads_back(w: World) -> None:
    _need_soffice()
    case = _hearing_case(w)
    w.do(w.head, case, "appoint-presider", {"presider_id": w.presider.user_id}, D(2026, 3, 19))
    notice = {"hearing_on": "2026-03-31", "time": "09:00", "place": "江岸区市场监督管理局听证室"}
    w.do(w.presider, case, "schedule-hearing", notice, D(2026, 3, 20))
    pdf = docs.preview_document(w.uow(), w.h1, case, "hearing_notice", "pdf")
    text, _ = _pdf_text(pdf.data)
    assert (
        "行政处罚听证通知书" in text
        and "岸市监听通〔2026〕1号" in text
        and "江岸区市场监督管理局听证室" in text
    )


def test_an_order_over_http_and_its_document(w: World, tmp_path: Path) -> None:
    client = api_client(w, tmp_path)
    case = _filed(w)
    body = {
        "act": "销售过期食品",
        "requirement": "立即下架",
        "legal_basis": ["《中华人民共和国食品安全法》第三十四条"],
    }
    done = client.post(f"/api/v1/cases/{case}/actions/order-correction", json=body, headers=auth(w, w.h1))
    assert done.status_code == 200, done.text
    assert done.json()["docno"].startswith("岸市监责改〔")
    bad = client.post(f"/api/v1/cases/{case}/actions/inquiry", json={"record": "问答"}, headers=auth(w, w.h1))
    assert bad.status_code == 422 and bad.json()["code"] == "validation_error"
    got = client.get(f"/api/v1/cases/{case}/documents/correction_order?format=docx", headers=auth(w, w.h1))
    assert got.status_code == 200 and "立即改正：立即下架" in docx_text(got.content)


def test_each_inquiry_is_a_document_of_its_own_程序规定_29(w: World, tmp_path: Path) -> None:
    case = _filed(w)
    base = {
        "role": "witness", "place": "询问室", "inquired_on": "2026-03-06", "start": "14:00", "end": "14:30",
        "officer_ids": [w.h1.user_id, w.h2.user_id], "record": "问：你看到了什么？\n答：店里在卖过期饼干。",
    }  # fmt: skip
    w.do(w.h1, case, "inquiry", {**base, "interviewee": "顾客甲"}, D(2026, 3, 6))
    w.do(w.h1, case, "inquiry", {**base, "interviewee": "顾客乙"}, D(2026, 3, 6))
    assert docs.list_documents(w.uow(), w.h1, case)["issued"] == []
    latest = docs.issue_document(
        w.uow(), w.h1, case, "inquiry_record", D(2026, 3, 6), with_pdf=False, var_dir=tmp_path
    )
    assert latest["version"] == 1
    with pytest.raises(ZhifaError) as again:
        docs.issue_document(
            w.uow(), w.h1, case, "inquiry_record", D(2026, 3, 6), with_pdf=False, var_dir=tmp_path
        )
    assert again.value.code == "document_reason_required"
    first_seq = latest["source_seq"] - 1
    first = docx_text(docs.preview_document(w.uow(), w.h1, case, "inquiry_record", record=first_seq).data)
    assert "顾客甲（证人）" in first and "顾客乙" not in first
    older = docs.issue_document(
        w.uow(),
        w.h1,
        case,
        "inquiry_record",
        D(2026, 3, 6),
        with_pdf=False,
        var_dir=tmp_path,
        record=first_seq,
    )
    assert older["version"] == 1 and older["source_seq"] == first_seq
    with pytest.raises(ZhifaError) as bad:
        docs.preview_document(w.uow(), w.h1, case, "inquiry_record", record=1)
    assert bad.value.code == "document_source_invalid"
    shown = dossier_service.show_dossier(w.uow(), w.h1, case, tmp_path)
    assert [i["title"] for i in shown["items"]].count("询问笔录") == 2 and not shown["superseded"]


def test_two_site_visits_each_listed_and_downloadable_by_seq_over_http(w: World, tmp_path: Path) -> None:
    client = api_client(w, tmp_path)
    case = _filed(w)
    w.do(w.h1, case, "inspect-site", _site(w), D(2026, 3, 5))
    w.do(w.h1, case, "inspect-site", _site(w, place="武汉市江岸区示例路9号仓库", start="14:00", end="15:00"),
         D(2026, 3, 6))  # fmt: skip
    listing = client.get(f"/api/v1/cases/{case}/documents", headers=auth(w, w.h1)).json()
    (site,) = [k for k in listing["available"] if k["code"] == "site_record"]
    first, second = site["records"]
    assert first["seq"] < second["seq"] and "示例路8号门店" in first["label"] and "9号仓库" in second["label"]
    assert all("records" not in k for k in listing["available"] if k["code"] == "filing_approval")
    for record, place, other in ((first, "示例路8号门店", "9号仓库"), (second, "9号仓库", "示例路8号门店")):
        got = client.get(
            f"/api/v1/cases/{case}/documents/site_record",
            params={"format": "docx", "record": record["seq"]},
            headers=auth(w, w.h1),
        )
        assert (
            got.status_code == 200 and place in docx_text(got.content) and other not in docx_text(got.content)
        )
        made = client.post(
            f"/api/v1/cases/{case}/documents",
            json={"kind": "site_record", "record": record["seq"], "pdf": False},
            headers=auth(w, w.h1),
        )
        assert made.status_code == 201 and made.json()["source_seq"] == record["seq"]
        issued = client.get(f"/api/v1/cases/{case}/documents/{made.json()['seq']}", headers=auth(w, w.h1))
        assert place in docx_text(issued.content)
    bad = client.get(
        f"/api/v1/cases/{case}/documents/site_record", params={"record": 1}, headers=auth(w, w.h1)
    )
    assert bad.status_code == 422 and bad.json()["code"] == "document_source_invalid"
