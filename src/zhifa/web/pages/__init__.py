"""Server-rendered Chinese HTML pages (Jinja2 + vendored htmx; no Node build step)."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from zhifa.web.pages import admin, approvals, assistant, auth, case_forms, cases, home, law, precedents
from zhifa.web.pages import documents as documents_pages
from zhifa.web.pages import intake_inbox as intake_pages
from zhifa.web.pages import mobile as mobile_pages
from zhifa.web.pages import outbox_admin as outbox_pages
from zhifa.web.pages import oversight as oversight_pages
from zhifa.web.pages import printing as printing_pages
from zhifa.web.pages import sources_admin as sources_pages
from zhifa.web.pages import stats as stats_pages
from zhifa.web.pages import verify as verify_pages

router = APIRouter(include_in_schema=False)
for _module in (
    auth,
    home,
    cases,
    case_forms,
    documents_pages,
    assistant,
    approvals,
    law,
    precedents,
    mobile_pages,
    admin,
    outbox_pages,
    sources_pages,
    verify_pages,
    printing_pages,
    oversight_pages,
    intake_pages,
    stats_pages,
):
    router.include_router(_module.router)


def install(app: FastAPI) -> None:
    """Mount the static files, add the security headers and the HTML error pages (after the JSON handlers)."""
    from zhifa.web.pages import errors
    from zhifa.web.pages.common import STATIC_DIR
    from zhifa.web.pages.security import SecurityHeadersMiddleware

    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.add_middleware(SecurityHeadersMiddleware)
    errors.install(app)
