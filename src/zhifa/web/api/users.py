"""Users: list, create and read, always inside the caller's scope."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from zhifa.domain.actors import Actor, Role
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
