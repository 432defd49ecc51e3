"""FastAPI application factory."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.middleware.sessions import SessionMiddleware

from zhifa import __version__
from zhifa.config import Settings, get_settings
from zhifa.errors import ZhifaError, retry_after
from zhifa.web.api import router as api_router
from zhifa.web.cookies import SessionCookieMiddleware
from zhifa.web.deps import STATE_COOKIE
from zhifa.web.pages import install as install_pages
from zhifa.web.pages import router as pages_router
from zhifa.web.state import AppState


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app: JSON API, pages, error handlers."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if settings.threads:  # the pool synchronous endpoints run in, per process (see `zhifa serve`)
            anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        # What startup built (law texts, catalog, routes: ~250,000 objects) lives as long as the app. Left in
        # the collector's oldest generation, every full collection walks it all: 160–190 ms with the GIL
        # held, during which the worker answers nothing (seen as p99 spikes in bench/workflow.py). Frozen,
        # a full collection walks only what requests created since (docs: gc.freeze, for pre-fork servers).
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()  # an app built and dropped in one process (tests) leaves nothing uncollectable

    app = FastAPI(
        lifespan=lifespan,
        title="zhifa 执法 API",
        version=__version__,
        description=(
            "市场监督管理行政执法协同办案与同案同罚智能辅助系统的 JSON 接口。错误统一返回 {code, message}。"
        ),
    )
    app.state.zhifa = AppState.build(settings)

    @app.exception_handler(ZhifaError)
    async def _zhifa_error(_request: Request, exc: ZhifaError) -> JSONResponse:
        return JSONResponse(exc.to_dict(), status_code=exc.http_status, headers=retry_after(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": ".".join(str(p) for p in e.get("loc", ()) if p != "body"), "problem": e.get("msg", "")}
            for e in exc.errors()
        ]
        return JSONResponse(
            {"code": "validation_error", "message": "请求数据不符合要求", "details": errors},
            status_code=422,
        )

    @app.get("/healthz", tags=["系统"], summary="健康检查")
    def healthz() -> dict[str, str]:
        app.state.zhifa.check_database()
        return {"status": "ok", "version": __version__}

    app.include_router(api_router, prefix="/api/v1")
    app.include_router(pages_router)
    install_pages(app)  # static files, security headers, HTML error pages
    app.add_middleware(  # anonymous state (login-form CSRF, flash messages); sessions are server-side
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie=STATE_COOKIE,
        max_age=settings.session_max_age_seconds,
        same_site="lax",
        https_only=settings.cookie_secure,
    )
    app.add_middleware(SessionCookieMiddleware, settings=settings)
    return app
