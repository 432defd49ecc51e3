"""Working-day calendar: chinese_calendar plus an administrator-editable override table.

Counting rules (程序规定 第八十条): the first day is not counted; a period whose last day is a
statutory holiday ends on the first day after the holiday.  行政处罚法 第八十五条: the 2/3/5/7-day periods
of that law are working days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

import chinese_calendar

from zhifa.errors import ValidationFailed


class UnknownCalendarYear(ValidationFailed):
    """The holiday arrangement of a year is not known yet (neither the package nor the override table).

    A question the data cannot answer yet: 422 with its own code, never a server error.
    """

    code = "unknown_calendar_year"
    http_status = 422

    def __init__(self, year: int) -> None:
        super().__init__(
            f"{year}年的节假日安排尚未录入：系统内置的放假安排不含该年，请系统管理员在节假日表中补录"
            f"{year}年的全部法定节假日和调休上班日并确认该年录入完整后再计算期限",
            details={"year": year},
        )
        self.year = year


def package_knows(year: int) -> bool:
    """True when chinese-calendar carries the year's arrangement."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


class WorkingCalendar:
    """Working days from chinese_calendar, corrected and extended by `overrides` (date → is working day).

    A year the package does not know becomes known only when an administrator has entered its whole
    holiday table and marked it complete (`complete_years`); single entries for such a year answer
    nothing until then (one 2027 entry must not make every other 2027 day a plain weekday).
    """

    def __init__(
        self, overrides: Mapping[date, bool] | None = None, complete_years: Iterable[int] = ()
    ) -> None:
        self._overrides: dict[date, bool] = dict(overrides or {})
        self._complete_years = set(complete_years)
        self._known: dict[int, bool] = {}
        self._days: dict[date, bool] = {}  # answers given (the calendar is immutable once built)

    def knows_year(self, year: int) -> bool:
        """True when the year's holidays come from the package or from a table marked complete."""
        if year not in self._known:
            self._known[year] = year in self._complete_years or package_knows(year)
        return self._known[year]

    def check_year(self, year: int) -> None:
        """Raise UnknownCalendarYear (Chinese message) when the year's arrangement is unknown."""
        if not self.knows_year(year):
            raise UnknownCalendarYear(year)

    def is_working_day(self, day: date) -> bool:
        """True for a working day (make-up Saturdays included, statutory holidays excluded)."""
        known = self._days.get(day)
        if known is None:
            known = self._days[day] = self._look_up(day)
        return known

    def _look_up(self, day: date) -> bool:
        self.check_year(day.year)
        if day in self._overrides:
            return self._overrides[day]
        if day.year in self._complete_years and not package_knows(day.year):
            return day.weekday() < 5
        return bool(chinese_calendar.is_workday(day))

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        current = day + timedelta(days=1)
        while not self.is_working_day(current):
            current += timedelta(days=1)
        return current

    def roll_forward(self, day: date) -> date:
        """`day` itself when it is a working day, else the next working day (程序规定 第八十条)."""
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start`; `start` itself is not counted (程序规定 第八十条)."""
        if n < 0:
            raise ValueError("n must be non-negative")
        current = start
        for _ in range(n):
            current = self.next_working_day(current)
        return current

    def add_calendar_days(self, start: date, n: int) -> date:
        """`start` + n calendar days, moved to the next working day when it falls on a holiday (第八十条)."""
        if n < 0:
            raise ValueError("n must be non-negative")
        return self.roll_forward(start + timedelta(days=n))

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]: how many working days have passed since `start` by `end`."""
        count = 0
        current = start
        while current < end:
            current += timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count
