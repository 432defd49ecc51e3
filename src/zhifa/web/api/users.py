"""Users: list, create and read, always inside the caller's scope."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from zhifa.domain.actors import Actor, Role
from zhifa.identity.accounts import reset_password, update_user
from zhifa.identity.scope import ensure_can_write, require_role
from zhifa.identity.token_admin import issue_token_for, list_user_tokens
from zhifa.identity.users import create_user, get_user, list_users
from zhifa.web.deps import app_state, current_actor, role_guard, writer

router = APIRouter(tags=["用户"])


class NewUser(BaseModel):
    """A user to create; roles by English value or Chinese label."""

    username: str = Field(min_length=1, max_length=64)
    display_name: str | None = Field(default=None, max_length=64)
    agency_code: str = Field(min_length=1, max_length=32)
    roles: list[str] = Field(min_length=1, max_length=5)
    credential_no: str | None = Field(default=None, max_length=32)
    legal_qualification: bool = False
    legal_review_since: date | None = None  # 首次从事法制审核的日期（2021-07-15 前开始的不受资格要求限制）
    password: str = Field(min_length=1, max_length=128)


class UserChange(BaseModel):
    """Roles and/or the active flag to set (omitted: unchanged)."""

    roles: list[str] | None = Field(default=None, min_length=1, max_length=5)
    active: bool | None = None


class NewPassword(BaseModel):
    """A password an administrator sets."""

    password: str = Field(min_length=1, max_length=128)


class IssueToken(BaseModel):
    """Options of a token an administrator issues."""

    label: str = Field(default="", max_length=64)
    ttl_days: int | None = Field(default=None, ge=1)


@router.get("/users", summary="用户列表（本机构及下级）")
def users_index(
    request: Request,
    agency: str | None = Query(default=None, max_length=32, description="只列出该机构及其下级的用户"),
    actor: Actor = Depends(current_actor),
) -> list[dict[str, Any]]:
    """Users in the caller's subtree."""
    return [u.to_dict() for u in list_users(app_state(request).uow(), actor, agency)]


@router.post(
    "/users",
    status_code=201,
    summary="创建用户（系统管理员，仅限本机构及下级）",
    dependencies=[Depends(writer), Depends(role_guard(Role.ADMIN))],
)
def users_create(body: NewUser, request: Request, actor: Actor = Depends(current_actor)) -> dict[str, Any]:
    """Create a user inside the administrator's subtree."""
    return create_user(app_state(request).uow(), actor, **body.model_dump()).to_dict()


@router.get("/users/{user_id}", summary="用户详情")
def users_show(user_id: int, request: Request, actor: Actor = Depends(current_actor)) -> dict[str, Any]:
    """One user; outside the caller's scope the answer is the same as for a missing one."""
    return get_user(app_state(request).uow(), actor, user_id).to_dict()


async def user_admin(user_id: int, request: Request, actor: Actor = Depends(current_actor)) -> None:
    """An administrator acting on a user in scope — checked before the body is validated (403 / 404)."""
    await run_in_threadpool(get_user, app_state(request).uow(read_only=True), actor, user_id)
    require_role(actor, Role.ADMIN)


async def user_writer(user_id: int, request: Request, actor: Actor = Depends(current_actor)) -> None:
    """The same, for a change: the user in scope first (404), then 纪检监察 refused (403), then the role."""
    await run_in_threadpool(get_user, app_state(request).uow(read_only=True), actor, user_id)
    ensure_can_write(actor)
    require_role(actor, Role.ADMIN)


USER_ADMIN = [Depends(user_writer)]


@router.patch(
    "/users/{user_id}",
    summary="修改用户角色或停用/启用（系统管理员；该用户须重新登录）",
    dependencies=USER_ADMIN,
)
def users_update(
    user_id: int, body: UserChange, request: Request, actor: Actor = Depends(current_actor)
) -> dict[str, Any]:
    """Change roles or the active flag of a user in scope; the user's browser sessions end."""
    info = update_user(app_state(request).uow(), actor, user_id, roles=body.roles, active=body.active)
    return info.to_dict()


@router.put(
    "/users/{user_id}/password",
    summary="重置用户密码（系统管理员；该用户须重新登录）",
    dependencies=USER_ADMIN,
)
def users_password(
    user_id: int, body: NewPassword, request: Request, actor: Actor = Depends(current_actor)
) -> dict[str, str]:
    """Set the password of a user in scope; the user's browser sessions end."""
    reset_password(app_state(request).uow(), actor, user_id, body.password)
    return {"status": "ok"}


@router.post(
    "/users/{user_id}/tokens",
    status_code=201,
    summary="为纪检监察人员签发 API 访问令牌（系统管理员）",
    dependencies=USER_ADMIN,
)
def users_issue_token(
    user_id: int, body: IssueToken, request: Request, actor: Actor = Depends(current_actor)
) -> dict[str, Any]:
    """Issue a bearer token to a 纪检监察 user in scope (shown once)."""
    state = app_state(request)
    issued = issue_token_for(
        state.uow(), actor, user_id, label=body.label, ttl_days=body.ttl_days, settings=state.settings
    )
    return issued.to_dict()


@router.get(
    "/users/{user_id}/tokens",
    summary="纪检监察人员的 API 访问令牌（系统管理员）",
    dependencies=[Depends(user_admin)],
)
def users_tokens(
    user_id: int, request: Request, actor: Actor = Depends(current_actor)
) -> list[dict[str, Any]]:
    """The tokens of a 纪检监察 user in scope, without their secrets."""
    return list_user_tokens(app_state(request).uow(), actor, user_id)
