"""/api/v1/stats/consistency… and /api/v1/stats/supervision… over HTTP: the Excel files read back (title
with scope and period, Chinese headers, numbers as numbers), scope and roles."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.integration.case_helpers import World, api_client, make_world
from tests.integration.oversight_helpers import WHY, decided
from zhifa.domain.actors import Actor
from zhifa.identity.auth import create_token


@pytest.fixture
def w(engine: Engine) -> World:
    world = make_world(engine)
    world.lowered = decided(world, "70000", approve="55000")  # type: ignore[attr-defined]
    return world


def _auth(w: World, who: Actor) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(w.uow(), who.user_id, label='t').token}"}


def _sheets(data: bytes) -> dict[str, list[list[object]]]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}


def test_supervision_export_reads_back_with_scope_period_and_numbers(w: World, tmp_path: Path) -> None:
    client: TestClient = api_client(w, tmp_path)
    answer = client.get(
        "/api/v1/stats/supervision/export.xlsx?from=2026-01-01&to=2026-12-31", headers=_auth(w, w.inspector)
    )
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/vnd.openxml")
    sheets = _sheets(answer.content)
    lowered = sheets["签批降低处罚"]
    assert lowered[0][0] == "纪检监督 武汉市市场监督管理局 2026-01-01 至 2026-12-31 — 签批降低处罚"
    assert lowered[1][:3] == ["类别", "案件", "案件编号"]
    row = dict(zip(lowered[1], lowered[2], strict=True))
    assert row["原罚款（元）"] == 70000.0 and row["改后罚款（元）"] == 55000.0 and row["理由"] == WHY
    assert row["类别"] == "审批时变更拟处罚" and row["案件编号"] == w.lowered  # type: ignore[attr-defined]
    pairs = sheets["重复的承办人与当事人"]
    assert (
        pairs[1] == ["承办人", "当事人", "当事人代码", "案件数", "首次立案", "最近立案"] and len(pairs) == 2
    )


def test_consistency_json_and_export_for_the_head(w: World, tmp_path: Path) -> None:
    client = api_client(w, tmp_path)
    head = _auth(w, w.head)
    r = client.get("/api/v1/stats/consistency", headers=head).json()
    assert r["groups"][0]["spread"]["n"] == 1 and r["groups"][0]["spread"]["median"] == 0.1
    sheets = _sheets(client.get("/api/v1/stats/consistency/export.xlsx", headers=head).content)
    assert set(sheets) == {"同类案件离散程度", "按地区", "按承办人", "异常案件", "偏离建议与签批变更"}
    groups = sheets["同类案件离散程度"]
    assert groups[2][:4] == ["经营超过保质期的食品", "food.expired_food", "一般", 1.0]


def test_roles_and_scope_over_http(w: World, tmp_path: Path) -> None:
    client = api_client(w, tmp_path)
    assert client.get("/api/v1/stats/supervision", headers=_auth(w, w.head)).status_code == 403
    assert client.get("/api/v1/stats/consistency", headers=_auth(w, w.h1)).status_code == 403
    outside = client.get("/api/v1/stats/consistency?agency=421281", headers=_auth(w, w.head))
    absent = client.get("/api/v1/stats/consistency?agency=999999", headers=_auth(w, w.head))
    assert outside.status_code == absent.status_code == 404 and outside.json() == absent.json()
    bad = client.get("/api/v1/stats/supervision?from=2026-05-01&to=2026-01-01", headers=_auth(w, w.inspector))
    assert bad.status_code == 422 and bad.json()["code"] == "bad_period"
    ledger = client.get("/api/v1/stats/supervision/ledger", headers=_auth(w, w.inspector)).json()
    assert ledger["ledger"]["streams"] == 1
