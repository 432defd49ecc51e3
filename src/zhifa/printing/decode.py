"""Read an ESC/POS byte stream back: text lines with their style, QR codes with their payload, raster
images (GS v 0; consecutive bands of one width joined), the cut.

Strict: a byte or command outside the set `zhifa.printing.escpos` writes is an error, so a test that
decodes a printout also proves the stream holds nothing a printer would print as garbage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zhifa.printing.text import ENCODING, text_width


class DecodeError(ValueError):
    """The stream is not one this decoder understands (offset in the message)."""


@dataclass(frozen=True)
class PrintedLine:
    """One line of text as the printer prints it."""

    text: str
    align: str = "left"
    bold: bool = False
    double: bool = False
    tall: bool = False  # double height, normal width

    @property
    def columns(self) -> int:
        """Columns of normal-size characters the line covers."""
        return text_width(self.text) * (2 if self.double else 1)


@dataclass(frozen=True)
class QrCode:
    """A QR code printed with GS ( k."""

    payload: str
    module: int
    ec: str
    model: int


@dataclass(frozen=True)
class RasterImage:
    """A 1-bit image printed with GS v 0: `rows` of `width` dots (bit 7 of a byte leftmost, 1 black)."""

    width: int
    rows: tuple[bytes, ...]

    def dark(self, x: int, y: int) -> bool:
        """True when the dot at column x, row y is black."""
        return bool(self.rows[y][x // 8] & (0x80 >> (x % 8)))


@dataclass
class Printout:
    """What the printer does with the stream, in order."""

    items: list[PrintedLine | QrCode | RasterImage] = field(default_factory=list)
    chinese: bool = False
    cut: bool = False

    @property
    def lines(self) -> list[PrintedLine]:
        """The text lines."""
        return [i for i in self.items if isinstance(i, PrintedLine)]

    @property
    def text(self) -> str:
        """All text, one line per printed line."""
        return "\n".join(line.text for line in self.lines)

    @property
    def qr_codes(self) -> list[QrCode]:
        """The QR codes."""
        return [i for i in self.items if isinstance(i, QrCode)]

    @property
    def images(self) -> list[RasterImage]:
        """The raster images."""
        return [i for i in self.items if isinstance(i, RasterImage)]


EC_LEVELS = {48: "L", 49: "M", 50: "Q", 51: "H"}
ALIGNS = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0
        self.out = Printout()
        self.align, self.bold, self.double, self.tall = "left", False, False, False
        self.pending = bytearray()
        self.qr: dict[str, int | bytes] = {}
        self.raster_open = False  # the last command was a GS v 0 band (a next band continues the image)

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise DecodeError(f"stream ends inside a command at byte {self.pos}")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def emit_line(self) -> None:
        try:
            text = bytes(self.pending).decode(ENCODING)
        except UnicodeDecodeError as exc:
            raise DecodeError(f"text before byte {self.pos} is not GB18030") from exc
        self.out.items.append(PrintedLine(text, self.align, self.bold, self.double, self.tall))
        self.pending.clear()

    def text_char(self, first: int) -> None:
        if self.out.cut:
            raise DecodeError(f"text after the cut at byte {self.pos}")
        if 0x20 <= first < 0x7F:
            self.pending.append(first)
            return
        if not 0x81 <= first <= 0xFE:
            raise DecodeError(f"control byte 0x{first:02x} at {self.pos - 1}")
        second = self.take(1)[0]
        self.pending += bytes([first, second]) + (self.take(2) if 0x30 <= second <= 0x39 else b"")

    def qr_function(self) -> None:
        low, high = self.take(2)
        body = self.take(low + high * 256)
        if len(body) < 2 or body[0] != 49:
            raise DecodeError(f"GS ( k for a symbol other than QR at byte {self.pos}")
        fn, args = body[1], body[2:]
        if fn == 65:
            self.qr["model"] = args[0] - 48
        elif fn == 67:
            self.qr["module"] = args[0]
        elif fn == 69:
            self.qr["ec"] = args[0]
        elif fn == 80 and args[:1] == b"0":
            self.qr["data"] = bytes(args[1:])
        elif fn == 81 and args[:1] == b"0":
            if "data" not in self.qr:
                raise DecodeError(f"QR printed before any data was stored (byte {self.pos})")
            data = self.qr["data"]
            assert isinstance(data, bytes)
            self.out.items.append(
                QrCode(
                    data.decode("ascii"),
                    int(self.qr.get("module", 3)),
                    EC_LEVELS.get(int(self.qr.get("ec", 48)), "?"),
                    int(self.qr.get("model", 2)),
                )
            )
        else:
            raise DecodeError(f"unknown QR function {fn} at byte {self.pos}")

    def raster(self) -> None:
        mode = self.take(1)[0]
        if mode not in (0, 48):
            raise DecodeError(f"raster mode {mode} other than normal density at byte {self.pos}")
        xl, xh, yl, yh = self.take(4)
        width, height = xl + xh * 256, yl + yh * 256
        if not width or not height:
            raise DecodeError(f"empty raster image at byte {self.pos}")
        data = self.take(width * height)
        rows = tuple(data[i * width : (i + 1) * width] for i in range(height))
        last = self.out.items[-1] if self.out.items else None
        if isinstance(last, RasterImage) and last.width == width * 8 and self.raster_open:
            self.out.items[-1] = RasterImage(last.width, last.rows + rows)  # the next band
        else:
            self.out.items.append(RasterImage(width * 8, rows))
        self.raster_open = True

    def command(self, lead: int) -> None:
        op = self.take(1)
        if lead == 0x1B and op == b"@":
            self.align, self.bold, self.double, self.tall = "left", False, False, False
        elif lead == 0x1B and op == b"a":
            n = self.take(1)[0]
            if n not in ALIGNS:
                raise DecodeError(f"bad alignment {n} at byte {self.pos}")
            self.align = ALIGNS[n]
        elif lead == 0x1B and op == b"E":
            self.bold = bool(self.take(1)[0] & 1)
        elif lead == 0x1B and op == b"d":
            for _ in range(self.take(1)[0]):
                self.emit_line()
        elif lead == 0x1C and op == b"&":
            self.out.chinese = True
        elif lead == 0x1C and op == b"!":
            n = self.take(1)[0]
            if (bool(n & 0x04), bool(n & 0x08)) != (self.double, self.double or self.tall):
                raise DecodeError(f"Chinese and Latin sizes differ at byte {self.pos}")
        elif lead == 0x1D and op == b"!":
            n = self.take(1)[0]
            if n not in (0, 0x01, 0x11):
                raise DecodeError(f"size 0x{n:02x} other than normal, tall or double at byte {self.pos}")
            self.double, self.tall = n == 0x11, n == 0x01
        elif lead == 0x1D and op == b"(":
            if self.take(1) != b"k":
                raise DecodeError(f"unknown GS ( command at byte {self.pos}")
            self.qr_function()
        elif lead == 0x1D and op == b"v":
            if self.take(1) != b"0":
                raise DecodeError(f"unknown GS v command at byte {self.pos}")
            self.raster()
            return
        elif lead == 0x1D and op == b"V":
            m = self.take(1)[0]
            if m in (65, 66):
                self.take(1)
            elif m not in (0, 1, 48, 49):
                raise DecodeError(f"unknown cut mode {m} at byte {self.pos}")
            self.out.cut = True
        else:
            raise DecodeError(f"unknown command 0x{lead:02x} {op!r} at byte {self.pos - 2}")
        self.raster_open = False


def decode(data: bytes) -> Printout:
    """Parse the stream; raises DecodeError on anything unknown or on text left without a line feed."""
    r = _Reader(data)
    while r.pos < len(data):
        byte = r.take(1)[0]
        if byte == 0x0A:
            r.raster_open = False
            r.emit_line()
        elif byte in (0x1B, 0x1C, 0x1D):
            if r.pending:
                raise DecodeError(f"style changed inside a line at byte {r.pos - 1}")
            r.command(byte)
        else:
            r.text_char(byte)
    if r.pending:
        raise DecodeError("text after the last line feed is never printed")
    return r.out
