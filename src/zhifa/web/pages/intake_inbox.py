"""The intake inbox page (线索接收): pushed clues by grade and deadline; 受理, 移送 with reason, 不予立案."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from zhifa.domain.grounds import DeclineGround
from zhifa.errors import ZhifaError
from zhifa.integrations import inbox
from zhifa.services.cases import china_today
from zhifa.web.deps import app_state, ensure_csrf
from zhifa.web.pages.common import PageActor, flash, redirect, render
from zhifa.web.pages.forms import enum_options

router = APIRouter()
DONE = {"taken": "已受理，转入核查", "routed": "已移送有管辖权的机构", "declined": "已批准不予立案"}


@router.get("/intake", response_class=HTMLResponse)
async def inbox_page(request: Request, actor: PageActor) -> Response:
    """The pushed clues of the actor's agency and those below it."""
    state = app_state(request)
    items = await run_in_threadpool(inbox.inbox, state.uow(read_only=True), actor, china_today())
    agencies = await run_in_threadpool(inbox.agency_choices, state.uow(read_only=True))
    context = {"items": items, "agencies": agencies, "grounds": enum_options(DeclineGround)}
    return render(request, "intake/inbox.html", context, nav="intake", crumbs=[("线索接收", None)])


def _field(form: Any, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


@router.post("/intake/{clue_id}/{verb}", response_class=HTMLResponse)
async def inbox_action(request: Request, clue_id: str, verb: str, actor: PageActor) -> Response:
    """受理 (accept), 移送 (reroute) or 不予立案 (decline); a refusal comes back as a message."""
    await ensure_csrf(request)
    form = await request.form()
    state = app_state(request)
    actions: dict[str, Callable[[], str]] = {
        "accept": lambda: inbox.accept(state.uow(), actor, clue_id, _field(form, "note"), china_today()),
        "reroute": lambda: inbox.reroute(
            state.uow(), actor, clue_id, _field(form, "agency_code"), _field(form, "reason"), china_today()
        ),
        "decline": lambda: inbox.decline(
            state.uow(), actor, clue_id, _field(form, "ground"), _field(form, "reason"), china_today()
        ),
    }
    run = actions.get(verb)
    if run is None:
        return redirect("/intake")
    try:
        done = await run_in_threadpool(run)
    except ZhifaError as exc:
        flash(request, f"未能办理：{exc.message}", "error")
        return redirect("/intake")
    flash(request, DONE[done])
    return redirect("/intake")
