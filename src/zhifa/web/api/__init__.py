"""JSON API routers under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter

from zhifa.web.api import agencies as _agencies
from zhifa.web.api import assist as _assist
from zhifa.web.api import auth as _auth
from zhifa.web.api import calendar as _calendar
from zhifa.web.api import cases as _cases
from zhifa.web.api import deadlines as _deadlines
from zhifa.web.api import documents as _documents
from zhifa.web.api import intake as _intake
from zhifa.web.api import law as _law
from zhifa.web.api import onsite as _onsite
from zhifa.web.api import oversight as _oversight
from zhifa.web.api import precedents as _precedents
from zhifa.web.api import registry as _registry
from zhifa.web.api import stats as _stats
from zhifa.web.api import users as _users
from zhifa.web.api import verify as _verify

router = APIRouter()
# The case router first: FastAPI tries the routers in order (twice per level), and case requests are the
# bulk of the traffic (~50 → ~20–30 µs per match; docs/decisions/0012). The first path segments of these
# routers are all different, so the order changes no match.
for _module in (
    _cases,
    _agencies,
    _auth,
    _law,
    _users,
    _deadlines,
    _calendar,
    _precedents,
    _assist,
    _documents,
    _intake,
    _registry,
    _stats,
    _verify,
    _oversight,
    _onsite,
):
    router.include_router(_module.router)
