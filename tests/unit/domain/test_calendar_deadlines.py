"""Working-day calendar and deadline engine on real 2025/2026 holidays (chinese_calendar 1.11)."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.domain.builders import (
    CAL,
    H1,
    HEAD,
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
from zhifa.domain.calendar import UnknownCalendarYear, WorkingCalendar
from zhifa.domain.case import TransitionRefused
from zhifa.domain.deadlines import compute_due, running_deadlines
from zhifa.domain.options import Pause, PauseKind

D = date


def test_package_agrees_with_the_official_2026_spring_festival_arrangement() -> None:
    assert chinese_calendar.is_workday(D(2026, 2, 14)) and chinese_calendar.is_workday(D(2026, 2, 28))
    assert all(chinese_calendar.is_holiday(D(2026, 2, d)) for d in range(15, 24))


def test_statement_window_over_spring_festival_2026_counts_make_up_saturday_行政处罚法_85() -> None:
    # served Thu 02-12: 02-13 (Fri), 02-14 (make-up Sat), holiday 02-15..02-23, then 02-24, 02-25, 02-26
    assert CAL.add_working_days(D(2026, 2, 12), 5) == D(2026, 2, 26)


def test_five_working_days_over_national_day_2025_程序规定_80() -> None:
    # served Fri 09-26: 09-28 (make-up Sun), 09-29, 09-30, holiday 10-01..10-08, 10-09, 10-10
    assert CAL.add_working_days(D(2025, 9, 26), 5) == D(2025, 10, 10)
    assert CAL.is_working_day(D(2025, 10, 11))  # make-up Saturday


def test_national_day_2026_make_up_days() -> None:
    assert CAL.is_working_day(D(2026, 9, 20)) and CAL.is_working_day(D(2026, 10, 10))
    assert not CAL.is_working_day(D(2026, 10, 7))
    assert CAL.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)


def test_calendar_deadline_falling_on_a_holiday_moves_to_next_working_day_程序规定_80() -> None:
    # 15-day payment from 09-20 ends 10-05 (National Day) → 10-08
    assert CAL.add_calendar_days(D(2026, 9, 20), 15) == D(2026, 10, 8)
    # ending on a make-up Saturday: that day is a working day and stays
    assert CAL.add_calendar_days(D(2026, 9, 25), 15) == D(2026, 10, 10)


def test_first_day_not_counted_程序规定_80() -> None:
    assert CAL.add_working_days(D(2026, 3, 2), 1) == D(2026, 3, 3)
    assert CAL.add_calendar_days(D(2026, 3, 2), 0) == D(2026, 3, 2)
    assert CAL.working_days_between(D(2026, 3, 2), D(2026, 3, 9)) == 5


def test_unknown_year_2027_raises_a_clear_chinese_warning() -> None:
    with pytest.raises(UnknownCalendarYear) as raised:
        CAL.add_working_days(D(2026, 12, 28), 10)
    assert "2027年的节假日安排尚未录入" in raised.value.message
    assert raised.value.code == "unknown_calendar_year"
    assert not CAL.knows_year(2027)


def test_one_entry_for_2027_does_not_make_2027_known() -> None:
    # A 2027 holiday entered alone once made 2027-10-01 (国庆节) a "working day": it must stay unknown.
    cal = WorkingCalendar({D(2027, 1, 1): False})
    assert not cal.knows_year(2027)
    for day in (D(2027, 10, 1), D(2027, 1, 1)):
        with pytest.raises(UnknownCalendarYear):
            cal.is_working_day(day)


def test_unknown_year_2027_with_administrator_overrides_marked_complete() -> None:
    overrides = {D(2027, 1, 1): False, D(2027, 1, 4): False}  # 元旦 plus a hypothetical bridge day
    cal = WorkingCalendar(overrides, complete_years=[2027])
    assert cal.knows_year(2027)
    assert cal.add_working_days(D(2026, 12, 31), 2) == D(2027, 1, 6)  # 01-01 off, 01-02/03 weekend, 01-04 off
    assert cal.is_working_day(D(2027, 1, 5))


def test_override_corrects_a_known_year() -> None:
    cal = WorkingCalendar({D(2026, 3, 9): False})
    assert not cal.is_working_day(D(2026, 3, 9))
    assert cal.add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 10)


def test_running_deadlines_show_warning_instead_of_failing_for_unknown_year() -> None:
    flow = Flow()
    clue(flow, D(2026, 12, 18))
    deadlines = running_deadlines(flow.case, CAL, D(2026, 12, 18))
    (check,) = deadlines
    assert check.key == "clue_check" and check.due is None and "2027" in check.warning
    one_entry = WorkingCalendar({D(2027, 1, 1): False})  # not marked complete: still unknown
    assert running_deadlines(flow.case, one_entry, D(2026, 12, 18))[0].due is None
    complete = WorkingCalendar({D(2027, 1, 1): False}, complete_years=[2027])
    with_table = running_deadlines(flow.case, complete, D(2026, 12, 18))
    assert with_table[0].due == D(2027, 1, 11) and not with_table[0].warning


def test_clue_check_15_working_days_with_testing_paused_and_extension_程序规定_18() -> None:
    flow = Flow()
    clue(flow, D(2026, 3, 2))
    (check,) = running_deadlines(flow.case, CAL, D(2026, 3, 2))
    assert check.due == D(2026, 3, 23) and check.basis == "程序规定第十八条" and check.days_left == 21
    flow.do(
        cmd.PauseClock(kind=PauseKind.TESTING, started_on=D(2026, 3, 4), reason="送检样品"), H1, D(2026, 3, 4)
    )
    (paused,) = running_deadlines(flow.case, CAL, D(2026, 3, 11))
    assert paused.paused and paused.due == D(2026, 3, 30)  # 5 paused working days (03-05..03-11) pushed it
    flow.do(cmd.ResumeClock(kind=PauseKind.TESTING, ended_on=D(2026, 3, 11)), H1, D(2026, 3, 11))
    (resumed,) = running_deadlines(flow.case, CAL, D(2026, 3, 20))
    assert not resumed.paused and resumed.due == D(2026, 3, 30)
    flow.do(cmd.ExtendClueCheck(reason="涉及多个门店"), HEAD, D(2026, 3, 20))
    (extended,) = running_deadlines(flow.case, CAL, D(2026, 3, 20))
    assert extended.due == D(2026, 4, 21)  # +15 working days, 04-06 (清明) skipped
    with pytest.raises(TransitionRefused, match="一次"):
        flow.do(cmd.ExtendClueCheck(reason="再延"), HEAD, D(2026, 3, 21))


def test_clue_check_overdue_flag() -> None:
    flow = Flow()
    clue(flow, D(2026, 3, 2))
    (check,) = running_deadlines(flow.case, CAL, D(2026, 3, 24))
    assert check.overdue and check.days_left == -1
    with pytest.raises(TransitionRefused, match="已届满"):
        flow.do(cmd.ExtendClueCheck(reason="补批"), HEAD, D(2026, 3, 24))


def test_statement_and_hearing_request_deadlines_after_notice_听证办法_7() -> None:
    flow = Flow()
    clue(flow, D(2026, 2, 2))
    filed(flow, D(2026, 2, 3))
    evidence(flow, D(2026, 2, 4))
    report(flow, D(2026, 2, 5), fine("200000"))
    review(flow, D(2026, 2, 6))
    notice(flow, D(2026, 2, 11), D(2026, 2, 12), fine("200000"))
    keys = {d.key: d for d in running_deadlines(flow.case, CAL, D(2026, 2, 13))}
    assert keys["statement"].due == D(2026, 2, 26) and keys["hearing_request"].due == D(2026, 2, 26)
    assert keys["decision"].basis.startswith("程序规定第六十四条")
    with pytest.raises(TransitionRefused) as late:
        flow.do(cmd.RequestHearing(requested_on=D(2026, 2, 27)), H1, D(2026, 2, 27))
    assert late.value.code == "hearing_request_late"
    flow.do(cmd.RequestHearing(requested_on=D(2026, 2, 26)), H1, D(2026, 2, 27))
    keys = {d.key: d for d in running_deadlines(flow.case, CAL, D(2026, 2, 27))}
    assert keys["hearing_presider"].due == D(
        2026, 3, 2
    )  # 听证办法第十八条: 3 working days incl. make-up 02-28
    assert keys["decision"].paused  # hearing time not counted (程序规定第六十四条第二款)


def test_compute_due_skips_paused_days_only_inside_the_interval() -> None:
    pauses = [Pause(PauseKind.SUSPENSION, D(2026, 3, 10), D(2026, 3, 20))]
    assert compute_due(CAL, D(2026, 3, 2), 30, working_days=False, pauses=pauses) == D(2026, 4, 13)
    assert compute_due(CAL, D(2026, 3, 2), 30, working_days=False) == D(2026, 4, 1)


def _day_by_day(
    start: date, length: int, working: bool, pauses: list, kinds: frozenset, horizon: date
) -> date:
    """The count as 程序规定 第八十条 and 第六十四条第二款 word it: each day after `start` counts unless
    paused or (for working-day clocks) not a working day; a calendar-day deadline on a holiday moves to
    the next working day."""
    counted, day = 0, start
    while counted < length:
        day += timedelta(days=1)
        if any(p.kind in kinds and p.start < day <= (p.end or horizon) for p in pauses):
            continue
        if working and not CAL.is_working_day(day):
            continue
        counted += 1
    return day if working else CAL.roll_forward(day)


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(D(2025, 1, 1), D(2026, 9, 30)),
    length=st.integers(0, 120),
    working=st.booleans(),
    raw_pauses=st.lists(
        st.tuples(st.sampled_from(list(PauseKind)), st.integers(-30, 150), st.none() | st.integers(0, 60)),
        max_size=3,
    ),
    kinds=st.sampled_from([frozenset(PauseKind), frozenset({PauseKind.TESTING})]),
    ahead=st.integers(0, 200),
)
def test_compute_due_equals_the_day_by_day_count_第八十条_第六十四条(
    start: date,
    length: int,
    working: bool,
    raw_pauses: list[tuple[PauseKind, int, int | None]],
    kinds: frozenset[PauseKind],
    ahead: int,
) -> None:
    # compute_due skips the day-by-day walk when no pause of the clock's kinds can stop it: same answer
    pauses = [
        Pause(kind, start + timedelta(days=off), None if span is None else start + timedelta(days=off + span))
        for kind, off, span in raw_pauses
    ]
    today = start + timedelta(days=ahead)
    try:
        expected = _day_by_day(start, length, working, pauses, kinds, today)
    except UnknownCalendarYear:  # the count ran into 2027, which chinese-calendar 1.11 does not know
        with pytest.raises(UnknownCalendarYear):
            compute_due(CAL, start, length, working_days=working, pauses=pauses, kinds=kinds, today=today)
        return
    assert compute_due(CAL, start, length, working_days=working, pauses=pauses, kinds=kinds, today=today) == (
        expected
    )
