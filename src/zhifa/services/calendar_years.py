"""Years the holiday package does not know: an administrator enters the whole table, then marks it complete.

Only then does the calendar answer for that year; until then every question about it stays
`unknown_calendar_year` (a single entry must not make the rest of the year plain weekdays).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from zhifa.domain.actors import Actor
from zhifa.domain.calendar import package_knows
from zhifa.errors import ValidationFailed
from zhifa.services.calendar import ensure_calendar_admin, forget_calendar
from zhifa.store.models.calendar import CalendarOverride, CalendarYear
from zhifa.store.uow import UnitOfWork

# 全国年节及纪念日放假办法 第二条: fixed-date statutory holidays every complete table must contain.
FIXED_HOLIDAYS = ((1, 1, "元旦"), (5, 1, "劳动节"), (10, 1, "国庆节"))


def complete_years(uow: UnitOfWork) -> list[int]:
    """Years marked complete, ascending."""
    return list(uow.session.execute(select(CalendarYear.year).order_by(CalendarYear.year)).scalars())


def mark_year_complete(uow: UnitOfWork, actor: Actor | None, year: int, note: str = "") -> CalendarYear:
    """Declare `year`'s table complete (administrators; CLI operator = None). The table must hold at least
    the fixed-date statutory holidays as holidays; a year the package knows needs no marking."""
    ensure_calendar_admin(uow, actor)
    if not 2000 <= year <= 2100:
        raise ValidationFailed(f"年份 {year} 超出可维护范围（2000—2100年）", code="bad_year")
    if package_knows(year):
        raise ValidationFailed(
            f"系统内置的国务院放假安排已包含{year}年，无需确认；个别日期可直接更正", code="year_known"
        )
    if len(note) > 200:
        raise ValidationFailed("备注不能超过200字", code="note_too_long")
    rows = uow.session.execute(
        select(CalendarOverride.day, CalendarOverride.is_working_day).where(
            CalendarOverride.day >= date(year, 1, 1), CalendarOverride.day <= date(year, 12, 31)
        )
    ).all()
    holidays = {day for day, working in rows if not working}
    missing = [name for m, d, name in FIXED_HOLIDAYS if date(year, m, d) not in holidays]
    if missing:
        raise ValidationFailed(
            f"{year}年的节假日表不完整：尚未录入{'、'.join(missing)}（全国年节及纪念日放假办法第二条），"
            "请先录入该年全部法定节假日和调休上班日",
            code="calendar_year_incomplete",
            details={"year": year, "missing": missing},
        )
    row = uow.session.get(CalendarYear, year)
    if row is None:
        row = CalendarYear(year=year, marked_at=datetime.now(UTC))
        uow.session.add(row)
    row.note = note
    row.marked_by = actor.username if actor else "cli"
    row.marked_at = datetime.now(UTC)
    uow.flush()
    forget_calendar()
    return row


def unmark_year(uow: UnitOfWork, actor: Actor | None, year: int) -> bool:
    """Withdraw the completeness mark (the year becomes unknown again); True when it was marked."""
    ensure_calendar_admin(uow, actor)
    row = uow.session.get(CalendarYear, year)
    if row is None:
        return False
    uow.session.delete(row)
    uow.flush()
    forget_calendar()
    return True
