"""复议/诉讼 and court enforcement (程序规定第七十六条; 行政强制法第五十三条), the late fee while
they are pending (行政处罚法第七十三条第三款), 责令退还多收价款 outside the decision clock
(程序规定第六十四条第二款) and the 查封/扣押 clock (行政强制法第二十五条; 程序规定第三十八条)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.unit.domain.builders import CAL, H1, HEAD, Flow, clue, filed, fine
from tests.unit.domain.test_procedures import decide_penalty, ordinary_until_notice, serve_decision
from zhifa.domain import commands as cmd
from zhifa.domain import remedies as rm
from zhifa.domain.case import TransitionRefused
from zhifa.domain.deadlines import accrued_late_fee, decision_due, running_deadlines
from zhifa.domain.enforcement import add_months
from zhifa.domain.options import PauseKind

D = date
COURT = "江岸区人民法院"


def decided(served: date = D(2026, 3, 20)) -> Flow:
    flow = Flow()
    ordinary_until_notice(flow, fine("3000"))
    decide_penalty(flow, D(2026, 3, 20), "3000")
    serve_decision(flow, served)
    return flow


def enforce(flow: Flow, reminder: date, on: date) -> None:
    flow.do(cmd.ApplyEnforcement(reminder_served_on=reminder, court=COURT), HEAD, on)


def test_months_are_calendar_months() -> None:
    assert add_months(D(2026, 3, 20), 6) == D(2026, 9, 20)
    assert add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)


def test_no_enforcement_while_the_litigation_period_runs_行政强制法_53() -> None:
    flow = decided()  # served 03-20: 六个月 → 09-20 (a make-up working Sunday)
    with pytest.raises(TransitionRefused) as early:
        enforce(flow, D(2026, 5, 25), D(2026, 6, 9))
    assert early.value.code == "appeal_period_running"
    enforce(flow, D(2026, 9, 22), D(2026, 10, 20))
    assert flow.case.enforcement_applied_on == D(2026, 10, 20)


def test_enforcement_only_within_three_months_after_the_periods_程序规定_76() -> None:
    flow = decided()
    window = next(d for d in running_deadlines(flow.case, CAL, D(2026, 10, 1)) if d.key == "enforcement")
    assert window.due == D(2026, 12, 21)  # 三个月 after 09-20 → 12-20, a Sunday → 12-21
    with pytest.raises(TransitionRefused) as late:
        enforce(flow, D(2026, 9, 22), D(2026, 12, 22))
    assert late.value.code == "enforcement_period_expired"


def test_no_enforcement_while_a_reconsideration_is_pending_and_15_days_after_it_行政诉讼法_45() -> None:
    flow = decided()
    flow.do(
        rm.RecordAppeal(kind=rm.AppealKind.RECONSIDERATION, filed_on=D(2026, 4, 1), body="武汉市人民政府"),
        H1,
        D(2026, 4, 2),
    )
    with pytest.raises(TransitionRefused) as twice:  # not both at once (行政诉讼法第四十四条)
        flow.do(
            rm.RecordAppeal(kind=rm.AppealKind.LITIGATION, filed_on=D(2026, 4, 3), body=COURT),
            H1,
            D(2026, 4, 3),
        )
    assert twice.value.code == "appeal_pending"
    with pytest.raises(TransitionRefused) as pending:
        enforce(flow, D(2026, 10, 1), D(2026, 10, 20))
    assert pending.value.code == "appeal_pending"
    outcome = rm.RecordAppealOutcome(
        kind=rm.AppealKind.RECONSIDERATION, concluded_on=D(2026, 11, 2), result=rm.AppealResult.UPHELD
    )
    flow.do(outcome, H1, D(2026, 11, 2))
    with pytest.raises(TransitionRefused) as running:  # 15 days to sue after the 复议决定 → 11-17
        enforce(flow, D(2026, 11, 3), D(2026, 11, 17))
    assert running.value.code == "appeal_period_running"
    enforce(flow, D(2026, 11, 3), D(2026, 11, 18))


def test_a_revoked_decision_is_never_enforced() -> None:
    flow = decided()
    flow.do(
        rm.RecordAppeal(kind=rm.AppealKind.LITIGATION, filed_on=D(2026, 4, 1), body=COURT), H1, D(2026, 4, 1)
    )
    result = rm.AppealResult.REVOKED
    flow.do(
        rm.RecordAppealOutcome(kind=rm.AppealKind.LITIGATION, concluded_on=D(2026, 8, 1), result=result),
        H1,
        D(2026, 8, 3),
    )
    with pytest.raises(TransitionRefused) as revoked:
        enforce(flow, D(2026, 8, 4), D(2026, 9, 1))
    assert revoked.value.code == "decision_revoked"


def test_late_fee_does_not_accrue_while_a_reconsideration_is_pending_行政处罚法_73_3() -> None:
    flow = decided()  # due 04-07 (15 days after service; 04-04..06 Qingming) → 3% a day from 04-08
    assert accrued_late_fee(flow.case, CAL, D(2026, 4, 10)) == Decimal("270.00")
    flow.do(
        rm.RecordAppeal(kind=rm.AppealKind.RECONSIDERATION, filed_on=D(2026, 4, 9), body="市政府"),
        H1,
        D(2026, 4, 9),
    )
    # 04-08 counts; from the filing day 04-09 nothing more while pending
    assert accrued_late_fee(flow.case, CAL, D(2026, 5, 30)) == Decimal("90.00")
    outcome = rm.RecordAppealOutcome(
        kind=rm.AppealKind.RECONSIDERATION, concluded_on=D(2026, 5, 31), result=rm.AppealResult.UPHELD
    )
    flow.do(outcome, H1, D(2026, 6, 1))
    assert accrued_late_fee(flow.case, CAL, D(2026, 6, 2)) == Decimal("270.00")  # 06-01, 06-02 count again


def test_refund_order_time_is_not_counted_in_the_90_days_程序规定_64_2() -> None:
    flow = Flow()
    clue(flow, D(2026, 3, 2))
    filed(flow, D(2026, 3, 4))
    before = decision_due(flow.case, CAL, D(2026, 3, 10))
    pause = cmd.PauseClock(kind=PauseKind.REFUND_ORDER, started_on=D(2026, 3, 10), reason="责令退还多收价款")
    flow.do(pause, H1, D(2026, 3, 10))
    flow.do(cmd.ResumeClock(kind=PauseKind.REFUND_ORDER, ended_on=D(2026, 3, 30)), H1, D(2026, 3, 30))
    assert (decision_due(flow.case, CAL, D(2026, 3, 30)) - before).days >= 20


def test_refund_order_is_not_a_clue_check_pause() -> None:
    flow = Flow()
    clue(flow, D(2026, 3, 2))
    with pytest.raises(TransitionRefused) as raised:
        flow.do(
            cmd.PauseClock(kind=PauseKind.REFUND_ORDER, started_on=D(2026, 3, 3), reason="退款"),
            H1,
            D(2026, 3, 3),
        )
    assert raised.value.code == "bad_pause_kind"


def test_seizure_30_days_extended_once_by_at_most_30_行政强制法_25() -> None:
    flow = Flow()
    clue(flow, D(2026, 3, 2))
    filed(flow, D(2026, 3, 4))
    flow.do(rm.ImposeSeizure(seized_on=D(2026, 3, 5), items="涉案食品120箱"), HEAD, D(2026, 3, 5))
    term = next(d for d in running_deadlines(flow.case, CAL, D(2026, 3, 6)) if d.key == "seizure")
    assert term.due == D(2026, 4, 7) and term.length == 30  # 04-04 (Sat, 清明) → next working day 04-07
    with pytest.raises(TransitionRefused) as too_long:
        flow.do(rm.ExtendSeizure(days=31, reason="案情复杂需检验"), HEAD, D(2026, 3, 20))
    assert too_long.value.code == "bad_days"
    flow.do(rm.ExtendSeizure(days=30, reason="案情复杂需检验"), HEAD, D(2026, 3, 20))
    with pytest.raises(TransitionRefused) as again:
        flow.do(rm.ExtendSeizure(days=10, reason="仍需检验"), HEAD, D(2026, 3, 25))
    assert again.value.code == "seizure_extended_once"
    term = next(d for d in running_deadlines(flow.case, CAL, D(2026, 3, 25)) if d.key == "seizure")
    assert term.length == 60 and term.due == D(2026, 5, 6)  # 05-04 in the May Day holiday → 05-06
    flow.do(rm.LiftSeizure(lifted_on=D(2026, 4, 10), reason="检验合格，解除扣押"), HEAD, D(2026, 4, 10))
    assert not any(d.key == "seizure" for d in running_deadlines(flow.case, CAL, D(2026, 4, 11)))


def test_an_enforcement_window_in_an_unknown_year_is_a_warning_not_a_failure() -> None:
    flow = decided(D(2026, 9, 1))  # 六个月 → 2027-03-01: chinese-calendar does not know 2027
    (window,) = [d for d in running_deadlines(flow.case, CAL, D(2026, 9, 30)) if d.key == "enforcement"]
    assert window.due is None and "2027" in window.warning
