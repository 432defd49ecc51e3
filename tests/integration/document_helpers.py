"""A penalty case built through the services for the document and dossier tests (made-up party)."""

from __future__ import annotations

import io
from datetime import date as D
from typing import Any

from docx import Document

from tests.integration.case_helpers import World, evidence_body, file_body, fine, report_body

PARTY = {
    "kind": "organization",
    "name": "汉江虚构食品商行有限公司",
    "uscc": "91350100M000100Y43",
    "address": "武汉市江岸区示例路8号",
}


def penalty_case(w: World, amount: str = "5000", *, closed: bool = True) -> str:
    """An ordinary-procedure case up to 结案 (or to the decision served when closed=False)."""
    case = w.clue(D(2026, 3, 2), PARTY)
    w.do(w.head, case, "file", file_body(w, PARTY), D(2026, 3, 4))
    w.do(w.h1, case, "add-evidence", evidence_body(w, D(2026, 3, 5), "现场检查笔录"), D(2026, 3, 5))
    w.do(w.h1, case, "report", report_body(fine(amount)), D(2026, 3, 10))
    w.do(w.reviewer, case, "review", {"kind": "case", "opinion": "agree"}, D(2026, 3, 11))
    w.do(w.head, case, "approve", {"penalty": fine(amount)}, D(2026, 3, 12))
    w.do(w.h1, case, "notice", {}, D(2026, 3, 12))
    w.do(
        w.h1,
        case,
        "serve",
        {"document": "notice", "method": "in_person", "served_on": "2026-03-12"},
        D(2026, 3, 12),
    )
    statement = {"kind": "statement", "summary": "当事人称系初次违法", "stated_on": "2026-03-16"}
    w.do(w.h1, case, "statement", statement, D(2026, 3, 16))
    decision = {"outcome": "penalty", "penalty": fine(amount), "reasons": "当事人陈述未提出新的事实和理由"}
    w.do(w.head, case, "decide", decision, D(2026, 3, 20))
    body = {"document": "decision", "method": "in_person", "served_on": "2026-03-20"}
    w.do(w.h1, case, "serve", body, D(2026, 3, 20))
    if closed:
        w.do(w.h1, case, "pay", {"amount": amount, "paid_on": "2026-04-07"}, D(2026, 4, 7))
        w.do(w.head, case, "close", {"ground": "executed"}, D(2026, 4, 8))
    return case


def docx_text(data: bytes) -> str:
    """All paragraph and table text of a DOCX, read back with python-docx."""
    doc: Any = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def text_pdf(text: str) -> bytes:
    """A one-page PDF whose text layer holds `text` (ASCII; Helvetica), built with pypdf."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("ascii"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
