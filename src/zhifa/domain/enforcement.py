"""When the agency may apply to the court for enforcement, and when the late fee stops counting.

程序规定 第七十六条 and 行政强制法 第五十三条: only when the party has neither applied for 行政复议 (60 days,
行政复议法 第二十条) nor sued (6 months, 行政诉讼法 第四十六条) within the legal periods, and within three
months after those periods end (after a deferral or instalments: after their end, 第七十六条第二款).
行政处罚法 第七十三条第三款: the late fee is not counted while a 复议 or 诉讼 is pending.
"""

from __future__ import annotations

import calendar as _cal
from datetime import date, timedelta
from typing import TYPE_CHECKING

from zhifa.domain.calendar import WorkingCalendar
from zhifa.domain.remedies import Appeal, AppealKind, AppealResult

if TYPE_CHECKING:
    from zhifa.domain.state import Case

RECONSIDERATION_DAYS = 60  # 行政复议法 第二十条第一款
LITIGATION_MONTHS = 6  # 行政诉讼法 第四十六条第一款
SUE_AFTER_RECONSIDERATION_DAYS = 15  # 行政诉讼法 第四十五条
APPLY_MONTHS = 3  # 行政强制法 第五十三条; 程序规定 第七十六条


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has no such day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, _cal.monthrange(year, month)[1]))


def pending_appeal(case: Case) -> Appeal | None:
    """The 复议 or 诉讼 not yet concluded, if any."""
    return next((a for a in case.appeals if a.concluded_on is None), None)


def appeal_periods_end(case: Case, cal: WorkingCalendar) -> date | None:
    """Last day on which the party may still apply for 复议 or sue (None before the decision is served)."""
    served = case.decision_served_on
    if served is None:
        return None
    end = cal.roll_forward(add_months(served, LITIGATION_MONTHS))
    concluded = [a for a in case.appeals if a.concluded_on is not None]
    if not concluded:
        return end
    last = max(concluded, key=lambda a: a.concluded_on or date.min)
    assert last.concluded_on is not None
    if last.kind is AppealKind.LITIGATION:
        return last.concluded_on
    after = cal.roll_forward(last.concluded_on + timedelta(days=SUE_AFTER_RECONSIDERATION_DAYS))
    return max(after, end) if last.result is AppealResult.WITHDRAWN else after


def enforcement_window(case: Case, cal: WorkingCalendar, final_due: date) -> tuple[date, date] | None:
    """(first day, nominal last day) on which the court may be asked to enforce; None before service.
    The last day moves to the next working day when it is a holiday (`cal.roll_forward`, 程序规定 第八十条);
    it is returned unrolled so that a day before it needs no calendar of a later year."""
    periods_end = appeal_periods_end(case, cal)
    if periods_end is None:
        return None
    base = max(periods_end, final_due)
    return base + timedelta(days=1), add_months(base, APPLY_MONTHS)


def late_fee_pauses(case: Case) -> list[tuple[date, date | None]]:
    """Periods of 复议 or 诉讼 (filed, concluded) in which the late fee is not counted."""
    return [(a.filed_on, a.concluded_on) for a in case.appeals]
