"""JSON API routers under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

from zhifa.web.api import agencies as _agencies  # noqa: E402
from zhifa.web.api import auth as _auth  # noqa: E402
from zhifa.web.api import users as _users  # noqa: E402

router.include_router(_agencies.router)
router.include_router(_auth.router)
router.include_router(_users.router)
