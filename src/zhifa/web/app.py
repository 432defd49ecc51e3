"""FastAPI application factory."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.middleware.sessions import SessionMiddleware

from zhifa import __version__
from zhifa.assistant.pipeline_service import preload
from zhifa.config import Settings, get_settings
from zhifa.errors import ZhifaError, retry_after
from zhifa.problems import problems_of
from zhifa.web.api import router as api_router
from zhifa.web.api_docs import router as api_docs_router
from zhifa.web.cookies import SessionCookieMiddleware
from zhifa.web.deps import STATE_COOKIE
from zhifa.web.guard import guard_input
from zhifa.web.idempotency import IdempotencyMiddleware
from zhifa.web.limits import BodyLimitMiddleware
from zhifa.web.pages import install as install_pages
from zhifa.web.pages import router as pages_router
from zhifa.web.state import AppState

log = logging.getLogger(__name__)


async def warm_up(app: FastAPI) -> None:
    """Send one unauthenticated request through the app and drop the answer: Starlette builds the
    middleware stack on the first call and FastAPI (0.165) the routes of included routers on the first
    match — together some 200–450 ms that the first user's request would otherwise pay."""
    sent = False

    async def receive() -> dict[str, object]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(_message: dict[str, object]) -> None:
        return None

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/api/v1/assist", "raw_path": b"/api/v1/assist", "root_path": "",
        "query_string": b"", "headers": [(b"content-type", b"application/json"), (b"host", b"warm-up")],
        "client": ("127.0.0.1", 0), "server": ("127.0.0.1", 0), "state": {},
    }  # fmt: skip
    await app(scope, receive, send)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app: JSON API, pages, error handlers."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if settings.threads:  # the pool synchronous endpoints run in, per process (see `zhifa serve`)
            anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        # The assistant (model, law texts, lazy tables: seconds) is loaded before the first request, not by it
        note = await anyio.to_thread.run_sync(preload, settings, _app.state.zhifa.engine)
        if note:
            log.info("智能助手未预先加载：%s", note)
        try:
            await warm_up(_app)
        except Exception:  # a warm-up must never keep the server from starting
            log.exception("预热请求失败")
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
        dependencies=[Depends(guard_input)],  # NUL characters and out-of-range integers: 422 before any route
        title="zhifa 执法 API",
        docs_url=None,  # served by web/api_docs.py from our origin (the default page uses a CDN)
        redoc_url=None,
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
        errors = problems_of(exc.errors(), skip=("body",))
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
    app.include_router(api_docs_router)
    app.add_middleware(IdempotencyMiddleware)  # inside the security headers and the body limit
    install_pages(app)  # static files, security headers, HTML error pages
    app.add_middleware(BodyLimitMiddleware, settings=settings)
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
