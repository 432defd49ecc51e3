"""DOCX from the Word templates (docxtpl) and PDF through LibreOffice headless, without network."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import threading
import zipfile
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate

from zhifa.documents import resident
from zhifa.errors import ZhifaError

TEMPLATES = Path(__file__).resolve().parent / "templates"
PDF_TIMEOUT = 120
_LOCK = threading.Lock()
_PROFILE = Path(tempfile.gettempdir()) / f"zhifa-libreoffice-{os.getpid()}"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a ZIP entry can carry: no clock in the bytes


class ConverterUnavailable(ZhifaError):
    """No PDF converter on this machine (503): DOCX still works."""

    code = "pdf_converter_unavailable"
    http_status = 503


def template_path(code: str) -> Path:
    """The Word template of a kind."""
    return TEMPLATES / f"{code}.docx"


def render_docx(code: str, fields: dict[str, Any]) -> bytes:
    """Fill the kind's template; values are XML-escaped, never interpreted as template code."""
    doc = DocxTemplate(str(template_path(code)))
    doc.render(fields, autoescape=True)
    out = io.BytesIO()
    doc.save(out)
    return reproducible(out.getvalue())


def reproducible(package: bytes) -> bytes:
    """The same package with every entry dated `ZIP_EPOCH`. The writer stamps each entry with the clock,
    so the same facts filled a second apart gave other bytes and another SM3; now a document's SM3
    depends only on what it says (a re-issue that changes nothing keeps its SM3)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=ZIP_EPOCH)
            entry.compress_type = item.compress_type
            entry.external_attr = item.external_attr
            dst.writestr(entry, src.read(item.filename))
    return out.getvalue()


def soffice() -> str | None:
    """Path of LibreOffice's soffice, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: bytes) -> bytes:
    """Convert DOCX to PDF with LibreOffice headless (fonts embedded by the PDF export)."""
    return to_pdfs([docx])[0]


def _resident(conv: resident.ResidentConverter, documents: list[bytes]) -> list[bytes]:
    with tempfile.TemporaryDirectory(prefix="zhifa-pdf-") as tmp:
        out = []
        for n, data in enumerate(documents):
            src = Path(tmp) / f"document-{n}.docx"
            src.write_bytes(data)
            conv.convert(src, src.with_suffix(".pdf"), PDF_TIMEOUT)
            out.append(src.with_suffix(".pdf").read_bytes())
        return out


def to_pdfs(documents: list[bytes]) -> list[bytes]:
    """Convert DOCX files: by the resident LibreOffice when there is one (`resident`), else in one
    LibreOffice run for all of them (its start-up is most of the cost).

    One-shot runs are serialised per process and share one profile directory, made on the first run:
    LibreOffice locks its profile, and a fresh profile costs seconds to create."""
    exe = soffice()
    if exe is None:
        raise ConverterUnavailable(
            "本机未安装 PDF 转换程序（LibreOffice），暂不能生成 PDF；可先下载 DOCX 格式",
            code="pdf_converter_unavailable",
        )
    resident_converter = resident.converter(exe)
    if resident_converter is not None:
        try:
            return _resident(resident_converter, documents)
        except resident.ResidentFailed:
            pass  # stopped; the one-shot command below does this call, the next one restarts it
    with _LOCK, tempfile.TemporaryDirectory(prefix="zhifa-pdf-") as tmp:
        sources = []
        for n, data in enumerate(documents):
            src = Path(tmp) / f"document-{n}.docx"
            src.write_bytes(data)
            sources.append(src)
        cmd = [
            exe, f"-env:UserInstallation={_PROFILE.as_uri()}", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", tmp, *map(str, sources),
        ]  # fmt: skip
        try:
            subprocess.run(cmd, capture_output=True, timeout=PDF_TIMEOUT * len(documents), check=False)
        except subprocess.TimeoutExpired as exc:
            raise ZhifaError("PDF 转换超时", code="pdf_conversion_failed") from exc
        out = []
        for src in sources:
            pdf = src.with_suffix(".pdf")
            if not pdf.exists():
                raise ZhifaError("PDF 转换失败：LibreOffice 未生成文件", code="pdf_conversion_failed")
            out.append(pdf.read_bytes())
        return out
