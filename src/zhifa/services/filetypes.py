"""What an uploaded file really is, from its bytes: the few types shown in the browser (PNG/JPEG/WebP/PDF).

The client's Content-Type and the file name are claims; only a file whose bytes carry a well-formed
header of one of these types is served inline, with the type sniffed here. Anything else (SVG, HTML, scripts,
a `.png` that is HTML, a truncated image) is served as a download (see zhifa.web.files).
"""

from __future__ import annotations

import re
import struct
import zlib
from urllib.parse import quote

PNG = "image/png"
JPEG = "image/jpeg"
WEBP = "image/webp"
PDF = "application/pdf"
INLINE_TYPES = frozenset({PNG, JPEG, WEBP, PDF})
OCTET_STREAM = "application/octet-stream"

# Every file response: no script, no subresource, an opaque origin. Browsers' PDF viewers refuse to run
# under `sandbox`; a PDF gets the rest (its viewer runs outside our origin either way).
FILE_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"
PDF_CSP = "default-src 'none'; img-src 'self'; object-src 'self'; frame-ancestors 'self'"

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG markers that may follow SOI: APPn, DQT, SOFn, DHT, DRI, COM (a JFIF/Exif/raw baseline file).
_JPEG_FIRST_MARKERS = frozenset({*range(0xE0, 0xF0), 0xDB, 0xC0, 0xC1, 0xC2, 0xC4, 0xDD, 0xFE})
_PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f"\\/;:*?<>|]')


def _is_png(data: bytes) -> bool:
    # signature, then the IHDR chunk: length 13, non-zero width/height, a known bit depth, a valid CRC
    if len(data) < 33 or not data.startswith(_PNG_SIGNATURE):
        return False
    length, kind = struct.unpack(">I4s", data[8:16])
    if length != 13 or kind != b"IHDR":
        return False
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    (crc,) = struct.unpack(">I", data[29:33])
    return (
        width > 0
        and height > 0
        and depth in (1, 2, 4, 8, 16)
        and colour in (0, 2, 3, 4, 6)
        and zlib.crc32(data[12:29]) == crc
    )


def _is_jpeg(data: bytes) -> bool:
    # SOI, then a marker segment whose length fits in the file
    if len(data) < 8 or data[:3] != b"\xff\xd8\xff" or data[3] not in _JPEG_FIRST_MARKERS:
        return False
    (length,) = struct.unpack(">H", data[4:6])
    return 2 <= length <= len(data) - 4


def _is_webp(data: bytes) -> bool:
    # RIFF container of type WEBP whose size matches the file, first chunk VP8 / VP8L / VP8X
    if len(data) < 20 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return False
    (riff_size,) = struct.unpack("<I", data[4:8])
    return data[12:16] in (b"VP8 ", b"VP8L", b"VP8X") and riff_size + 8 <= len(data) + 1


def _is_pdf(data: bytes) -> bool:
    return _PDF_HEADER.match(data) is not None and b"%%EOF" in data[-1024:]


def sniff(data: bytes) -> str | None:
    """The verified type of the bytes (PNG, JPEG, WebP or PDF), or None for anything else."""
    for kind, check in ((PNG, _is_png), (JPEG, _is_jpeg), (WEBP, _is_webp), (PDF, _is_pdf)):
        if check(data):
            return kind
    return None


def safe_filename(name: str, fallback: str) -> str:
    """The last path component of a client file name without control, quote or separator characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    cleaned = _UNSAFE_NAME.sub("_", base).strip(" .")
    return cleaned[:200] or fallback


def content_disposition(kind: str, filename: str) -> str:
    """`inline`/`attachment` with an ASCII filename and the RFC 5987 `filename*` for the real one."""
    ascii_name = "".join(c if 32 <= ord(c) < 127 else "_" for c in filename)
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def file_headers(filename: str, digest: str, data: bytes) -> tuple[str, dict[str, str]]:
    """Media type and headers for serving an evidence file: inline only for a verified type."""
    kind = sniff(data)
    name = safe_filename(filename, digest)
    headers = {
        "Content-Disposition": content_disposition("inline" if kind else "attachment", name),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": PDF_CSP if kind == PDF else FILE_CSP,
        "X-Content-SM3": digest,
        "Cache-Control": "private, no-store",
    }
    return kind or OCTET_STREAM, headers
