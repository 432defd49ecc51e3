"""检索: issued documents and text-bearing evidence PDFs are found by their words within one dossier and
across the dossiers of the user's scope, with filters; outsiders find nothing."""

from __future__ import annotations

from datetime import date as D
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.integration.case_helpers import World, file_body, make_world
from tests.integration.document_helpers import PARTY, text_pdf
from zhifa.documents import search
from zhifa.documents import service as docs
from zhifa.domain import events as ev
from zhifa.errors import ValidationFailed
from zhifa.services.case_store import visible_row
from zhifa.services.cases import run_action
from zhifa.services.evidence import Upload


@pytest.fixture
def w(engine: Engine) -> World:
    return make_world(engine)


def test_search_within_and_across_dossiers(w: World, tmp_path: Path) -> None:
    case = w.clue(D(2026, 3, 2), PARTY)
    w.do(w.head, case, "file", file_body(w, PARTY), D(2026, 3, 4))
    body = {
        "item": {"kind": "document", "title": "进货发票", "source": "当事人提供"},
        "collected_on": "2026-03-05",
        "co_handler_id": w.h2.user_id,
    }
    upload = Upload("invoice.pdf", "application/pdf", text_pdf("SYNTHETIC-INVOICE-4711"))
    run_action(w.uow(), w.h1, case, "add-evidence", body, D(2026, 3, 5), uploads=[upload], var_dir=tmp_path)
    docs.issue_document(w.uow(), w.h1, case, "立案审批表", D(2026, 3, 6), with_pdf=False, var_dir=tmp_path)

    found = search.search_documents(w.uow(), w.h1, "SYNTHETIC-INVOICE-4711")
    assert [(h["role"], h["title"]) for h in found] == [("evidence", "进货发票")]
    assert "【SYNTHETIC-INVOICE-4711】" in found[0]["snippet"]
    both = search.search_documents(w.uow(), w.head, "岸市监立〔2026〕1号 销售超过保质期的食品")
    assert [h["kind"] for h in both] == ["filing_approval"] and both[0]["party"] == PARTY["name"]
    assert search.search_documents(w.uow(), w.h1, "", case_id=case, kind="filing_approval")[0]["seq"] > 0
    assert search.search_documents(w.uow(), w.h1, "立案审批表", year=2025) == []
    assert search.search_documents(w.uow(), w.h1, "立案审批表", party="汉江虚构") != []
    assert (
        search.search_documents(w.uow(), w.inspector, "立案审批表", agency="420102") != []
    )  # 市局 sees 区局
    assert search.search_documents(w.uow(), w.chibi_handler, "立案审批表") == []  # another county
    with pytest.raises(ValidationFailed) as empty:
        search.search_documents(w.uow(), w.h1, "  ")
    assert empty.value.code == "empty_query"
    assert search.search_documents(w.uow(), w.h1, "100%_") == []  # LIKE wildcards are literal


def test_a_reissue_with_identical_bytes_is_indexed_once(w: World, tmp_path: Path) -> None:
    case = w.clue(D(2026, 3, 2), PARTY)
    w.do(w.head, case, "file", file_body(w, PARTY), D(2026, 3, 4))
    first = docs.issue_document(
        w.uow(), w.h1, case, "filing_approval", D(2026, 3, 6), with_pdf=False, var_dir=tmp_path
    )
    event = next(e for s, e in docs._read(w.uow(), w.h1, case).all(ev.DocumentIssued) if s == first["seq"])
    with w.uow() as uow:  # the same bytes issued again (a re-issue that changes nothing gives that)
        facts = docs.case_facts(uow.session, visible_row(uow.session, w.h1, case))
        row = visible_row(uow.session, w.h1, case)
        search.index_document(
            uow.session, row, facts, first["seq"] + 1, event, (tmp_path / "files" / event.sm3).read_bytes()
        )
        uow.commit()
    assert len(search.search_documents(w.uow(), w.h1, "立案审批表", case_id=case)) == 1
