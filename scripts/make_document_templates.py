"""Write the Word templates of src/zhifa/documents/templates/ (one .docx per document kind).

The layout follows 市场监督管理行政处罚文书格式范本 and GB/T 9704: agency name and title centred, the 文号
line, the body, then the issuing agency, seal and date; approval forms are tables. Fields are docxtpl
(Jinja) tags filled from the case ledger; officers may edit the generated .docx in Word, and the layout
here in the script. Run after changing it:

    PYTHONPATH=src .venv/bin/python scripts/make_document_templates.py
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from zhifa.documents.layouts import LAYOUTS
from zhifa.documents.render import reproducible

OUT = Path(__file__).resolve().parents[1] / "src" / "zhifa" / "documents" / "templates"
BODY_FONT, TITLE_FONT = "仿宋", "宋体"


def _font(run: Any, name: str, size: float, bold: bool = False) -> None:
    run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _para(
    doc: Any,
    text: str,
    *,
    size: float = 16,
    bold: bool = False,
    align: Any = None,
    indent: bool = True,
    font: str = BODY_FONT,
) -> Any:
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent and align is None:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = Pt(28)
    _font(p.add_run(text), font, size, bold)
    return p


def _cell(cell: Any, text: str, bold: bool = False) -> None:
    cell.text = ""
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    _font(p.add_run(text), BODY_FONT, 12, bold)


def _table(doc: Any, rows: list[tuple[str, str]]) -> None:
    table = doc.add_table(rows=len(rows), cols=2)
    table.style, table.alignment = "Table Grid", WD_TABLE_ALIGNMENT.CENTER
    for (label, value), row in zip(rows, table.rows, strict=True):
        row.cells[0].width, row.cells[1].width = Cm(3.5), Cm(12.5)
        _cell(row.cells[0], label, bold=True)
        _cell(row.cells[1], value)


def _loop_table(doc: Any, headers: list[str], loop: str, cells: list[str]) -> None:
    """A table with a header row and one row repeated by docxtpl ({%tr for … %})."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style, table.alignment = "Table Grid", WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, text, bold=True)
    _cell(table.rows[1].cells[0], "{%tr for " + loop + " %}")
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        _cell(cell, text)
    _cell(table.rows[3].cells[0], "{%tr endfor %}")


def _blocks(doc: Any, blocks: list[Any]) -> None:
    for block in blocks:
        if isinstance(block, str):
            _para(doc, block)
        elif block[0] == "h":
            _para(doc, block[1], bold=True)
        elif block[0] == "table":
            _table(doc, block[1])
        elif block[0] == "rows":
            _loop_table(doc, block[1], block[2], block[3])
        elif block[0] in ("for", "if"):
            _para(doc, "{%p " + block[0] + " " + block[1] + " %}", indent=False)
            _blocks(doc, block[2])
            _para(doc, "{%p end" + block[0] + " %}", indent=False)
        else:
            raise ValueError(f"unknown block {block[0]}")


def make(code: str, layout: dict[str, Any]) -> Path:
    """Write one template."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4, GB/T 9704 margins
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, "{{ agency }}", size=22, bold=True, align=center, font=TITLE_FONT)
    _para(doc, layout["title"], size=22, bold=True, align=center, font=TITLE_FONT)
    if layout.get("docno"):
        _para(doc, "{{ docno }}", align=center)
    _para(doc, "", indent=False)
    _blocks(doc, layout["body"])
    if layout.get("seal", True):
        _para(doc, "", indent=False)
        _para(doc, "{{ agency }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
        _para(doc, "（印章）", align=WD_ALIGN_PARAGRAPH.RIGHT)
        _para(doc, "{{ date }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    for line in layout.get("footer", []):
        _para(doc, line, size=12, indent=False)
    path = OUT / f"{code}.docx"
    doc.core_properties.title = code
    out = io.BytesIO()
    doc.save(out)
    path.write_bytes(reproducible(out.getvalue()))  # no clock in the bytes: regenerating changes nothing else
    return path


def main() -> None:
    """Write every template."""
    OUT.mkdir(parents=True, exist_ok=True)
    for code, layout in LAYOUTS.items():
        print(make(code, layout).relative_to(OUT.parents[3]))


if __name__ == "__main__":
    main()
