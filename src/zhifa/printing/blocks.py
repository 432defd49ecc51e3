"""The printable blocks of a document, read from its DOCX in body order (paragraphs and tables).

The DOCX is the document: an issued version is printed from the very bytes its ledger record fixes, a
draft from the DOCX the templates make, so paper and file never say different things.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table
from docx.text.paragraph import Paragraph

TITLE_POINTS = 20  # the templates set the agency name and the title in 22 pt, the body in 16 pt


@dataclass(frozen=True)
class Block:
    """One paragraph to print."""

    text: str
    align: str = "left"
    bold: bool = False
    title: bool = False
    indent: bool = False


def _align(p: Any) -> str:
    if p.alignment == WD_ALIGN_PARAGRAPH.CENTER:
        return "center"
    if p.alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        return "right"
    return "left"


def _paragraph(p: Any) -> Block:
    runs = [r for r in p.runs if r.text]
    sizes = [r.font.size.pt for r in runs if r.font.size is not None]
    indent = p.paragraph_format.first_line_indent
    return Block(
        text=p.text.strip(),
        align=_align(p),
        bold=bool(runs) and all(bool(r.bold) for r in runs),
        title=bool(sizes) and max(sizes) >= TITLE_POINTS,
        indent=indent is not None and indent > 0,
    )


def _cells(row: Any) -> list[str]:
    """The texts of a row, each merged cell once."""
    seen: list[Any] = []
    texts = []
    for cell in row.cells:
        if any(cell._tc is s for s in seen):
            continue
        seen.append(cell._tc)
        texts.append(" ".join(cell.text.split()))
    return texts


def _table(table: Any) -> list[Block]:
    """A form (label | value) prints as "label：value"; a list with a header row prints each row as its
    "header：value" lines, rows apart."""
    rows = [_cells(r) for r in table.rows]
    rows = [r for r in rows if any(r)]
    if not rows:
        return []
    if all(len(r) <= 2 for r in rows):
        return [Block(f"{r[0]}：{r[1]}" if len(r) == 2 and r[1] else r[0]) for r in rows]
    header, out = rows[0], []
    for r in rows[1:]:
        out += [Block(f"{h}：{v}") for h, v in zip(header, r, strict=False) if v]
        out.append(Block(""))
    return out


def docx_blocks(data: bytes) -> list[Block]:
    """The document's paragraphs and table rows, in order; runs of empty paragraphs become one."""
    doc: Any = Document(io.BytesIO(data))
    out: list[Block] = []
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(_paragraph(Paragraph(child, doc)))
        elif tag == "tbl":
            out.extend(_table(Table(child, doc)))
    squeezed: list[Block] = []
    for block in out:
        if block.text or (squeezed and squeezed[-1].text):
            squeezed.append(block)
    while squeezed and not squeezed[-1].text:
        squeezed.pop()
    return squeezed
