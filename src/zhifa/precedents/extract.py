"""Text extraction from PDF, DOCX and plain-text decisions, with clear errors for bad input."""

from __future__ import annotations

import io
import logging
import re
import zipfile
from pathlib import Path

from zhifa.errors import ValidationFailed
from zhifa.precedents.normalize import normalise_pages

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARS = 200_000
MIN_CHINESE_CHARS = 20
_CJK = re.compile(r"[\u4e00-\u9fff]")
KINDS = ("pdf", "docx", "txt")


def _fail(code: str, message: str, **details: object) -> ValidationFailed:
    return ValidationFailed(message, code=code, details=details or None)


def detect_kind(data: bytes, filename: str = "") -> str:
    """Guess the document kind from the leading bytes, then the file name."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    suffix = Path(filename).suffix.lower().lstrip(".")
    if suffix in ("pdf", "docx"):
        return suffix
    return "txt"


def _pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _fail("corrupt_file", "PDF 文件已加密，无法读取文字")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ValidationFailed:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise _fail("corrupt_file", "PDF 文件已损坏或格式无法识别", error=type(exc).__name__) from exc
    except Exception as exc:  # pypdf raises many internal types on broken files
        raise _fail("corrupt_file", "PDF 文件已损坏或格式无法识别", error=type(exc).__name__) from exc
    if not pages:
        raise _fail("corrupt_file", "PDF 文件没有页面")
    if not any(_CJK.search(p) or p.strip() for p in pages):
        raise _fail(
            "no_text_layer", "PDF 没有文字层（可能是扫描件或图片），请提供可复制文字的版本或先做文字识别"
        )
    return pages


def _docx_text(data: bytes) -> list[str]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _fail("corrupt_file", "DOCX 文件已损坏或格式无法识别", error=type(exc).__name__) from exc
    except Exception as exc:  # lxml and zip errors on broken packages
        raise _fail("corrupt_file", "DOCX 文件已损坏或格式无法识别", error=type(exc).__name__) from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("　".join(cell.text for cell in row.cells))
    return ["\n".join(lines)]


def _plain_text(data: bytes) -> list[str]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return [data.decode(encoding)]
        except UnicodeDecodeError:
            continue
    raise _fail("corrupt_file", "文本文件编码无法识别（应为 UTF-8 或 GB18030）")


def check_text(text: str) -> str:
    """Reject empty, oversized or non-Chinese text; return it unchanged otherwise."""
    if not text.strip():
        raise _fail("empty_document", "文书内容为空")
    if len(text) > MAX_TEXT_CHARS:
        raise _fail("too_large", f"文书文字过长（{len(text)} 字，上限 {MAX_TEXT_CHARS} 字）", chars=len(text))
    if len(_CJK.findall(text)) < MIN_CHINESE_CHARS:
        raise _fail("no_chinese_text", "文书中没有足够的中文内容，无法识别为处罚决定书")
    return text


def extract_pages(data: bytes, *, kind: str | None = None, filename: str = "") -> list[str]:
    """Return the raw text of each page (one item for DOCX and plain text); raise on bad files."""
    if not data:
        raise _fail("empty_document", "文件为空")
    if len(data) > MAX_FILE_BYTES:
        raise _fail("too_large", f"文件过大（{len(data)} 字节，上限 {MAX_FILE_BYTES} 字节）", bytes=len(data))
    kind = kind or detect_kind(data, filename)
    if kind not in KINDS:
        raise _fail("unsupported_kind", f"不支持的文件类型：{kind}（支持 PDF、DOCX、纯文本）")
    if kind == "pdf":
        pages = _pdf_pages(data)
    elif kind == "docx":
        pages = _docx_text(data)
        if not "".join(pages).strip():
            raise _fail("empty_document", "DOCX 文件没有正文")
    else:
        pages = _plain_text(data)
    if sum(len(p) for p in pages) > MAX_TEXT_CHARS:
        raise _fail("too_large", f"文书文字过长（上限 {MAX_TEXT_CHARS} 字）")
    return pages


def text_from_pages(pages: list[str]) -> str:
    """Normalise page texts and check the result (empty, no Chinese)."""
    return check_text(normalise_pages(pages))


def extract_text(data: bytes, *, kind: str | None = None, filename: str = "") -> str:
    """Return the normalised text of a PDF, DOCX or plain-text decision (bytes in)."""
    return text_from_pages(extract_pages(data, kind=kind, filename=filename))


def extract_file(path: Path) -> str:
    """Read a file from disk and return its normalised text."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _fail("too_large", f"文件过大（{size} 字节，上限 {MAX_FILE_BYTES} 字节）", bytes=size)
    return extract_text(path.read_bytes(), filename=path.name)
