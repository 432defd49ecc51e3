"""The session cookie: set or cleared on the response by what the request decided (login, logout)."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zhifa.config import Settings
from zhifa.web.deps import PENDING_COOKIE, SESSION_COOKIE


def is_https(scope: Scope, settings: Settings) -> bool:
    """True for an HTTPS request: its own scheme, or X-Forwarded-Proto from a trusted proxy."""
    if scope.get("scheme") == "https":
        return True
    client = scope.get("client")
    if client and client[0] in settings.trusted_proxy_addresses:
        for name, value in scope.get("headers", ()):
            if name == b"x-forwarded-proto":
                return value.decode("latin-1").split(",")[0].strip().lower() == "https"
    return False


def session_cookie(token: str, secure: bool) -> str:
    """The Set-Cookie value: HttpOnly, SameSite=Lax, Secure on HTTPS; a browser-session cookie."""
    value = f"{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax"
    if not token:
        value += "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT"
    return value + ("; Secure" if secure else "")


class SessionCookieMiddleware:
    """Adds the session cookie a login or logout asked for to the response."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; on the response start, append the pending Set-Cookie header."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                pending = scope.get("state", {}).get(PENDING_COOKIE)
                if pending is not None:
                    secure = self.settings.cookie_secure or is_https(scope, self.settings)
                    MutableHeaders(scope=message).append("set-cookie", session_cookie(pending, secure))
            await send(message)

        await self.app(scope, receive, send_with_cookie)
