"""Documents filled from the ledger: the values come from the case's events, issuing is a signed event,
re-issuing makes a new version, and bad requests change nothing."""

from __future__ import annotations

from datetime import date as D

import pytest
from sqlalchemy import Engine

from tests.integration.case_helpers import World, make_world
from tests.integration.document_helpers import PARTY, docx_text, penalty_case
from zhifa.documents import service as docs
from zhifa.domain import events as ev
from zhifa.domain.parties import Party
from zhifa.domain.refusals import ActionForbidden
from zhifa.domain.values import Officer
from zhifa.errors import NotFound, ValidationFailed
from zhifa.ledger import NewEvent, SignatureChecker, verify_all
from zhifa.services.case_store import ledger, load_case, project, visible_row
from zhifa.store.ledger_repo import SqlKeyStore, SqlLedgerStore


@pytest.fixture
def w(engine: Engine) -> World:
    return make_world(engine)


def test_penalty_decision_carries_the_ledger_values_程序规定_62(w: World) -> None:
    case = penalty_case(w, "5000")
    text = docx_text(docs.preview_document(w.uow(), w.h1, case, "penalty_decision").data)
    assert "行政处罚决定书" in text
    assert "岸市监处罚〔2026〕1号" in text  # the 文号 the decision event carries
    assert PARTY["name"] in text and PARTY["uscc"] in text and PARTY["address"] in text
    assert "罚款人民币5,000.00元（大写：伍仟元整）" in text
    assert "销售超过保质期的预包装食品12件" in text  # facts of the investigation report
    assert "《中华人民共和国食品安全法》第一百二十四条第一款第五项" in text
    assert "岸市监罚告〔2026〕1号" in text  # how the notice and the statement were handled
    assert "当事人称系初次违法" in text
    assert "2026年3月20日" in text  # date of the decision
    assert "十五日内" in text and "六十日内" in text and "六个月内" in text


def test_each_workflow_document_renders_from_the_ledger(w: World) -> None:
    case = penalty_case(w, "5000")
    listing = docs.list_documents(w.uow(), w.h1, case)
    codes = {k["code"] for k in listing["available"]}
    assert {
        "case_source",
        "filing_approval",
        "investigation_report",
        "review_form",
        "penalty_notice",
        "penalty_decision",
        "service_receipt",
        "closing_approval",
    } <= codes
    assert "no_penalty_decision" not in codes and "summary_decision" not in codes
    filing = docx_text(docs.preview_document(w.uow(), w.h1, case, "立案审批表").data)
    assert "岸市监立〔2026〕1号" in filing and "张伟" in filing and "李娜" in filing and "赵强" in filing
    notice = docx_text(docs.preview_document(w.uow(), w.h1, case, "penalty_notice").data)
    assert "岸市监罚告〔2026〕1号" in notice and "五个工作日内" in notice and "要求听证" not in notice
    receipt = docx_text(docs.preview_document(w.uow(), w.h1, case, "service_receipt").data)
    assert "行政处罚告知书（岸市监罚告〔2026〕1号）" in receipt
    assert "行政处罚决定书（岸市监处罚〔2026〕1号）" in receipt and "直接送达" in receipt
    closing = docx_text(docs.preview_document(w.uow(), w.h1, case, "closing_approval").data)
    assert "行政处罚决定执行完毕" in closing and "已缴纳人民币5,000.00元" in closing


def test_hearing_right_is_told_in_the_notice_听证办法_5(w: World) -> None:
    case = penalty_case(w, "150000", closed=False)  # organisation ≥ 100,000 yuan
    notice = docx_text(docs.preview_document(w.uow(), w.h1, case, "penalty_notice").data)
    assert "也可以要求听证" in notice and "壹拾伍万元整" in notice


def test_issuing_is_a_signed_ledger_event_and_a_correction_is_a_new_version(w: World, tmp_path) -> None:
    case = penalty_case(w, "5000")
    first = docs.issue_document(
        w.uow(), w.head, case, "penalty_decision", D(2026, 4, 8), with_pdf=False, var_dir=tmp_path
    )
    assert first["version"] == 1 and first["docno"] == "岸市监处罚〔2026〕1号" and first["supersedes"] == 0
    with pytest.raises(ValidationFailed) as no_reason:
        docs.issue_document(w.uow(), w.head, case, "penalty_decision", D(2026, 4, 8), var_dir=tmp_path)
    assert no_reason.value.code == "document_reason_required"
    second = docs.issue_document(
        w.uow(),
        w.head,
        case,
        "penalty_decision",
        D(2026, 4, 8),
        with_pdf=False,
        reason="更正当事人住所",
        var_dir=tmp_path,
    )
    assert second["version"] == 2 and second["supersedes"] == first["seq"]
    issued = docs.list_documents(w.uow(), w.h1, case)["issued"]
    assert [d["version"] for d in issued] == [1, 2]  # both kept
    back = docs.issued_file(w.uow(), w.h1, case, first["seq"], "docx", var_dir=tmp_path)
    assert "岸市监处罚〔2026〕1号" in docx_text(back.data)
    with w.uow() as uow:
        report = verify_all(
            SqlLedgerStore(uow.session).iter_records(), SignatureChecker(SqlKeyStore(uow.session))
        )
    assert report.ok


def test_bad_requests_are_refused_in_chinese_and_write_nothing(w: World, tmp_path) -> None:
    case = penalty_case(w, "5000", closed=False)
    before = w.counts()
    with pytest.raises(ValidationFailed) as unknown:
        docs.issue_document(w.uow(), w.head, case, "起诉状", D(2026, 3, 21), var_dir=tmp_path)
    assert unknown.value.code == "unknown_document_kind" and "未知的文书种类" in unknown.value.message
    with pytest.raises(ValidationFailed) as early:
        docs.issue_document(w.uow(), w.head, case, "结案审批表", D(2026, 3, 21), var_dir=tmp_path)
    assert early.value.code == "document_not_available" and "尚未批准结案" in early.value.message
    with pytest.raises(ValidationFailed) as fmt:
        docs.preview_document(w.uow(), w.h1, case, "penalty_decision", "odt")
    assert fmt.value.code == "bad_document_format"
    with pytest.raises(NotFound):
        docs.list_documents(w.uow(), w.chibi_handler, case)  # another county's case: out of scope
    with pytest.raises(ActionForbidden) as stranger:
        docs.issue_document(w.uow(), w.h3, case, "penalty_decision", D(2026, 3, 21), var_dir=tmp_path)
    assert stranger.value.code == "not_case_handler"  # same agency, not a handler of this case
    assert w.counts() == before


def test_a_corrected_record_is_what_the_new_version_reads_原记录保留(w: World, tmp_path) -> None:
    case = penalty_case(w, "5000")
    facts = docs._read(w.uow(), w.h1, case)
    report_seq = facts.all(ev.InvestigationReported)[0][0]
    filed_seq = facts.all(ev.CaseFiled)[0][0]
    old_facts = facts.all(ev.InvestigationReported)[0][1].facts
    first = docs.issue_document(
        w.uow(), w.head, case, "penalty_decision", D(2026, 4, 8), with_pdf=False, var_dir=tmp_path
    )
    new_facts = old_facts.replace("12件", "15件")
    for seq, field, old, new in (
        (report_seq, "facts", old_facts, new_facts),
        (filed_seq, "party.address", PARTY["address"], "武汉市江岸区示例路18号"),
        (filed_seq, "当事人名称", "随便", "不会被套用的文字说明"),  # described in words: a note only
    ):
        body = {"corrects_seq": seq, "field": field, "old": old, "new": new, "reason": "笔误"}
        w.do(w.h1, case, "correct", body, D(2026, 4, 9))
    second = docs.issue_document(
        w.uow(),
        w.head,
        case,
        "penalty_decision",
        D(2026, 4, 9),
        with_pdf=False,
        reason="更正违法事实和住所",
        var_dir=tmp_path,
    )
    text = docx_text(docs.issued_file(w.uow(), w.h1, case, second["seq"], var_dir=tmp_path).data)
    assert "15件" in text and "12件" not in text and "示例路18号" in text and PARTY["name"] in text
    old_text = docx_text(docs.issued_file(w.uow(), w.h1, case, first["seq"], var_dir=tmp_path).data)
    assert "12件" in old_text and "示例路8号" in old_text  # the first version is kept as issued


def test_a_field_the_document_needs_is_named_when_the_ledger_lacks_it(w: World, tmp_path) -> None:
    """A record made before 文号 were allocated (docno ""): the 立案审批表 names what is missing."""
    case = w.clue(D(2026, 3, 2), PARTY)
    with w.uow() as uow:
        row = visible_row(uow.session, w.head, case)
        state, _ = load_case(uow.session, row)
        party = Party.create("organization", PARTY["name"], uscc=PARTY["uscc"])
        officers = (Officer(w.h1.user_id, "张伟", "42010001"), Officer(w.h2.user_id, "李娜", "42010002"))
        filed = ev.CaseFiled(
            by=w.head.user_id,
            on=D(2026, 3, 4),
            party=party,
            act_date=D(2026, 2, 20),
            violation="销售超过保质期的食品",
            handlers=officers,
            docno="",
        )
        new = NewEvent.by_user(w.head.user_id, filed.type, filed.to_payload(), sign=True)
        ledger(uow.session).append(row.stream_id, [new], expected_seq=state.version)
        state.apply(filed)
        project(uow.session, row, state, [filed])
        uow.commit()
    before = w.counts()
    with pytest.raises(ValidationFailed) as missing:
        docs.issue_document(w.uow(), w.head, case, "filing_approval", D(2026, 3, 5), var_dir=tmp_path)
    assert missing.value.code == "document_field_missing" and "文号" in missing.value.message
    assert missing.value.details == {"missing": ["文号"]}
    assert w.counts() == before
    assert docs.preview_document(w.uow(), w.h1, case, "case_source").data  # what needs no 文号 still renders
