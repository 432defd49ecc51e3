"""A synthetic (合成) signature for the demo cases and the tests: a PNG drawn the way a browser canvas is.

Transparent 8-bit RGBA, a few dark strokes, rows filtered with PNG's Sub filter like browsers often do.
Only the demo cases (fictitious parties, 演示) and the tests use it: no real person signed it.
"""

from __future__ import annotations

import base64
import struct
import zlib


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _sub(raw: bytes) -> bytes:
    return bytes((raw[i] - (raw[i - 4] if i >= 4 else 0)) & 0xFF for i in range(len(raw)))


def demo_signature_png(width: int = 600, height: int = 200, strokes: int = 3, sub: bool = True) -> bytes:
    """A canvas-like PNG with `strokes` slanted lines 3 px wide (0 strokes: a blank canvas)."""
    rows = []
    for y in range(height):
        pixels = bytearray(4 * width)
        for s in range(strokes):
            for dx in range(3):
                x = 40 + s * 160 + (y * 120) // height + dx
                if 0 <= x < width:
                    pixels[4 * x : 4 * x + 4] = b"\x10\x10\x10\xff"
        rows.append(b"\x01" + _sub(bytes(pixels)) if sub else b"\x00" + bytes(pixels))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    data = zlib.compress(b"".join(rows), 6)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def data_url(png: bytes) -> str:
    """The canvas's `toDataURL('image/png')` form of PNG bytes."""
    return "data:image/png;base64," + base64.b64encode(png).decode()
