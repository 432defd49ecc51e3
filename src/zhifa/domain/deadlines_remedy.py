"""Deadlines of the coercive measures and of the court-enforcement window, shown with the case's others."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from zhifa.domain.calendar import UnknownCalendarYear, WorkingCalendar
from zhifa.domain.deadlines import Deadline, compute_due, final_payment_due
from zhifa.domain.enforcement import enforcement_window, pending_appeal
from zhifa.domain.options import PauseKind
from zhifa.domain.remedies import Seizure
from zhifa.domain.stages import Stage
from zhifa.domain.state import Case

SEIZURE_DAYS = 30  # 行政强制法 第二十五条第一款; 程序规定 第三十八条
SEIZURE_EXTENSION_MAX = 30
SEIZURE_BASIS = "行政强制法第二十五条；程序规定第三十八条"
ENFORCE_NAME = "申请人民法院强制执行（复议、诉讼期限届满之日起三个月内）"
ENFORCE_BASIS = "程序规定第七十六条；行政强制法第五十三条"


def seizure_due(case: Case, seizure: Seizure, cal: WorkingCalendar, today: date) -> date:
    """Last day of the term: 30 days (+ the extension), testing time not counted (第三十八条第三款)."""
    return compute_due(
        cal,
        seizure.seized_on,
        SEIZURE_DAYS + seizure.extended_days,
        working_days=False,
        pauses=case.pauses,
        kinds={PauseKind.TESTING},
        today=today,
    )


def remedy_deadlines(case: Case, cal: WorkingCalendar, today: date) -> list[Deadline]:
    """The 查封/扣押 term and the window for applying to the court for enforcement."""
    out: list[Deadline] = []
    for s in case.seizures:
        if s.lifted_on is None:
            name = "查封、扣押期限" + ("（已延长）" if s.extended_days else "")
            due = partial(seizure_due, case, s, cal, today)
            length = SEIZURE_DAYS + s.extended_days
            out.append(deadline_row("seizure", name, SEIZURE_BASIS, s.seized_on, length, due, today))
    if (
        case.stage is Stage.EXECUTION
        and case.schedule
        and case.enforcement_applied_on is None
        and pending_appeal(case) is None
    ):
        payment_due = partial(final_payment_due, case, cal, today)
        try:
            final_due = payment_due()
        except UnknownCalendarYear:  # a past due date in a year without holiday table: said, not hidden
            written = max(d for d, _ in case.schedule)
            out.append(
                deadline_row("enforcement", ENFORCE_NAME, ENFORCE_BASIS, written, None, payment_due, today)
            )
            return out
        if today > final_due:
            due = partial(_enforcement_last_day, case, cal, final_due)
            out.append(deadline_row("enforcement", ENFORCE_NAME, ENFORCE_BASIS, final_due, None, due, today))
    return out


def _enforcement_last_day(case: Case, cal: WorkingCalendar, final_due: date) -> date:
    window = enforcement_window(case, cal, final_due)
    assert window is not None
    return cal.roll_forward(window[1])


def deadline_row(
    key: str,
    name: str,
    basis: str,
    start: date,
    length: int | None,
    due: Callable[[], date],
    today: date,
    working: bool = False,
) -> Deadline:
    """One deadline of `length` calendar (or `working`) days; length None: the calendar days from `start`
    to the due date."""
    try:
        when = due()
    except UnknownCalendarYear as exc:
        return Deadline(key, name, basis, start, length or 0, working, None, None, False, False, exc.message)
    left = (when - today).days
    days = (when - start).days if length is None else length
    return Deadline(key, name, basis, start, days, working, when, left, False, left < 0)
