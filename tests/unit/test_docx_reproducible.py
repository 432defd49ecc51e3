"""A filled document's bytes depend on what it says, not on the clock: the SM3 that the ledger, the QR code
and the public verification page carry is the same for the same facts filled at another second."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from zhifa.documents import render
from zhifa.domain.values import sm3_hex

FIELDS = {"doc_title": "行政处罚决定书", "docno": "测市监处罚〔2026〕7号", "party": {"name": "测试甲公司"}}


def test_the_same_fields_filled_at_other_times_give_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: 1_800_000_000.0)  # 2027-01-15
    first = render.render_docx("penalty_decision", FIELDS)
    monkeypatch.setattr(time, "time", lambda: 1_800_000_007.0)  # seven seconds later: another DOS time
    again = render.render_docx("penalty_decision", FIELDS)
    assert sm3_hex(first) == sm3_hex(again)
    other = render.render_docx("penalty_decision", {**FIELDS, "docno": "测市监处罚〔2026〕8号"})
    assert sm3_hex(other) != sm3_hex(first)


def test_the_package_stays_a_whole_word_document() -> None:
    data = render.render_docx("penalty_decision", FIELDS)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        names = z.namelist()
        assert names[0] == "[Content_Types].xml" and "word/document.xml" in names
        assert {i.date_time for i in z.infolist()} == {render.ZIP_EPOCH}
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in z.infolist())
        assert "测市监处罚〔2026〕7号" in z.read("word/document.xml").decode()
