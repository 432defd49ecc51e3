"""Request limits: the size of every body (upload or not), the number of files and the size of each file."""

from __future__ import annotations

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zhifa.config import Settings
from zhifa.errors import PayloadTooLarge, ValidationFailed
from zhifa.services.evidence import Upload
from zhifa.web.guard import check_form

MULTIPART = b"multipart/form-data"


class BodyTooLarge(HTTPException):
    """Raised from `receive` (an HTTPException, so FastAPI's body parsing passes it on unchanged)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"请求内容超过上限（{mib(limit)}），请减少或拆分后再提交")


def mib(n: int) -> str:
    """A byte count as MB for messages."""
    return f"{n / 1024 / 1024:g} MB"


class BodyLimitMiddleware:
    """Cap the bytes of a request body: uploads (multipart) at one limit, everything else at another.

    Nothing is read before the app asks for the body, so authentication, scope and role checks that run
    first answer before a byte of an oversized upload is buffered.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        multipart = headers.get(b"content-type", b"").lower().startswith(MULTIPART)
        limit = self.settings.max_upload_bytes if multipart else self.settings.max_body_bytes
        declared = headers.get(b"content-length", b"")
        too_long = declared.isdigit() and int(declared) > limit
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            if too_long:
                raise BodyTooLarge(limit)
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, limited, send)


async def upload_form(request: Request, settings: Settings) -> FormData:
    """The multipart form, refusing more files than allowed (413) and malformed bodies (422)."""
    try:
        form = await request.form(max_files=settings.max_upload_files, max_fields=200)
    except BodyTooLarge:
        raise
    except HTTPException as exc:
        if "Too many files" in str(exc.detail):
            raise PayloadTooLarge(
                f"一次最多上传 {settings.max_upload_files} 个文件", code="too_many_files"
            ) from None
        raise ValidationFailed("上传内容的格式有误，无法解析", code="bad_multipart") from None
    check_form(form)
    return form


async def uploads_of(form: FormData, settings: Settings, name: str = "files") -> list[Upload]:
    """The files posted under `name` (empty file inputs ignored; each file capped)."""
    files = [f for f in form.getlist(name) if isinstance(f, UploadFile) and (f.filename or f.size)]
    if len(files) > settings.max_upload_files:
        raise PayloadTooLarge(f"一次最多上传 {settings.max_upload_files} 个文件", code="too_many_files")
    out = []
    for f in files:
        if f.size is not None and f.size > settings.max_file_bytes:
            raise PayloadTooLarge(
                f"文件“{f.filename}”超过 {mib(settings.max_file_bytes)}", code="file_too_large"
            )
        data = await f.read(settings.max_file_bytes + 1)
        if len(data) > settings.max_file_bytes:
            raise PayloadTooLarge(
                f"文件“{f.filename}”超过 {mib(settings.max_file_bytes)}", code="file_too_large"
            )
        out.append(Upload(f.filename or "", f.content_type or "application/octet-stream", data))
    return out
