"""Every document kind the demo cases can fill renders, and its DOCX (read back with python-docx) carries
the case's own party and 文号 from the ledger."""

from __future__ import annotations

from sqlalchemy import Engine, select

from tests.integration.document_helpers import docx_text
from tests.integration.test_demo_cases import TODAY, _demo_users
from zhifa.demo.cases import load_demo_cases
from zhifa.documents import service as docs
from zhifa.identity.scope import actor_from_user
from zhifa.store.models.cases import CaseRow
from zhifa.store.models.identity import User
from zhifa.store.uow import UnitOfWork


def test_every_kind_renders_from_the_demo_cases(engine: Engine) -> None:
    _demo_users(engine)
    load_demo_cases(lambda: UnitOfWork(engine), TODAY)
    with UnitOfWork(engine) as uow:
        actors = [actor_from_user(u) for u in uow.session.scalars(select(User))]
        cases = [(r.id, r.agency_path, r.party_name) for r in uow.session.scalars(select(CaseRow))]
    seen: set[str] = set()
    for case_id, path, party in cases:
        actor = next(a for a in actors if a.covers(path) and a.roles)
        listing = docs.list_documents(UnitOfWork(engine), actor, case_id)
        for kind in listing["available"]:
            rendered = docs.preview_document(UnitOfWork(engine), actor, case_id, kind["code"])
            text = docx_text(rendered.data)
            assert kind["title"].split("/")[0][:4] in text or kind["code"] == "review_form", kind
            if party:
                assert party in text, (kind["code"], party)
            assert "{{" not in text and "{%" not in text
            seen.add(kind["code"])
    assert {
        "case_source", "filing_approval", "filing_declined", "investigation_report", "review_form",
        "penalty_notice", "penalty_decision", "summary_decision", "service_receipt", "closing_approval",
        "discussion_record", "crime_transfer",
    } <= seen, seen  # fmt: skip
