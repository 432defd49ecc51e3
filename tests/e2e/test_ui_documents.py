"""Browser: from the case page to the 文书与卷宗 page, issue the 行政处罚决定书 and open its PDF for printing;
the PDF holds the decision's 文号 and party from the ledger."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from tests.conftest import IN_CI
from tests.e2e.site import USERS
from zhifa.demo.identifiers import demo_case_id
from zhifa.documents import render

EXECUTION = demo_case_id("ja-execution-price")


def test_print_a_decision_from_the_case_page(session: Any, base_url: str) -> None:
    if render.soffice() is None:
        if IN_CI:
            pytest.fail("CI 环境缺少 LibreOffice（soffice）")
        pytest.skip("本机未安装 LibreOffice（soffice）")
    s = session()
    s.login(USERS["handler"])
    page = s.page
    page.goto(f"{base_url}/cases/{EXECUTION}")
    docno = re.search(r"[^\s<>]+市监处罚〔\d{4}〕\d+号", page.content())
    page.click("#open-documents")
    page.wait_for_load_state()
    row = page.locator("#available-documents tr", has_text="行政处罚决定书").first
    row.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "已制作并登记：行政处罚决定书" in page.locator(".alert").first.inner_text()
    s.shot("documents-01-issued")
    link = page.locator("#issued-documents a", has_text="PDF").first
    pdf = s.context.request.get(base_url + link.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("inline")  # the browser's viewer prints it
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages))
    assert "行政处罚决定书" in text
    if docno:
        assert docno.group(0) in text
