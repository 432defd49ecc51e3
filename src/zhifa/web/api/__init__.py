"""JSON API routers under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

from zhifa.web.api import agencies as _agencies  # noqa: E402
from zhifa.web.api import auth as _auth  # noqa: E402
from zhifa.web.api import law as _law  # noqa: E402
from zhifa.web.api import users as _users  # noqa: E402

router.include_router(_agencies.router)
router.include_router(_auth.router)
router.include_router(_law.router)
router.include_router(_users.router)

from zhifa.web.api import calendar as _calendar  # noqa: E402
from zhifa.web.api import cases as _cases  # noqa: E402
from zhifa.web.api import deadlines as _deadlines  # noqa: E402

router.include_router(_cases.router)
router.include_router(_deadlines.router)
router.include_router(_calendar.router)

from zhifa.web.api import precedents as _precedents  # noqa: E402

router.include_router(_precedents.router)

from zhifa.web.api import assist as _assist  # noqa: E402

router.include_router(_assist.router)
