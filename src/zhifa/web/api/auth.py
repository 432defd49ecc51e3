"""Login, logout, the current user and personal API tokens."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from zhifa.domain.actors import Actor
from zhifa.identity.accounts import change_own_password
from zhifa.identity.auth import authenticate, list_tokens, revoke_token
from zhifa.identity.token_admin import create_own_token
from zhifa.identity.users import get_user
from zhifa.web.deps import (
    app_state,
    client_source,
    csrf_token,
    current_actor,
    end_session,
    forget_session,
    session_token,
    start_session,
)

router = APIRouter(tags=["登录与令牌"])


class LoginBody(BaseModel):
    """Username and password."""

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=128)


class PasswordChange(BaseModel):
    """The current password and the new one."""

    current_password: str = Field(min_length=1, max_length=128)
    new_password: str = Field(min_length=1, max_length=128)


class TokenBody(BaseModel):
    """Options of a new API token."""

    label: str = Field(default="", max_length=64)
    ttl_days: int | None = Field(default=None, ge=1)


@router.post("/auth/login", summary="用户名密码登录（建立浏览器会话）")
def login(body: LoginBody, request: Request) -> dict[str, Any]:
    """Check the password, start a session and hand back the CSRF token for later writes."""
    state = app_state(request)
    actor = authenticate(
        state.uow(), body.username, body.password, client_source(request), settings=state.settings
    )
    token = start_session(request, actor)
    return {"user": get_user(state.uow(), actor, actor.user_id).to_dict(), "csrf_token": token}


@router.post("/auth/logout", summary="退出登录")
def logout(request: Request, _actor: Actor = Depends(current_actor)) -> dict[str, str]:
    """End the browser session server-side (bearer tokens are revoked separately)."""
    end_session(request)
    return {"status": "ok"}


@router.post("/auth/password", summary="修改自己的密码（随后须重新登录）")
def change_password(
    body: PasswordChange, request: Request, actor: Actor = Depends(current_actor)
) -> dict[str, str]:
    """Change the caller's password; every browser session of the caller ends, this one included."""
    change_own_password(app_state(request).uow(), actor, body.current_password, body.new_password)
    forget_session(request)
    return {"status": "ok"}


@router.get("/me", summary="当前用户")
def me(request: Request, actor: Actor = Depends(current_actor)) -> dict[str, Any]:
    """The caller, its roles and agency; the CSRF token when authenticated by a session."""
    body = get_user(app_state(request).uow(), actor, actor.user_id).to_dict()
    if "authorization" not in request.headers and session_token(request) is not None:
        body["csrf_token"] = csrf_token(request)
    return body


@router.post("/auth/tokens", status_code=201, summary="为自己创建 API 访问令牌（仅显示一次）")
def new_token(body: TokenBody, request: Request, actor: Actor = Depends(current_actor)) -> dict[str, Any]:
    """Create a bearer token for the caller (纪检监察: refused, an administrator issues theirs)."""
    state = app_state(request)
    issued = create_own_token(
        state.uow(), actor, label=body.label, ttl_days=body.ttl_days, settings=state.settings
    )
    return issued.to_dict()


@router.get("/auth/tokens", summary="我的 API 访问令牌")
def my_tokens(request: Request, actor: Actor = Depends(current_actor)) -> list[dict[str, Any]]:
    """The caller's tokens, without their secrets."""
    return list_tokens(app_state(request).uow(), actor)


@router.delete("/auth/tokens/{token_id}", summary="撤销 API 访问令牌")
def delete_token(token_id: int, request: Request, actor: Actor = Depends(current_actor)) -> dict[str, str]:
    """Revoke one of the caller's tokens (管理员: also of users in scope)."""
    revoke_token(app_state(request).uow(), actor, token_id)
    return {"status": "revoked"}
