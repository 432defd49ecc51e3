"""当场处罚 end to end (简易程序): 行政处罚法 第四十四条、第五十一条至第五十三条、第六十七条至第七十一条;
程序规定 第六十六条至第七十三条. Each refusal is named after the article it applies."""

from __future__ import annotations

from dataclasses import replace
from datetime import date as D
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
    WARNING,
    Flow,
    fine,
)
from zhifa.domain import commands as cmd
from zhifa.domain import events as ev
from zhifa.domain.case import TransitionRefused
from zhifa.domain.deadlines import running_deadlines
from zhifa.domain.onsite import Collection
from zhifa.domain.options import CloseGround
from zhifa.domain.stages import Stage

DAY = D(2026, 5, 6)  # a Wednesday; 05-09 is a make-up working Saturday (2026 Labour Day)


def onsite(**changes: object) -> cmd.IssueSummaryPenalty:
    base = cmd.IssueSummaryPenalty(
        agency_path=AGENCY,
        agency_code="420102",
        party=PERSON,
        act_date=DAY,
        violation="不按规定明码标价",
        basis="《明码标价和禁止价格欺诈规定》第五条；《价格违法行为行政处罚规定》第十三条",
        penalty=fine("100"),
        officers=OFFICERS,
        place="江岸区台北路农贸市场",
        **HEARD,  # type: ignore[arg-type]
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def refused(command: cmd.IssueSummaryPenalty) -> TransitionRefused:
    flow = Flow()
    with pytest.raises(TransitionRefused) as caught:
        flow.do(command, H1, DAY)
    assert not flow.case.exists  # nothing recorded
    return caught.value


def test_行政处罚法_51_over_200_yuan_for_a_person_is_refused() -> None:
    error = refused(onsite(penalty=fine("200.01")))
    assert error.code == "summary_not_allowed"
    assert "当场罚款对自然人不得超过200元（行政处罚法第五十一条）" in error.message


def test_行政处罚法_51_over_3000_yuan_for_an_organisation_is_refused() -> None:
    error = refused(onsite(party=ORG, penalty=fine("3000.01")))
    assert error.code == "summary_not_allowed" and "3000" in error.message


def test_行政处罚法_51_limits_include_the_figure_程序规定_84() -> None:
    Flow().do(onsite(penalty=fine("200")), H1, DAY)
    Flow().do(onsite(party=ORG, penalty=fine("3000")), H1, DAY)


def test_行政处罚法_44_45_程序规定_69_without_the_party_statement_is_refused() -> None:
    error = refused(onsite(statement="  "))
    assert error.code == "statement_missing"
    assert "有权陈述和申辩" in error.message and "程序规定第六十九条" in error.message


def test_行政处罚法_52_credentials_not_shown_is_refused() -> None:
    error = refused(onsite(credentials_shown=False))
    assert error.code == "credentials_not_shown" and "出示执法证件" in error.message


def test_程序规定_67_facts_found_on_the_spot_are_required() -> None:
    assert refused(onsite(facts="")).code == "text_required"


def test_行政处罚法_52_handed_over_and_signed_for_or_the_refusal_noted() -> None:
    error = refused(onsite(party_signature_sm3=""))
    assert (
        error.code == "party_signature_missing" and "拒绝签收的，应当在行政处罚决定书上注明" in error.message
    )
    assert refused(onsite(party_signature_sm3="", party_refused_to_sign=True)).code == "refusal_note_missing"
    flow = Flow()
    flow.do(
        onsite(party_signature_sm3="", party_refused_to_sign=True, refusal_note="当事人拒绝签收"), H1, DAY
    )
    issued = flow.events[0]
    assert isinstance(issued, ev.SummaryPenaltyIssued) and issued.refusal_note == "当事人拒绝签收"


def test_decision_records_what_was_done_and_is_signed_by_the_officer() -> None:
    flow = Flow()
    flow.do(onsite(), H1, DAY)
    issued = flow.events[0]
    assert isinstance(issued, ev.SummaryPenaltyIssued) and issued.signed
    assert issued.credentials_shown and issued.statement == HEARD["statement"]
    assert issued.party_signature_sm3 == HEARD["party_signature_sm3"] and issued.collection is Collection.BANK
    again = ev.SummaryPenaltyIssued.from_payload(issued.to_payload())
    assert again == issued
    # an event recorded before these fields existed still replays (older ledgers)
    old = {k: v for k, v in issued.to_payload().items() if k not in {"facts", "statement", "collection"}}
    assert ev.SummaryPenaltyIssued.from_payload(old).collection is Collection.BANK


def test_行政处罚法_67_payment_at_the_bank_within_15_days() -> None:
    flow = Flow()
    flow.do(onsite(), H1, DAY)
    assert flow.case.stage is Stage.EXECUTION and flow.case.schedule == [(D(2026, 5, 21), Decimal("100"))]
    keys = {d.key for d in running_deadlines(flow.case, CAL, DAY)}
    assert {"payment", "summary_filing"} <= keys and "cash_handover" not in keys


def test_行政处罚法_68_1_collected_on_the_spot_up_to_100_yuan_with_the_receipt_of_70() -> None:
    flow = Flow()
    flow.do(onsite(collection=Collection.SMALL_FINE, receipt_no="鄂财罚0012345"), H1, DAY)
    assert [type(e) for e in flow.events] == [ev.SummaryPenaltyIssued, ev.PaymentRecorded]
    assert flow.case.stage is Stage.PENDING_CLOSE and flow.case.cash_collected_on == DAY
    handover = next(d for d in running_deadlines(flow.case, CAL, DAY) if d.key == "cash_handover")
    assert handover.due == D(2026, 5, 8)  # 二日 = 2 working days (第八十五条)
    assert "第七十一条" in handover.basis


def test_行政处罚法_68_1_over_100_yuan_may_not_be_collected_as_a_small_fine() -> None:
    error = refused(onsite(penalty=fine("150"), collection=Collection.SMALL_FINE, receipt_no="1"))
    assert error.code == "onsite_collection_not_allowed"
    assert "100.00元以下罚款的，才可以当场收缴（行政处罚法第六十八条第一项" in error.message
    assert "十五日内" in error.message


def test_行政处罚法_68_2_hard_to_enforce_allows_collection_of_a_summary_fine() -> None:
    flow = Flow()
    flow.do(onsite(penalty=fine("200"), collection=Collection.HARD_TO_ENFORCE, receipt_no="R-7"), H1, DAY)
    assert flow.case.paid == Decimal("200")


def test_行政处罚法_69_remote_area_only_when_the_party_asks() -> None:
    error = refused(onsite(collection=Collection.REMOTE_AREA, receipt_no="R-1"))
    assert error.code == "onsite_collection_not_allowed" and "经当事人提出" in error.message
    Flow().do(
        onsite(collection=Collection.REMOTE_AREA, receipt_no="R-1", party_requested_collection=True), H1, DAY
    )


def test_行政处罚法_70_no_collection_without_the_official_receipt() -> None:
    error = refused(onsite(collection=Collection.SMALL_FINE))
    assert error.code == "receipt_missing" and "专用票据" in error.message
    assert refused(onsite(penalty=WARNING, collection=Collection.SMALL_FINE)).code == "nothing_to_collect"


def test_行政处罚法_71_cash_handed_over_before_closing() -> None:
    flow = Flow()
    flow.do(onsite(collection=Collection.SMALL_FINE, receipt_no="R-2"), H1, DAY)
    flow.do(cmd.FileSummaryRecords(filed_on=DAY), H1, DAY)
    with pytest.raises(TransitionRefused) as caught:
        flow.do(cmd.CloseCase(ground=CloseGround.EXECUTED), HEAD, DAY)
    assert caught.value.code == "cash_not_handed_over" and "第七十一条" in caught.value.message
    with pytest.raises(TransitionRefused):
        flow.do(cmd.HandOverCash(handed_on=D(2026, 5, 5)), H1, DAY)  # before it was collected
    flow.do(cmd.HandOverCash(handed_on=D(2026, 5, 7)), H2, D(2026, 5, 7))
    assert "cash_handover" not in {d.key for d in running_deadlines(flow.case, CAL, D(2026, 5, 7))}
    with pytest.raises(TransitionRefused):
        flow.do(cmd.HandOverCash(handed_on=D(2026, 5, 7)), H1, D(2026, 5, 7))
    flow.do(cmd.CloseCase(ground=CloseGround.EXECUTED), HEAD, D(2026, 5, 7))
    assert flow.case.stage is Stage.CLOSED


def test_行政处罚法_52_3_filing_back_to_the_agency_within_7_working_days_程序规定_70() -> None:
    flow = Flow()
    flow.do(onsite(), H1, DAY)
    filing = next(d for d in running_deadlines(flow.case, CAL, DAY) if d.key == "summary_filing")
    assert filing.due == D(2026, 5, 14) and "第五十二条第三款" in filing.basis


def test_receipt_without_collection_is_refused() -> None:
    assert refused(onsite(receipt_no="R-9")).code == "receipt_without_collection"
