"""The report records the assistant's suggestion; a proposal that departs from it needs a reason
(行政处罚法第三十四条: 裁量基准; 程序规定第四十八条第六项: 调查终结报告写明自由裁量的理由)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.unit.domain.builders import H1, WARNING, Flow, fine, report
from tests.unit.domain.builders import evidence as add_evidence
from tests.unit.domain.test_refusals import investigating, refused
from zhifa.domain import commands as cmd
from zhifa.domain.events import InvestigationReported, event_from_record
from zhifa.domain.grounds import Outcome
from zhifa.domain.suggestion import Adherence, Suggestion, adherence
from zhifa.domain.values import Penalty
from zhifa.errors import ValidationFailed

D = date
# 价格法第四十二条: 可以并处五千元以下的罚款; 湖北裁量规则“一般”阶次 2000–3000 元, 建议点 2500 元.
MARKING = Suggestion(
    violation_type="price.marking_improper",
    violation_name="不按照规定的内容和方式明码标价",
    type_score="0.69",
    tier="一般",
    suggested_fine=Decimal("2500.00"),
    range_low=Decimal("2000.00"),
    range_high=Decimal("3000.00"),
    statutory_low=None,
    statutory_high=Decimal("5000.00"),
    rule="catalog/价格/price.marking_improper.yaml@2022-07-01",
    profile="42",
)
# 食品安全法第一百二十四条: 货值金额未知 — the engine gives no fine to compare with.
NO_FINE = Suggestion(violation_type="food.expired_food", tier="一般")


def ready() -> Flow:
    flow = investigating()
    add_evidence(flow, D(2026, 3, 5))
    return flow


def submit(proposal: Penalty | None, outcome: Outcome = Outcome.PENALTY, **kw: object) -> cmd.SubmitReport:
    return cmd.SubmitReport(
        facts="经查，当事人销售的鸡蛋价签价格与结算价格不一致",
        proposed_outcome=outcome,
        proposal=proposal,
        discretion_reasons="当事人初次违法、主动改正，依裁量基准处罚",
        legal_basis=("《中华人民共和国价格法》第四十二条",),
        **kw,  # type: ignore[arg-type]
    )


def test_the_suggested_fine_is_accepted() -> None:
    assert adherence(MARKING, Outcome.PENALTY, fine("2500")) is Adherence.ACCEPTED


def test_another_fine_inside_the_suggested_tier_is_within() -> None:
    assert adherence(MARKING, Outcome.PENALTY, fine("2000")) is Adherence.WITHIN
    assert adherence(MARKING, Outcome.PENALTY, fine("3000")) is Adherence.WITHIN


@pytest.mark.parametrize(
    ("outcome", "proposal"),
    [
        (Outcome.PENALTY, fine("4500")),  # 从重阶次
        (Outcome.PENALTY, fine("800")),  # 从轻阶次
        (Outcome.PENALTY, WARNING),  # 不罚款
        (Outcome.NO_PENALTY, None),  # 不予处罚
    ],
)
def test_outside_the_tier_or_another_outcome_departs(outcome: Outcome, proposal: Penalty | None) -> None:
    assert adherence(MARKING, outcome, proposal) is Adherence.DEPARTED


def test_a_suggestion_without_fine_is_not_compared() -> None:
    assert adherence(NO_FINE, Outcome.PENALTY, fine("60000")) is Adherence.NOT_COMPARABLE


# 行政处罚法第三十三条第一款: 初次违法且危害后果轻微并及时改正 — the engine suggests 不予处罚.
FIRST_VIOLATION = Suggestion(violation_type="price.marking_missing", tier="不予处罚")


def test_no_penalty_suggested_and_followed_is_accepted() -> None:
    assert adherence(FIRST_VIOLATION, Outcome.NO_PENALTY, None) is Adherence.ACCEPTED


def test_a_fine_where_no_penalty_is_suggested_departs() -> None:
    assert adherence(FIRST_VIOLATION, Outcome.PENALTY, fine("800")) is Adherence.DEPARTED


def test_report_following_the_suggestion_records_the_snapshot() -> None:
    flow = ready()
    (event,) = flow.do(submit(fine("2500"), suggestion=MARKING), H1, D(2026, 3, 6))
    assert isinstance(event, InvestigationReported)
    assert event.suggestion == MARKING and event.departure_reason == ""
    assert event.adherence is Adherence.ACCEPTED
    assert flow.case.report is event


def test_departure_without_a_reason_is_refused_and_nothing_is_written() -> None:
    flow = ready()
    for reason in ("", "无", "从重"):
        error = refused(
            flow, submit(fine("4500"), suggestion=MARKING, departure_reason=reason), H1, D(2026, 3, 6)
        )
        assert error.code == "departure_reason_required"
        assert "4500" in error.message and "2500" in error.message


def test_departure_with_a_reason_is_recorded() -> None:
    flow = ready()
    why = "当事人在责令改正后继续违法，且涉及商品种类多，依第三十四条从重"
    (event,) = flow.do(submit(fine("4500"), suggestion=MARKING, departure_reason=why), H1, D(2026, 3, 6))
    assert isinstance(event, InvestigationReported)
    assert event.adherence is Adherence.DEPARTED and event.departure_reason == why


def test_departure_reason_without_suggestion_is_refused() -> None:
    flow = ready()
    error = refused(
        flow, submit(fine("4500"), departure_reason="因为情节较重需要从重处罚"), H1, D(2026, 3, 6)
    )
    assert error.code == "departure_without_suggestion"


def test_snapshot_round_trips_through_the_ledger_payload() -> None:
    flow = ready()
    (event,) = flow.do(submit(fine("2000"), suggestion=MARKING), H1, D(2026, 3, 6))
    type_, version, payload = event.to_record()
    again = event_from_record(type_, version, payload)
    assert again == event and payload["suggestion"]["suggested_fine"] == "2500.00"


def test_reports_recorded_before_the_assistant_still_replay() -> None:
    flow = ready()
    report(flow, D(2026, 3, 6), fine("1000"))
    type_, version, payload = flow.events[-1].to_record()
    old = {k: v for k, v in payload.items() if k not in ("suggestion", "departure_reason")}
    again = event_from_record(type_, version, old)
    assert isinstance(again, InvestigationReported)
    assert again.suggestion is None and again.adherence is None


def test_a_malformed_suggestion_is_refused() -> None:
    with pytest.raises(ValidationFailed) as raised:
        Suggestion(violation_type="price.x", range_low=Decimal("3000"), range_high=Decimal("2000"))
    assert raised.value.code == "bad_suggestion"
    with pytest.raises(ValidationFailed):
        Suggestion(violation_type=" ")
