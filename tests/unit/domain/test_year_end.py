"""A fine decided at the end of December falls due in January, before the State Council's holiday
arrangement for the new year is entered (程序规定 第八十条 moves a period that ends on a holiday).
What is owed and overdue on a December day does not depend on January's holidays: the payment is
recorded, no late fee has accrued, and only the dates that do depend on them say the year is unknown."""

from __future__ import annotations

from datetime import date as D
from decimal import Decimal

import pytest

from tests.unit.domain.builders import H1, HEAD, Flow, clue, evidence, filed, fine, notice, report, review
from tests.unit.domain.test_procedures import decide_penalty, serve_decision
from zhifa.domain import commands as cmd
from zhifa.domain import records as rc
from zhifa.domain.calendar import UnknownCalendarYear, WorkingCalendar
from zhifa.domain.deadlines import accrued_late_fee, effective_schedule, running_deadlines
from zhifa.domain.deadlines_remedy import remedy_deadlines
from zhifa.domain.grounds import Outcome
from zhifa.domain.options import StatementKind
from zhifa.domain.refusals import TransitionRefused
from zhifa.domain.stages import Stage


class Before2027IsEntered(WorkingCalendar):
    """The calendar as it stands in December 2026: 2027's arrangement not published or not entered yet
    (whatever the installed package knows)."""

    def knows_year(self, year: int) -> bool:
        return year != 2027 and super().knows_year(year)


CAL = Before2027IsEntered()


def notified_in_december(served: D) -> Flow:
    """A 3,000 yuan fine filed on 12-02, its notice approved and served on `served`."""
    flow = Flow()
    clue(flow, D(2026, 12, 1))
    filed(flow, D(2026, 12, 2))
    evidence(flow, D(2026, 12, 3))
    report(flow, D(2026, 12, 7), fine("3000"))
    review(flow, D(2026, 12, 8))
    notice(flow, served, served, fine("3000"))
    return flow


def decided_on_28_december() -> Flow:
    flow = notified_in_december(D(2026, 12, 9))
    decide_penalty(flow, D(2026, 12, 28), "3000")
    serve_decision(flow, D(2026, 12, 28))
    assert flow.case.stage is Stage.EXECUTION
    return flow


def test_a_fine_paid_in_december_is_recorded_before_january_holidays_are_known_行政处罚法_72() -> None:
    flow = decided_on_28_december()
    ((due, _),) = flow.case.schedule  # 15 days from service: 2027-01-12 as written
    assert due == D(2027, 1, 12)
    assert accrued_late_fee(flow.case, CAL, D(2026, 12, 30)) == Decimal("0.00")
    assert effective_schedule(flow.case, CAL, D(2026, 12, 30)) == [(D(2027, 1, 12), Decimal("3000"))]
    payment = next(d for d in running_deadlines(flow.case, CAL, D(2026, 12, 30)) if d.key == "payment")
    assert payment.due is None and "2027年的节假日安排尚未录入" in payment.warning
    flow.do(cmd.RecordPayment(amount=Decimal("3000"), paid_on=D(2026, 12, 30)), H1, D(2026, 12, 30),
            calendar=CAL)  # fmt: skip
    assert flow.case.stage is Stage.PENDING_CLOSE


def test_a_reminder_is_refused_as_not_overdue_not_as_an_unknown_year_行政强制法_54() -> None:
    flow = decided_on_28_december()
    with pytest.raises(TransitionRefused) as early:
        flow.do(rc.RemindPayment(pay_within_days=10, docno="鄂汉市监催〔2026〕1号"), H1, D(2026, 12, 31),
                calendar=CAL)  # fmt: skip
    assert early.value.code == "not_overdue"
    assert remedy_deadlines(flow.case, CAL, D(2026, 12, 31)) == []


def test_once_the_due_date_has_passed_the_unknown_year_is_said_not_guessed() -> None:
    flow = decided_on_28_december()
    with pytest.raises(UnknownCalendarYear):
        accrued_late_fee(flow.case, CAL, D(2027, 1, 13))
    (row,) = remedy_deadlines(flow.case, CAL, D(2027, 1, 13))
    assert row.key == "enforcement" and row.due is None and "2027" in row.warning
    entered = WorkingCalendar({D(2027, 1, 1): False}, complete_years=[2027])  # the administrator's table
    assert accrued_late_fee(flow.case, entered, D(2027, 1, 13)) == Decimal("90.00")  # 1 day × 3% × 3,000


def test_a_waived_statement_lets_the_decision_go_before_next_years_holidays_are_known_程序规定_57() -> None:
    """Notice served on 29 December: its five working days end in January. A party who waives (明确放弃)
    may be decided at once; without the waiver the end of the period is unknown, which is said."""
    flow = notified_in_december(D(2026, 12, 29))
    decide = cmd.IssueDecision(outcome=Outcome.PENALTY, penalty=fine("3000"), reasons="事实清楚，证据确凿",
                               docno="鄂汉市监处罚〔2026〕99号")  # fmt: skip
    with pytest.raises(UnknownCalendarYear):
        flow.do(decide, HEAD, D(2026, 12, 30), calendar=CAL)
    flow.do(cmd.RecordStatement(kind=StatementKind.WAIVER, summary="", stated_on=D(2026, 12, 30)), H1,
            D(2026, 12, 30), calendar=CAL)  # fmt: skip
    flow.do(decide, HEAD, D(2026, 12, 30), calendar=CAL)
    assert flow.case.decision is not None
