"""Every accepted HTTP connection gets TCP_NODELAY (uvicorn with several workers leaves Nagle on)."""

from __future__ import annotations

import socket

from zhifa.web.server import NoDelayHTTPProtocol, set_nodelay


class _Transport:
    def __init__(self, sock: socket.socket | None) -> None:
        self.sock = sock

    def get_extra_info(self, name: str) -> socket.socket | None:
        return self.sock if name == "socket" else None


def test_nagle_is_turned_off_on_a_socket_made_as_uvicorn_makes_its_shared_listener() -> None:
    listener = socket.socket(family=socket.AF_INET)  # protocol 0, as uvicorn's bind_socket() creates it
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    client = socket.create_connection(listener.getsockname())
    accepted, _ = listener.accept()
    try:
        assert accepted.proto == 0  # which is why asyncio does not set TCP_NODELAY on it
        assert set_nodelay(_Transport(accepted)) is True
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        for s in (client, accepted, listener):
            s.close()


def test_non_tcp_transports_are_left_alone() -> None:
    left, right = socket.socketpair(socket.AF_UNIX)
    try:
        assert set_nodelay(_Transport(left)) is False
        assert set_nodelay(_Transport(None)) is False
    finally:
        left.close()
        right.close()
    assert callable(NoDelayHTTPProtocol.connection_made)
