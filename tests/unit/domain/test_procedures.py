"""Each procedure end to end, with the article that governs each step in the test name."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.unit.domain.builders import (
    AGENCY,
    CAL,
    H1,
    H2,
    HEAD,
    HEARD,
    OFFICERS,
    ORG,
    PERSON,
    PRESIDER,
    PRESIDER_OFFICER,
    WARNING,
    Flow,
    clue,
    evidence,
    filed,
    fine,
    notice,
    report,
    review,
)
from zhifa.domain import commands as cmd
from zhifa.domain import events as ev
from zhifa.domain.case import Case, TransitionRefused
from zhifa.domain.deadlines import accrued_late_fee, running_deadlines
from zhifa.domain.grounds import DeclineGround, MajorGround, NoPenaltyGround, Outcome, ReviewKind
from zhifa.domain.options import (
    CloseGround,
    DocKind,
    HearingOutcome,
    ServiceMethod,
    StatementKind,
    SuspensionGround,
    TransferTarget,
)
from zhifa.domain.stages import Stage
from zhifa.domain.values import Officer

D = date


def decide_penalty(flow: Flow, on: date, amount: str, who=HEAD) -> None:  # type: ignore[no-untyped-def]
    flow.do(
        cmd.IssueDecision(
            outcome=Outcome.PENALTY,
            penalty=fine(amount),
            reasons="当事人陈述未提出新的事实",
            docno="鄂汉市监处罚〔2026〕12号",
            override_reason="听证中当事人提交了已召回问题产品的证据，从轻处罚",
        ),
        who,
        on,
    )


def serve_decision(flow: Flow, on: date) -> None:
    flow.do(
        cmd.ServeDocument(document=DocKind.DECISION, method=ServiceMethod.IN_PERSON, served_on=on), H1, on
    )


def close_and_archive(flow: Flow, on: date, ground: CloseGround = CloseGround.EXECUTED) -> None:
    flow.do(cmd.CloseCase(ground=ground), HEAD, on)
    flow.do(cmd.ArchiveCase(volume="2026-卷-001"), H1, on)
    assert flow.case.stage is Stage.ARCHIVED


def ordinary_until_notice(flow: Flow, penalty, party=ORG, served=D(2026, 3, 12), **file_kw) -> None:  # type: ignore[no-untyped-def]
    clue(flow, D(2026, 3, 2))
    filed(flow, D(2026, 3, 4), party=party, **file_kw)
    evidence(flow, D(2026, 3, 5))
    report(flow, D(2026, 3, 10), penalty)
    review(flow, D(2026, 3, 11), ReviewKind.LEGAL if file_kw.get("major_grounds") else ReviewKind.CASE)
    notice(flow, D(2026, 3, 12), served, penalty)


def test_ordinary_procedure_without_hearing_程序规定_18_to_78() -> None:
    flow = Flow()
    ordinary_until_notice(flow, fine("5000"))
    assert flow.case.stage is Stage.STATEMENT
    assert (
        flow.case.notice is not None and not flow.case.notice.hearing_right
    )  # 5,000 < 100,000 for an organisation
    # 第五十七条第二款: five working days after service (03-12) end on 03-19; no decision before that.
    with pytest.raises(TransitionRefused) as refused:
        decide_penalty(flow, D(2026, 3, 19), "5000")
    assert refused.value.code == "statement_period_running"
    flow.do(
        cmd.RecordStatement(
            kind=StatementKind.STATEMENT, summary="当事人称系初次违法", stated_on=D(2026, 3, 16)
        ),
        H1,
        D(2026, 3, 16),
    )
    decide_penalty(flow, D(2026, 3, 20), "5000")
    serve_decision(flow, D(2026, 3, 20))
    assert flow.case.stage is Stage.EXECUTION
    # 第七十二条: 15 days from service → 04-04 (Saturday, then 清明 04-06) → 04-07 under 第八十条.
    payment = next(d for d in running_deadlines(flow.case, CAL, D(2026, 3, 21)) if d.key == "payment")
    assert payment.due == D(2026, 4, 7)
    flow.do(cmd.PublishDecision(published_on=D(2026, 3, 25)), H1, D(2026, 3, 25))
    flow.do(cmd.RecordPayment(amount=Decimal("5000"), paid_on=D(2026, 4, 7)), H1, D(2026, 4, 7))
    assert flow.case.stage is Stage.PENDING_CLOSE
    assert accrued_late_fee(flow.case, CAL, D(2026, 4, 7)) == Decimal("0.00")
    close_and_archive(flow, D(2026, 4, 8))
    signed = [e.type for e in flow.events if e.signed]
    assert signed == [
        "CaseFiled",
        "InvestigationReported",
        "ReviewSigned",
        "PenaltyApproved",
        "DecisionIssued",
        "CaseClosed",
    ]
    assert Case.replay(flow.events) == flow.case


def test_ordinary_procedure_with_hearing_听证办法_5_7_11_20_and_程序规定_50_58() -> None:
    flow = Flow()
    ordinary_until_notice(flow, fine("20000"), party=PERSON)
    assert flow.case.notice is not None and flow.case.notice.hearing_right  # 自然人 ≥ 10,000 (听证办法第五条)
    flow.do(cmd.RequestHearing(requested_on=D(2026, 3, 18)), H1, D(2026, 3, 18))
    assert flow.case.stage is Stage.HEARING
    with pytest.raises(TransitionRefused, match="办案人员不得担任听证主持人"):
        flow.do(cmd.AppointPresider(presider=OFFICERS[1]), HEAD, D(2026, 3, 19))
    flow.do(cmd.AppointPresider(presider=PRESIDER_OFFICER), HEAD, D(2026, 3, 19))
    flow.do(
        cmd.ServeDocument(
            document=DocKind.HEARING_NOTICE, method=ServiceMethod.IN_PERSON, served_on=D(2026, 3, 20)
        ),
        H1,
        D(2026, 3, 20),
    )
    hold = cmd.HoldHearing(
        outcome=HearingOutcome.HELD,
        held_on=D(2026, 3, 30),
        notice_served_on=D(2026, 3, 20),
        report="当事人申辩称已主动召回，建议从轻",
    )
    with pytest.raises(
        TransitionRefused
    ) as refused:  # 第二十条: notice 7 working days ahead → 03-31 earliest
        flow.do(hold, PRESIDER, D(2026, 3, 30))
    assert refused.value.code == "hearing_notice_late"
    flow.do(
        cmd.HoldHearing(
            outcome=HearingOutcome.HELD,
            held_on=D(2026, 3, 31),
            notice_served_on=D(2026, 3, 20),
            report="当事人申辩称已主动召回，建议从轻",
        ),
        PRESIDER,
        D(2026, 3, 31),
    )
    assert flow.case.stage is Stage.DELIBERATION and flow.case.is_major
    # 第五十条第一款第二项 and 第二款: after the hearing, 法制审核, then 集体讨论, then the decision.
    with pytest.raises(TransitionRefused, match="法制审核"):
        decide_penalty(flow, D(2026, 4, 1), "15000")
    review(flow, D(2026, 4, 1), ReviewKind.LEGAL)
    with pytest.raises(TransitionRefused, match="集体讨论"):
        decide_penalty(flow, D(2026, 4, 1), "15000")
    flow.do(
        cmd.RecordCollectiveDiscussion(
            participants=("局长", "副局长甲", "副局长乙"),
            conclusion="同意从轻处罚",
            discussed_on=D(2026, 4, 2),
        ),
        HEAD,
        D(2026, 4, 2),
    )
    with pytest.raises(TransitionRefused) as heavier:  # 第五十八条: never heavier than notified
        decide_penalty(flow, D(2026, 4, 2), "25000")
    assert heavier.value.code == "heavier_than_notified"
    decide_penalty(flow, D(2026, 4, 2), "15000")
    serve_decision(flow, D(2026, 4, 3))
    flow.do(cmd.RecordPayment(amount=Decimal("15000"), paid_on=D(2026, 4, 10)), H2, D(2026, 4, 10))
    close_and_archive(flow, D(2026, 4, 13))
    # the hearing period is not counted in the decision clock (程序规定第六十四条第二款)
    hearing_pause = [p for p in flow.case.pauses if p.kind.value == "hearing"]
    assert (
        hearing_pause and hearing_pause[0].start == D(2026, 3, 18) and hearing_pause[0].end == D(2026, 3, 31)
    )


def test_major_case_needs_legal_review_and_collective_discussion_程序规定_50_51_60() -> None:
    flow = Flow()
    clue(flow, D(2026, 3, 2))
    filed(flow, D(2026, 3, 4), major_grounds=frozenset({MajorGround.PUBLIC_INTEREST}))
    evidence(flow, D(2026, 3, 5))
    report(flow, D(2026, 3, 10), fine("50000"))
    with pytest.raises(TransitionRefused) as refused:
        review(flow, D(2026, 3, 11), ReviewKind.CASE)
    assert refused.value.code == "legal_review_required"
    review(flow, D(2026, 3, 11), ReviewKind.LEGAL)
    notice(flow, D(2026, 3, 12), D(2026, 3, 12), fine("50000"))
    flow.do(
        cmd.RecordStatement(kind=StatementKind.WAIVER, summary="", stated_on=D(2026, 3, 13)),
        H1,
        D(2026, 3, 13),
    )
    with pytest.raises(TransitionRefused) as missing:
        decide_penalty(flow, D(2026, 3, 13), "50000")
    assert missing.value.code == "collective_discussion_missing"
    flow.do(
        cmd.RecordCollectiveDiscussion(
            participants=("局长", "副局长"), conclusion="同意", discussed_on=D(2026, 3, 13)
        ),
        HEAD,
        D(2026, 3, 13),
    )
    decide_penalty(
        flow, D(2026, 3, 13), "50000"
    )  # the party waived, so no need to wait (行政处罚法第六十二条)
    assert flow.case.stage is Stage.DECIDED


def test_not_filed_first_violation_程序规定_20() -> None:
    flow = Flow()
    clue(flow, D(2026, 3, 2))
    flow.do(
        cmd.DeclineFiling(ground=DeclineGround.FIRST_VIOLATION_MINOR_HARM, reason="初次违法，已当场改正"),
        HEAD,
        D(2026, 3, 6),
    )
    assert flow.case.stage is Stage.NOT_FILED
    assert flow.events[-1].signed
    with pytest.raises(TransitionRefused):
        filed(flow, D(2026, 3, 7))
    flow.do(cmd.ArchiveCase(volume="线索-2026-01"), H2, D(2026, 3, 9))
    assert flow.case.stage is Stage.ARCHIVED


def test_no_penalty_decision_after_review_程序规定_56_60_and_行政处罚法_33() -> None:
    flow = Flow()
    clue(flow, D(2026, 3, 2))
    filed(flow, D(2026, 3, 4))
    evidence(flow, D(2026, 3, 5))
    report(flow, D(2026, 3, 10), None, outcome=Outcome.NO_PENALTY)
    review(flow, D(2026, 3, 11))
    with pytest.raises(TransitionRefused, match="直接作出处理决定"):
        flow.do(cmd.ApprovePenalty(penalty=fine("100")), HEAD, D(2026, 3, 12))
    flow.do(
        cmd.IssueDecision(
            outcome=Outcome.NO_PENALTY,
            no_penalty_ground=NoPenaltyGround.MINOR_CORRECTED_NO_HARM,
            reasons="违法行为轻微并及时改正",
        ),
        HEAD,
        D(2026, 3, 12),
    )
    serve_decision(flow, D(2026, 3, 12))
    assert flow.case.stage is Stage.PENDING_CLOSE
    close_and_archive(flow, D(2026, 3, 13), CloseGround.OTHER_DECISION)


def test_summary_procedure_limits_行政处罚法_51_and_filing_程序规定_70() -> None:
    flow = Flow()
    onsite = cmd.IssueSummaryPenalty(
        agency_path=AGENCY,
        agency_code="420102",
        party=PERSON,
        act_date=D(2026, 5, 6),
        violation="未明码标价",
        basis="《明码标价和禁止价格欺诈规定》",
        penalty=fine("201"),
        officers=OFFICERS,
        place="某农贸市场",
        docno="鄂汉市监当罚〔2026〕7号",
        **HEARD,  # type: ignore[arg-type]
    )
    with pytest.raises(TransitionRefused) as refused:
        flow.do(onsite, H1, D(2026, 5, 6))
    assert refused.value.code == "summary_not_allowed"
    assert not flow.case.exists
    flow.do(cmd.IssueSummaryPenalty(**{**onsite.__dict__, "penalty": fine("200")}), H1, D(2026, 5, 6))
    assert flow.case.stage is Stage.EXECUTION and flow.events[-1].signed
    summary_deadline = next(
        d for d in running_deadlines(flow.case, CAL, D(2026, 5, 6)) if d.key == "summary_filing"
    )
    assert summary_deadline.due == D(2026, 5, 14)  # 7 working days, counting the make-up Saturday 05-09
    flow.do(cmd.RecordPayment(amount=Decimal("200"), paid_on=D(2026, 5, 6)), H2, D(2026, 5, 6))
    flow.do(cmd.FileSummaryRecords(filed_on=D(2026, 5, 8)), H1, D(2026, 5, 8))
    close_and_archive(flow, D(2026, 5, 8))


def test_summary_procedure_organisation_up_to_3000_and_warning_行政处罚法_51() -> None:
    base = dict(
        agency_path=AGENCY,
        agency_code="420102",
        party=ORG,
        act_date=D(2026, 5, 6),
        violation="x",
        basis="y",
        officers=OFFICERS,
        place="z",
        **HEARD,
    )
    Flow().do(cmd.IssueSummaryPenalty(penalty=fine("3000"), **base), H1, D(2026, 5, 6))  # type: ignore[arg-type]
    warned = Flow()
    warned.do(cmd.IssueSummaryPenalty(penalty=WARNING, **base), H1, D(2026, 5, 6))  # type: ignore[arg-type]
    assert warned.case.stage is Stage.PENDING_CLOSE
    with pytest.raises(TransitionRefused):
        Flow().do(cmd.IssueSummaryPenalty(penalty=fine("3000.01"), **base), H1, D(2026, 5, 6))  # type: ignore[arg-type]
    lone = {**base, "officers": OFFICERS[:1]}
    with pytest.raises(TransitionRefused, match="不得少于两名"):  # 行政处罚法第四十二条
        Flow().do(cmd.IssueSummaryPenalty(penalty=WARNING, **lone), H1, D(2026, 5, 6))  # type: ignore[arg-type]


def test_transfer_to_police_移送涉嫌犯罪案件的规定_5_and_程序规定_17() -> None:
    flow = Flow()
    clue(flow, D(2026, 3, 2))
    filed(flow, D(2026, 3, 4))
    flow.do(
        cmd.TransferCase(
            target=TransferTarget.POLICE,
            recipient="武汉市公安局江岸区分局",
            reason="涉案金额达到生产、销售伪劣产品罪追诉标准",
        ),
        HEAD,
        D(2026, 3, 9),
    )
    assert flow.case.stage is Stage.TRANSFERRED
    transferred = flow.events[-1]
    assert isinstance(transferred, ev.CaseTransferred) and len(transferred.team) == 2
    with pytest.raises(TransitionRefused):  # a penalty never replaces the transfer
        flow.do(
            cmd.IssueDecision(outcome=Outcome.PENALTY, penalty=fine("100"), reasons="x"), HEAD, D(2026, 3, 10)
        )
    closing = next(d for d in running_deadlines(flow.case, CAL, D(2026, 3, 10)) if d.key == "closing")
    assert closing.due == D(2026, 3, 30)  # 程序规定第七十七条: 15 working days
    close_and_archive(flow, D(2026, 3, 11), CloseGround.OTHER_DECISION)


def test_police_transfer_from_clue_needs_a_team_of_two_移送规定_5() -> None:
    flow = Flow()
    clue(flow, D(2026, 3, 2))
    with pytest.raises(TransitionRefused, match="专案组"):
        flow.do(
            cmd.TransferCase(target=TransferTarget.POLICE, recipient="公安", reason="涉嫌犯罪"),
            HEAD,
            D(2026, 3, 3),
        )
    team = (Officer(11, "用户11", "42010200011"), Officer(13, "用户13", "42010200013"))
    flow.do(
        cmd.TransferCase(target=TransferTarget.POLICE, recipient="公安", reason="涉嫌犯罪", team=team),
        HEAD,
        D(2026, 3, 3),
    )
    assert flow.case.stage is Stage.TRANSFERRED


def test_suspension_pauses_the_decision_clock_程序规定_46_64() -> None:
    flow = Flow()
    clue(flow, D(2026, 3, 1))
    filed(flow, D(2026, 3, 2))
    due = next(d for d in running_deadlines(flow.case, CAL, D(2026, 3, 2)) if d.key == "decision")
    assert due.due == D(2026, 6, 1)  # 90 days → 05-31 (Sunday) → 06-01 (第八十条)
    flow.do(
        cmd.SuspendCase(ground=SuspensionGround.PARTY_MISSING, reason="当事人下落不明"), HEAD, D(2026, 3, 10)
    )
    while_paused = next(d for d in running_deadlines(flow.case, CAL, D(2026, 3, 20)) if d.key == "decision")
    assert while_paused.paused
    with pytest.raises(TransitionRefused):
        evidence(flow, D(2026, 3, 20))
    flow.do(cmd.ResumeCase(reason="当事人已到案"), HEAD, D(2026, 3, 30))
    resumed = next(d for d in running_deadlines(flow.case, CAL, D(2026, 3, 30)) if d.key == "decision")
    assert not resumed.paused
    assert resumed.due == D(2026, 6, 22)  # +20 paused days → 06-20 (Saturday) → 06-22
    assert flow.case.stage is Stage.INVESTIGATION
    flow.do(cmd.ExtendDeadline(clock=cmd.Clock.DECISION, days=30, reason="案情复杂"), HEAD, D(2026, 4, 1))
    extended = next(d for d in running_deadlines(flow.case, CAL, D(2026, 4, 1)) if d.key == "decision")
    assert extended.due == D(2026, 7, 20)  # 06-20 + 30 = 07-20 (Monday)
    with pytest.raises(TransitionRefused) as again:
        flow.do(cmd.ExtendDeadline(clock=cmd.Clock.DECISION, days=30, reason="仍复杂"), HEAD, D(2026, 4, 2))
    assert again.value.code == "collective_required"
    flow.do(
        cmd.RecordCollectiveDiscussion(
            participants=("局长", "副局长"), conclusion="同意继续延期60日", discussed_on=D(2026, 4, 3)
        ),
        HEAD,
        D(2026, 4, 3),
    )
    flow.do(
        cmd.ExtendDeadline(clock=cmd.Clock.DECISION, days=60, reason="仍复杂", collective=True),
        HEAD,
        D(2026, 4, 3),
    )


def test_termination_then_closing_程序规定_47_77() -> None:
    flow = Flow()
    clue(flow, D(2026, 3, 2))
    filed(flow, D(2026, 3, 4))
    flow.do(cmd.TerminateCase(reason="当事人公司已注销且无权利义务承受人"), HEAD, D(2026, 3, 6))
    with pytest.raises(TransitionRefused):
        flow.do(cmd.CloseCase(ground=CloseGround.EXECUTED), HEAD, D(2026, 3, 6))
    close_and_archive(flow, D(2026, 3, 6), CloseGround.TERMINATED)


def test_enforcement_with_late_fee_and_instalments_程序规定_72_to_76() -> None:
    flow = Flow()
    ordinary_until_notice(flow, fine("3000"))
    decide_penalty(flow, D(2026, 3, 20), "3000")
    serve_decision(flow, D(2026, 3, 20))
    # due 04-07 (see above); three overdue days → 3 × 3% × 3,000 = 270 (行政处罚法第七十二条第一款第一项)
    assert accrued_late_fee(flow.case, CAL, D(2026, 4, 10)) == Decimal("270.00")
    assert accrued_late_fee(flow.case, CAL, D(2026, 12, 31)) == Decimal("3000.00")  # capped at the fine
    flow.do(
        cmd.ApproveInstalments(
            schedule=((D(2026, 4, 20), Decimal("1000")), (D(2026, 5, 20), Decimal("2000"))),
            applied_on=D(2026, 3, 25),
        ),
        HEAD,
        D(2026, 3, 26),
    )
    assert accrued_late_fee(flow.case, CAL, D(2026, 4, 20)) == Decimal("0.00")
    flow.do(cmd.RecordPayment(amount=Decimal("1000"), paid_on=D(2026, 4, 20)), H1, D(2026, 4, 20))
    # second instalment unpaid two days after 05-20: 2 × 3% × 2,000 = 120
    assert accrued_late_fee(flow.case, CAL, D(2026, 5, 22)) == Decimal("120.00")
    # 行政强制法第五十三条、程序规定第七十六条: not before the 6-month litigation period (served 03-20 →
    # 09-20, a make-up working Sunday) has run without a 复议 or 诉讼.
    with pytest.raises(TransitionRefused) as early:
        flow.do(
            cmd.ApplyEnforcement(reminder_served_on=D(2026, 5, 25), court="江岸区人民法院"),
            HEAD,
            D(2026, 6, 9),
        )
    assert early.value.code == "appeal_period_running" and "2026-09-20" in early.value.message
    with pytest.raises(TransitionRefused, match="十个工作日"):
        flow.do(
            cmd.ApplyEnforcement(reminder_served_on=D(2026, 9, 22), court="江岸区人民法院"),
            HEAD,
            D(2026, 9, 25),
        )
    flow.do(
        cmd.ApplyEnforcement(reminder_served_on=D(2026, 9, 22), court="江岸区人民法院"), HEAD, D(2026, 10, 20)
    )
    flow.do(
        cmd.RecordPayment(amount=Decimal("120"), paid_on=D(2026, 10, 20), late_fee=True), H1, D(2026, 10, 20)
    )
    with pytest.raises(TransitionRefused) as over:
        flow.do(cmd.RecordPayment(amount=Decimal("2000.01"), paid_on=D(2026, 10, 20)), H1, D(2026, 10, 20))
    assert over.value.code == "overpayment"
    flow.do(cmd.RecordPayment(amount=Decimal("2000"), paid_on=D(2026, 10, 21)), H1, D(2026, 10, 21))
    close_and_archive(flow, D(2026, 10, 22))


def test_deferral_moves_the_due_date_程序规定_74() -> None:
    flow = Flow()
    ordinary_until_notice(flow, fine("3000"))
    decide_penalty(flow, D(2026, 3, 20), "3000")
    serve_decision(flow, D(2026, 3, 20))
    flow.do(cmd.ApproveDeferral(new_due=D(2026, 6, 30), applied_on=D(2026, 3, 23)), HEAD, D(2026, 3, 24))
    payment = next(d for d in running_deadlines(flow.case, CAL, D(2026, 4, 10)) if d.key == "payment")
    assert payment.due == D(2026, 6, 30) and not payment.overdue
    assert accrued_late_fee(flow.case, CAL, D(2026, 4, 10)) == Decimal("0.00")


def test_electronic_service_needs_address_confirmation_程序规定_82_3() -> None:
    flow = Flow()
    clue(flow, D(2026, 3, 2))
    filed(flow, D(2026, 3, 4))
    evidence(flow, D(2026, 3, 5))
    report(flow, D(2026, 3, 10), fine("800"))
    review(flow, D(2026, 3, 11))
    flow.do(cmd.ApprovePenalty(penalty=fine("800")), HEAD, D(2026, 3, 12))
    flow.do(cmd.IssueNotice(), H1, D(2026, 3, 12))
    electronic = cmd.ServeDocument(
        document=DocKind.NOTICE, method=ServiceMethod.ELECTRONIC, served_on=D(2026, 3, 12)
    )
    with pytest.raises(TransitionRefused, match="送达地址确认书"):
        flow.do(electronic, H1, D(2026, 3, 12))
    flow.do(
        cmd.ServeDocument(
            document=DocKind.NOTICE,
            method=ServiceMethod.ELECTRONIC,
            served_on=D(2026, 3, 12),
            address_confirmation="送达地址确认书2026-01",
            proof="短信截屏",
        ),
        H1,
        D(2026, 3, 12),
    )
    assert flow.case.notice_served_on == D(2026, 3, 12)


def test_public_notice_service_takes_effect_after_30_days_程序规定_82_5() -> None:
    flow = Flow()
    ordinary_until_notice(flow, fine("3000"))
    decide_penalty(flow, D(2026, 3, 20), "3000")
    flow.do(
        cmd.ServeDocument(
            document=DocKind.DECISION,
            method=ServiceMethod.PUBLIC_NOTICE,
            served_on=D(2026, 3, 23),
            reason="当事人下落不明",
            proof="公告张贴照片",
        ),
        H1,
        D(2026, 3, 23),
    )
    assert flow.case.decision_served_on == D(2026, 4, 22)
    payment = next(d for d in running_deadlines(flow.case, CAL, D(2026, 4, 23)) if d.key == "payment")
    assert payment.due == D(2026, 5, 7)  # 04-22 + 15 = 05-07
