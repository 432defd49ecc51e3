"""`/api/v1/stats/…`: the summary and breakdown in scope, and the Excel workbook read back."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import Engine

from tests.integration.case_helpers import World, api_client, make_world
from tests.integration.stats_helpers import build_history
from zhifa.domain.actors import Actor
from zhifa.identity.auth import create_token
from zhifa.store.uow import UnitOfWork

YEAR = {"from": "2026-01-01", "to": "2026-12-31"}


@pytest.fixture
def w(engine: Engine) -> World:
    world = make_world(engine)
    build_history(world)
    return world


def _auth(w: World, actor: Actor) -> dict[str, str]:
    token = create_token(UnitOfWork(w.engine), actor.user_id, label="test").token
    return {"Authorization": f"Bearer {token}"}


def _get(client: TestClient, w: World, who: Actor, path: str, **params: Any) -> Any:
    return client.get(f"/api/v1/stats/{path}", params={**YEAR, **params}, headers=_auth(w, who))


def test_summary_and_breakdown_in_the_callers_scope(w: World, tmp_path: Path) -> None:
    client = api_client(w, tmp_path)
    mine = _get(client, w, w.head, "summary")
    assert mine.status_code == 200
    body = mine.json()
    assert body["scope"]["code"] == "420102" and body["counts"]["clues"] == 4
    assert body["full_online_rate"] == {"rate": 0.5, "numerator": 1, "denominator": 2}
    outside = _get(client, w, w.head, "summary", agency="421281")
    unknown = _get(client, w, w.head, "summary", agency="999999")
    assert outside.status_code == unknown.status_code == 404  # nothing leaks about 赤壁
    assert outside.json()["code"] == unknown.json()["code"]
    assert _get(client, w, w.h1, "summary").status_code == 403  # 办案人员: no statistics
    city = _get(client, w, w.inspector, "breakdown", by="agency", agency="420100").json()
    assert [(r["key"], r["counts"]["clues"]) for r in city["rows"]] == [("420102", 4)]
    bad = _get(client, w, w.head, "summary", **{"from": "2026-02-30"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_date"


def test_excel_export_read_back_chinese_headers_title_numbers(w: World, tmp_path: Path) -> None:
    client = api_client(w, tmp_path)
    answer = _get(client, w, w.head, "export.xlsx")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in answer.headers["content-disposition"]
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames[:4] == ["概览", "按月趋势", "按下级机构", "按线索来源"]
    months = {r[0]: r[1:] for r in book["按月趋势"].iter_rows(min_row=3, values_only=True)}
    assert len(months) == 12 and months["2026-03"] == (4, 2, 2, 9000)  # A, F, B, D; A and F decided
    assert months["2026-05"] == (0, 1, 1, 200)  # the on-the-spot decision C
    sheet = book["概览"]
    title = sheet["A1"].value
    assert "武汉市江岸区市场监督管理局" in title and "2026-01-01 至 2026-12-31" in title
    rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=2, values_only=True) if r and r[0]}
    assert rows["指标"][:3] == ("比率", "分子", "分母")
    assert rows["案件全流程网办率"][:3] == (0.5, 1, 2)  # numbers, not text
    assert rows["登记线索"][0] == 4
    assert rows["案值合计"][0] == 9200  # yuan as a number
    assert sheet.cell(row=3, column=2).number_format == "0.0%"
    by_source = book["按线索来源"]
    header = [c.value for c in by_source[2]]
    assert header[:3] == ["线索来源", "登记线索", "立案（一般程序）"]
    values = {r[0]: r for r in by_source.iter_rows(min_row=3, values_only=True)}
    assert values["投诉"][1] == 4


def test_a_pushed_clue_is_counted_by_its_grade_and_the_source_is_no_officer(
    engine: Engine, tmp_path: Path
) -> None:
    from tests.integration.test_intake_api import clue
    from zhifa.integrations.sources import enable_source
    from zhifa.services.cases import china_today

    w = make_world(engine)
    client = api_client(w, tmp_path)
    key = {"X-Api-Key": enable_source(w.uow(), "food_trade").key}
    sent = client.post("/api/v1/intake/clues", json=clue(), headers=key)
    assert sent.status_code == 201 and sent.json()["grade"] == "二级"
    today = china_today()
    period = {"from": f"{today.year}-01-01", "to": today.isoformat()}
    by_grade = client.get(
        "/api/v1/stats/breakdown", params={"by": "grade", **period}, headers=_auth(w, w.head)
    )
    assert [(r["label"], r["counts"]["clues"]) for r in by_grade.json()["rows"]] == [("二级", 1)]
    by_source = client.get(
        "/api/v1/stats/breakdown", params={"by": "source", **period}, headers=_auth(w, w.head)
    )
    assert [r["counts"]["clues"] for r in by_source.json()["rows"]] == [1]
    s = client.get("/api/v1/stats/summary", params=period, headers=_auth(w, w.head)).json()
    # the source system's service account registered the clue: neither an officer nor the agency at work
    assert s["officer_operation_rate"]["numerator"] == 0 and s["agency_usage_rate"]["numerator"] == 0
