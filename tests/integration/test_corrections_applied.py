"""更正 reaches everything that reads the case: after an officer corrects the party's name or address or the
facts of a record, the case row (header, list), the detail JSON and the documents made afterwards read the
corrected value; the timeline keeps the original record and the correction (who, why); projections and
facts rebuilt from the ledger equal the incremental ones; a correction that cannot apply is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from tests.integration.case_helpers import World, api_client, make_world
from tests.integration.document_helpers import PARTY, docx_text, penalty_case
from tests.integration.test_cases_api import auth
from zhifa.oversight.service import rebuild_facts
from zhifa.services.ledger_audit import verify_ledger
from zhifa.stats.service import rebuild as rebuild_stats
from zhifa.store.models.cases import PartyRow
from zhifa.store.models.oversight import OfficerTally, OversightEvent, PairTally, PenaltyFact
from zhifa.store.models.stats import StatsCaseFact

NEW_NAME = "汉江虚构食品有限公司"
NEW_ADDRESS = "武汉市江岸区示例路18号"
NEW_CODE = "91420102MA4K00000M"


@pytest.fixture
def w(engine: Engine) -> World:
    return make_world(engine)


def _seq(detail: dict[str, Any], event_type: str) -> int:
    return next(t["seq"] for t in detail["timeline"] if t["type"] == event_type)


def _correct(client: TestClient, w: World, case: str, body: dict[str, Any]) -> Any:
    return client.post(f"/api/v1/cases/{case}/actions/correct", json=body, headers=auth(w, w.h1))


def test_the_header_detail_and_later_documents_read_the_corrected_values(w: World, tmp_path: Path) -> None:
    client = api_client(w, tmp_path)
    case = penalty_case(w, "5000")
    url = f"/api/v1/cases/{case}"
    detail = client.get(url, headers=auth(w, w.h1)).json()
    filed, report = _seq(detail, "CaseFiled"), _seq(detail, "InvestigationReported")
    old_facts = detail["state"]["report"]["facts"]
    new_facts = old_facts.replace("12件", "15件")
    for body in (
        {"corrects_seq": filed, "field": "当事人·名称", "path": "party.name", "new": NEW_NAME},
        {"corrects_seq": filed, "field": "当事人·住所", "path": "party.address", "new": NEW_ADDRESS},
        {"corrects_seq": report, "field": "违法事实", "path": "facts", "new": new_facts},
    ):
        done = _correct(client, w, case, {**body, "reason": "与营业执照和询问笔录核对后更正笔误"})
        assert done.status_code == 200, done.text
    detail = client.get(url, headers=auth(w, w.h1)).json()
    assert detail["case"]["party"]["name"] == NEW_NAME and detail["case"]["title"].startswith(NEW_NAME)
    assert detail["party"]["name"] == NEW_NAME and detail["party"]["address"] == NEW_ADDRESS
    assert detail["state"]["report"]["facts"] == new_facts
    listed = client.get("/api/v1/cases", headers=auth(w, w.h1)).json()
    rows = listed["items"] if isinstance(listed, dict) else listed
    assert [r["party"]["name"] for r in rows if r["id"] == case] == [NEW_NAME]
    # the timeline keeps both: the record as filed and each correction with who and why
    timeline = {t["seq"]: t for t in detail["timeline"]}
    assert timeline[filed]["payload"]["party"]["name"] == PARTY["name"]
    assert timeline[report]["payload"]["facts"] == old_facts
    fixes = [t for t in detail["timeline"] if t["type"] == "CorrectionRecorded"]
    assert [(f["payload"]["old"], f["payload"]["new"]) for f in fixes] == [
        (PARTY["name"], NEW_NAME), (PARTY["address"], NEW_ADDRESS), (old_facts, new_facts)
    ]  # fmt: skip
    assert all(f["by_name"] == "张伟" and f["signed"] and f["verified"] for f in fixes)
    assert fixes[0]["payload"]["reason"] == "与营业执照和询问笔录核对后更正笔误"
    # a document made after the correction reads the corrected values
    doc = client.get(f"{url}/documents/penalty_decision", params={"format": "docx"}, headers=auth(w, w.h1))
    text = docx_text(doc.content)
    assert NEW_NAME in text and "示例路18号" in text and "15件" in text
    assert PARTY["name"] not in text and "12件" not in text
    # a second correction of the same field replaces what the record reads now
    again = _correct(
        client, w, case, {"corrects_seq": filed, "field": "当事人·名称", "path": "party.name",
                          "new": "汉江虚构食品股份有限公司", "reason": "再次核对"},
    )  # fmt: skip
    assert again.status_code == 200, again.text
    detail = client.get(url, headers=auth(w, w.h1)).json()
    assert detail["timeline"][-1]["payload"]["old"] == NEW_NAME
    assert detail["case"]["party"]["name"] == "汉江虚构食品股份有限公司"
    assert verify_ledger(w.engine).ok  # the rows equal the replay of their streams, corrections applied


def _rows(w: World) -> dict[str, list[tuple[object, ...]]]:
    tables = {
        "penalties": PenaltyFact, "events": OversightEvent, "stats": StatsCaseFact, "officers": OfficerTally,
        "pairs": PairTally,
    }  # fmt: skip
    out: dict[str, list[tuple[object, ...]]] = {}
    with w.uow() as uow:
        for name, model in tables.items():
            cols = [c for c in model.__table__.columns if c.name != "id"]  # type: ignore[attr-defined]
            rows = uow.session.execute(select(*cols).order_by(*cols[:2])).all()
            out[name] = [tuple(r) for r in rows]
    return out


def test_rebuilt_facts_and_rows_equal_the_incremental_ones_after_a_correction(
    w: World, tmp_path: Path
) -> None:
    client = api_client(w, tmp_path)
    case = penalty_case(w, "5000")
    other = penalty_case(w, "3000")
    detail = client.get(f"/api/v1/cases/{case}", headers=auth(w, w.h1)).json()
    filed = _seq(detail, "CaseFiled")
    for body in (
        {"corrects_seq": filed, "field": "当事人·统一社会信用代码", "path": "party.uscc", "new": NEW_CODE},
        {"corrects_seq": filed, "field": "案由", "path": "violation", "new": "销售超过保质期的预包装食品"},
    ):
        done = _correct(client, w, case, {**body, "reason": "立案审批表抄录错误"})
        assert done.status_code == 200, done.text
    incremental = _rows(w)
    penalties = {r[0]: r for r in incremental["penalties"]}
    with w.uow() as uow:
        party_code = uow.session.scalar(select(PenaltyFact.party_code).where(PenaltyFact.case_id == case))
        stats_violation = uow.session.scalar(
            select(StatsCaseFact.violation).where(StatsCaseFact.case_id == case)
        )
        names = dict(uow.session.execute(select(PartyRow.code, PartyRow.name)).all())
    assert party_code == NEW_CODE and case in penalties and other in penalties
    assert stats_violation == "销售超过保质期的预包装食品" and names[NEW_CODE] == PARTY["name"]
    assert {r[1] for r in incremental["pairs"]} == {PARTY["uscc"], NEW_CODE}  # the other case keeps the old
    row = client.get(f"/api/v1/cases/{case}", headers=auth(w, w.h1)).json()["case"]
    assert row["party"]["code"] == NEW_CODE and row["violation"] == "销售超过保质期的预包装食品"
    assert row["title"] == f"{PARTY['name']}销售超过保质期的预包装食品案"
    rebuild_facts(w.uow())
    rebuild_stats(w.uow())
    assert _rows(w) == incremental
    assert verify_ledger(w.engine).ok


def test_a_correction_that_cannot_apply_is_refused_and_writes_nothing(w: World, tmp_path: Path) -> None:
    client = api_client(w, tmp_path)
    case = penalty_case(w, "5000", closed=False)
    detail = client.get(f"/api/v1/cases/{case}", headers=auth(w, w.h1)).json()
    filed = _seq(detail, "CaseFiled")
    base = {"corrects_seq": filed, "field": "当事人·名称", "reason": "笔误"}
    before = w.counts()
    for extra, words in (
        ({"path": "act_date", "new": "2026-02-21"}, "没有可按原文更正"),  # a date: corrected as a note only
        ({"path": "docno", "new": "岸市监立〔2026〕9号"}, "没有可按原文更正"),  # allocated by the system
        ({"path": "party.name", "old": "别的名称", "new": NEW_NAME}, "更正前内容与记录不符"),
        ({"path": "party.uscc", "new": "91350100M000100Y44"}, "格式或校验码不符"),
    ):
        refused = _correct(client, w, case, {**base, **extra})
        assert refused.status_code == 422 and refused.json()["code"] == "bad_correction", refused.text
        assert words in refused.json()["message"]
    assert w.counts() == before
    note = _correct(
        client, w, case, {**base, "field": "违法行为发生日期", "old": "2026-02-20", "new": "2026-02-21"}
    )
    assert note.status_code == 200  # in words only: a note beside the record, nothing read differently
    assert (
        client.get(f"/api/v1/cases/{case}", headers=auth(w, w.h1)).json()["case"]["act_date"] == "2026-02-20"
    )
