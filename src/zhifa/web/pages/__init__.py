"""Server-rendered Chinese HTML pages (Jinja2)."""

from __future__ import annotations

from fastapi import APIRouter

from zhifa.web.pages import auth

router = APIRouter(include_in_schema=False)
router.include_router(auth.router)
