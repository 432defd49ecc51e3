"""Documents of the measures already on the ledger, read back from the DOCX: 证据提取单 (程序规定 第二十二条),
先行登记保存证据通知书/处理决定书 (程序规定 第三十三条、第三十五条), 实施/延长/解除行政强制措施决定书
(行政强制法 第二十四条、第二十五条、第二十八条), 陈述申辩笔录 (行政处罚法 第四十五条)."""

from __future__ import annotations

from datetime import date as D

import pytest
from sqlalchemy import Engine

from tests.integration.case_helpers import World, evidence_body, file_body, make_world
from tests.integration.document_helpers import PARTY, docx_text, penalty_case
from tests.integration.test_documents_pdf import _need_soffice, _pdf_text
from zhifa.documents import service as docs
from zhifa.errors import ValidationFailed


@pytest.fixture
def w(engine: Engine) -> World:
    return make_world(engine)


def _text(w: World, case: str, kind: str) -> str:
    return docx_text(docs.preview_document(w.uow(), w.h1, case, kind).data)


def _filed(w: World) -> str:
    case = w.clue(D(2026, 3, 2), PARTY)
    w.do(w.head, case, "file", file_body(w, PARTY), D(2026, 3, 4))
    return case


def test_evidence_list_names_each_item_and_both_collectors_程序规定_22(w: World) -> None:
    case = _filed(w)
    with pytest.raises(ValidationFailed) as refused:
        _text(w, case, "证据提取单")
    assert refused.value.code == "document_not_available" and "尚未收集证据" in refused.value.message
    w.do(w.h1, case, "add-evidence", evidence_body(w, D(2026, 3, 5), "进货票据复印件"), D(2026, 3, 5))
    text = _text(w, case, "evidence_list")
    assert "证据提取单" in text and "进货票据复印件" in text and "2026年3月5日" in text
    assert "张伟、李娜" in text and PARTY["name"] in text and "勘验笔录、现场笔录" in text


def test_preservation_notice_and_decision_are_numbered_and_read_the_ledger_程序规定_33_35(w: World) -> None:
    case = _filed(w)
    body = {"items": "过期饼干12盒（生产日期2025年6月1日）", "preserved_on": "2026-03-05"}
    w.do(w.head, case, "preserve-evidence", body, D(2026, 3, 5))
    notice = _text(w, case, "先行登记保存证据通知书")
    assert "岸市监先保〔2026〕1号" in notice and "过期饼干12盒" in notice and "自2026年3月5日起" in notice
    assert "七个工作日内" in notice and "第三十三条" in notice
    with pytest.raises(ValidationFailed):
        _text(w, case, "preservation_decision")
    w.do(w.head, case, "handle-preservation", {"measure": "送检", "handled_on": "2026-03-10"}, D(2026, 3, 10))
    decision = _text(w, case, "preservation_decision")
    assert "岸市监先保〔2026〕1号" in decision and "2026年3月10日作出如下处理决定：送检" in decision


def test_seizure_decisions_carry_their_own_numbers_行政强制法_24_25_28(w: World) -> None:
    case = _filed(w)
    w.do(w.head, case, "seize", {"seized_on": "2026-03-05", "items": "仓库内过期饼干200盒"}, D(2026, 3, 5))
    text = _text(w, case, "实施行政强制措施决定书")
    assert "岸市监强制〔2026〕1号" in text and "仓库内过期饼干200盒" in text and "期限为三十日" in text
    assert "申请行政复议" in text and PARTY["name"] in text
    w.do(w.head, case, "extend-seizure", {"days": 30, "reason": "检验结论尚未作出"}, D(2026, 4, 1))
    extended = _text(w, case, "seizure_extension")
    assert "岸市监延强〔2026〕1号" in extended and "岸市监强制〔2026〕1号" in extended
    assert "延长30日" in extended and "检验结论尚未作出" in extended
    w.do(w.head, case, "lift-seizure", {"lifted_on": "2026-04-20", "reason": "检验合格"}, D(2026, 4, 20))
    lifted = _text(w, case, "seizure_release")
    assert "岸市监解强〔2026〕1号" in lifted and "自2026年4月20日起解除" in lifted and "检验合格" in lifted


def test_statement_record_holds_what_the_party_said_行政处罚法_45(w: World) -> None:
    case = penalty_case(w, "5000")
    text = _text(w, case, "陈述申辩笔录")
    assert "当事人称系初次违法" in text and "2026年3月16日" in text and "岸市监罚告〔2026〕1号" in text
    listing = docs.list_documents(w.uow(), w.h1, case)
    codes = {k["code"] for k in listing["available"]}
    assert {"statement_record", "evidence_list"} <= codes
    assert not {"seizure_decision", "preservation_notice"} & codes


def test_the_pdf_of_a_seizure_decision_reads_back_its_number_and_items(w: World) -> None:
    _need_soffice()
    case = _filed(w)
    w.do(w.head, case, "seize", {"seized_on": "2026-03-05", "items": "仓库内过期饼干200盒"}, D(2026, 3, 5))
    pdf = docs.preview_document(w.uow(), w.h1, case, "seizure_decision", "pdf")
    text, _ = _pdf_text(pdf.data)
    assert "实施行政强制措施决定书" in text and "岸市监强制〔2026〕1号" in text
    assert "仓库内过期饼干200盒" in text
