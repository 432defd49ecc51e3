"""FastAPI dependencies shared by routers (state, current actor)."""

from __future__ import annotations

from fastapi import Request

from zhifa.domain.actors import Actor
from zhifa.errors import Unauthenticated
from zhifa.web.state import AppState


def app_state(request: Request) -> AppState:
    """The process-wide AppState."""
    state: AppState = request.app.state.zhifa
    return state


def current_actor(request: Request) -> Actor:
    """The authenticated user (browser session or bearer token). Implemented by the identity module."""
    raise Unauthenticated("请先登录", code="unauthenticated")
