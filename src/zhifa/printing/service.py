"""Printing use case: a case document as ESC/POS bytes for a 58 mm or 80 mm thermal printer.

`doc` is, as for the downloads, the ledger seq of an issued version (printed from its stored DOCX, with
the QR code of the public verification page for its SM3) or a kind's code or name (a draft rendered from
the ledger, marked as a draft, without QR code).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import segno

from zhifa.documents import service as docs
from zhifa.domain.actors import Actor
from zhifa.domain.values import sm3_hex
from zhifa.errors import ConfigurationError, ValidationFailed
from zhifa.printing.blocks import docx_blocks
from zhifa.printing.decode import QrCode, decode
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
) -> docs.RenderedFile:
    """The document as ESC/POS bytes (GB18030 text, title in double size or height, QR code, cut)."""
    check_width(width)
    if doc.isdigit():
        source = docs.issued_file(uow, actor, case_id, int(doc), "docx", var_dir)
        digest = sm3_hex(source.data)  # issued_file checked it against the ledger record
        data = render_receipt(
            docx_blocks(source.data), width, verify_url=verify_url(base_url, digest), sm3=digest
        )
    else:
        source = docs.preview_document(uow, actor, case_id, doc, "docx")
        data = render_receipt(docx_blocks(source.data), width, draft=True)
    name = source.filename.removesuffix(".docx") + f"-{width}mm.escpos"
    return docs.RenderedFile(name, ESCPOS, data)


def receipt_view(rendered: docs.RenderedFile, width: int) -> dict[str, Any]:
    """The same printout for the system print dialog (no Web Bluetooth): the ESC/POS bytes decoded back into
    lines with their style, and each QR code as an SVG image, so paper from either path says the same."""
    items: list[dict[str, Any]] = []
    for item in decode(rendered.data).items:
        if isinstance(item, QrCode):
            svg = segno.make(item.payload, error=item.ec.lower(), micro=False).svg_data_uri(scale=4, border=2)
            items.append({"qr": svg, "payload": item.payload})
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
