"""The signed HTTPS JSON transport: HMAC-SM3 (RFC 2104 over SM3) of `timestamp.body`, sent with httpx.

Headers: `X-Zhifa-Delivery` (the delivery id the receiver de-duplicates on), `X-Zhifa-Timestamp` (Unix
seconds), `X-Zhifa-Signature: hmac-sm3=<hex>`. A 2xx answer is delivered; 408, 425, 429 and 5xx, timeouts
and connection errors are retried; any other 4xx is the target refusing the payload (a dead letter).
Reconciliation reads the target's listing of what it received (`acknowledged`), signed the same way.
"""

from __future__ import annotations

import hmac
import socket
import time
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode, urlsplit

import httpx

from zhifa.config import PushEndpoint
from zhifa.errors import ConfigurationError, StorageUnavailable
from zhifa.ledger.sm import sm3

BLOCK = 64  # SM3 block size in bytes (GB/T 32905-2016)
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
RETRYABLE_4XX = frozenset({408, 425, 429})


def push_client(timeout: float) -> httpx.Client:
    """The HTTP client of the workers: keep-alive, TCP_NODELAY (a request's headers and body leave at once
    instead of waiting for the peer's delayed ACK, ~40 ms a request on Linux)."""
    nodelay = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
    return httpx.Client(timeout=timeout, transport=httpx.HTTPTransport(socket_options=nodelay))


def hmac_sm3(key: bytes, message: bytes) -> bytes:
    """HMAC (RFC 2104) with SM3 as the hash."""
    if len(key) > BLOCK:
        key = sm3(key)
    key = key.ljust(BLOCK, b"\0")
    inner = sm3(bytes(b ^ 0x36 for b in key) + message)
    return sm3(bytes(b ^ 0x5C for b in key) + inner)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header value over `timestamp` + "." + body."""
    return "hmac-sm3=" + hmac_sm3(secret.encode(), timestamp.encode() + b"." + body).hex()


def signature_ok(secret: str, timestamp: str, body: bytes, header: str) -> bool:
    """Constant-time check of a signature header."""
    return hmac.compare_digest(signature(secret, timestamp, body), header)


def check_url(url: str) -> str:
    """HTTPS only, except plain HTTP to this machine (the local receiver)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and parts.hostname in LOOPBACK:
        return url
    raise ConfigurationError(
        f"推送地址须为 https://（本机接收端可用 http://127.0.0.1）：{url}", code="push_url_invalid"
    )


@dataclass(frozen=True)
class Outcome:
    """How one delivery attempt ended: delivered, retry later, or refused for good (with the reason)."""

    delivered: bool
    retry: bool
    reason: str


def deliver(
    client: httpx.Client, endpoint: PushEndpoint, delivery_id: str, body: bytes, now: float | None = None
) -> Outcome:
    """POST one payload, signed; classify the answer."""
    timestamp = str(int(now if now is not None else time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "X-Zhifa-Delivery": delivery_id,
        "X-Zhifa-Timestamp": timestamp,
        "X-Zhifa-Signature": signature(endpoint.secret, timestamp, body),
    }
    try:
        answer = client.post(check_url(endpoint.url), content=body, headers=headers)
    except httpx.HTTPError as exc:
        return Outcome(False, True, f"网络错误：{type(exc).__name__}: {exc}"[:1000])
    if 200 <= answer.status_code < 300:
        return Outcome(True, False, "")
    reason = f"HTTP {answer.status_code}: {answer.text[:800]}"
    retry = answer.status_code >= 500 or answer.status_code in RETRYABLE_4XX
    return Outcome(False, retry, reason)


def listing_signature(secret: str, timestamp: str, request_target: str) -> str:
    """The signature of a listing request: over `timestamp` + "." + "GET " + path and query."""
    return signature(secret, timestamp, b"GET " + request_target.encode())


def acknowledged(
    client: httpx.Client, endpoint: PushEndpoint, since: datetime, now: float | None = None
) -> dict[str, str]:
    """What the target says it received since `since`: delivery id → when (the target's listing endpoint,
    `GET <url>?since=ISO[&after=CURSOR]`, signed like a push; pages followed through `next`)."""
    url, found, after = check_url(endpoint.url), {}, ""
    while True:
        query = urlencode({"since": since.isoformat(), **({"after": after} if after else {})})
        target = f"{urlsplit(url).path or '/'}?{query}"
        timestamp = str(int(now if now is not None else time.time()))
        headers = {
            "X-Zhifa-Timestamp": timestamp,
            "X-Zhifa-Signature": listing_signature(endpoint.secret, timestamp, target),
        }
        try:
            answer = client.get(f"{url}?{query}", headers=headers)
        except httpx.HTTPError as exc:
            raise StorageUnavailable(f"无法连接推送目标：{exc}", code="push_target_unreachable") from exc
        if answer.status_code != 200:
            raise StorageUnavailable(
                f"推送目标拒绝对账请求：HTTP {answer.status_code} {answer.text[:300]}",
                code="push_listing_refused",
            )
        page = answer.json()
        found.update({str(i["delivery_id"]): str(i.get("received_at", "")) for i in page.get("items", [])})
        after = str(page.get("next") or "")
        if not after:
            return found
