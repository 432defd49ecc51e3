"""Normalise extracted text: widths, spaces, page furniture and lines broken by the page layout."""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

_SPACES = dict.fromkeys(map(ord, "\u00a0\u2002\u2003\u2009\u200a\u3000\t\r\u200b\ufeff"), " ")
_SPACES[0x200B] = ""
_SPACES[0xFEFF] = ""
# full-width digits, letters and a few symbols become ASCII; Chinese punctuation stays
_WIDTH: dict[int, int | str] = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}
_WIDTH.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})
_WIDTH.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})
_WIDTH.update(
    {ord("．"): ".", ord("％"): "%", ord("＋"): "+", ord("－"): "-", ord("＝"): "=", ord("／"): "/"}
)

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{0,3}\s*页(?:\s*[,，/]?\s*共\s*\d{0,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3}"
    r"|共\s*\d{1,3}\s*页\s*第\s*\d{1,3}\s*页|\(?sealdwy\)?|（sealdwy）|\*)$"
)
_BARE_NUMBER = re.compile(r"^\d{1,2}$")
_BOILERPLATE = re.compile(r"^本文书一式.{0,40}份.{0,30}[。.]?$|^执法机关代码[:：]\s*\d+$")
_CJK = r"\u4e00-\u9fff"
_CJK_PUNCT = r"，。：；、！？（）《》“”‘’〔〕【】「」…—"
_SPACE_BETWEEN = re.compile(
    rf"(?<=[{_CJK}{_CJK_PUNCT}]) +(?=[{_CJK}{_CJK_PUNCT}0-9])|(?<=[0-9]) +(?=[{_CJK}{_CJK_PUNCT}])"
)
_LABEL_START = re.compile(
    r"^(?:当事人|主体资格|统一社会信用代码|社会信用代码|注册号|住所|住址|地址|经营场所|法定代表人|负责人|经营者"
    r"|身份证|证件|联系电话|联系方式|联系地址|其他联系方式|营业执照|名称|性别|出生|民族)[^，。]{0,20}[:：]"
)
_ITEM_START = re.compile(
    r"^(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[，、])"
)
_SENTENCE_END = "。；！？：:;"


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def _clean_page(page: str) -> list[tuple[str, bool]]:
    """Return (stripped line, indented) pairs of a page without page numbers and boilerplate."""
    rows: list[tuple[str, bool]] = []
    for raw in page.split("\n"):
        line = raw.translate(_SPACES).translate(_WIDTH)
        indent = len(line) - len(line.lstrip(" ")) >= 2
        stripped = re.sub(r" {2,}", " ", _SPACE_BETWEEN.sub("", line.strip()))
        if not stripped or _PAGE_NUMBER.match(stripped) or _BOILERPLATE.match(stripped):
            continue
        rows.append((stripped, indent))
    for edge in (0, -1):
        if rows and _BARE_NUMBER.match(rows[edge][0]):
            rows.pop(edge)
    return rows


def _join(rows: list[tuple[str, bool]]) -> str:
    """Join lines broken by the layout; keep real paragraph breaks."""
    if not rows:
        return ""
    widths = sorted(_width(line) for line, _ in rows)
    full = widths[int(len(widths) * 0.9)] if len(widths) >= 5 else max(widths)
    out: list[str] = [rows[0][0]]
    for (prev, _), (line, indented) in pairwise(rows):
        short = _width(prev) < full * 0.8
        ended = prev[-1] in _SENTENCE_END
        starts = indented or _LABEL_START.match(line) or (ended and _ITEM_START.match(line))
        if short or starts:
            out.append("\n")
        elif prev[-1].isascii() and prev[-1].isalpha() and line[0].isascii() and line[0].isalpha():
            out.append(" ")
        out.append(line)
    return "".join(out)


def normalise_text(text: str) -> str:
    """Normalise one text (plain text or DOCX): widths, spaces, joined lines."""
    return normalise_pages([text])


def normalise_pages(pages: list[str]) -> str:
    """Normalise the texts of the pages of one document into clean paragraphs."""
    rows: list[tuple[str, bool]] = []
    for page in pages:
        rows.extend(_clean_page(page))
    text = _join(rows)
    text = _SPACE_BETWEEN.sub("", text)
    text = re.sub(r" {2,}", " ", text)
    text = re.sub(r"\n{2,}", "\n", text)
    return text.strip()
