"""Working-day calendar: computations for everyone, the holiday table for administrators."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from zhifa.domain.actors import Actor
from zhifa.services.calendar import (
    check_calendar_admin,
    list_overrides,
    load_calendar,
    remove_override,
    set_override,
)
from zhifa.services.calendar_years import complete_years, mark_year_complete, unmark_year
from zhifa.web.deps import app_state, current_actor

router = APIRouter(tags=["工作日历"])


class OverrideIn(BaseModel):
    """One day declared a working day (调休上班) or a holiday."""

    is_working_day: bool
    note: str = Field(default="", max_length=200)


def _row(r: Any) -> dict[str, Any]:
    return {
        "date": r.day.isoformat(),
        "is_working_day": r.is_working_day,
        "note": r.note,
        "updated_by": r.updated_by,
    }


@router.get("/calendar/overrides", summary="节假日表（管理员维护的法定节假日与调休上班日）")
def overrides_index(
    request: Request,
    year: int | None = Query(default=None, ge=2000, le=2100),
    actor: Actor = Depends(current_actor),
) -> dict[str, Any]:
    """The overrides, in date order."""
    with app_state(request).uow() as uow:
        items = [_row(r) for r in list_overrides(uow, year)]
    return {"count": len(items), "items": items}


async def calendar_admin(request: Request, actor: Actor = Depends(current_actor)) -> None:
    """Only a 省局 administrator edits the province-wide table (checked before the body is validated)."""
    await run_in_threadpool(check_calendar_admin, app_state(request).uow(), actor)


@router.put(
    "/calendar/overrides/{day}",
    summary="设置某日为工作日或节假日（省局系统管理员）",
    dependencies=[Depends(calendar_admin)],
)
def overrides_put(
    day: date, body: OverrideIn, request: Request, actor: Actor = Depends(current_actor)
) -> dict[str, Any]:
    """Write one override."""
    with app_state(request).uow() as uow:
        row = set_override(uow, actor, day, body.is_working_day, body.note)
        result = _row(row)
        uow.commit()
    return result


@router.delete(
    "/calendar/overrides/{day}",
    summary="删除某日的维护记录（省局系统管理员）",
    dependencies=[Depends(calendar_admin)],
)
def overrides_delete(day: date, request: Request, actor: Actor = Depends(current_actor)) -> dict[str, Any]:
    """Remove one override."""
    with app_state(request).uow() as uow:
        removed = remove_override(uow, actor, day)
        uow.commit()
    return {"date": day.isoformat(), "removed": removed}


@router.get("/calendar/add-working-days", summary="计算 N 个工作日后的日期（起算日不计入，程序规定第八十条）")
def add_working_days(
    request: Request,
    date_: date = Query(..., alias="date"),
    n: int = Query(..., ge=0, le=1000),
    actor: Actor = Depends(current_actor),
) -> dict[str, Any]:
    """DATE + N working days."""
    with app_state(request).uow() as uow:
        calendar = load_calendar(uow)
    return {"date": date_.isoformat(), "n": n, "result": calendar.add_working_days(date_, n).isoformat()}


@router.get("/calendar/is-working-day", summary="判断某日是否为工作日")
def is_working_day(
    request: Request, date_: date = Query(..., alias="date"), actor: Actor = Depends(current_actor)
) -> dict[str, Any]:
    """是/否 as a boolean and a label."""
    with app_state(request).uow() as uow:
        calendar = load_calendar(uow)
    working = calendar.is_working_day(date_)
    return {"date": date_.isoformat(), "is_working_day": working, "label": "是" if working else "否"}


class YearIn(BaseModel):
    """The basis of the table (e.g. the State Council notice)."""

    note: str = Field(default="", max_length=200)


@router.get("/calendar/years", summary="已确认完整录入节假日表的年份（系统内置放假安排不含的年份）")
def years_index(request: Request, actor: Actor = Depends(current_actor)) -> dict[str, Any]:
    """Years marked complete."""
    with app_state(request).uow() as uow:
        return {"complete_years": complete_years(uow)}


@router.put(
    "/calendar/years/{year}",
    summary="确认某年的节假日表已完整录入（省局系统管理员）",
    dependencies=[Depends(calendar_admin)],
)
def years_put(
    year: int, body: YearIn, request: Request, actor: Actor = Depends(current_actor)
) -> dict[str, Any]:
    """Mark the year complete: refused (calendar_year_incomplete) while its fixed holidays are missing."""
    with app_state(request).uow() as uow:
        row = mark_year_complete(uow, actor, year, body.note)
        result = {"year": row.year, "complete": True, "note": row.note, "marked_by": row.marked_by}
        uow.commit()
    return result


@router.delete(
    "/calendar/years/{year}",
    summary="撤销某年节假日表的完整确认（省局系统管理员）",
    dependencies=[Depends(calendar_admin)],
)
def years_delete(year: int, request: Request, actor: Actor = Depends(current_actor)) -> dict[str, Any]:
    """Unmark the year (it becomes unknown again)."""
    with app_state(request).uow() as uow:
        removed = unmark_year(uow, actor, year)
        uow.commit()
    return {"year": year, "removed": removed}
