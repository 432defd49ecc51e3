"""Consistency analytics (类案同罚) and the 纪检 supervision view under /api/v1/stats (issue 20)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from zhifa.domain.actors import Actor
from zhifa.oversight.exports import consistency_xlsx, supervision_xlsx
from zhifa.oversight.service import (
    CONSISTENCY_ROLES,
    SUPERVISION_ROLES,
    consistency_report,
    ledger_report,
    supervision_report,
)
from zhifa.services.cases import china_today
from zhifa.web.deps import app_state, role_guard

router = APIRouter(tags=["统计与监督"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

AGENCY = Query(default=None, max_length=32, description="机构代码（含下级；默认本机构）")
START = Query(default=None, alias="from", description="期间起始日（含）")
END = Query(default=None, alias="to", description="期间截止日（含）")
TYPE = Query(default=None, max_length=80, description="只看一个违法类型（裁量基准目录编号）")
STALL = Query(default=10, ge=1, le=250, description="多少个工作日没有账本事件算停滞")
PAIRS = Query(default=2, ge=2, le=100, description="同一承办人与同一当事人至少几件案件")


def _xlsx(data: bytes, name: str) -> Response:
    return Response(
        data, media_type=XLSX, headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}
    )


def consistency_query(
    agency: str | None = AGENCY,
    start: date | None = START,
    end: date | None = END,
    violation_type: str | None = TYPE,
) -> dict[str, Any]:
    """The filter of the consistency report."""
    return {"agency": agency, "start": start, "end": end, "violation_type": violation_type}


def supervision_query(
    agency: str | None = AGENCY,
    start: date | None = START,
    end: date | None = END,
    stall_days: int = STALL,
    pairs: int = PAIRS,
) -> dict[str, Any]:
    """The filter of the supervision view."""
    return {"agency": agency, "start": start, "end": end, "stall_days": stall_days, "pair_minimum": pairs}


@router.get(
    "/stats/consistency", summary="类案同罚：罚款在法定幅度中的位置、离散程度、异常案件、偏离建议与签批变更"
)
def consistency(
    request: Request,
    q: dict[str, Any] = Depends(consistency_query),
    actor: Actor = Depends(role_guard(*CONSISTENCY_ROLES)),
) -> dict[str, Any]:
    """The consistency report of the caller's subtree (or a part of it)."""
    return consistency_report(app_state(request).uow(), actor, **q)


@router.get("/stats/consistency/export.xlsx", summary="类案同罚分析导出 Excel（全部表格）")
def consistency_export(
    request: Request,
    q: dict[str, Any] = Depends(consistency_query),
    actor: Actor = Depends(role_guard(*CONSISTENCY_ROLES)),
) -> Response:
    """Every table of the consistency report as .xlsx."""
    r = consistency_report(app_state(request).uow(), actor, **q)
    return _xlsx(consistency_xlsx(r), "类案同罚分析.xlsx")


@router.get(
    "/stats/supervision", summary="纪检监督：超期、停滞、不予立案/终止/不予处罚、签批降低处罚、重复承办、更正"
)
def supervision(
    request: Request,
    q: dict[str, Any] = Depends(supervision_query),
    actor: Actor = Depends(role_guard(*SUPERVISION_ROLES)),
) -> dict[str, Any]:
    """The supervision view of the inspector's subtree (read-only)."""
    return supervision_report(app_state(request).uow(), actor, china_today(), **q)


@router.get("/stats/supervision/ledger", summary="账本签名检查点与延续性（纪检监督）")
def supervision_ledger(
    request: Request, actor: Actor = Depends(role_guard(*SUPERVISION_ROLES))
) -> dict[str, Any]:
    """The ledger's checkpoint and extension status."""
    return ledger_report(app_state(request).uow(), actor)


@router.get("/stats/supervision/export.xlsx", summary="纪检监督导出 Excel（全部表格）")
def supervision_export(
    request: Request,
    q: dict[str, Any] = Depends(supervision_query),
    actor: Actor = Depends(role_guard(*SUPERVISION_ROLES)),
) -> Response:
    """Every table of the supervision view as .xlsx."""
    r = supervision_report(app_state(request).uow(), actor, china_today(), **q)
    return _xlsx(supervision_xlsx(r), "纪检监督.xlsx")
