"""Each procedure end to end through the services: ledger, signatures, 文号, projection, refusals."""

from __future__ import annotations

from datetime import date as D
from typing import Any

import pytest
from sqlalchemy import Engine, select

from tests.integration.case_helpers import (
    ORG,
    PERSON,
    World,
    evidence_body,
    file_body,
    fine,
    make_world,
    report_body,
)
from tests.integration.onsite_helpers import HEARD_NO_SIGNATURE
from zhifa.domain.case import ActionForbidden, CaseNotVisible, TransitionRefused
from zhifa.errors import PermissionDenied, ValidationFailed
from zhifa.ledger import SignatureChecker, verify_all
from zhifa.services.case_detail import case_detail
from zhifa.services.case_views import list_cases
from zhifa.services.cases import issue_summary_penalty
from zhifa.services.parties import prior_violations
from zhifa.store.ledger_repo import SqlKeyStore, SqlLedgerStore
from zhifa.store.models.cases import CaseHandler, CaseRow
from zhifa.store.uow import UnitOfWork


@pytest.fixture
def w(engine: Engine) -> World:
    return make_world(engine)


def _verify(w: World) -> Any:
    with w.uow() as uow:
        store = SqlLedgerStore(uow.session)
        return verify_all(store.iter_records(), SignatureChecker(SqlKeyStore(uow.session)))


def _until_notice_served(w: World, party: dict[str, Any], penalty: dict[str, Any], **file_kw: Any) -> str:
    case = w.clue(D(2026, 3, 2), party)
    assert w.do(w.head, case, "file", file_body(w, party, **file_kw), D(2026, 3, 4)) == "investigation"
    w.do(w.h1, case, "add-evidence", evidence_body(w, D(2026, 3, 5)), D(2026, 3, 5))
    w.do(w.h1, case, "report", report_body(penalty), D(2026, 3, 10))
    kind = "legal" if file_kw.get("major_grounds") else "case"
    assert w.do(w.reviewer, case, "review", {"kind": kind, "opinion": "agree"}, D(2026, 3, 11)) == "approval"
    w.do(w.head, case, "approve", {"penalty": penalty}, D(2026, 3, 12))
    w.do(w.h1, case, "notice", {}, D(2026, 3, 12))
    serve = {"document": "notice", "method": "in_person", "served_on": "2026-03-12"}
    assert w.do(w.h1, case, "serve", serve, D(2026, 3, 12)) == "statement"
    return case


def _serve_decision(w: World, case: str, on: D) -> str:
    body = {"document": "decision", "method": "in_person", "served_on": on.isoformat()}
    return w.do(w.h1, case, "serve", body, on)


def _close_and_archive(w: World, case: str, on: D, ground: str = "executed") -> None:
    assert w.do(w.head, case, "close", {"ground": ground}, on) == "closed"
    assert w.do(w.h1, case, "archive", {"volume": "2026-卷-001"}, on) == "archived"


def test_ordinary_procedure_without_hearing_程序规定_18_to_78(w: World) -> None:
    case = _until_notice_served(w, ORG, fine("5000"))
    w.do(
        w.h1,
        case,
        "statement",
        {"kind": "statement", "summary": "当事人称系初次违法", "stated_on": "2026-03-16"},
        D(2026, 3, 16),
    )
    decision = {"outcome": "penalty", "penalty": fine("5000"), "reasons": "当事人陈述未提出新的事实和理由"}
    assert w.do(w.head, case, "decide", decision, D(2026, 3, 20)) == "decided"
    assert _serve_decision(w, case, D(2026, 3, 20)) == "execution"
    w.do(w.h1, case, "publish", {"published_on": "2026-03-25"}, D(2026, 3, 25))
    assert (
        w.do(w.h1, case, "pay", {"amount": "5000", "paid_on": "2026-04-07"}, D(2026, 4, 7)) == "pending_close"
    )
    _close_and_archive(w, case, D(2026, 4, 8))
    with w.uow() as uow:
        row = uow.session.get(CaseRow, case)
        assert row is not None
        # 文号 allocated per agency (江岸: prefix 岸市监), type and year, gapless
        assert row.filing_docno == "岸市监立〔2026〕1号"
        assert row.notice_docno == "岸市监罚告〔2026〕1号"
        assert row.decision_docno == "岸市监处罚〔2026〕1号"
        records = SqlLedgerStore(uow.session).read(row.stream_id)
    signed = [r.type for r in records if r.signed]
    assert signed == [
        "CaseFiled",
        "InvestigationReported",
        "ReviewSigned",
        "PenaltyApproved",
        "DecisionIssued",
        "CaseClosed",
    ]
    assert all(r.key_id for r in records if r.signed)
    report = _verify(w)
    assert report.ok and report.signatures == 6


def test_ordinary_procedure_with_hearing_听证办法_5_7_20_and_程序规定_50(w: World) -> None:
    case = _until_notice_served(w, PERSON, fine("20000"))  # 自然人 ≥ 10,000 → 听证 right
    w.do(w.h1, case, "request-hearing", {"requested_on": "2026-03-18"}, D(2026, 3, 18))
    with pytest.raises(TransitionRefused) as refused:
        w.do(w.head, case, "appoint-presider", {"presider_id": w.h2.user_id}, D(2026, 3, 19))
    assert refused.value.code == "presider_is_handler"
    w.do(w.head, case, "appoint-presider", {"presider_id": w.presider.user_id}, D(2026, 3, 19))
    served = {"document": "hearing_notice", "method": "in_person", "served_on": "2026-03-20"}
    w.do(w.h1, case, "serve", served, D(2026, 3, 20))
    hold = {
        "outcome": "held",
        "held_on": "2026-03-31",
        "notice_served_on": "2026-03-20",
        "report": "当事人申辩已召回",
    }
    with pytest.raises(ActionForbidden):  # only the presider reports (听证办法第二十九条)
        w.do(w.head, case, "hold-hearing", hold, D(2026, 3, 31))
    assert w.do(w.presider, case, "hold-hearing", hold, D(2026, 3, 31)) == "deliberation"
    decision = {"outcome": "penalty", "penalty": fine("15000"), "reasons": "采纳部分申辩意见，从轻处罚"}
    with pytest.raises(TransitionRefused) as missing:
        w.do(w.head, case, "decide", decision, D(2026, 4, 1))
    assert missing.value.code == "legal_review_missing"
    w.do(w.reviewer, case, "review", {"kind": "legal", "opinion": "agree"}, D(2026, 4, 1))
    w.do(
        w.head,
        case,
        "discussion",
        {"participants": ["局长", "副局长"], "conclusion": "同意从轻", "discussed_on": "2026-04-02"},
        D(2026, 4, 2),
    )
    with pytest.raises(TransitionRefused) as unreasoned:  # a change of the notified penalty (M10)
        w.do(w.head, case, "decide", decision, D(2026, 4, 2))
    assert unreasoned.value.code == "signoff_reason_required"
    decision["override_reason"] = "听证中当事人证明已召回全部问题产品，从轻处罚"
    w.do(w.head, case, "decide", decision, D(2026, 4, 2))
    _serve_decision(w, case, D(2026, 4, 3))
    w.do(w.h2, case, "pay", {"amount": "15000", "paid_on": "2026-04-10"}, D(2026, 4, 10))
    _close_and_archive(w, case, D(2026, 4, 13))
    assert _verify(w).ok


def test_major_case_needs_legal_review_by_qualified_reviewer_and_discussion_程序规定_50_51_60(
    w: World,
) -> None:
    case = w.clue(D(2026, 3, 2))
    w.do(w.head, case, "file", file_body(w, major_grounds=["public_interest"]), D(2026, 3, 4))
    w.do(w.h1, case, "add-evidence", evidence_body(w, D(2026, 3, 5)), D(2026, 3, 5))
    w.do(w.h1, case, "report", report_body(fine("50000")), D(2026, 3, 10))
    before = w.counts()
    with pytest.raises(TransitionRefused) as wrong_kind:
        w.do(w.reviewer, case, "review", {"kind": "case", "opinion": "agree"}, D(2026, 3, 11))
    assert wrong_kind.value.code == "legal_review_required"
    with pytest.raises(ActionForbidden) as unqualified:  # 第五十一条第二款
        w.do(w.unqualified, case, "review", {"kind": "legal", "opinion": "agree"}, D(2026, 3, 11))
    assert unqualified.value.code == "reviewer_not_qualified"
    assert w.counts() == before
    w.do(w.reviewer, case, "review", {"kind": "legal", "opinion": "agree"}, D(2026, 3, 11))
    w.do(w.head, case, "approve", {"penalty": fine("50000")}, D(2026, 3, 12))
    w.do(w.h1, case, "notice", {}, D(2026, 3, 12))
    w.do(
        w.h1,
        case,
        "serve",
        {"document": "notice", "method": "in_person", "served_on": "2026-03-12"},
        D(2026, 3, 12),
    )
    w.do(w.h1, case, "statement", {"kind": "waiver", "stated_on": "2026-03-13"}, D(2026, 3, 13))
    decision = {"outcome": "penalty", "penalty": fine("50000"), "reasons": "事实清楚，证据确凿"}
    with pytest.raises(TransitionRefused) as no_discussion:
        w.do(w.head, case, "decide", decision, D(2026, 3, 13))
    assert no_discussion.value.code == "collective_discussion_missing"
    w.do(
        w.head,
        case,
        "discussion",
        {"participants": ["局长", "副局长"], "conclusion": "同意", "discussed_on": "2026-03-13"},
        D(2026, 3, 13),
    )
    assert w.do(w.head, case, "decide", decision, D(2026, 3, 13)) == "decided"


def test_not_filed_first_violation_程序规定_20(w: World) -> None:
    case = w.clue(D(2026, 3, 2))
    body = {"ground": "first_violation_minor_harm", "reason": "初次违法，危害后果轻微并已当场改正"}
    assert w.do(w.head, case, "decline", body, D(2026, 3, 6)) == "not_filed"
    assert w.do(w.h2, case, "archive", {"volume": "线索-2026-01"}, D(2026, 3, 9)) == "archived"
    assert _verify(w).ok


def test_summary_procedure_行政处罚法_51_with_当罚_docno(w: World) -> None:
    body = {
        "party": PERSON,
        "act_date": "2026-05-06",
        "violation": "未明码标价",
        "basis": "《明码标价和禁止价格欺诈规定》第二十一条",
        "penalty": fine("201"),
        "officer_ids": [w.h1.user_id, w.h2.user_id],
        "place": "江岸区某农贸市场",
        **HEARD_NO_SIGNATURE,
    }
    before = w.counts()
    with pytest.raises(TransitionRefused) as refused:  # > 200 yuan for a person
        issue_summary_penalty(w.uow(), w.h1, body, D(2026, 5, 6))
    assert refused.value.code == "summary_not_allowed"
    assert w.counts() == before
    view = issue_summary_penalty(w.uow(), w.h1, {**body, "penalty": fine("200")}, D(2026, 5, 6))
    assert view.stage == "execution" and view.docno == "岸市监当罚〔2026〕1号"
    w.do(w.h2, view.id, "pay", {"amount": "200", "paid_on": "2026-05-06"}, D(2026, 5, 6))
    w.do(w.h1, view.id, "file-summary-records", {"filed_on": "2026-05-08"}, D(2026, 5, 8))
    _close_and_archive(w, view.id, D(2026, 5, 8))


def test_transfer_to_police_移送涉嫌犯罪案件的规定_5(w: World) -> None:
    case = w.clue(D(2026, 3, 2))
    w.do(w.head, case, "file", file_body(w), D(2026, 3, 4))
    body = {"target": "police", "recipient": "武汉市公安局江岸区分局", "reason": "涉案金额达到追诉标准"}
    assert w.do(w.head, case, "transfer", body, D(2026, 3, 9)) == "transferred"
    _close_and_archive(w, case, D(2026, 3, 10), ground="other_decision")


def test_suspension_pauses_the_decision_clock_程序规定_46_64(w: World) -> None:
    case = w.clue(D(2026, 3, 2))
    w.do(w.head, case, "file", file_body(w), D(2026, 3, 4))
    before = case_detail(w.uow(), w.h1, case, D(2026, 3, 10))
    due = next(d for d in before["deadlines"] if d["key"] == "decision")
    assert due["due"] == "2026-06-02" and not due["paused"]  # 90 days from 03-04 (程序规定第六十四条)
    w.do(w.head, case, "suspend", {"ground": "party_missing", "reason": "当事人下落不明"}, D(2026, 3, 10))
    during = case_detail(w.uow(), w.h1, case, D(2026, 3, 20))
    paused = next(d for d in during["deadlines"] if d["key"] == "decision")
    assert paused["paused"] is True
    assert w.do(w.head, case, "resume", {"reason": "当事人已到案"}, D(2026, 3, 30)) == "investigation"
    after = case_detail(w.uow(), w.h1, case, D(2026, 3, 31))
    resumed = next(d for d in after["deadlines"] if d["key"] == "decision")
    assert resumed["due"] == "2026-06-22" and not resumed["paused"]  # 20 suspended days added


def test_late_payment_fee_3_percent_a_day_行政处罚法_72(w: World) -> None:
    case = _until_notice_served(w, ORG, fine("1000"))
    w.do(w.h1, case, "statement", {"kind": "waiver", "stated_on": "2026-03-12"}, D(2026, 3, 12))
    w.do(
        w.head,
        case,
        "decide",
        {"outcome": "penalty", "penalty": fine("1000"), "reasons": "事实清楚"},
        D(2026, 3, 13),
    )
    _serve_decision(w, case, D(2026, 3, 13))  # due 03-28 (Saturday) → 03-30 (程序规定第八十条)
    detail = case_detail(w.uow(), w.h1, case, D(2026, 4, 1))
    assert detail["state"]["late_fee_accrued"] == "60.00"  # 03-31 and 04-01: 2 × 3% × 1,000
    w.do(w.h1, case, "pay", {"amount": "1000", "paid_on": "2026-04-01"}, D(2026, 4, 1))
    # paid on 04-01, which counts for that day: only 03-31 is late → 30 yuan owed
    with pytest.raises(TransitionRefused) as over:
        w.do(w.h1, case, "pay", {"amount": "31", "paid_on": "2026-04-01", "late_fee": True}, D(2026, 4, 1))
    assert over.value.code == "overpayment"
    w.do(w.h1, case, "pay", {"amount": "30", "paid_on": "2026-04-01", "late_fee": True}, D(2026, 4, 1))
    _close_and_archive(w, case, D(2026, 4, 2))


def test_bad_input_is_refused_with_a_reason_and_nothing_is_written(w: World) -> None:
    case = w.clue(D(2026, 3, 2))
    before = w.counts()
    attempts: list[tuple[Any, str, dict[str, Any], type[Exception], str]] = [
        (w.head, "approve", {"penalty": fine("100")}, TransitionRefused, "wrong_stage"),  # before filing
        (w.h1, "report", report_body(fine("100")), ActionForbidden, "not_case_handler"),
        (w.h1, "file", file_body(w), ActionForbidden, "role_not_allowed"),  # handler cannot approve filing
        (
            w.head,
            "file",
            file_body(w, party={**ORG, "uscc": "91350100M000100Y44"}),
            ValidationFailed,
            "invalid_uscc",
        ),
        (
            w.head,
            "file",
            file_body(w, party={**PERSON, "id_number": "110105194912310021"}),
            ValidationFailed,
            "invalid_resident_id",
        ),
        (w.head, "file", {**file_body(w), "act_date": "2026-12-31"}, TransitionRefused, "date_in_future"),
        (w.head, "file", {**file_body(w), "act_date": "2023-01-01"}, TransitionRefused, "time_barred"),
        (
            w.head,
            "file",
            {**file_body(w), "handler_ids": [w.h1.user_id]},
            TransitionRefused,
            "two_officers_required",
        ),
        (
            w.head,
            "file",
            {**file_body(w), "handler_ids": [w.h1.user_id, w.chibi_handler.user_id]},
            ValidationFailed,
            "officer_not_found",
        ),
        (w.head, "file", {**file_body(w), "unknown": 1}, ValidationFailed, "validation_error"),
        (
            w.inspector,
            "decline",
            {"ground": "no_evidence", "reason": "x"},
            PermissionDenied,
            "read_only_role",
        ),
        (w.chibi_head, "decline", {"ground": "no_evidence", "reason": "x"}, CaseNotVisible, "case_not_found"),
    ]
    for who, action, body, error, code in attempts:
        with pytest.raises(error) as refused:
            w.do(who, case, action, body, D(2026, 3, 4))
        assert refused.value.code == code, (action, refused.value.code, refused.value.message)
        assert refused.value.message  # a Chinese reason
    w.do(w.head, case, "file", file_body(w), D(2026, 3, 4))
    w.do(w.h1, case, "add-evidence", evidence_body(w, D(2026, 3, 5)), D(2026, 3, 5))
    after_filing = w.counts()
    for collected, code in (("2026-02-01", "date_before_allowed"), ("2026-03-09", "date_in_future")):
        body = {
            **evidence_body(w, D(2026, 3, 5)),
            "collected_on": collected,
        }  # before discovery / in the future
        with pytest.raises(TransitionRefused) as refused:
            w.do(w.h1, case, "add-evidence", body, D(2026, 3, 6))
        assert refused.value.code == code and "取证日期" in refused.value.message
    assert w.counts() == after_filing
    w.do(w.h1, case, "report", report_body(fine("5000")), D(2026, 3, 10))
    more = [
        (w.h1, "review", {"kind": "case", "opinion": "agree"}, ActionForbidden, "role_not_allowed"),
        (w.head, "approve", {"penalty": fine("-5")}, ValidationFailed, "negative_amount"),
        (w.head, "approve", {"penalty": fine("1000000000000")}, ValidationFailed, "absurd_amount"),
        (w.head, "approve", {"penalty": fine("5000")}, TransitionRefused, "wrong_stage"),  # review missing
        (w.h1, "notice", {}, TransitionRefused, "wrong_stage"),
    ]
    snapshot = w.counts()
    assert snapshot[0] == after_filing[0] + 1
    for who, action, body, error, code in more:
        with pytest.raises(error) as refused:
            w.do(who, case, action, body, D(2026, 3, 11))
        assert refused.value.code == code, (action, refused.value.code, refused.value.message)
    assert w.counts() == snapshot
    assert before[1] == snapshot[1]  # no new case rows


def test_handler_reviewing_own_case_is_refused_程序规定_49(engine: Engine) -> None:
    from tests.integration.identity_helpers import make_user

    w = make_world(engine)
    both = make_user(
        engine, "ja_both", "420102", "handler", "reviewer", display_name="双岗", legal_qualification=True
    )
    case = w.clue(D(2026, 3, 2))
    w.do(w.head, case, "file", {**file_body(w), "handler_ids": [both.user_id, w.h2.user_id]}, D(2026, 3, 4))
    body = evidence_body(w, D(2026, 3, 5))
    w.do(both, case, "add-evidence", body, D(2026, 3, 5))
    w.do(both, case, "report", report_body(fine("3000")), D(2026, 3, 6))
    before = w.counts()
    with pytest.raises(ActionForbidden) as refused:
        w.do(both, case, "review", {"kind": "case", "opinion": "agree"}, D(2026, 3, 9))
    assert refused.value.code == "reviewer_is_handler"
    assert w.counts() == before


def test_list_scope_and_prior_violations_by_code(w: World) -> None:
    first = _until_notice_served(w, ORG, fine("3000"))
    w.do(w.h1, first, "statement", {"kind": "waiver", "stated_on": "2026-03-12"}, D(2026, 3, 12))
    w.do(
        w.head,
        first,
        "decide",
        {"outcome": "penalty", "penalty": fine("3000"), "reasons": "事实清楚"},
        D(2026, 3, 13),
    )
    w.clue(D(2026, 3, 20), ORG)
    chibi = register_in_chibi(w)
    mine = list_cases(w.uow(), w.h1)
    assert mine["total"] == 2 and chibi not in {c["id"] for c in mine["items"]}
    assert list_cases(w.uow(), w.chibi_head)["total"] == 1
    assert list_cases(w.uow(), w.inspector)["total"] == 2  # 武汉 inspector sees 江岸, not 赤壁
    assert list_cases(w.uow(), w.h1, stage="decided")["total"] == 1
    with w.uow() as uow:
        handlers = uow.session.scalars(select(CaseHandler.user_id).where(CaseHandler.case_id == first)).all()
    assert sorted(handlers) == sorted([w.h1.user_id, w.h2.user_id])
    # 赤壁 sees the 江岸 decision as public information (行政处罚信息公示规定第二条), without the case id
    found = prior_violations(w.uow(), w.chibi_head, ORG["uscc"])["prior_violations"]
    assert (
        len(found) == 1
        and found[0]["decision_docno"] == "岸市监处罚〔2026〕1号"
        and "case_id" not in found[0]
    )
    assert prior_violations(w.uow(), w.h1, ORG["uscc"])["prior_violations"][0]["case_id"] == first
    with pytest.raises(CaseNotVisible):
        case_detail(w.uow(), w.h1, chibi, D(2026, 3, 20))


def register_in_chibi(w: World) -> str:
    """A clue in 赤壁."""
    from zhifa.services.cases import register_clue

    body = {"source": "inspection", "discovered_on": "2026-03-20", "summary": "计量器具未经检定"}
    return register_clue(w.uow(), w.chibi_handler, body, D(2026, 3, 20)).id


def test_projection_keeps_handlers_and_parties_current_程序规定_第二十一条(w: World) -> None:
    """变更办案人员 writes only the change; a renamed party keeps its first-seen date under its code."""
    from zhifa.store.models.cases import PartyRow

    case = w.clue(D(2026, 3, 2), ORG)
    w.do(w.head, case, "file", file_body(w, ORG), D(2026, 3, 4))
    with w.uow() as uow:
        first_seen = uow.session.scalar(select(PartyRow.first_seen).where(PartyRow.code == ORG["uscc"]))
    body = {"handler_ids": [w.h1.user_id, w.h3.user_id], "reason": "原办案人员回避"}
    w.do(w.head, case, "assign-handlers", body, D(2026, 3, 5))
    with w.uow() as uow:
        handlers = uow.session.scalars(select(CaseHandler.user_id).where(CaseHandler.case_id == case)).all()
    assert sorted(handlers) == sorted([w.h1.user_id, w.h3.user_id])
    w.clue(D(2026, 3, 6), {**ORG, "name": "武汉江岸某某商贸有限责任公司"})
    with w.uow() as uow:
        party = uow.session.execute(
            select(PartyRow.name, PartyRow.first_seen).where(PartyRow.code == ORG["uscc"])
        ).one()
    assert party == ("武汉江岸某某商贸有限责任公司", first_seen)


def test_a_writer_that_loaded_the_case_before_another_committed_gets_a_conflict_and_writes_nothing(
    w: World,
) -> None:
    """A double-clicked 立案: the second request loaded the case before the first committed."""
    from zhifa.errors import Conflict
    from zhifa.services.case_actions import build_command
    from zhifa.services.case_store import load_case, visible_row
    from zhifa.services.cases import _execute, run_action
    from zhifa.store.models.ledger import LedgerRecord

    case_id = w.clue(D(2026, 3, 2), ORG)
    late = w.uow()
    with late:
        row = visible_row(late.session, w.head, case_id)
        case, _ = load_case(late.session, row)
        command = build_command(late.session, w.head, "file", file_body(w, ORG))
        late.session.commit()  # its reads are done; the other request now files the case and commits
        run_action(w.uow(), w.head, case_id, "file", file_body(w, ORG), D(2026, 3, 4))
        before = w.counts()
        with pytest.raises(Conflict) as stale:
            _execute(late, w.head, row, case, command, D(2026, 3, 4))
        assert stale.value.code == "ledger_conflict"
    assert w.counts() == before
    with w.uow() as uow:
        stream = LedgerRecord.stream_id == f"case-{case_id}"
        seqs = uow.session.scalars(select(LedgerRecord.seq).where(stream))
        assert sorted(seqs) == [1, 2]


def test_detail_read_across_a_concurrent_append_is_not_reported_as_tampering(
    w: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records and sealed head are two reads: an append between them is a race, not a cut-off tail."""
    case_id = w.clue(D(2026, 3, 2), ORG)
    real = SqlLedgerStore.sealed_head
    raced: list[int] = []

    def head_after_an_append(self: SqlLedgerStore, stream_id: str) -> Any:
        if not raced:  # another officer files the case just after this request read the records
            raced.append(1)
            w.do(w.head, case_id, "file", file_body(w, ORG), D(2026, 3, 4))
        return real(self, stream_id)

    monkeypatch.setattr(SqlLedgerStore, "sealed_head", head_after_an_append)
    reader = UnitOfWork(w.engine, read_only=True)  # as the API reads a case
    detail = case_detail(reader, w.head, case_id, D(2026, 3, 4))
    assert raced and detail["ledger"]["verified"] is True, detail["ledger"]
    types = [t["type"] for t in detail["timeline"]]
    if w.engine.dialect.name == "postgresql":  # autocommit reads: the records are read again
        assert types == ["ClueRegistered", "CaseFiled"] and detail["state"]["stage"] == "investigation"
    else:  # SQLite: the reader's transaction keeps its snapshot — the view before the append
        assert types == ["ClueRegistered"] and detail["state"]["stage"] == "clue"
