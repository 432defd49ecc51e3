"""PDF for the archive through LibreOffice headless: the text of the ledger in the PDF, a CJK font
embedded; without the converter a PDF request fails in Chinese with a stable code and DOCX still works."""

from __future__ import annotations

import io
import re
from datetime import date as D
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine

from tests.conftest import IN_CI
from tests.integration.case_helpers import World, make_world
from tests.integration.document_helpers import PARTY, docx_text, penalty_case
from zhifa.documents import render
from zhifa.documents import service as docs


@pytest.fixture
def w(engine: Engine) -> World:
    return make_world(engine)


def _need_soffice() -> None:
    if render.soffice() is None:
        if IN_CI:
            pytest.fail("CI 环境缺少 LibreOffice（soffice）：PDF 测试不能跳过")
        pytest.skip("本机未安装 LibreOffice（soffice），跳过 PDF 测试")


def _pdf_text(data: bytes) -> tuple[str, set[str]]:
    reader = PdfReader(io.BytesIO(data))
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    return text, fonts


def test_decision_pdf_has_the_ledger_values_and_an_embedded_cjk_font(w: World) -> None:
    _need_soffice()
    case = penalty_case(w, "5000")
    pdf = docs.preview_document(w.uow(), w.h1, case, "行政处罚决定书", "pdf")
    assert pdf.content_type == "application/pdf" and pdf.data.startswith(b"%PDF")
    text, fonts = _pdf_text(pdf.data)
    assert PARTY["name"] in text and "岸市监处罚〔2026〕1号" in text and "伍仟元整" in text
    assert "2026年3月20日" in text
    assert any(re.match(r"/[A-Z]{6}\+", f) for f in fonts)  # a subset font embedded (ABCDEF+Name)


def test_issue_keeps_docx_and_pdf_under_their_recorded_sm3(w: World, tmp_path: Path) -> None:
    _need_soffice()
    case = penalty_case(w, "5000")
    issued = docs.issue_document(w.uow(), w.h1, case, "closing_approval", D(2026, 4, 8), var_dir=tmp_path)
    assert issued["pdf_sm3"] and issued["sm3"] != issued["pdf_sm3"]
    pdf = docs.issued_file(w.uow(), w.h1, case, issued["seq"], "pdf", var_dir=tmp_path)
    assert "结案审批表" in _pdf_text(pdf.data)[0]


def test_without_converter_pdf_fails_in_chinese_and_docx_still_works(
    w: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = penalty_case(w, "5000", closed=False)
    monkeypatch.setenv("PATH", "/nonexistent")  # no soffice on the path
    with pytest.raises(render.ConverterUnavailable) as absent:
        docs.preview_document(w.uow(), w.h1, case, "penalty_decision", "pdf")
    assert absent.value.code == "pdf_converter_unavailable" and "LibreOffice" in absent.value.message
    docx = docs.preview_document(w.uow(), w.h1, case, "penalty_decision", "docx")
    assert "岸市监处罚〔2026〕1号" in docx_text(docx.data)
