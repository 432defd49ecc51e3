"""The resident PDF converter (one LibreOffice kept running, driven over UNO): it converts, it survives its
worker being killed, and any failure falls back to the one-shot command; `oneshot` turns it off."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import IN_CI
from zhifa.config import reset_settings
from zhifa.documents import render, resident

DOCX = (Path(render.TEMPLATES) / "penalty_notice.docx").read_bytes()


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


@pytest.fixture
def conv() -> resident.ResidentConverter:
    found = resident.converter(render.soffice())
    if found is None:
        if IN_CI:
            pytest.fail("CI 环境应能使用常驻 PDF 转换（LibreOffice 与 python3-uno）")
        pytest.skip("本机没有 LibreOffice 或系统 Python 的 uno 模块")
    return found


def test_the_resident_converter_converts_and_is_reused(conv: resident.ResidentConverter) -> None:
    first = render.to_pdf(DOCX)
    assert first.startswith(b"%PDF") and "行政处罚告知书" in _text(first)
    assert conv.proc is not None and conv.proc.poll() is None
    pid = conv.proc.pid
    two = render.to_pdfs([DOCX, DOCX])
    assert len(two) == 2 and all(p.startswith(b"%PDF") for p in two)
    assert conv.proc is not None and conv.proc.pid == pid  # the same LibreOffice served them


def test_a_killed_worker_is_restarted(conv: resident.ResidentConverter) -> None:
    render.to_pdf(DOCX)
    assert conv.proc is not None
    os.killpg(conv.proc.pid, 9)
    conv.proc.wait()
    assert "行政处罚告知书" in _text(render.to_pdf(DOCX))
    assert conv.proc is not None and conv.proc.poll() is None


def test_a_failing_resident_conversion_falls_back_to_the_one_shot_command(
    conv: resident.ResidentConverter, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise resident.ResidentFailed("simulated failure")

    monkeypatch.setattr(conv, "convert", broken)
    assert "行政处罚告知书" in _text(render.to_pdf(DOCX))


def test_oneshot_setting_turns_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHIFA_PDF_CONVERTER", "oneshot")
    reset_settings()
    try:
        assert resident.converter("/usr/bin/soffice") is None
    finally:
        monkeypatch.delenv("ZHIFA_PDF_CONVERTER")
        reset_settings()
