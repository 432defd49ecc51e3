"""Deadlines the records and notices set (`records`), shown with the case's others: the hearing on the day
its notice names (听证办法 第二十条), the hearing report five working days after it (第二十九条), and the
period a 责令改正通知书 gives for the correction (行政处罚法 第二十八条第一款)."""

from __future__ import annotations

from datetime import date
from functools import partial

from zhifa.domain.calendar import WorkingCalendar
from zhifa.domain.deadlines import Deadline
from zhifa.domain.deadlines_remedy import deadline_row as _row
from zhifa.domain.stages import Stage
from zhifa.domain.state import Case

REPORT_DAYS = 5  # 听证办法 第二十九条
DONE = frozenset({Stage.CLOSED, Stage.ARCHIVED, Stage.TERMINATED, Stage.TRANSFERRED, Stage.NOT_FILED})


def record_deadlines(case: Case, cal: WorkingCalendar, today: date) -> list[Deadline]:
    """The deadlines of the records and notices running on `today`."""
    out: list[Deadline] = []
    scheduled = case.hearing_scheduled
    held = case.hearing_recorded_on
    if case.stage is Stage.HEARING and scheduled is not None and held is None:
        day = scheduled.hearing_on
        out.append(_row("hearing", "举行听证", "听证办法第二十条", scheduled.on, None, lambda: day, today))
    if case.stage is Stage.HEARING and held is not None:
        due = partial(cal.add_working_days, held, REPORT_DAYS)
        basis = "听证办法第二十九条"
        out.append(_row("hearing_report", "撰写听证报告", basis, held, REPORT_DAYS, due, today, True))
    ordered = case.correction_ordered
    if ordered is not None and ordered.deadline is not None and case.stage not in DONE:
        end = ordered.deadline
        name, basis = "责令改正期限（届满后复查）", "行政处罚法第二十八条第一款"
        out.append(_row("correction", name, basis, ordered.on, None, lambda: end, today))
    return out
