"""Working-day calendar backed by chinese-calendar plus the holiday table administrators edit."""

from __future__ import annotations

import threading
import time
import weakref
from datetime import UTC, date, datetime

from sqlalchemy import Engine, select

from zhifa.domain.actors import Actor, Role
from zhifa.domain.calendar import WorkingCalendar
from zhifa.errors import PermissionDenied, ValidationFailed
from zhifa.store.models.calendar import CalendarOverride, CalendarYear
from zhifa.store.models.identity import Agency
from zhifa.store.uow import UnitOfWork

CACHE_TTL = 60.0  # seconds an edit made by another process may take to be seen here
_cache: weakref.WeakKeyDictionary[Engine, tuple[float, WorkingCalendar]] = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


def forget_calendar() -> None:
    """Drop the cached calendars (after an edit of the holiday table)."""
    with _cache_lock:
        _cache.clear()


def load_calendar(uow: UnitOfWork) -> WorkingCalendar:
    """The calendar with every override from the holiday table (cached per database for CACHE_TTL s)."""
    key = uow.engine
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    rows = uow.session.execute(select(CalendarOverride.day, CalendarOverride.is_working_day))
    years = uow.session.execute(select(CalendarYear.year)).scalars()
    calendar = WorkingCalendar({day: working for day, working in rows}, complete_years=years)
    with _cache_lock:
        _cache[key] = (now + CACHE_TTL, calendar)
    return calendar


def list_overrides(uow: UnitOfWork, year: int | None = None) -> list[CalendarOverride]:
    """Overrides in date order, optionally for one year."""
    stmt = select(CalendarOverride).order_by(CalendarOverride.day)
    if year is not None:
        stmt = stmt.where(
            CalendarOverride.day >= date(year, 1, 1), CalendarOverride.day <= date(year, 12, 31)
        )
    return list(uow.session.execute(stmt).scalars())


def ensure_calendar_admin(uow: UnitOfWork, actor: Actor | None) -> None:
    """The holiday table is province-wide: only a 省局 system administrator (or the CLI operator) edits it."""
    if actor is None:
        return
    if not actor.has(Role.ADMIN):
        raise PermissionDenied("只有系统管理员可以维护节假日表", code="admin_only")
    level = uow.session.scalar(select(Agency.level).where(Agency.id == actor.agency_id))
    if level != "province":
        raise PermissionDenied(
            "节假日表影响全省各级机构的期限计算，只有省局系统管理员可以维护", code="province_admin_only"
        )


def check_calendar_admin(uow: UnitOfWork, actor: Actor) -> None:
    """Raise 403 unless the actor may edit the holiday table (its own transaction)."""
    with uow:
        ensure_calendar_admin(uow, actor)


def set_override(
    uow: UnitOfWork, actor: Actor | None, day: date, is_working_day: bool, note: str = ""
) -> CalendarOverride:
    """Declare one day a working day or a holiday; only 省局 administrators (or the CLI, actor=None)."""
    ensure_calendar_admin(uow, actor)
    if not 2000 <= day.year <= 2100:
        raise ValidationFailed(f"日期 {day.isoformat()} 超出可维护范围（2000—2100年）", code="bad_date")
    if len(note) > 200:
        raise ValidationFailed("备注不能超过200字", code="note_too_long")
    row = uow.session.execute(
        select(CalendarOverride).where(CalendarOverride.day == day)
    ).scalar_one_or_none()
    if row is None:
        row = CalendarOverride(
            day=day, is_working_day=is_working_day, note=note, updated_at=datetime.now(UTC)
        )
        uow.session.add(row)
    row.is_working_day = is_working_day
    row.note = note
    row.updated_by = actor.username if actor else "cli"
    row.updated_at = datetime.now(UTC)
    uow.flush()
    forget_calendar()
    return row


def remove_override(uow: UnitOfWork, actor: Actor | None, day: date) -> bool:
    """Remove one override; True when there was one (省局 administrators only)."""
    ensure_calendar_admin(uow, actor)
    row = uow.session.execute(
        select(CalendarOverride).where(CalendarOverride.day == day)
    ).scalar_one_or_none()
    if row is None:
        return False
    uow.session.delete(row)
    uow.flush()
    forget_calendar()
    return True
