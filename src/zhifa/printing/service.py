"""Printing use case: a case document as ESC/POS bytes for a 58 mm or 80 mm thermal printer.

`doc` is, as for the downloads, the ledger seq of an issued version (printed from its stored DOCX, with
the QR code of the public verification page for its SM3) or a kind's code or name (a draft rendered from
the ledger, marked as a draft, without QR code).
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import segno

from zhifa.documents import service as docs
from zhifa.domain.actors import Actor
from zhifa.domain.values import sm3_hex
from zhifa.errors import ConfigurationError, ValidationFailed
from zhifa.printing.blocks import docx_blocks
from zhifa.printing.decode import QrCode, RasterImage, decode
from zhifa.printing.escpos import QR_MODES
from zhifa.printing.receipt import render_receipt
from zhifa.printing.text import COLUMNS
from zhifa.store.uow import UnitOfWork

ESCPOS = "application/vnd.escpos"  # raw printer commands; not a registered type, never rendered inline
WIDTHS = tuple(sorted(COLUMNS))


def check_width(width: int) -> int:
    """58 or 80 (mm)."""
    if width not in COLUMNS:
        raise ValidationFailed(f"不支持的打印纸宽度“{width}”，可选：58、80（毫米）", code="bad_print_width")
    return width


def check_qr_mode(mode: str) -> str:
    """native (the printer's QR command) or raster (an image, for printers without that command)."""
    if mode not in QR_MODES:
        raise ValidationFailed(
            f"不支持的二维码打印方式“{mode}”，可选：native（打印机二维码指令）、raster（图像，适用于不支持二维码指令的打印机）",
            code="bad_qr_mode",
        )
    return mode


def verify_url(base_url: str, sm3: str) -> str:
    """The public verification page of a document's SM3."""
    if not base_url:
        raise ConfigurationError(
            "未设置对外访问地址 ZHIFA_PUBLIC_BASE_URL，无法生成核验二维码", code="public_base_url_missing"
        )
    return f"{base_url.rstrip('/')}/verify/{sm3}"


def escpos_document(
    uow: UnitOfWork,
    actor: Actor,
    case_id: str,
    doc: str,
    width: int,
    base_url: str,
    var_dir: Path | None = None,
    qr_mode: str = "native",
) -> docs.RenderedFile:
    """The document as ESC/POS bytes (GB18030 text, title in double size or height, QR code, cut); the QR
    code by the printer's own command or, `qr_mode` raster, as an image."""
    check_width(width)
    check_qr_mode(qr_mode)
    if doc.isdigit():
        source = docs.issued_file(uow, actor, case_id, int(doc), "docx", var_dir)
        digest = sm3_hex(source.data)  # issued_file checked it against the ledger record
        data = render_receipt(
            docx_blocks(source.data),
            width,
            verify_url=verify_url(base_url, digest),
            sm3=digest,
            qr_mode=qr_mode,
        )
    else:
        source = docs.preview_document(uow, actor, case_id, doc, "docx")
        data = render_receipt(docx_blocks(source.data), width, draft=True)
    name = source.filename.removesuffix(".docx") + f"-{width}mm.escpos"
    return docs.RenderedFile(name, ESCPOS, data)


def image_uri(image: RasterImage) -> str:
    """A raster image as an SVG data URI: one rectangle per run of black dots, a run of identical rows drawn
    once at their height (a QR code's rows repeat per module)."""
    rects, y = [], 0
    while y < len(image.rows):
        height = 1
        while y + height < len(image.rows) and image.rows[y + height] == image.rows[y]:
            height += 1
        x = 0
        while x < image.width:
            start = x
            while x < image.width and image.dark(x, y):
                x += 1
            if x > start:
                rects.append(f'<rect x="{start}" y="{y}" width="{x - start}" height="{height}"/>')
            x += 1
        y += height
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {image.width} {len(image.rows)}" '
        f'shape-rendering="crispEdges">{"".join(rects)}</svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def receipt_view(rendered: docs.RenderedFile, width: int) -> dict[str, Any]:
    """The same printout for the system print dialog (no Web Bluetooth): the ESC/POS bytes decoded back into
    lines with their style, and each QR code as an SVG image, so paper from either path says the same."""
    items: list[dict[str, Any]] = []
    for item in decode(rendered.data).items:
        if isinstance(item, QrCode):
            svg = segno.make(item.payload, error=item.ec.lower(), micro=False).svg_data_uri(scale=4, border=2)
            items.append({"qr": svg, "payload": item.payload})
        elif isinstance(item, RasterImage):  # a QR code printed as an image: shown as the printer draws it
            items.append({"qr": image_uri(item), "payload": "图像"})
        else:
            items.append(
                {
                    "text": item.text,
                    "align": item.align,
                    "bold": item.bold,
                    "double": item.double,
                    "tall": item.tall,
                }
            )
    return {"width": width, "items": items, "title": rendered.filename.removesuffix(".escpos")}
