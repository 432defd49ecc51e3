"""A push receiver for demos and tests: checks signatures and the envelope, de-duplicates by delivery id,
stores what it gets, and can be told to fail (5xx, 4xx, a lost reply, a slow reply) to exercise retries.

POST /<target> with the headers of zhifa.integrations.transport; GET /<target>?since=ISO[&after=N] (signed
over "GET " + path and query) lists what it received for reconciliation, 1,000 a page. Only binds to
loopback addresses.
"""

from __future__ import annotations

import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from zhifa.errors import ValidationFailed
from zhifa.integrations.transport import LOOPBACK, listing_signature, signature_ok

MAX_SKEW_SECONDS = 300
PAGE = 1000
ENVELOPE = ("schema", "delivery_id", "target", "obligation", "event", "legal_basis", "data")
FAULTS = frozenset({"500", "503", "400", "drop", "slow"})  # drop: store, then close without a reply


@dataclass
class Inbox:
    """What the receiver holds: deliveries by id (the effect, once), every request, the faults queued."""

    secret: str
    deliveries: dict[str, dict[str, Any]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # delivery ids in the order first received
    received_at: dict[str, datetime] = field(default_factory=dict)
    requests: int = 0
    duplicates: int = 0
    faults: list[str] = field(default_factory=list)
    slow_seconds: float = 2.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, *faults: str) -> None:
        """Queue faults for the next requests, one each."""
        unknown = set(faults) - FAULTS
        if unknown:
            raise ValidationFailed(f"未知的故障类型：{sorted(unknown)}", code="bad_fault")
        with self.lock:
            self.faults.extend(faults)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"  # keep-alive: a worker sends its rows over one connection
    disable_nagle_algorithm = True  # headers and body written apart must not wait for a delayed ACK

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _signed(self, body: bytes, listing: bool = False) -> str:
        """Why the request's timestamp or signature is refused ("" when they are right)."""
        stamp = self.headers.get("X-Zhifa-Timestamp", "")
        if not stamp.isdigit() or abs(time.time() - int(stamp)) > MAX_SKEW_SECONDS:
            return "时间戳缺失或偏差过大"
        header, secret = self.headers.get("X-Zhifa-Signature", ""), self.server.inbox.secret
        ok = (
            hmac.compare_digest(listing_signature(secret, stamp, self.path), header)
            if listing
            else signature_ok(secret, stamp, body, header)
        )
        return "" if ok else "签名校验失败"

    def do_GET(self) -> None:
        """The listing of what was received for one target since a moment (for reconciliation)."""
        refused = self._signed(b"", listing=True)
        if refused:
            return self._answer(401, {"error": refused})
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        try:
            since = datetime.fromisoformat(query.get("since", [""])[0])
            after = int(query.get("after", ["0"])[0])
        except ValueError:
            return self._answer(400, {"error": "since 须为 ISO 时间，after 须为整数"})
        since = since if since.tzinfo is not None else since.replace(tzinfo=UTC)
        inbox, target = self.server.inbox, parts.path.strip("/")
        with inbox.lock:
            mine = [
                (d, inbox.received_at[d]) for d in inbox.order
                if inbox.deliveries[d].get("target") == target and inbox.received_at[d] >= since
            ]  # fmt: skip
        page = mine[after : after + PAGE]
        items = [{"delivery_id": d, "received_at": at.isoformat()} for d, at in page]
        more = after + PAGE < len(mine)
        return self._answer(200, {"items": items, "next": str(after + PAGE) if more else None})

    def do_POST(self) -> None:
        """Check, de-duplicate, store (or fail as told)."""
        inbox = self.server.inbox
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with inbox.lock:
            inbox.requests += 1
            fault = inbox.faults.pop(0) if inbox.faults else None
        if fault in {"500", "503"}:
            return self._answer(int(fault), {"error": "模拟故障"})
        if fault == "400":
            return self._answer(400, {"error": "数据项不符合接口规范（模拟）"})
        refused = self._signed(body)
        if refused:
            return self._answer(401, {"error": refused})
        try:
            doc = json.loads(body)
        except ValueError:
            return self._answer(400, {"error": "请求体不是 JSON"})
        delivery = self.headers.get("X-Zhifa-Delivery", "")
        missing = [k for k in ENVELOPE if k not in doc]
        if missing or doc.get("delivery_id") != delivery or self.path.strip("/") != doc.get("target"):
            return self._answer(400, {"error": f"报文不符合接口规范：缺少 {missing} 或投递编号、目标不符"})
        with inbox.lock:
            duplicate = delivery in inbox.deliveries
            if duplicate:
                inbox.duplicates += 1
            else:
                inbox.deliveries[delivery] = doc
                inbox.order.append(delivery)
                inbox.received_at[delivery] = datetime.now(UTC)
        if fault == "drop":
            self.close_connection = True
            return None
        if fault == "slow":
            time.sleep(inbox.slow_seconds)
        return self._answer(200, {"delivery_id": delivery, "duplicate": duplicate})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    inbox: Inbox


def start_receiver(secret: str, host: str = "127.0.0.1", port: int = 0) -> tuple[_Server, Inbox]:
    """Start a receiver in a background thread (its port: `server.server_address`; stop: shutdown())."""
    if host not in LOOPBACK:
        raise ValidationFailed("演示接收端只能监听本机地址（127.0.0.1）", code="receiver_not_loopback")
    server = _Server((host, port), _Handler)
    server.inbox = Inbox(secret)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.inbox
