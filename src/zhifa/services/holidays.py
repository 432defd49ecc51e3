"""The holiday table as use cases for the faces: each function owns its transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from zhifa.domain.actors import Actor
from zhifa.domain.calendar import package_knows
from zhifa.services.calendar import list_overrides, remove_override, set_override
from zhifa.services.calendar_years import complete_years, mark_year_complete, unmark_year
from zhifa.store.uow import UnitOfWork


def year_status(uow: UnitOfWork, year: int) -> str:
    """package (chinese-calendar knows it) / complete (marked) / incomplete (questions stay unknown)."""
    if package_knows(year):
        return "package"
    with uow:
        return "complete" if year in complete_years(uow) else "incomplete"


def mark_year(uow: UnitOfWork, actor: Actor, year: int, undo: bool = False) -> None:
    """Mark a year's table complete, or take the mark back (undo)."""
    with uow:
        if undo:
            unmark_year(uow, actor, year)
        else:
            mark_year_complete(uow, actor, year)
        uow.commit()


def year_overrides(uow: UnitOfWork, year: int | None) -> list[dict[str, Any]]:
    """The overrides of a year (every year when None) as plain rows, in date order."""
    with uow:
        return [
            {"day": r.day, "is_working_day": r.is_working_day, "note": r.note, "updated_by": r.updated_by,
             "updated_at": r.updated_at}
            for r in list_overrides(uow, year)
        ]  # fmt: skip


def save_override(uow: UnitOfWork, actor: Actor, day: date, working: bool, note: str) -> dict[str, Any]:
    """Declare one day a working day or a holiday (省局 administrators); the saved row."""
    with uow:
        row = set_override(uow, actor, day, working, note)
        out = {"day": row.day, "is_working_day": row.is_working_day, "note": row.note,
               "updated_by": row.updated_by, "updated_at": row.updated_at}  # fmt: skip
        uow.commit()
    return out


def delete_override(uow: UnitOfWork, actor: Actor, day: date) -> bool:
    """Remove one day's override; True when there was one."""
    with uow:
        removed = remove_override(uow, actor, day)
        uow.commit()
    return removed
