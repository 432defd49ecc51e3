"""The kinds the demo cases do not reach: 不予行政处罚决定书 (行政处罚法 第三十三条),
听证报告 (听证办法 第二十九条), 延期缴纳罚款通知书 and 强制执行申请书 (程序规定 第七十四条、第七十六条),
案件移送函 (程序规定 第十七条第一款)."""

from __future__ import annotations

from datetime import date as D

import pytest
from sqlalchemy import Engine

from tests.integration.case_helpers import (
    PERSON,
    World,
    evidence_body,
    file_body,
    fine,
    make_world,
    report_body,
)
from tests.integration.document_helpers import PARTY, docx_text, penalty_case
from zhifa.documents import service as docs
from zhifa.errors import ValidationFailed


@pytest.fixture
def w(engine: Engine) -> World:
    return make_world(engine)


def _text(w: World, case: str, kind: str) -> str:
    return docx_text(docs.preview_document(w.uow(), w.h1, case, kind).data)


def test_no_penalty_decision_行政处罚法_33(w: World) -> None:
    case = w.clue(D(2026, 3, 2), PARTY)
    w.do(w.head, case, "file", file_body(w, PARTY), D(2026, 3, 4))
    w.do(w.h1, case, "add-evidence", evidence_body(w, D(2026, 3, 5)), D(2026, 3, 5))
    w.do(w.h1, case, "report", report_body(None, "no_penalty"), D(2026, 3, 10))
    w.do(w.reviewer, case, "review", {"kind": "case", "opinion": "agree"}, D(2026, 3, 11))
    decision = {
        "outcome": "no_penalty",
        "no_penalty_ground": "first_violation_minor_harm",
        "reasons": "当事人初次违法，危害后果轻微并及时改正",
    }
    w.do(w.head, case, "decide", decision, D(2026, 3, 12))
    text = _text(w, case, "不予行政处罚决定书")
    assert "岸市监不罚〔2026〕1号" in text and "初次违法且危害后果轻微并及时改正" in text
    assert "本局决定对当事人不予行政处罚" in text and PARTY["name"] in text
    with pytest.raises(ValidationFailed) as refused:
        _text(w, case, "penalty_decision")
    assert refused.value.code == "document_not_available"


def test_hearing_report_听证办法_29(w: World) -> None:
    case = w.clue(D(2026, 3, 2), PERSON)
    w.do(w.head, case, "file", file_body(w, PERSON), D(2026, 3, 4))
    w.do(w.h1, case, "add-evidence", evidence_body(w, D(2026, 3, 5)), D(2026, 3, 5))
    w.do(w.h1, case, "report", report_body(fine("20000")), D(2026, 3, 10))
    w.do(w.reviewer, case, "review", {"kind": "case", "opinion": "agree"}, D(2026, 3, 11))
    w.do(w.head, case, "approve", {"penalty": fine("20000")}, D(2026, 3, 12))
    w.do(w.h1, case, "notice", {}, D(2026, 3, 12))
    w.do(
        w.h1,
        case,
        "serve",
        {"document": "notice", "method": "in_person", "served_on": "2026-03-12"},
        D(2026, 3, 12),
    )
    assert "也可以要求听证" in _text(w, case, "penalty_notice")  # 自然人 ≥ 10,000 元
    w.do(w.h1, case, "request-hearing", {"requested_on": "2026-03-18"}, D(2026, 3, 18))
    w.do(w.head, case, "appoint-presider", {"presider_id": w.presider.user_id}, D(2026, 3, 19))
    hold = {
        "outcome": "held",
        "held_on": "2026-03-31",
        "notice_served_on": "2026-03-20",
        "report": "建议维持拟处罚意见",
    }
    w.do(w.presider, case, "hold-hearing", hold, D(2026, 3, 31))
    text = _text(w, case, "听证报告")
    assert (
        "孙悦" in text and "2026年3月31日" in text and "建议维持拟处罚意见" in text and PERSON["name"] in text
    )


def test_deferral_and_enforcement_程序规定_74_76(w: World) -> None:
    case = penalty_case(w, "5000", closed=False)  # decision served 2026-03-20
    w.do(w.head, case, "deferral", {"new_due": "2026-05-20", "applied_on": "2026-03-25"}, D(2026, 3, 26))
    notice = _text(w, case, "payment_notice")
    assert "延期缴纳罚款通知书" in notice and "延期至2026年5月20日前缴纳人民币5,000.00元" in notice
    assert "岸市监处罚〔2026〕1号" in notice
    # 行政强制法第五十三条: only once the six months for a suit (from service on 2026-03-20) have run
    body = {"reminder_served_on": "2026-09-22", "court": "武汉市江岸区人民法院"}
    w.do(w.head, case, "enforce", body, D(2026, 10, 20))  # 催告书 served + 10 working days (§76)
    text = _text(w, case, "强制执行申请书")
    assert "武汉市江岸区人民法院：" in text and "2026年9月22日" in text and "尚欠人民币5,000.00元" in text


def test_transfer_letter_程序规定_17(w: World) -> None:
    case = w.clue(D(2026, 3, 2), PARTY)
    w.do(w.head, case, "file", file_body(w, PARTY), D(2026, 3, 4))
    body = {
        "target": "other_agency",
        "recipient": "武汉市江岸区卫生健康局",
        "reason": "涉案事项属卫生健康部门管辖",
    }
    w.do(w.head, case, "transfer", body, D(2026, 3, 9))
    text = _text(w, case, "案件移送函")
    assert "武汉市江岸区卫生健康局：" in text and "涉案事项属卫生健康部门管辖" in text
    with pytest.raises(ValidationFailed) as refused:
        _text(w, case, "crime_transfer")
    assert refused.value.code == "document_not_available"
