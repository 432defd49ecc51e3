"""The uvicorn HTTP protocol zhifa runs with: Nagle's algorithm off on every connection.

With `--workers N > 1` uvicorn binds the listening socket itself (protocol number 0), and asyncio only
sets TCP_NODELAY on sockets whose protocol is IPPROTO_TCP — so the accepted connections kept Nagle's
algorithm on. A response goes out as two writes (headers, then body); the second then waits for the
client's delayed ACK, and every request took ≥ 40 ms (measured: 44 ms for /healthz with two workers,
1 ms with one). This protocol sets TCP_NODELAY itself. Use it as `http=HTTP_PROTOCOL` (uvicorn.run)
or `--http zhifa.web.server:NoDelayHTTPProtocol` (uvicorn command line).
"""

from __future__ import annotations

import socket
from typing import Any

try:  # the C parser when httptools is installed, as uvicorn's "auto" would choose
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _Base
except ImportError:  # pragma: no cover - depends on the installed extras
    from uvicorn.protocols.http.h11_impl import H11Protocol as _Base  # type: ignore[assignment]

HTTP_PROTOCOL = "zhifa.web.server:NoDelayHTTPProtocol"


def set_nodelay(transport: Any) -> bool:
    """Turn Nagle's algorithm off on the transport's TCP socket; False when it is no TCP socket."""
    sock = transport.get_extra_info("socket")
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return False
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:
        return False
    return True


class NoDelayHTTPProtocol(_Base):
    """uvicorn's HTTP/1.1 protocol with TCP_NODELAY on each accepted connection."""

    def connection_made(self, transport: Any) -> None:  # type: ignore[override]
        """Set TCP_NODELAY, then let uvicorn take the connection."""
        set_nodelay(transport)
        super().connection_made(transport)
