"""A document laid out for thermal paper: its blocks wrapped to the width, the title large, then the QR code
of the public verification page for the document's SM3, the address and the SM3 in text, and the cut."""

from __future__ import annotations

from collections.abc import Iterable

from zhifa.printing.blocks import Block
from zhifa.printing.escpos import DOTS, Receipt
from zhifa.printing.text import COLUMNS, text_width, wrap

# Bytes a version 1..10 QR code holds at error correction M (ISO/IEC 18004 table 7, byte mode)
QR_CAPACITY_M = (14, 26, 42, 62, 84, 106, 122, 152, 180, 213)
DRAFT_MARK = "【草稿 未登记 不能核验】"


def columns_for(width_mm: int) -> int:
    """Columns of the paper width (58 or 80 mm)."""
    return COLUMNS[width_mm]


def qr_module(payload: str, width_mm: int) -> int:
    """Dots per QR module: the symbol about two thirds of the paper width, no larger than 8 dots."""
    n = len(payload.encode("ascii"))
    version = next((v for v, cap in enumerate(QR_CAPACITY_M, start=1) if n <= cap), None)
    if version is None:
        raise ValueError(f"QR payload of {n} bytes is longer than this layout allows (213)")
    modules = 17 + 4 * version + 8  # the symbol and its quiet zone
    return max(2, min(8, DOTS[width_mm] * 2 // 3 // modules))


def _block(r: Receipt, block: Block) -> None:
    if not block.text:
        r.style()
        r.line("")
        return
    large = block.title and text_width(block.text) * 2 <= r.columns
    align = "center" if block.title else block.align
    r.style(align=align, bold=block.bold or block.title, double=large, tall=block.title and not large)
    for line in wrap(block.text, r.columns // 2 if large else r.columns, "　　" if block.indent else ""):
        r.line(line)


def _footer(r: Receipt, verify_url: str, sm3: str, width_mm: int, qr_mode: str) -> None:
    r.style()
    r.line("-" * r.columns)
    r.style(align="center", bold=True)
    r.line("扫码核验文书")
    raster = DOTS[width_mm] if qr_mode == "raster" else 0
    r.qr(verify_url, qr_module(verify_url, width_mm), raster_dots=raster)
    r.style()
    for label, value in (("核验网址：", verify_url), ("文书 SM3：", sm3)):
        r.line(label)
        for line in wrap(value, r.columns):
            r.line(line)


def render_receipt(
    blocks: Iterable[Block],
    width_mm: int,
    *,
    verify_url: str = "",
    sm3: str = "",
    draft: bool = False,
    qr_mode: str = "native",
) -> bytes:
    """ESC/POS bytes of the document. An issued document ends with its verification QR code (`qr_mode`
    native: the printer's GS ( k; raster: an image, for printers without it); a draft is marked as one at
    the top and the bottom and carries no QR code (it has nothing to verify)."""
    r = Receipt(columns_for(width_mm))
    if draft:
        r.style(align="center", bold=True)
        r.line(DRAFT_MARK)
    for block in blocks:
        _block(r, block)
    if draft:
        r.style(align="center", bold=True)
        r.line("")
        r.line(DRAFT_MARK)
    else:
        _footer(r, verify_url, sm3, width_mm, qr_mode)
    return r.cut()
