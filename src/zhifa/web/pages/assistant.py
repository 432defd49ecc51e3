"""智能助手 on a case: violation types, provisions with their text, the discretion suggestion, precedents,
the consistency check; the 调查终结报告 pre-filled with the suggestion (accept, or depart with a reason)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from zhifa.assistant.pipeline_service import answer
from zhifa.domain.actors import Actor
from zhifa.errors import PermissionDenied, ValidationFailed, ZhifaError
from zhifa.services import case_inputs as inp
from zhifa.services.case_detail import case_detail
from zhifa.services.cases import china_today, run_action
from zhifa.web.deps import app_state
from zhifa.web.pages import assist_case as ac
from zhifa.web.pages import assist_trail
from zhifa.web.pages.common import PageActor, flash, redirect, render
from zhifa.web.pages.forms import data_from_form, fields_of, form_values
from zhifa.web.state import AppState

router = APIRouter()
TOP_K = 8


@lru_cache(maxsize=1)
def catalog_types() -> list[tuple[str, list[tuple[str, str]]]]:
    """Catalog entries (id, name) grouped by area, for pinning the violation type."""
    from zhifa.rules.loader import load_catalog

    groups: dict[str, list[tuple[str, str]]] = {}
    for entry in load_catalog().entries.values():
        groups.setdefault(entry.area or "其他", []).append((entry.id, entry.name))
    return [(area, sorted(items, key=lambda t: t[0])) for area, items in sorted(groups.items())]


def run_assistant(state: AppState, facts: str, fields: dict[str, Any]) -> dict[str, Any]:
    """One answer of the process-wide assistant (schema: docs/assistant-schema.md)."""
    return answer(state.settings, state.engine, facts, {**fields, "top_k": TOP_K})


def law_linker(state: AppState) -> Callable[[str | None, Any, str | None], str | None]:
    """A function (law title, article, date) → the article page of the law library, or None."""
    from zhifa.law import service

    try:
        lib = service.library(state.engine)
    except ZhifaError:
        return lambda title, article, as_of: None

    def link(title: str | None, article: Any, as_of: str | None = None) -> str | None:
        if not title or not isinstance(article, int) or article < 1:
            return None
        found = lib.find_laws(title.strip("《》"))
        if not found:
            return None
        return f"/law/laws/{found[0].id}/articles/{article}" + (f"?as_of={as_of}" if as_of else "")

    return link


def _analyse(
    state: AppState, actor: Actor, detail: dict[str, Any], params: ac.AssistParams, facts: str | None,
    proposed: str | None,
) -> dict[str, Any]:  # fmt: skip
    sources = ["由办案人员修改的事实"]
    if facts is None:
        facts, sources = ac.case_facts(state.uow(), actor, detail, state.settings.var_dir)
    fields = params.fields(detail["case"], detail["party"])
    report = detail["state"].get("report") or {}
    if proposed is None and (report.get("proposal") or {}).get("fine") not in (None, "0", "0.00"):
        proposed = report["proposal"]["fine"]
    if proposed:
        fields["proposed_fine"] = proposed
    out: dict[str, Any] = {
        "facts": facts,
        "sources": sources,
        "fields": fields,
        "result": None,
        "problem": None,
    }
    try:
        out["result"] = run_assistant(state, facts, fields)
    except ZhifaError as exc:
        if exc.code == "assistant_model_missing" or exc.http_status in (404, 422):
            out["problem"] = {"code": exc.code, "message": exc.message}
        else:
            raise
    return out


async def assistant_page(
    request: Request, actor: Actor, case_id: str, params: ac.AssistParams, *, facts: str | None = None,
    proposed: str | None = None, error: dict[str, Any] | None = None, values: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:  # fmt: skip
    """Run the assistant on the case and render the panel (and the pre-filled report when allowed)."""
    state = app_state(request)
    if not ac.may_assist(actor):
        raise PermissionDenied("智能助手供办案、审核人员和负责人使用", code="assistant_not_allowed")
    detail = await run_in_threadpool(case_detail, state.uow(), actor, case_id, china_today())
    analysis = await run_in_threadpool(_analyse, state, actor, detail, params, facts, proposed)
    result = analysis["result"]
    snap = ac.snapshot(result) if result else None
    top = (result or {}).get("violation_types") or []
    uncertain = bool(result) and (
        bool(result["confidence"]["uncertain"]) or (not params.values.get("type") and top[0]["score"] < 0.5)
    )
    can_report = any(a["action"] == "report" for a in detail["allowed_actions"])
    amounts = {k: v for k, v in params.values.items() if k in ac.AMOUNT_FIELDS}
    prefill = ac.report_values(result, analysis["facts"], amounts) if result else {}
    case = detail["case"]
    context = {
        **analysis,
        "case": case,
        "party": detail["party"],
        "prior_violations": detail["prior_violations"],
        "prior_window_years": detail["prior_window_years"],
        "repeated_offer": detail["repeated_offer"],
        "report": detail["state"].get("report"),
        "params": params.values,
        "proposed": proposed or "",
        "snap": snap,
        "fingerprint": ac.fingerprint(snap),
        "uncertain": uncertain,
        "can_report": can_report and result is not None and not (uncertain and not params.values.get("type")),
        "report_fields": fields_of(inp.SubmitReportIn),
        "values": values if values is not None else prefill,
        "error": error,
        "types": catalog_types(),
        "type_names": {i: name for _, items in catalog_types() for i, name in items},
        "amount_fields": ac.AMOUNT_FIELDS,
        "trail_labels": ac.TRAIL_LABELS,
        "trail_rows": assist_trail.rows,
        "trail_note": assist_trail.note,
        "party_types": ac.PARTY_TYPE_LABELS,
        "law_link": await run_in_threadpool(law_linker, state),
        "as_of": (result or {}).get("input", {}).get("act_date"),
        "today": china_today().isoformat(),
        "officers": [],
    }
    crumbs = [
        ("案件", "/cases"),
        (case["title"] or "（未命名案件）", f"/cases/{case_id}"),
        ("智能助手", None),
    ]
    return render(request, "cases/assistant.html", context, status=status, nav="cases", crumbs=crumbs)


@router.get("/cases/{case_id}/assistant", response_class=HTMLResponse)
async def assistant_get(
    request: Request, case_id: str, actor: PageActor, proposed_fine: str = Query(default="", max_length=20)
) -> Response:
    """The assistant on the case's facts (amounts, party type, date and type as given in the query)."""
    params = ac.AssistParams.of(request.query_params)
    return await assistant_page(request, actor, case_id, params, proposed=proposed_fine or None)


@router.post("/cases/{case_id}/assistant", response_class=HTMLResponse)
async def assistant_post(request: Request, case_id: str, actor: PageActor) -> Response:
    """The assistant on facts edited in the panel (too long for a query string)."""
    form = await request.form()
    facts = form.get("facts")
    proposed = form.get("proposed_fine")
    return await assistant_page(
        request, actor, case_id, ac.AssistParams.of(form), facts=facts if isinstance(facts, str) else "",
        proposed=proposed.strip() if isinstance(proposed, str) and proposed.strip() else None,
    )  # fmt: skip


def _suggestion_for(state: AppState, detail: dict[str, Any], facts: str, params: ac.AssistParams) -> Any:
    fields = params.fields(detail["case"], detail["party"])
    return ac.snapshot(run_assistant(state, facts, fields))


@router.post("/cases/{case_id}/assistant/report", response_class=HTMLResponse)
async def assistant_report(request: Request, case_id: str, actor: PageActor) -> Response:
    """Submit the 调查终结报告 with the assistant's suggestion recomputed here (never taken from the browser);
    a proposal departing from it needs the reason, else the domain refuses and nothing is written."""
    state = app_state(request)
    form = await request.form()
    params = ac.AssistParams.of(form, prefix="assist_")
    data = data_from_form(fields_of(inp.SubmitReportIn), form, inp.SubmitReportIn)
    reason = form.get("departure_reason")
    try:
        detail = await run_in_threadpool(case_detail, state.uow(), actor, case_id, china_today())
        snap = await run_in_threadpool(_suggestion_for, state, detail, str(data.get("facts") or ""), params)
        if snap is None:
            raise ValidationFailed(
                "智能助手未能给出建议，请在案件页直接提交调查终结报告", code="suggestion_unavailable"
            )
        if ac.fingerprint(snap) != form.get("assist_shown"):
            raise ValidationFailed(
                "事实或金额已修改，智能助手的建议随之变化：请核对下方新的建议后再提交",
                code="suggestion_changed",
            )
        data["suggestion"] = snap
        data["departure_reason"] = reason.strip() if isinstance(reason, str) else ""
        await run_in_threadpool(
            lambda: run_action(
                state.uow(), actor, case_id, "report", data, china_today(), computed_suggestion=True
            )
        )
    except ZhifaError as exc:
        if exc.http_status == 404:
            raise
        error = {"message": exc.message, "code": exc.code, "details": exc.details}
        facts = data.get("facts") if isinstance(data.get("facts"), str) else None
        return await assistant_page(
            request, actor, case_id, params, facts=facts, error=error, values=form_values(form),
            status=exc.http_status,
        )  # fmt: skip
    flash(request, "已办理：提交调查终结报告（已记录智能助手的裁量建议）")
    return redirect(f"/cases/{case_id}")
