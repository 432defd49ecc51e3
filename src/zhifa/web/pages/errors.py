"""Errors on pages: Chinese error pages (JSON stays JSON under /api), login redirect when signed out."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from zhifa.errors import Unauthenticated, ZhifaError
from zhifa.problems import problems_of
from zhifa.web.deps import optional_actor
from zhifa.web.limits import BodyTooLarge
from zhifa.web.pages.common import redirect, render
from zhifa.web.pages.labels import path_label

log = logging.getLogger(__name__)

NON_PAGE_PREFIXES = ("/api/", "/healthz", "/docs", "/redoc", "/openapi.json", "/static/")
TITLES = {
    400: "请求有误",
    401: "请先登录",
    403: "无权操作",
    404: "页面不存在",
    405: "不支持的请求方式",
    409: "操作冲突",
    413: "上传内容过大",
    422: "提交的内容不符合要求",
    429: "操作过于频繁",
    500: "系统内部错误",
    503: "服务暂不可用",
}
HTTP_MESSAGES = {
    404: "您访问的页面不存在，或您无权查看。",
    405: "该页面不支持这种请求方式。",
}


def is_page(request: Request) -> bool:
    """True for requests answered with HTML pages (not the JSON API, health check, docs or static files)."""
    return not request.url.path.startswith(NON_PAGE_PREFIXES)


async def error_page(
    request: Request, status: int, message: str, code: str = "", details: Any = None
) -> Response:
    """A Chinese error page in the layout (signed-in users keep their navigation)."""
    if getattr(request.state, "actor", None) is None:
        try:
            request.state.actor = await optional_actor(request)
        except ZhifaError:
            request.state.actor = None
    title = TITLES.get(status, "出错了")
    context = {"status": status, "title": title, "message": message, "code": code, "details": details}
    return render(request, "errors/error.html", context, status=status, title=title)


def install(app: FastAPI) -> None:
    """Wrap the JSON error handlers: pages get HTML, the API keeps its JSON answers."""
    json_zhifa = app.exception_handlers[ZhifaError]
    json_validation = app.exception_handlers[RequestValidationError]

    async def zhifa_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ZhifaError)
        if not is_page(request):
            return await json_zhifa(request, exc)  # type: ignore[no-any-return]
        if isinstance(exc, Unauthenticated):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return redirect("/login" if target == "/" else f"/login?next={quote(target, safe='')}")
        return await error_page(request, exc.http_status, exc.message, exc.code, exc.details)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        if not is_page(request):
            return await json_validation(request, exc)  # type: ignore[no-any-return]
        problems = [
            {**p, "field": path_label(p["field"])} for p in problems_of(exc.errors(), skip=("body", "query"))
        ]
        return await error_page(
            request, 422, "提交或查询的内容不符合要求，请返回修改。", "validation_error", problems
        )

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if isinstance(exc, BodyTooLarge):
            if not is_page(request):
                body = {"code": "payload_too_large", "message": exc.detail}
                return JSONResponse(body, status_code=413)
            return await error_page(request, 413, exc.detail, "payload_too_large")
        if not is_page(request):
            return await http_exception_handler(request, exc)
        message = HTTP_MESSAGES.get(exc.status_code, str(exc.detail))
        return await error_page(request, exc.status_code, message, f"http_{exc.status_code}")

    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("未处理的异常：%s %s", request.method, request.url.path, exc_info=exc)
        if not is_page(request):
            return JSONResponse({"code": "internal_error", "message": "系统内部错误"}, status_code=500)
        return await error_page(
            request, 500, "系统内部错误，请稍后重试；问题持续时请联系系统管理员。", "internal_error"
        )

    app.add_exception_handler(ZhifaError, zhifa_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, server_error)
