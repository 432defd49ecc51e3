"""系统管理 pages: users and roles, the agency tree, the holiday table (administrators only)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from zhifa.domain.actors import Actor, Role
from zhifa.errors import ZhifaError
from zhifa.identity.agencies import agency_tree, get_agency, list_agencies
from zhifa.identity.divisions import LEVEL_LABELS
from zhifa.identity.scope import require_role
from zhifa.identity.users import create_user, list_users
from zhifa.services.holidays import delete_override, mark_year, save_override, year_overrides, year_status
from zhifa.timefmt import beijing_today
from zhifa.web.deps import app_state
from zhifa.web.pages.common import PageActor, flash, redirect, render
from zhifa.web.pages.law import parse_day

router = APIRouter(prefix="/admin")
ADMIN = [("系统管理", None)]


def _admin(actor: Actor) -> None:
    require_role(actor, Role.ADMIN)


# --- users ----------------------------------------------------------------------------------------


async def _users_page(
    request: Request, actor: Actor, agency: str = "", form: dict[str, Any] | None = None,
    error: str = "", status: int = 200,
) -> Response:  # fmt: skip
    state = app_state(request)
    users = await run_in_threadpool(list_users, state.uow(), actor, agency or None)
    agencies = await run_in_threadpool(list_agencies, state.uow(), actor)
    context = {
        "users": users,
        "agencies": agencies,
        "agency": agency,
        "roles": list(Role),
        "form": form or {"roles": []},
        "error": error,
        "level_labels": LEVEL_LABELS,
    }
    crumbs = [*ADMIN, ("用户与角色", None)]
    return render(request, "admin/users.html", context, status=status, nav="admin_users", crumbs=crumbs)


@router.get("/users", response_class=HTMLResponse)
async def users_page(
    request: Request, actor: PageActor, agency: str = Query(default="", max_length=32)
) -> Response:
    """Users of the administrator's subtree (optionally below one agency) and the form to add one."""
    _admin(actor)
    return await _users_page(request, actor, agency)


@router.post("/users", response_class=HTMLResponse)
async def users_create(
    request: Request,
    actor: PageActor,
    username: str = Form(default="", max_length=64),
    display_name: str = Form(default="", max_length=64),
    agency_code: str = Form(default="", max_length=32),
    roles: list[str] = Form(default=[]),
    password: str = Form(default="", max_length=128),
    credential_no: str = Form(default="", max_length=32),
    legal_qualification: str = Form(default=""),
    legal_review_since: str = Form(default="", max_length=10),
) -> Response:
    """Create a user; on a refusal show the form again with the message and the values entered."""
    _admin(actor)
    form = {
        "username": username, "display_name": display_name, "agency_code": agency_code, "roles": roles,
        "credential_no": credential_no, "legal_qualification": bool(legal_qualification),
        "legal_review_since": legal_review_since,
    }  # fmt: skip
    try:
        since = date.fromisoformat(legal_review_since) if legal_review_since else None
        info = await run_in_threadpool(
            create_user, app_state(request).uow(), actor, username=username, display_name=display_name,
            agency_code=agency_code, roles=roles, password=password, credential_no=credential_no or None,
            legal_qualification=bool(legal_qualification), legal_review_since=since,
        )  # fmt: skip
    except ValueError:
        return await _users_page(
            request, actor, form=form, error="首次从事法制审核的日期格式不正确", status=422
        )
    except ZhifaError as exc:
        return await _users_page(request, actor, form=form, error=exc.message, status=exc.http_status)
    flash(request, f"已创建用户 {info.username}（{info.display_name}）")
    return redirect("/admin/users")


# --- agencies -------------------------------------------------------------------------------------


@router.get("/agencies", response_class=HTMLResponse)
async def agencies_page(
    request: Request, actor: PageActor, root: str = Query(default="", max_length=32)
) -> Response:
    """The agency tree below the administrator's agency (or below `root`), down to the county bureaus."""
    _admin(actor)
    state = app_state(request)
    tree = await run_in_threadpool(agency_tree, state.uow(), actor, root or None, "county")
    crumbs = [*ADMIN, ("机构", None)]
    context = {"tree": tree, "level_labels": LEVEL_LABELS}
    return render(request, "admin/agencies.html", context, nav="admin_agencies", crumbs=crumbs)


@router.get("/agencies/{code}", response_class=HTMLResponse)
async def agency_page(request: Request, code: str, actor: PageActor) -> Response:
    """One agency with its direct subordinates and its users."""
    _admin(actor)
    state = app_state(request)
    agency = await run_in_threadpool(get_agency, state.uow(), actor, code)
    users = [
        u for u in await run_in_threadpool(list_users, state.uow(), actor, code) if u.agency_code == code
    ]
    crumbs = [*ADMIN, ("机构", "/admin/agencies"), (agency["name"], None)]
    context = {"agency": agency, "users": users, "level_labels": LEVEL_LABELS}
    return render(request, "admin/agency.html", context, nav="admin_agencies", crumbs=crumbs)


# --- holidays -------------------------------------------------------------------------------------


async def _holidays_page(
    request: Request, actor: Actor, year: int, form: dict[str, Any] | None = None, error: str = "",
    status: int = 200,
) -> Response:  # fmt: skip
    rows = await run_in_threadpool(year_overrides, app_state(request).uow(), year)
    status_of_year = await run_in_threadpool(year_status, app_state(request).uow(), year)
    context = {"rows": rows, "year": year, "form": form or {}, "error": error, "year_status": status_of_year}
    crumbs = [*ADMIN, ("节假日", None)]
    return render(request, "admin/holidays.html", context, status=status, nav="admin_holidays", crumbs=crumbs)


@router.get("/holidays", response_class=HTMLResponse)
async def holidays_page(
    request: Request,
    actor: PageActor,
    year: int | None = Query(default=None, ge=2000, le=2100),
    edit: str = Query(default="", max_length=10),
) -> Response:
    """The holiday table of a year, with the form to add or edit a day."""
    _admin(actor)
    form: dict[str, Any] = {}
    day = parse_day(edit)
    if day is not None:
        year = year or day.year
        row = next(
            (
                r
                for r in await run_in_threadpool(year_overrides, app_state(request).uow(), day.year)
                if r["day"] == day
            ),
            None,
        )
        if row is not None:
            form = {
                "day": day.isoformat(),
                "working": row["is_working_day"],
                "note": row["note"],
                "editing": True,
            }
    return await _holidays_page(request, actor, year or beijing_today().year, form)


@router.post("/holidays", response_class=HTMLResponse)
async def holidays_save(
    request: Request,
    actor: PageActor,
    day: str = Form(default="", max_length=10),
    kind: str = Form(default="", max_length=10),
    note: str = Form(default="", max_length=400),
) -> Response:
    """Add or change one day (工作日 or 节假日)."""
    _admin(actor)
    form = {"day": day, "working": kind == "working", "note": note}
    try:
        target = parse_day(day)
        if target is None:
            raise_missing = "请填写日期"
            return await _holidays_page(request, actor, beijing_today().year, form, raise_missing, 422)
        if kind not in ("working", "holiday"):
            return await _holidays_page(request, actor, target.year, form, "请选择“工作日”或“节假日”", 422)
        await run_in_threadpool(
            save_override, app_state(request).uow(), actor, target, kind == "working", note.strip()
        )
    except ZhifaError as exc:
        return await _holidays_page(request, actor, beijing_today().year, form, exc.message, exc.http_status)
    flash(request, f"已将 {target.isoformat()} 设为{'工作日' if kind == 'working' else '节假日'}")
    return redirect(f"/admin/holidays?year={target.year}")


@router.post("/holidays/year/{year}", response_class=HTMLResponse)
async def holidays_year(
    request: Request, year: int, actor: PageActor, undo: str = Form(default="")
) -> Response:
    """Mark a year the package lacks complete (or withdraw the mark)."""
    _admin(actor)
    try:
        await run_in_threadpool(mark_year, app_state(request).uow(), actor, year, bool(undo))
    except ZhifaError as exc:
        return await _holidays_page(request, actor, year, None, exc.message, exc.http_status)
    flash(request, f"已撤销{year}年节假日表的完整确认" if undo else f"已确认{year}年节假日表完整")
    return redirect(f"/admin/holidays?year={year}")


@router.post("/holidays/{day}/delete", response_class=HTMLResponse)
async def holidays_delete(request: Request, day: str, actor: PageActor) -> Response:
    """Remove one day from the table (chinese-calendar's answer applies again)."""
    _admin(actor)
    target = parse_day(day)
    assert target is not None
    removed = await run_in_threadpool(delete_override, app_state(request).uow(), actor, target)
    flash(
        request,
        f"已删除 {target.isoformat()} 的维护记录" if removed else f"{target.isoformat()} 没有维护记录",
        "success" if removed else "warning",
    )
    return redirect(f"/admin/holidays?year={target.year}")
