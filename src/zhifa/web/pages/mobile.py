"""Phone pages (issue 21): /m, /m/penalty (当场处罚), /m/record (现场笔录、询问笔录、现场照片), installable.

The pages are the shell the service worker (/sw.js, root scope) keeps for offline use; what the officer
enters is kept in IndexedDB as a draft and sent to the JSON API when the network is there (static/js/
mobile.js), each draft with its own Idempotency-Key, records with the case version they were written
against (If-Match).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from zhifa.domain.onsite import Collection
from zhifa.services.cases import china_today
from zhifa.services.mobile import partners, record_cases, summary_limits
from zhifa.web.deps import app_state, csrf_token
from zhifa.web.pages.common import STATIC_DIR, PageActor, render

router = APIRouter()
PRINT_SCRIPT = STATIC_DIR / "js" / "print_bt.js"  # Web Bluetooth printing (another part of issue 21)


def _context(request: Request, actor: Any, **extra: Any) -> dict[str, Any]:
    return {
        "officer": {"name": actor.display_name, "credential_no": actor.credential_no or ""},
        "can_print": PRINT_SCRIPT.is_file(),
        "today": china_today().isoformat(),
        **extra,
    }


@router.get("/m", response_class=HTMLResponse)
async def phone_home(request: Request, actor: PageActor) -> Response:
    """The phone's start page: 当场处罚, 现场记录, drafts waiting to be sent, the approval inbox."""
    return render(request, "mobile/home.html", _context(request, actor), title="现场执法")


@router.get("/m/penalty", response_class=HTMLResponse)
async def phone_penalty(request: Request, actor: PageActor) -> Response:
    """当场处罚 (简易程序) on the phone."""
    others = await run_in_threadpool(partners, app_state(request).uow(read_only=True), actor)
    context = _context(
        request, actor, partners=others, limits=json.dumps(summary_limits()),
        collections=[(c.value, c.label) for c in Collection],
    )  # fmt: skip
    return render(request, "mobile/penalty.html", context, title="当场处罚")


@router.get("/m/record", response_class=HTMLResponse)
async def phone_record(request: Request, actor: PageActor) -> Response:
    """现场笔录、询问笔录、现场照片 for one of the officer's cases."""
    state = app_state(request)
    others = await run_in_threadpool(partners, state.uow(read_only=True), actor)
    cases = await run_in_threadpool(record_cases, state.uow(read_only=True), actor)
    context = _context(request, actor, partners=others, cases=cases)
    return render(request, "mobile/record.html", context, title="现场记录")


@router.get("/m/csrf")
async def phone_csrf(request: Request, actor: PageActor) -> Response:
    """A fresh CSRF token for a page served from the device's cache (the session may be newer)."""
    return JSONResponse({"csrf_token": csrf_token(request), "user_id": actor.user_id})


@router.get("/sw.js")
async def service_worker() -> Response:
    """The service worker, from the root so that its scope covers /m and the API it syncs to."""
    headers = {"Service-Worker-Allowed": "/", "Cache-Control": "no-cache"}
    return FileResponse(STATIC_DIR / "js" / "sw.js", media_type="text/javascript", headers=headers)


@router.get("/manifest.webmanifest")
async def manifest() -> Response:
    """The web app manifest: installable, starts at /m."""
    return FileResponse(STATIC_DIR / "manifest.webmanifest", media_type="application/manifest+json")
