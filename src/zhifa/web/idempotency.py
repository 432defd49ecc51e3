"""`Idempotency-Key` on creating API requests: a retry after a lost answer gets the first answer again.

The key is per user (the same string from two users is two keys), reserved before the request runs and
completed with the answer after it succeeds (zhifa.services.idempotency). A retry with the same key and
the same request (method, path, query, body — multipart boundaries aside) is answered from the table
without running anything: no second case, no second 文号. The same key with a different request is a 422
(`idempotency_key_reused`); a retry while the first is still running is a 409 (`idempotency_in_progress`).
"""

from __future__ import annotations

import hashlib
import json
import re

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zhifa.errors import ZhifaError
from zhifa.services import idempotency as keys
from zhifa.web.deps import optional_actor
from zhifa.web.limits import BodyTooLarge

HEADER = b"idempotency-key"
KEY_PATTERN = re.compile(r"[\x21-\x7e]{1,255}")
# The POSTs that create or change records: case registration, on-the-spot penalties, files, evidence,
# every case action (文号 are issued by some), users.
COVERED = re.compile(r"^/api/v1/(cases($|/)|users$)")


class BodyHasher:
    """SHA-256 of method, path, query, media type and body, with the multipart boundary left out."""

    def __init__(self, scope: Scope, content_type: str) -> None:
        media, _, params = content_type.partition(";")
        found = re.search(r'boundary="?([^";]+)"?', params)
        self.boundary = found.group(1).encode() if found else b""
        self.carry = b""
        self.sha = hashlib.sha256()
        for part in (scope["method"], scope["path"], scope.get("query_string", b"").decode(), media.strip()):
            self.sha.update(part.encode() + b"\x00")

    def feed(self, chunk: bytes) -> None:
        """Hash the next body chunk (boundaries removed, also across chunk edges)."""
        if not self.boundary:
            self.sha.update(chunk)
            return
        data, start, size = self.carry + chunk, 0, len(self.boundary)
        found = data.find(self.boundary)
        while found != -1:
            self.sha.update(data[start:found])
            start = found + size
            found = data.find(self.boundary, start)
        keep = max(start, len(data) - (size - 1))
        self.sha.update(data[start:keep])
        self.carry = data[keep:]

    def hexdigest(self) -> str:
        """The hash of everything fed."""
        self.sha.update(self.carry)
        self.carry = b""
        return self.sha.hexdigest()


async def _answer(send: Send, status: int, body: bytes, content_type: str, replayed: bool = False) -> None:
    headers = [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode())]
    if replayed:
        headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _error(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"code": code, "message": message}, ensure_ascii=False).encode()
    await _answer(send, status, body, "application/json")


class IdempotencyMiddleware:
    """Replay the first answer of a creating request retried with the same `Idempotency-Key`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or ()) if scope["type"] == "http" else {}
        raw_key = headers.get(HEADER)
        if raw_key is None or scope["method"] != "POST" or not COVERED.match(scope["path"]):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        try:
            actor = await optional_actor(request)
        except ZhifaError:
            actor = None
        if actor is None:  # the app answers 401 as for any unauthenticated request
            await self.app(scope, receive, send)
            return
        key = raw_key.decode("latin-1")
        if not KEY_PATTERN.fullmatch(key):
            await _error(
                send, 422, "bad_idempotency_key", "Idempotency-Key 须为 1 至 255 个可见 ASCII 字符（如 UUID）"
            )
            return
        state = request.app.state.zhifa
        hasher = BodyHasher(scope, headers.get(b"content-type", b"").decode("latin-1"))
        stored = await run_in_threadpool(keys.lookup, state.uow(), actor.user_id, key)
        if stored is not None:
            await self._replay(stored, hasher, receive, send)
            return
        ttl = state.settings.idempotency_ttl_seconds
        reserved = await run_in_threadpool(
            keys.reserve, state.uow(), actor.user_id, key, scope["method"], scope["path"], ttl
        )
        if not reserved:
            await _error(
                send, 409, "idempotency_in_progress", "使用同一 Idempotency-Key 的请求正在处理，请稍后重试"
            )
            return
        await self._first(scope, receive, send, state, actor.user_id, key, hasher)

    async def _replay(self, stored: keys.StoredKey, hasher: BodyHasher, receive: Receive, send: Send) -> None:
        if stored.status is None:
            await _error(
                send, 409, "idempotency_in_progress", "使用同一 Idempotency-Key 的请求正在处理，请稍后重试"
            )
            return
        try:
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    return
                hasher.feed(message.get("body", b""))
                if not message.get("more_body", False):
                    break
        except BodyTooLarge as exc:
            await _error(send, 413, "payload_too_large", str(exc.detail))
            return
        if hasher.hexdigest() != stored.request_hash:
            await _error(
                send, 422, "idempotency_key_reused",
                "该 Idempotency-Key 已用于另一个不同的请求：重试时请求须与首次完全相同，新请求请换新键",
            )  # fmt: skip
            return
        ctype = stored.content_type or "application/json"
        await _answer(send, stored.status, stored.response or b"", ctype, replayed=True)

    async def _first(
        self, scope: Scope, receive: Receive, send: Send, state: object, user_id: int, key: str,
        hasher: BodyHasher,
    ) -> None:  # fmt: skip
        status = 500
        content_type = "application/json"
        chunks: list[bytes] = []

        async def hashing_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                hasher.feed(message.get("body", b""))
            return message

        async def capturing_send(message: Message) -> None:
            nonlocal status, content_type
            if message["type"] == "http.response.start":
                status = message["status"]
                for name, value in message.get("headers", ()):
                    if name.lower() == b"content-type":
                        content_type = value.decode("latin-1")
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        uow = state.uow  # type: ignore[attr-defined]
        try:
            await self.app(scope, hashing_receive, capturing_send)
        except BaseException:
            await run_in_threadpool(keys.release, uow(), user_id, key)
            raise
        if 200 <= status < 300:
            digest = hasher.hexdigest()
            body = b"".join(chunks)
            await run_in_threadpool(keys.complete, uow(), user_id, key, digest, status, content_type, body)
        else:  # refused or failed: the service rolled back, nothing was created; a retry runs again
            await run_in_threadpool(keys.release, uow(), user_id, key)
