"""Deadline engine: every running deadline of a case, with its legal basis, days left and pause state."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from zhifa.domain.calendar import UnknownCalendarYear, WorkingCalendar
from zhifa.domain.enforcement import late_fee_pauses
from zhifa.domain.grounds import Outcome
from zhifa.domain.money import late_fee
from zhifa.domain.options import Pause, PauseKind, StatementKind
from zhifa.domain.stages import PRE_DECISION, Stage
from zhifa.domain.state import Case
from zhifa.domain.values import PenaltyKind

ALL_PAUSES = frozenset(PauseKind)
CLUE_PAUSES = frozenset({PauseKind.TESTING})


@dataclass(frozen=True)
class Deadline:
    """One running deadline; `due` is None (with `warning`) when the calendar year is unknown."""

    key: str
    name: str
    basis: str
    start: date
    length: int
    working_days: bool
    due: date | None
    days_left: int | None
    paused: bool
    overdue: bool
    warning: str = ""


def _paused_on(day: date, pauses: Sequence[Pause], kinds: Collection[PauseKind], today: date) -> bool:
    return any(p.kind in kinds and p.start < day <= (p.end or today) for p in pauses)


def compute_due(
    cal: WorkingCalendar,
    start: date,
    length: int,
    *,
    working_days: bool,
    pauses: Sequence[Pause] = (),
    kinds: Collection[PauseKind] = ALL_PAUSES,
    today: date | None = None,
) -> date:
    """Due date: `start` not counted, paused days skipped, a calendar deadline on a holiday rolled forward."""
    horizon = today or start
    pausing = [p for p in pauses if p.kind in kinds and p.start < (p.end or horizon)]
    if not pausing:  # no clock stop of these kinds can count: the plain count (most cases)
        if working_days:
            return cal.add_working_days(start, length)
        return cal.roll_forward(start + timedelta(days=length))
    counted, day = 0, start
    while counted < length:
        day += timedelta(days=1)
        if _paused_on(day, pausing, kinds, horizon):
            continue
        if working_days and not cal.is_working_day(day):
            continue
        counted += 1
    return day if working_days else cal.roll_forward(day)


def statement_window_end(case: Case, cal: WorkingCalendar) -> date | None:
    """Last day to state a case or ask for a hearing: 5 working days (第五十七条; 听证办法 第七条)."""
    if case.notice_served_on is None:
        return None
    return cal.add_working_days(case.notice_served_on, 5)


def clue_due(case: Case, cal: WorkingCalendar, today: date) -> date:
    """Clue check: 15 working days (+15 approved), testing time not counted (程序规定 第十八条)."""
    assert case.discovered_on is not None
    return compute_due(
        cal,
        case.discovered_on,
        15 + case.clue_extended_days,
        working_days=True,
        pauses=case.pauses,
        kinds=CLUE_PAUSES,
        today=today,
    )


def decision_due(case: Case, cal: WorkingCalendar, today: date) -> date:
    """Decision: 90 days from filing plus approved extensions, pauses not counted (程序规定 第六十四条)."""
    assert case.filed_on is not None
    extra = sum(e.days for e in case.extensions.get("decision", []))
    return compute_due(cal, case.filed_on, 90 + extra, working_days=False, pauses=case.pauses, today=today)


def _moved_off_holiday(cal: WorkingCalendar, due: date, today: date | None) -> date:
    try:
        return cal.roll_forward(due)
    except UnknownCalendarYear:
        if today is None or due < today:
            raise
        return due  # not due before today whatever its year's holidays: as of today nothing turns on it


def effective_schedule(
    case: Case, cal: WorkingCalendar, today: date | None = None
) -> list[tuple[date, Decimal]]:
    """Payment due dates, each moved off a holiday (程序规定 第八十条). Given `today`, a due date not before
    today in a year whose holidays are not entered yet is kept as written: moving it can only make it
    later, so what is owed or overdue on `today` is the same (a fine paid on time in late December is
    recorded before next year's holiday table is entered)."""
    return [(_moved_off_holiday(cal, due, today), amount) for due, amount in case.schedule]


def final_payment_due(case: Case, cal: WorkingCalendar, today: date) -> date:
    """The last payment due date (after 第八十条), from which 催告 and 强制执行 are counted."""
    return max(d for d, _ in effective_schedule(case, cal, today))


def accrued_late_fee(case: Case, cal: WorkingCalendar, today: date) -> Decimal:
    """Late fee accrued so far on the fine (行政处罚法 第七十二条; 程序规定 第七十五条)."""
    penalty = case.decided_penalty
    if penalty is None or not case.schedule:
        return Decimal("0.00")
    schedule = effective_schedule(case, cal, today)
    return late_fee(penalty.fine, schedule, case.payments, today, late_fee_pauses(case))


def _next_payment(case: Case, cal: WorkingCalendar) -> tuple[date, date]:
    cumulative, paid = Decimal(0), case.paid
    schedule = effective_schedule(case, cal)
    for due, amount in schedule:
        cumulative += amount
        if paid < cumulative:
            return due, due
    return schedule[-1][0], schedule[-1][0]


def running_deadlines(case: Case, calendar: WorkingCalendar, today: date) -> list[Deadline]:
    """All deadlines running on `today`, each with its legal basis, days left and whether it is paused."""
    out: list[Deadline] = []

    def add(
        key: str,
        name: str,
        basis: str,
        start: date,
        length: int,
        working: bool,
        due: Callable[[], date],
        kinds: Collection[PauseKind] = (),
    ) -> None:
        paused = _paused_on(today + timedelta(days=1), case.pauses, kinds, today + timedelta(days=1))
        try:
            when = due()
        except UnknownCalendarYear as exc:
            out.append(
                Deadline(key, name, basis, start, length, working, None, None, paused, False, exc.message)
            )
            return
        left = (when - today).days
        out.append(Deadline(key, name, basis, start, length, working, when, left, paused, left < 0))

    stage = case.stage
    if stage is Stage.CLUE and case.discovered_on:
        n = 15 + case.clue_extended_days
        add(
            "clue_check",
            "线索核查",
            "程序规定第十八条",
            case.discovered_on,
            n,
            True,
            lambda: clue_due(case, calendar, today),
            CLUE_PAUSES,
        )
    for preserved_on, handled_on in case.preservations:
        if handled_on is None:
            add(
                "preservation",
                "先行登记保存证据处理",
                "程序规定第三十五条",
                preserved_on,
                7,
                True,
                partial(calendar.add_working_days, preserved_on, 7),
            )
    if case.filed_on and (stage in PRE_DECISION or stage is Stage.SUSPENDED):
        n = 90 + sum(e.days for e in case.extensions.get("decision", []))
        add(
            "decision",
            "作出处理决定",
            "程序规定第六十四条；行政处罚法第六十条",
            case.filed_on,
            n,
            False,
            lambda: decision_due(case, calendar, today),
            ALL_PAUSES,
        )
    reported = case.reported_on
    if stage is Stage.REVIEW and reported:
        n = 10 + sum(e.days for e in case.extensions.get("review", []))
        add(
            "review",
            "审核",
            "程序规定第五十五条",
            reported,
            n,
            True,
            partial(calendar.add_working_days, reported, n),
        )
    waived = any(s.kind is StatementKind.WAIVER for s in case.statements)
    if stage is Stage.STATEMENT and case.notice_served_on and not waived:
        served = case.notice_served_on
        add(
            "statement",
            "陈述、申辩",
            "程序规定第五十七条第二款；行政处罚法第八十五条",
            served,
            5,
            True,
            lambda: calendar.add_working_days(served, 5),
        )
        if case.notice and case.notice.hearing_right:
            add(
                "hearing_request",
                "要求听证",
                "听证办法第七条",
                served,
                5,
                True,
                lambda: calendar.add_working_days(served, 5),
            )
    if stage is Stage.HEARING and case.presider is None and case.hearing_requested_on:
        requested = case.hearing_requested_on
        add(
            "hearing_presider",
            "确定听证主持人",
            "听证办法第十八条",
            requested,
            3,
            True,
            lambda: calendar.add_working_days(requested, 3),
        )
    decision = case.decision
    if stage is Stage.DECIDED and decision:
        add(
            "decision_service",
            "送达处理决定书",
            "程序规定第八十一条；行政处罚法第六十一条",
            decision.on,
            7,
            True,
            lambda: calendar.add_working_days(decision.on, 7),
        )
    if stage is Stage.EXECUTION and case.schedule and case.decision_served_on:
        add(
            "payment",
            "缴纳罚没款",
            "程序规定第七十二条、第七十四条；行政处罚法第六十七条",
            case.decision_served_on,
            15,
            False,
            lambda: _next_payment(case, calendar)[0],
        )
    if (
        case.closing_trigger_on
        and not case.summary_procedure
        and stage in (Stage.PENDING_CLOSE, Stage.TERMINATED, Stage.TRANSFERRED)
        and case.filed_on
    ):
        trigger = case.closing_trigger_on
        add(
            "closing",
            "填写结案审批表",
            "程序规定第七十七条",
            trigger,
            15,
            True,
            lambda: calendar.add_working_days(trigger, 15),
        )
    if (
        decision
        and decision.penalty
        and decision.outcome is Outcome.PENALTY
        and not case.summary_procedure
        and decision.penalty.kinds != {PenaltyKind.WARNING}
        and case.published_on is None
        and stage is not Stage.ARCHIVED
    ):
        add(
            "publicity",
            "公示行政处罚信息",
            "市场监督管理行政处罚信息公示规定第九条",
            decision.on,
            20,
            True,
            lambda: calendar.add_working_days(decision.on, 20),
        )
    if case.summary_procedure and case.summary_filed_on is None and decision:
        add(
            "summary_filing",
            "当场处罚报部门备案、材料交部门归档",
            "行政处罚法第五十二条第三款；程序规定第七十条",
            decision.on,
            7,
            True,
            lambda: calendar.add_working_days(decision.on, 7),
        )
    collected = case.cash_collected_on
    if collected is not None and case.cash_handed_on is None:
        add(
            "cash_handover",
            "当场收缴的罚款交至部门",
            "行政处罚法第七十一条、第八十五条；程序规定第七十三条",
            collected,
            2,
            True,
            lambda: calendar.add_working_days(collected, 2),
        )
    from zhifa.domain.deadlines_records import record_deadlines  # these two build on this module
    from zhifa.domain.deadlines_remedy import remedy_deadlines

    return out + remedy_deadlines(case, calendar, today) + record_deadlines(case, calendar, today)
