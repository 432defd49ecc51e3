"""Statistics (docs/statistics.md): summary, breakdown and the Excel export of a subtree and period."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from zhifa.domain.actors import Actor
from zhifa.stats.service import export_workbook, get_breakdown, get_summary
from zhifa.web.deps import app_state, current_actor

router = APIRouter(tags=["统计"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

AGENCY = Query(default=None, max_length=32, description="机构代码（含下级；默认本人所在机构）")
START = Query(default=None, alias="from", max_length=10, description="期间开始 YYYY-MM-DD（默认本年1月1日）")
END = Query(default=None, alias="to", max_length=10, description="期间结束 YYYY-MM-DD（默认今天），含当日")
SYNTHETIC = Query(default=False, description="统计合成数据（非真实案件），不与真实数据混合")


@router.get("/stats/summary", summary="四个100%（带分子分母）、数量、案值、各阶段平均用时与超期")
def stats_summary(
    request: Request,
    agency: str | None = AGENCY,
    start: str | None = START,
    end: str | None = END,
    synthetic: bool = SYNTHETIC,
    actor: Actor = Depends(current_actor),
) -> dict[str, Any]:
    """The summary of the caller's subtree (or a part of it) over a period."""
    return get_summary(app_state(request).uow(), actor, agency, start, end, synthetic=synthetic)


@router.get("/stats/breakdown", summary="按下级机构（下钻）、线索来源、等级、程序、阶段、违法行为、领域分组")
def stats_breakdown(
    request: Request,
    by: str = Query(
        default="agency", max_length=16, description="agency|source|grade|procedure|stage|violation|area"
    ),
    agency: str | None = AGENCY,
    start: str | None = START,
    end: str | None = END,
    synthetic: bool = SYNTHETIC,
    actor: Actor = Depends(current_actor),
) -> dict[str, Any]:
    """The measures grouped by one dimension."""
    return get_breakdown(app_state(request).uow(), actor, by, agency, start, end, synthetic=synthetic)


@router.get(
    "/stats/export.xlsx",
    summary="导出 Excel：概览与各分组（中文表头，标题含机构与期间）",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
)
def stats_export(
    request: Request,
    agency: str | None = AGENCY,
    start: str | None = START,
    end: str | None = END,
    synthetic: bool = SYNTHETIC,
    actor: Actor = Depends(current_actor),
) -> Response:
    """The workbook as a download."""
    name, data = export_workbook(app_state(request).uow(), actor, agency, start, end, synthetic=synthetic)
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}
    return Response(data, media_type=XLSX, headers=headers)
