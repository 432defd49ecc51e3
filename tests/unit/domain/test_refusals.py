"""Bad input and wrong actors are refused with a stable code and a Chinese reason; nothing is written."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest

from tests.unit.domain.builders import (
    AGENCY,
    CITY_HEAD,
    H1,
    H2,
    H3,
    HEAD,
    INSPECTOR,
    MINOR,
    OFFICERS,
    ORG,
    OUTSIDER,
    PRESIDER,
    REVIEWER,
    UNQUALIFIED,
    Flow,
    actor,
    clue,
    evidence,
    filed,
    fine,
    report,
)
from zhifa.domain import commands as cmd
from zhifa.domain.actors import Role
from zhifa.domain.case import ActionForbidden, Case, CaseNotVisible, TransitionRefused, decide
from zhifa.domain.grounds import ClueSource, MajorGround, Outcome, ReviewKind, ReviewOpinion
from zhifa.domain.values import EvidenceItem, EvidenceKind, Officer
from zhifa.errors import ZhifaError

D = date


def refused(flow: Flow, command: cmd.Command, who, on: date) -> ZhifaError:  # type: ignore[no-untyped-def]
    """Run a command that must be refused; check nothing changed and the reason is Chinese."""
    before = copy.deepcopy(flow.case)
    with pytest.raises(ZhifaError) as raised:
        flow.do(command, who, on)
    assert flow.case == before
    assert any("\u4e00" <= ch <= "\u9fff" for ch in raised.value.message)
    return raised.value


def investigating() -> Flow:
    flow = Flow()
    clue(flow, D(2026, 3, 2))
    filed(flow, D(2026, 3, 4))
    return flow


def test_transition_in_the_wrong_stage() -> None:
    flow = investigating()
    err = refused(flow, cmd.IssueNotice(), H1, D(2026, 3, 5))
    assert isinstance(err, TransitionRefused) and err.code == "wrong_stage" and "调查取证" in err.message


def test_missing_case_and_case_outside_scope_look_the_same() -> None:
    with pytest.raises(CaseNotVisible) as missing:
        decide(Case(), cmd.SuspendCase(ground=cmd.SuspensionGround.OTHER, reason="x"), HEAD, D(2026, 3, 5))
    flow = investigating()
    outside = refused(
        flow, cmd.SuspendCase(ground=cmd.SuspensionGround.OTHER, reason="x"), OUTSIDER, D(2026, 3, 5)
    )
    assert isinstance(outside, CaseNotVisible)
    assert outside.message == missing.value.message and outside.code == missing.value.code


def test_upper_level_head_covers_the_district_case() -> None:
    flow = investigating()
    flow.do(cmd.SuspendCase(ground=cmd.SuspensionGround.OTHER, reason="等待认定"), CITY_HEAD, D(2026, 3, 5))


def test_clue_registered_outside_own_agency_is_refused() -> None:
    flow = Flow()
    command = cmd.RegisterClue(
        agency_path="/420000/420500/",
        agency_code="420500",
        source=ClueSource.REPORT,
        discovered_on=D(2026, 3, 2),
        summary="x",
    )
    assert isinstance(refused(flow, command, H1, D(2026, 3, 2)), CaseNotVisible)


def test_role_not_allowed_and_inspector_is_read_only() -> None:
    flow = investigating()
    err = refused(flow, cmd.SuspendCase(ground=cmd.SuspensionGround.OTHER, reason="x"), H1, D(2026, 3, 5))
    assert isinstance(err, ActionForbidden) and err.code == "role_not_allowed" and "负责人" in err.message
    assert isinstance(refused(flow, cmd.TerminateCase(reason="x"), INSPECTOR, D(2026, 3, 5)), ActionForbidden)


def test_handler_of_another_case_cannot_add_evidence_程序规定_22() -> None:
    flow = investigating()
    item = EvidenceItem(EvidenceKind.DOCUMENT, "票据")
    err = refused(
        flow, cmd.AddEvidence(item=item, collected_on=D(2026, 3, 5), co_handler_id=12), H3, D(2026, 3, 5)
    )
    assert err.code == "not_case_handler"
    err = refused(
        flow, cmd.AddEvidence(item=item, collected_on=D(2026, 3, 5), co_handler_id=13), H1, D(2026, 3, 5)
    )
    assert err.code == "two_officers_required"


def test_electronic_evidence_needs_file_hash_and_origin_程序规定_26() -> None:
    flow = investigating()
    bare = EvidenceItem(EvidenceKind.ELECTRONIC, "网店页面截图")
    assert (
        refused(
            flow, cmd.AddEvidence(item=bare, collected_on=D(2026, 3, 5), co_handler_id=12), H1, D(2026, 3, 5)
        ).code
        == "file_required"
    )
    bad_hash = EvidenceItem(EvidenceKind.DOCUMENT, "票据", ("abc",))
    assert (
        refused(
            flow,
            cmd.AddEvidence(item=bad_hash, collected_on=D(2026, 3, 5), co_handler_id=12),
            H1,
            D(2026, 3, 5),
        ).code
        == "bad_sm3"
    )


def test_filing_needs_two_handlers_with_credentials_程序规定_19() -> None:
    flow = Flow()
    clue(flow, D(2026, 3, 2))
    base = dict(party=ORG, act_date=D(2026, 2, 1), violation="x")
    assert (
        refused(flow, cmd.FileCase(handlers=OFFICERS[:1], **base), HEAD, D(2026, 3, 3)).code
        == "two_officers_required"
    )  # type: ignore[arg-type]
    no_card = (OFFICERS[0], Officer(14, "无证人员", " "))
    assert (
        refused(flow, cmd.FileCase(handlers=no_card, **base), HEAD, D(2026, 3, 3)).code
        == "credential_required"
    )  # type: ignore[arg-type]
    same = (OFFICERS[0], OFFICERS[0])
    assert (
        refused(flow, cmd.FileCase(handlers=same, **base), HEAD, D(2026, 3, 3)).code
        == "two_officers_required"
    )  # type: ignore[arg-type]


def test_filing_refused_after_limitation_行政处罚法_36() -> None:
    flow = Flow()
    clue(flow, D(2026, 3, 2))
    old = cmd.FileCase(party=ORG, act_date=D(2024, 3, 1), violation="x", handlers=OFFICERS)
    assert refused(flow, old, HEAD, D(2026, 3, 3)).code == "time_barred"
    flow.do(
        cmd.FileCase(party=ORG, act_date=D(2024, 3, 2), violation="x", handlers=OFFICERS), HEAD, D(2026, 3, 3)
    )
    harmful = Flow()
    clue(harmful, D(2026, 3, 2))
    harmful.do(
        cmd.FileCase(party=ORG, act_date=D(2022, 1, 1), violation="x", handlers=OFFICERS, serious_harm=True),
        HEAD,
        D(2026, 3, 3),
    )


def test_filing_refused_for_child_under_14_行政处罚法_30() -> None:
    flow = Flow()
    clue(flow, D(2026, 3, 2), party=None)
    command = cmd.FileCase(party=MINOR, act_date=D(2026, 2, 1), violation="x", handlers=OFFICERS)
    assert refused(flow, command, HEAD, D(2026, 3, 3)).code == "party_under_14"


def test_dates_in_the_future_or_before_the_clue_refused() -> None:
    flow = Flow()
    future = cmd.RegisterClue(
        agency_path=AGENCY,
        agency_code="420102",
        source=ClueSource.REPORT,
        discovered_on=D(2026, 3, 3),
        summary="x",
    )
    assert refused(flow, future, H1, D(2026, 3, 2)).code == "date_in_future"
    flow = investigating()
    item = EvidenceItem(EvidenceKind.DOCUMENT, "票据")
    early = cmd.AddEvidence(item=item, collected_on=D(2026, 3, 1), co_handler_id=12)
    assert refused(flow, early, H1, D(2026, 3, 5)).code == "date_before_allowed"
    act_later = cmd.FileCase(party=ORG, act_date=D(2026, 4, 1), violation="x", handlers=OFFICERS)
    fresh = Flow()
    clue(fresh, D(2026, 3, 2))
    assert refused(fresh, act_later, HEAD, D(2026, 3, 3)).code == "date_in_future"


def test_operation_dated_before_the_last_record_refused() -> None:
    flow = investigating()
    assert refused(flow, cmd.TerminateCase(reason="x"), HEAD, D(2026, 3, 3)).code == "date_before_last_event"


def test_report_without_discretion_reasons_refused_程序规定_48() -> None:
    flow = investigating()
    evidence(flow, D(2026, 3, 5))
    for reasons in ("", "无", "   "):
        command = cmd.SubmitReport(
            facts="事实",
            proposed_outcome=Outcome.PENALTY,
            proposal=fine("100"),
            discretion_reasons=reasons,
            legal_basis=("某法第一条",),
        )
        assert refused(flow, command, H1, D(2026, 3, 6)).code == "text_required"


def test_report_without_evidence_refused_行政处罚法_40() -> None:
    flow = investigating()
    command = cmd.SubmitReport(
        facts="事实",
        proposed_outcome=Outcome.PENALTY,
        proposal=fine("100"),
        discretion_reasons="初次违法依基准从轻处罚",
        legal_basis=("某法第一条",),
    )
    assert refused(flow, command, H1, D(2026, 3, 6)).code == "no_evidence"


def reported(major: bool = False) -> Flow:
    flow = Flow()
    clue(flow, D(2026, 3, 2))
    filed(flow, D(2026, 3, 4), major_grounds=frozenset({MajorGround.COMPLEX}) if major else frozenset())
    evidence(flow, D(2026, 3, 5))
    report(flow, D(2026, 3, 10), fine("1000"))
    return flow


def test_handler_cannot_review_own_case_程序规定_49() -> None:
    flow = reported()
    both = actor(11, Role.HANDLER, Role.REVIEWER, credential="42010200011", legal=True)
    err = refused(
        flow,
        cmd.SignReview(kind=ReviewKind.CASE, opinion=ReviewOpinion.AGREE, comments=""),
        both,
        D(2026, 3, 11),
    )
    assert isinstance(err, ActionForbidden) and err.code == "reviewer_is_handler"


def test_unqualified_reviewer_cannot_do_legal_review_程序规定_51() -> None:
    flow = reported(major=True)
    err = refused(
        flow,
        cmd.SignReview(kind=ReviewKind.LEGAL, opinion=ReviewOpinion.AGREE, comments=""),
        UNQUALIFIED,
        D(2026, 3, 11),
    )
    assert isinstance(err, ActionForbidden) and err.code == "reviewer_not_qualified"


def test_review_sending_back_for_investigation_程序规定_54() -> None:
    flow = reported()
    assert (
        refused(
            flow,
            cmd.SignReview(kind=ReviewKind.CASE, opinion=ReviewOpinion.SUPPLEMENT, comments=""),
            REVIEWER,
            D(2026, 3, 11),
        ).code
        == "text_required"
    )
    flow.do(
        cmd.SignReview(kind=ReviewKind.CASE, opinion=ReviewOpinion.SUPPLEMENT, comments="需补充进货来源"),
        REVIEWER,
        D(2026, 3, 11),
    )
    assert flow.case.stage.value == "investigation"
    assert refused(flow, cmd.ApprovePenalty(penalty=fine("1000")), HEAD, D(2026, 3, 12)).code == "wrong_stage"


def test_notice_without_approval_and_decision_without_notice_refused_程序规定_56_57() -> None:
    flow = reported()
    flow.do(
        cmd.SignReview(kind=ReviewKind.CASE, opinion=ReviewOpinion.AGREE, comments=""),
        REVIEWER,
        D(2026, 3, 11),
    )
    assert refused(flow, cmd.IssueNotice(), H1, D(2026, 3, 11)).code == "wrong_stage"
    decision = cmd.IssueDecision(outcome=Outcome.PENALTY, penalty=fine("1000"), reasons="x")
    assert refused(flow, decision, HEAD, D(2026, 3, 11)).code == "wrong_stage"
    flow.do(cmd.ApprovePenalty(penalty=fine("1000")), HEAD, D(2026, 3, 12))
    flow.do(cmd.IssueNotice(), H1, D(2026, 3, 12))
    assert refused(flow, decision, HEAD, D(2026, 3, 30)).code == "notice_missing"  # issued but never served
    assert (
        refused(flow, cmd.IssueNotice(docno="鄂市监处罚〔2026〕1号"), H1, D(2026, 3, 12)).code
        == "wrong_stage"
    )


def test_wrong_docno_type_refused() -> None:
    flow = reported()
    flow.do(
        cmd.SignReview(kind=ReviewKind.CASE, opinion=ReviewOpinion.AGREE, comments=""),
        REVIEWER,
        D(2026, 3, 11),
    )
    flow.do(cmd.ApprovePenalty(penalty=fine("1000")), HEAD, D(2026, 3, 12))
    assert (
        refused(flow, cmd.IssueNotice(docno="鄂市监处罚〔2026〕1号"), H1, D(2026, 3, 12)).code
        == "wrong_doc_type"
    )
    assert refused(flow, cmd.IssueNotice(docno="鄂市监罚告2026-1"), H1, D(2026, 3, 12)).code == "bad_docno"


def test_hearing_request_refused_without_hearing_right_听证办法_5() -> None:
    flow = reported()
    flow.do(
        cmd.SignReview(kind=ReviewKind.CASE, opinion=ReviewOpinion.AGREE, comments=""),
        REVIEWER,
        D(2026, 3, 11),
    )
    flow.do(cmd.ApprovePenalty(penalty=fine("1000")), HEAD, D(2026, 3, 12))
    flow.do(cmd.IssueNotice(), H1, D(2026, 3, 12))
    flow.do(
        cmd.ServeDocument(
            document=cmd.DocKind.NOTICE, method=cmd.ServiceMethod.IN_PERSON, served_on=D(2026, 3, 12)
        ),
        H1,
        D(2026, 3, 12),
    )
    assert (
        refused(flow, cmd.RequestHearing(requested_on=D(2026, 3, 13)), H1, D(2026, 3, 13)).code
        == "no_hearing_right"
    )


def test_only_the_presider_reports_the_hearing_听证办法_29() -> None:
    from tests.unit.domain.test_procedures import ordinary_until_notice

    flow = Flow()
    ordinary_until_notice(flow, fine("200000"))
    flow.do(cmd.RequestHearing(requested_on=D(2026, 3, 13)), H1, D(2026, 3, 13))
    flow.do(cmd.AppointPresider(presider=Officer(41, "用户41", "")), HEAD, D(2026, 3, 16))
    hold = cmd.HoldHearing(
        outcome=cmd.HearingOutcome.WITHDRAWN,
        held_on=D(2026, 3, 17),
        notice_served_on=None,
        report="当事人书面撤回听证申请",
    )
    assert isinstance(refused(flow, hold, REVIEWER, D(2026, 3, 17)), ActionForbidden)
    flow.do(hold, PRESIDER, D(2026, 3, 17))
    assert not flow.case.is_major  # withdrawn: no hearing took place, so 第五十条第一款第二项 does not apply


@pytest.mark.parametrize("amount", ["-1", "100000000000.01", "0.001"])
def test_absurd_or_negative_payment_refused(amount: str) -> None:
    from tests.unit.domain.test_procedures import decide_penalty, ordinary_until_notice, serve_decision

    flow = Flow()
    ordinary_until_notice(flow, fine("3000"))
    decide_penalty(flow, D(2026, 3, 20), "3000")
    serve_decision(flow, D(2026, 3, 20))
    err = refused(flow, cmd.RecordPayment(amount=Decimal(amount), paid_on=D(2026, 3, 21)), H2, D(2026, 3, 21))
    assert err.code in {"negative_amount", "absurd_amount", "bad_amount_precision"}


def test_archived_case_accepts_only_corrections() -> None:
    flow = Flow()
    clue(flow, D(2026, 3, 2))
    flow.do(cmd.DeclineFiling(ground=cmd.DeclineGround.NO_EVIDENCE, reason="查无实据"), HEAD, D(2026, 3, 3))
    flow.do(cmd.ArchiveCase(volume="v1"), H1, D(2026, 3, 4))
    assert refused(flow, cmd.ArchiveCase(volume="v2"), H1, D(2026, 3, 5)).code == "case_archived"
    flow.do(
        cmd.RecordCorrection(
            corrects_seq=1, field="线索内容", old="过期食品", new="过期乳制品", reason="笔误"
        ),
        H1,
        D(2026, 3, 5),
    )
    assert flow.events[-1].signed and flow.case.corrections[0].corrects_seq == 1
    assert (
        refused(
            flow,
            cmd.RecordCorrection(corrects_seq=9, field="x", old="a", new="b", reason="c"),
            H1,
            D(2026, 3, 5),
        ).code
        == "bad_correction"
    )
