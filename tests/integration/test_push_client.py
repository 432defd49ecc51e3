"""The workers' HTTP client (PushClient, decision 0023) against a real HTTP/1.1 server on loopback: one
kept-alive connection per target, a connection the target closed meanwhile replaced without losing the push,
no answer (refused, silent, cut off) a TransportError that `deliver` turns into a retry, answers classified
as before (2xx delivered, 408/425/429/5xx retried, other 4xx refused for good), a too-long answer cut."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from zhifa.config import PushEndpoint
from zhifa.integrations import transport
from zhifa.integrations.transport import PushClient, TransportError, deliver

SECRET = "s" * 40  # a test secret (≥ 32 characters, as targets require)


class _Target(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.peers: list[int] = []  # the client port of each request (one per connection when kept alive)
        self.bodies: list[bytes] = []
        self.status = 200
        self.answer = b'{"ok": true}'
        self.close_after = False  # answer with Connection: close

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/push"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Target

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self) -> None:
        self.server.peers.append(self.client_address[1])
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.server.answer)))
        if self.server.close_after:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(self.server.answer)

    def do_POST(self) -> None:
        self.server.bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
        self._answer()

    def do_GET(self) -> None:
        self._answer()


@pytest.fixture
def target() -> Iterator[_Target]:
    server = _Target()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def _endpoint(url: str) -> PushEndpoint:
    return PushEndpoint(url=url, secret=SECRET)


def test_pushes_to_one_target_share_one_kept_alive_connection(target: _Target) -> None:
    with PushClient(2) as client:
        for i in range(20):
            outcome = deliver(client, _endpoint(target.url), f"{i:032x}", b'{"n": %d}' % i)
            assert outcome.delivered and not outcome.retry
    assert len(target.bodies) == 20 and target.bodies[7] == b'{"n": 7}'
    assert len(set(target.peers)) == 1  # one TCP connection for all twenty


def test_a_connection_the_target_closed_is_replaced_and_the_push_goes_through(target: _Target) -> None:
    with PushClient(2) as client:
        assert deliver(client, _endpoint(target.url), "a" * 32, b"{}").delivered
        target.close_after = True  # the next answer closes the connection: the client must not reuse it
        assert deliver(client, _endpoint(target.url), "b" * 32, b"{}").delivered
        target.close_after = False
        assert deliver(client, _endpoint(target.url), "c" * 32, b"{}").delivered
        # a connection closed by the target while idle (server-side keep-alive timeout)
        (conn,) = client._connections.values()
        assert conn.sock is not None
        conn.sock.shutdown(socket.SHUT_RDWR)  # as if the peer had gone: the next send fails as stale
        assert deliver(client, _endpoint(target.url), "d" * 32, b"{}").delivered
    assert len(target.bodies) == 4 and len(set(target.peers)) == 3


@pytest.mark.parametrize(
    ("status", "delivered", "retry"),
    [(200, True, False), (204, True, False), (503, False, True), (429, False, True), (400, False, False)],
)
def test_answers_are_classified(target: _Target, status: int, delivered: bool, retry: bool) -> None:
    target.status, target.answer = status, (b"" if status == 204 else b'{"error": "x"}')
    with PushClient(2) as client:
        outcome = deliver(client, _endpoint(target.url), "e" * 32, b"{}")
    assert (outcome.delivered, outcome.retry) == (delivered, retry)
    if not delivered:
        assert outcome.reason.startswith(f"HTTP {status}")


def test_no_answer_is_a_transport_error_and_a_retry() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # nothing listens there once closed
    with PushClient(1) as client:
        with pytest.raises(TransportError):
            client.post(f"http://127.0.0.1:{port}/push", b"{}", {})
        outcome = deliver(client, _endpoint(f"http://127.0.0.1:{port}/push"), "f" * 32, b"{}")
    assert not outcome.delivered and outcome.retry and outcome.reason.startswith("网络错误：")


def test_a_silent_target_times_out() -> None:
    with socket.socket() as silent:  # accepts (the kernel's backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/push"
        started = time.monotonic()
        with PushClient(0.5) as client:
            outcome = deliver(client, _endpoint(url), "0" * 32, b"{}")
        assert not outcome.delivered and outcome.retry and "timed out" in outcome.reason
        assert time.monotonic() - started < 5


def test_a_too_long_answer_is_cut_and_its_connection_not_reused(
    target: _Target, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transport, "MAX_ANSWER", 16)
    target.answer = b'{"items": [' + b'"x",' * 100 + b'"y"]}'
    with PushClient(2) as client:
        first = client.get(target.url, {})
        assert first.status_code == 200 and len(first.text) == 16
        assert client._connections == {}  # the rest of the body was not read: the connection is dropped
        assert client.get(target.url, {}).status_code == 200
    assert len(set(target.peers)) == 2


def _fake_proxy(seen: list[str]) -> tuple[socket.socket, threading.Thread]:
    """A proxy that records the CONNECT request and refuses it (403)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)

    def serve() -> None:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
            seen.append(data.split(b"\r\n", 1)[0].decode())
            conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return listener, thread


def test_https_goes_through_the_environment_proxy_with_connect(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    listener, thread = _fake_proxy(seen)
    with listener:
        for name in ("no_proxy", "NO_PROXY", "HTTPS_PROXY"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{listener.getsockname()[1]}")
        with PushClient(2) as client:
            outcome = deliver(client, _endpoint("https://push.example.cn:8443/zhifa"), "1" * 32, b"{}")
        thread.join(5)
    assert [line.rsplit(" ", 1)[0] for line in seen] == ["CONNECT push.example.cn:8443"]
    assert not outcome.delivered and outcome.retry and "403" in outcome.reason


def test_no_proxy_hosts_are_reached_directly(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    listener, _thread = _fake_proxy(seen)
    with listener, socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        closed.close()
        monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{listener.getsockname()[1]}")
        monkeypatch.setenv("no_proxy", "127.0.0.1")
        with PushClient(1) as client, pytest.raises(TransportError) as refused:
            client.post(f"https://127.0.0.1:{port}/push", b"{}", {})
    assert "ConnectionRefused" in str(refused.value) and seen == []
