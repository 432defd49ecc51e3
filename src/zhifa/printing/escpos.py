"""ESC/POS commands for 58 mm and 80 mm thermal receipt printers, and a builder of byte streams.

Only the commands the common portable printers (Xprinter, GPrinter, HPRT, Zjiang and the like) all accept:
initialise, Chinese mode (GB18030 text), alignment, emphasis, double size or double height, line feeds,
the native QR code of `GS ( k` (model 2, module size, error correction, store, print) and the feed-and-cut
of `GS V`. For printers whose firmware has no `GS ( k` the QR code can go as a raster image instead
(`GS v 0`, the symbol drawn here with segno, centred in the full printable width).
`zhifa.printing.decode` reads these streams back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import segno

from zhifa.printing.text import ENCODING, text_width

ESC, FS, GS, LF = b"\x1b", b"\x1c", b"\x1d", b"\n"
INIT = ESC + b"@"
CHINESE_ON = FS + b"&"
ALIGN = {"left": 0, "center": 1, "right": 2}
QR_EC = {"L": 48, "M": 49, "Q": 50, "H": 51}
QR_MAX_DATA = 7089 - 3  # the store function's length field allows more; model 2 holds no more than this
DOTS = {58: 384, 80: 576}  # printable dots per line at 203 dpi
QR_MODES = ("native", "raster")  # GS ( k, or the symbol as a GS v 0 image
QR_QUIET = 4  # modules of quiet zone around the symbol (ISO/IEC 18004)
RASTER_BAND = 128  # rows per GS v 0 command: small printers buffer a band at a time


def qr_commands(payload: str, module: int, ec: str = "M") -> bytes:
    """GS ( k: select model 2, set the module size and error correction, store the data, print it."""
    data = payload.encode("ascii")
    if not 1 <= module <= 16:
        raise ValueError("QR module size is 1..16 dots")
    if not data or len(data) > QR_MAX_DATA:
        raise ValueError("QR payload is empty or too long")
    size = len(data) + 3
    return b"".join(
        [
            GS + b"(k" + bytes([4, 0, 49, 65, 50, 0]),  # fn 165: model 2
            GS + b"(k" + bytes([3, 0, 49, 67, module]),  # fn 167: module size in dots
            GS + b"(k" + bytes([3, 0, 49, 69, QR_EC[ec]]),  # fn 169: error correction level
            GS + b"(k" + bytes([size % 256, size // 256, 49, 80, 48]) + data,  # fn 180: store
            GS + b"(k" + bytes([3, 0, 49, 81, 48]),  # fn 181: print the stored symbol
        ]
    )


def qr_rows(payload: str, module: int, ec: str, dots: int) -> list[bytes]:
    """The QR symbol (model 2, quiet zone included) as 1-bit rows `dots` wide, each module `module` dots
    square, centred; bit 7 of a byte is its leftmost dot, 1 is black."""
    matrix = segno.make(payload, error=ec.lower(), micro=False, boost_error=False).matrix
    side = (len(matrix) + 2 * QR_QUIET) * module
    if not 1 <= module <= 16 or side > dots:
        raise ValueError(f"a QR symbol of {side} dots does not fit a line of {dots} dots")
    left = (dots - side) // 2 + QR_QUIET * module
    blank = bytes(dots // 8)
    rows = [blank] * (QR_QUIET * module)
    for modules in matrix:
        bits = 0
        for i, dark in enumerate(modules):
            if dark:
                bits |= ((1 << module) - 1) << (dots - left - (i + 1) * module)
        rows += [bits.to_bytes(dots // 8, "big")] * module
    return rows + [blank] * (QR_QUIET * module)


def raster_commands(rows: Sequence[bytes]) -> bytes:
    """GS v 0 (normal density) in bands of `RASTER_BAND` rows."""
    width = len(rows[0])
    out = bytearray()
    for start in range(0, len(rows), RASTER_BAND):
        band = rows[start : start + RASTER_BAND]
        out += GS + b"v0\x00" + bytes([width % 256, width // 256, len(band) % 256, len(band) // 256])
        out += b"".join(band)
    return bytes(out)


@dataclass
class Receipt:
    """A byte stream under construction; every text line is checked against the paper's columns."""

    columns: int
    out: bytearray = field(default_factory=bytearray)
    align: str = "left"
    bold: bool = False
    double: bool = False
    tall: bool = False  # double height at normal width (a title too long for double size)

    def __post_init__(self) -> None:
        self.out += INIT + CHINESE_ON

    def style(
        self, *, align: str = "left", bold: bool = False, double: bool = False, tall: bool = False
    ) -> None:
        """Switch alignment, emphasis and size (commands sent only when something changes)."""
        if align != self.align:
            self.out += ESC + b"a" + bytes([ALIGN[align]])
            self.align = align
        if bold != self.bold:
            self.out += ESC + b"E" + bytes([int(bold)])
            self.bold = bold
        tall = tall and not double
        if (double, tall) != (self.double, self.tall):
            high = double or tall
            self.out += GS + b"!" + bytes([(0x10 if double else 0) | (0x01 if high else 0)])  # width | height
            self.out += (
                FS + b"!" + bytes([(0x04 if double else 0) | (0x08 if high else 0)])
            )  # Chinese characters
            self.double, self.tall = double, tall

    def line(self, text: str) -> None:
        """One printed line (already wrapped to the columns at the current size)."""
        limit = self.columns // 2 if self.double else self.columns
        if text_width(text) > limit:
            raise ValueError(f"line wider than {limit} columns: {text!r}")
        self.out += text.encode(ENCODING) + LF

    def qr(self, payload: str, module: int, ec: str = "M", *, raster_dots: int = 0) -> None:
        """A QR code, centred, then a line feed: by the printer's own QR command, or, with `raster_dots`
        (the printable width), drawn here and sent as an image of that width."""
        self.style(align="center")  # the image spans the whole line: alignment cannot move it
        if raster_dots:
            self.out += raster_commands(qr_rows(payload, module, ec, raster_dots)) + LF
        else:
            self.out += qr_commands(payload, module, ec) + LF

    def cut(self, feed_lines: int = 4) -> bytes:
        """Feed the paper past the cutter, cut (partial cut, the one portable printers have) and finish."""
        self.style()
        self.out += GS + b"V" + bytes([66, feed_lines])
        return bytes(self.out)
