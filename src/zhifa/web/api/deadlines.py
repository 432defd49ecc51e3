"""Deadlines: due-soon and overdue lists for the caller (own cases, or the subtree for 负责人/纪检)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from zhifa.domain.actors import Actor
from zhifa.services.cases import china_today
from zhifa.services.deadlines import deadline_list
from zhifa.web.deps import app_state, current_actor

router = APIRouter(tags=["期限"])


@router.get("/deadlines", summary="即将到期和已超期的办案期限（压案不办提示）")
def deadlines_index(
    request: Request,
    due_within: int | None = Query(default=7, ge=0, le=366, description="列出 N 日内到期的期限（含已超期）"),
    overdue_only: bool = Query(default=False, description="只列出已超期的期限"),
    agency: str | None = Query(default=None, max_length=32, description="机构代码（含下级）"),
    actor: Actor = Depends(current_actor),
) -> dict[str, Any]:
    """Running deadlines of open cases in scope, soonest first."""
    today = china_today()
    items = deadline_list(
        app_state(request).uow(),
        actor,
        today,
        within_days=due_within,
        overdue_only=overdue_only,
        agency=agency,
    )
    return {"today": today.isoformat(), "count": len(items), "items": items}
