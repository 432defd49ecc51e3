"""Pages /stats/consistency (类案同罚) and /stats/supervision (纪检监督): charts with their tables beside."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from zhifa.errors import ValidationFailed
from zhifa.oversight.facts import KIND_LABELS
from zhifa.oversight.service import consistency_report, ledger_report, supervision_report
from zhifa.services.cases import china_today
from zhifa.web.deps import app_state
from zhifa.web.pages.common import PageActor, render

router = APIRouter()
MAX_BOXES = 20


def _day(text: str | None, label: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(f"{label}“{text[:20]}”格式不正确，应为 YYYY-MM-DD", code="bad_date") from None


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text else default
    except ValueError:
        raise ValidationFailed("天数与次数须为整数", code="bad_number") from None


def _filters(request: Request) -> dict[str, Any]:
    q = request.query_params
    return {
        "agency": (q.get("agency") or "").strip()[:32] or None,
        "start": _day(q.get("from"), "开始日期"),
        "end": _day(q.get("to"), "截止日期"),
    }


def _json(data: Any) -> str:
    """JSON for a <script type="application/json"> data block (no “</” can end the element)."""
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _query(request: Request) -> str:
    return str(request.url.query)


def _box_chart(r: dict[str, Any]) -> dict[str, Any]:
    groups = r["groups"][:MAX_BOXES]
    return {
        "kind": "box",
        "labels": [f"{g['violation_name'] or g['violation_type']}（{g['tier']}）" for g in groups],
        "boxes": [[g["spread"][k] for k in ("min", "q1", "median", "q3", "max")] for g in groups],
        "outliers": [
            [i, o["position"]]
            for i, g in enumerate(groups)
            for o in r["outliers"]
            if (o["violation_type"], o["tier"]) == (g["violation_type"], g["tier"])
        ],
    }


@router.get("/stats/consistency", response_class=HTMLResponse)
async def consistency_page(request: Request, actor: PageActor) -> Response:
    """类案同罚: box plots of position-in-range by violation type and tier; scatter for one type."""
    f = _filters(request)
    vtype = (request.query_params.get("type") or "").strip()[:80] or None
    r = await run_in_threadpool(
        consistency_report, app_state(request).uow(), actor, violation_type=vtype, **f
    )
    charts = {"box": _box_chart(r)}
    if vtype:
        charts["scatter"] = {
            "kind": "scatter",
            "points": [[i, p["position"]] for i, p in enumerate(r["points"])],
        }
    context = {"r": r, "f": request.query_params, "vtype": vtype or "", "query": _query(request),
               "charts_json": _json(charts), "kinds": KIND_LABELS}  # fmt: skip
    return render(
        request, "oversight/consistency.html", context, nav="stats_consistency", title="类案同罚分析"
    )


@router.get("/stats/supervision", response_class=HTMLResponse)
async def supervision_page(request: Request, actor: PageActor) -> Response:
    """纪检监督: counts chart beside its table, then every list (read-only)."""
    f = _filters(request)
    q = request.query_params
    stall, pairs = _int(q.get("stall_days"), 10), _int(q.get("pairs"), 2)
    state = app_state(request)
    r = await run_in_threadpool(
        lambda: supervision_report(
            state.uow(), actor, china_today(), stall_days=stall, pair_minimum=pairs, **f
        )
    )
    ledger = await run_in_threadpool(ledger_report, state.uow(), actor)
    counts = [
        ("超期期限", r["overdue"]["total"]),
        (f"停滞{stall}个工作日", r["stalled"]["total"]),
        *r["closures"]["counts"].items(),
        ("签批降低处罚", len(r["lowered"])),
        ("重复承办人–当事人", len(r["pairs"]["items"])),
        ("更正", len(r["corrections"]["items"])),
    ]
    charts = {"counts": {"kind": "bar", "labels": [c[0] for c in counts], "values": [c[1] for c in counts]}}
    context = {"r": r, "ledger": ledger, "counts": counts, "f": q, "stall": stall, "pairs": pairs,
               "charts_json": _json(charts), "query": _query(request)}  # fmt: skip
    return render(request, "oversight/supervision.html", context, nav="stats_supervision", title="纪检监督")
