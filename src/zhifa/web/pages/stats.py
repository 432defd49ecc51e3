"""Page /stats: the bureau chief's dashboard — the four rates, trend, drill-down by agency, breakdowns;
every chart has its table beside it; export to Excel."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from zhifa.stats.service import dashboard
from zhifa.stats.summary import COUNT_LABELS, MONEY_LABELS, RATE_LABELS
from zhifa.web.deps import app_state
from zhifa.web.pages.common import PageActor, render

router = APIRouter()


def _json(data: Any) -> str:
    """JSON for a <script type="application/json"> data block (no “</” can end the element)."""
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _charts(d: dict[str, Any]) -> dict[str, Any]:
    s, t, b = d["summary"], d["trend"], d["breakdowns"]
    rates = {**RATE_LABELS, "publicity_on_time_rate": "按期公示率"}

    def bars(by: str, measure: str) -> dict[str, Any]:
        rows = b[by]["rows"]
        return {
            "kind": "bar",
            "labels": [r["label"] for r in rows],
            "values": [r["counts"][measure] for r in rows],
        }

    agencies = b["agency"]["rows"]
    return {
        "rates": {"kind": "rates", "labels": list(rates.values()),
                  "values": [s[k]["rate"] for k in rates]},
        "trend": {"kind": "line", "labels": t["months"],
                  "series": [["登记线索", t["clues"]], ["立案", t["filed"]], ["作出决定", t["decisions"]]]},
        "agencies": {"kind": "treemap", "items": [
            {"name": r["label"], "value": r["counts"]["clues"] + r["counts"]["summary_cases"]}
            for r in agencies
        ]},
        "source": bars("source", "clues"),
        "procedure": {"kind": "pie", "items": [
            {"name": r["label"], "value": r["counts"]["filed"] + r["counts"]["summary_cases"]}
            for r in b["procedure"]["rows"]
        ]},
        "area": bars("area", "penalties"),
    }  # fmt: skip


@router.get("/stats", response_class=HTMLResponse)
async def stats_page(request: Request, actor: PageActor) -> Response:
    """统计: the four rates, counts, 案值, trend and drill-down of the actor's subtree."""
    q = request.query_params
    agency = (q.get("agency") or "").strip()[:32] or None
    start, end = (q.get("from") or None), (q.get("to") or None)
    synthetic = q.get("synthetic") in {"1", "true", "on"}
    state = app_state(request)
    d = await run_in_threadpool(
        lambda: dashboard(state.uow(), actor, agency, start, end, synthetic=synthetic)
    )
    period = d["summary"]["period"]
    keep = {"from": period["from"], "to": period["to"], **({"synthetic": "1"} if synthetic else {})}

    def link(code: str) -> str:
        return "/stats?" + urlencode({"agency": code, **keep})

    context = {
        "d": d, "s": d["summary"], "f": q, "synthetic": synthetic, "link": link,
        "rate_labels": {**RATE_LABELS, "publicity_on_time_rate": "按期公示率（20个工作日内）"},
        "count_labels": COUNT_LABELS, "money_labels": MONEY_LABELS, "charts_json": _json(_charts(d)),
        "export": "/api/v1/stats/export.xlsx?" + urlencode({"agency": d["summary"]["scope"]["code"], **keep}),
    }  # fmt: skip
    return render(request, "stats/dashboard.html", context, nav="stats", title="统计")
