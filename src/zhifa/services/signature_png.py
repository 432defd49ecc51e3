"""The party's handwritten signature from the phone's canvas: a PNG checked byte by byte before it is kept.

Accepted: what a browser canvas exports — an 8-bit RGBA, non-interlaced PNG of sensible size, every chunk's
CRC right, the image data inflating to exactly one filter byte plus one row of pixels per line, and ink on
it. A transparent canvas is all zeros, and PNG's filters turn an all-zero image into all-zero residuals and
nothing else (each filter predicts from neighbours that are zero until the first non-zero pixel), so the
count of non-zero residual bytes measures the strokes without decoding the filters; a few stray bytes (a
tap) are not a signature. Anything else is refused with a code, nothing is written.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
import zlib

from zhifa.errors import ValidationFailed

MAX_BYTES = 512 * 1024
MIN_SIDE, MAX_WIDTH, MAX_HEIGHT = 100, 2400, 1200
MIN_INK_BYTES = 200  # non-zero residual bytes: a short stroke already has thousands
_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_DATA_URL = re.compile(r"^data:image/png;base64,", re.IGNORECASE)


def _bad(code: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, code=code)


def decode_data(text: str) -> bytes:
    """Bytes of a base64 PNG (a `data:image/png;base64,` URL or bare base64)."""
    raw = _DATA_URL.sub("", text.strip(), count=1)
    try:
        return base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise _bad("bad_signature_png", "当事人签名须为 base64 编码的 PNG 图片") from None


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    out, pos = [], len(_SIGNATURE)
    while pos < len(data):
        if pos + 12 > len(data):
            raise _bad("bad_signature_png", "签名图片不完整（PNG 数据块被截断）")
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if len(body) != length or pos + 12 + length > len(data):
            raise _bad("bad_signature_png", "签名图片不完整（PNG 数据块被截断）")
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        if zlib.crc32(kind + body) != crc:
            raise _bad("bad_signature_png", "签名图片已损坏（PNG 校验值不符）")
        out.append((kind, body))
        pos += 12 + length
        if kind == b"IEND":
            break
    return out


def _inflate(data: bytes, expected: int) -> bytes:
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(data, expected + 1)
    except zlib.error:
        raise _bad("bad_signature_png", "签名图片已损坏（图像数据无法解压）") from None
    if len(raw) != expected or inflater.unconsumed_tail:
        raise _bad("bad_signature_png", "签名图片的图像数据与其尺寸不符")
    return raw


def check_signature_png(data: bytes) -> tuple[int, int]:
    """Refuse anything but a canvas PNG with a signature on it; returns (width, height)."""
    if not data:
        raise _bad("party_signature_missing", "没有当事人签名图片")
    if len(data) > MAX_BYTES:
        raise _bad("signature_too_large", f"签名图片超过 {MAX_BYTES // 1024} KB")
    if not data.startswith(_SIGNATURE):
        raise _bad("bad_signature_png", "当事人签名须为 PNG 图片")
    chunks = _chunks(data)
    if not chunks or chunks[0][0] != b"IHDR" or len(chunks[0][1]) != 13 or chunks[-1][0] != b"IEND":
        raise _bad("bad_signature_png", "签名图片不是完整的 PNG（缺少 IHDR 或 IEND）")
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    if (depth, colour, compression, filtering, interlace) != (8, 6, 0, 0, 0):
        raise _bad("bad_signature_png", "签名图片须为手写板生成的 8 位 RGBA PNG（不隔行）")
    if not (MIN_SIDE <= width <= MAX_WIDTH and MIN_SIDE // 2 <= height <= MAX_HEIGHT):
        raise _bad("bad_signature_size", f"签名图片尺寸 {width}×{height} 不在允许范围内")
    stride = 1 + 4 * width
    raw = _inflate(b"".join(body for kind, body in chunks if kind == b"IDAT"), stride * height)
    filters = raw[::stride]
    if any(f > 4 for f in filters):
        raise _bad("bad_signature_png", "签名图片已损坏（未知的行过滤方式）")
    ink = len(raw) - raw.count(0) - (len(filters) - filters.count(0))
    if ink < MIN_INK_BYTES:
        raise _bad("signature_blank", "签名区是空白的：请当事人在屏幕上手写签名")
    return width, height
