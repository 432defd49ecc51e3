"""The workbench (工作台): who is acting, my cases, approvals waiting, deadlines, recent cases."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from zhifa.identity.users import get_user
from zhifa.services.cases import china_today
from zhifa.services.workbench import workbench
from zhifa.web.deps import app_state
from zhifa.web.pages.common import PageActor, render

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, actor: PageActor) -> Response:
    """The workbench of the signed-in user (widgets depend on the roles)."""
    state = app_state(request)
    user = await run_in_threadpool(get_user, state.uow(), actor, actor.user_id)
    today = china_today()
    data = await run_in_threadpool(workbench, state.uow, actor, today)
    return render(request, "home.html", {"user": user, "today": today, **data}, nav="home", title="工作台")
