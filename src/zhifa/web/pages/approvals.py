"""审批 inbox: the cases waiting for this reviewer's or head's sign-off (the forms are on the case page)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from zhifa.services.workbench import inbox
from zhifa.web.deps import app_state
from zhifa.web.pages.common import PageActor, render

router = APIRouter()


@router.get("/approvals", response_class=HTMLResponse)
async def approvals_page(request: Request, actor: PageActor) -> Response:
    """Cases waiting for a review, approval or decision the actor may sign now."""
    items = await run_in_threadpool(inbox, app_state(request).uow(), actor)
    return render(request, "approvals/inbox.html", {"items": items}, nav="approvals", crumbs=[("审批", None)])
