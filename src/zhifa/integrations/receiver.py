"""A push receiver for demos and tests: checks signatures and the envelope, de-duplicates by delivery id,
stores what it gets, and can be told to fail (5xx, 4xx, a lost reply, a slow reply) to exercise retries.

POST /<target> with the headers of zhifa.integrations.transport. Only binds to loopback addresses.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from zhifa.errors import ValidationFailed
from zhifa.integrations.transport import LOOPBACK, signature_ok

MAX_SKEW_SECONDS = 300
ENVELOPE = ("schema", "delivery_id", "target", "obligation", "event", "legal_basis", "data")
FAULTS = frozenset({"500", "503", "400", "drop", "slow"})  # drop: store, then close without a reply


@dataclass
class Inbox:
    """What the receiver holds: deliveries by id (the effect, once), every request, the faults queued."""

    secret: str
    deliveries: dict[str, dict[str, Any]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # delivery ids in the order first received
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

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

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
        stamp = self.headers.get("X-Zhifa-Timestamp", "")
        if not stamp.isdigit() or abs(time.time() - int(stamp)) > MAX_SKEW_SECONDS:
            return self._answer(401, {"error": "时间戳缺失或偏差过大"})
        if not signature_ok(inbox.secret, stamp, body, self.headers.get("X-Zhifa-Signature", "")):
            return self._answer(401, {"error": "签名校验失败"})
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
