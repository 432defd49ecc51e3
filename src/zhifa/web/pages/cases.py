"""案件 pages: list with filters and paging; detail with timeline, party, evidence, deadlines, forms."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from zhifa.domain.actors import Actor, Role
from zhifa.domain.stages import Stage
from zhifa.errors import ValidationFailed
from zhifa.identity.agencies import list_agencies
from zhifa.identity.users import VIEW_ROLES, list_users
from zhifa.services.case_actions import ACTIONS
from zhifa.services.case_detail import case_detail
from zhifa.services.case_views import list_cases
from zhifa.services.cases import china_today
from zhifa.services.evidence import evidence_file
from zhifa.services.filetypes import file_headers
from zhifa.web.deps import app_state
from zhifa.web.pages import corrections
from zhifa.web.pages.assist_case import adherence_of, may_assist
from zhifa.web.pages.assistant import catalog_types
from zhifa.web.pages.common import PageActor, render, url_with
from zhifa.web.pages.filters import Pager
from zhifa.web.pages.forms import fields_of
from zhifa.web.pages.labels import ENUM_LABELS, PARTY_LABELS, field_label
from zhifa.web.pages.law import parse_day
from zhifa.web.pages.signoff import decorate

router = APIRouter()
PER_PAGE = 20
# Stage order of the filter (the lifecycle, not the alphabet).
STAGES = [(s.value, s.label) for s in Stage]


def _can_list_users(actor: Actor) -> bool:
    return any(actor.has(r) for r in VIEW_ROLES)


def officers_for(
    uow_factory: Any, actor: Actor, detail: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Officers the actor may pick in a form: users in scope (负责人/管理员) or the case's handlers."""
    if _can_list_users(actor):
        return [
            {"id": u.id, "name": u.display_name, "credential_no": u.credential_no}
            for u in list_users(uow_factory(), actor)
            if u.active and not any(r == Role.INSPECTOR for r in u.roles)
        ]
    handlers = (detail or {}).get("state", {}).get("handlers", [])
    people = [{"id": h["user_id"], "name": h["name"], "credential_no": h["credential_no"]} for h in handlers]
    if not any(p["id"] == actor.user_id for p in people):
        people.insert(
            0, {"id": actor.user_id, "name": actor.display_name, "credential_no": actor.credential_no}
        )
    return people


@router.get("/cases", response_class=HTMLResponse)
async def cases_page(
    request: Request,
    actor: PageActor,
    stage: str = Query(default="", max_length=24),
    agency: str = Query(default="", max_length=32),
    handler: str = Query(default="", max_length=12),
    party_code: str = Query(default="", max_length=32),
    violation: str = Query(default="", max_length=100),
    type: str = Query(default="", max_length=80),
    date_from: str = Query(default="", max_length=10),
    date_to: str = Query(default="", max_length=10),
    page: int = Query(default=1, ge=1, le=100_000),
) -> Response:
    """Cases of the actor's subtree, newest change first, with filters and paging."""
    state = app_state(request)
    handler_id = actor.user_id if handler == "me" else (int(handler) if handler.isdigit() else None)
    result = await run_in_threadpool(
        lambda: list_cases(
            state.uow(read_only=True), actor, stage=stage or None, agency=agency or None, handler=handler_id,
            party_code=party_code or None, violation=violation or None,
            violation_any=type_keywords(type),
            date_from=parse_day(date_from, "起始日期"),
            date_to=parse_day(date_to, "截止日期"), page=page, per_page=PER_PAGE,
        )
    )  # fmt: skip
    agencies = await run_in_threadpool(list_agencies, state.uow(), actor)
    handlers = (
        [o for o in await run_in_threadpool(officers_for, state.uow, actor) if o["credential_no"]]
        if _can_list_users(actor)
        else []
    )
    context = {
        "result": result,
        "items": result["items"],
        "pager": Pager(page, PER_PAGE, result["total"]),
        "page_url": lambda n: url_with(request, page=n),
        "stages": STAGES,
        "agencies": [a for a in agencies if a.level != "station"],
        "handlers": handlers,
        "f": {"stage": stage, "agency": agency, "handler": handler, "party_code": party_code,
              "violation": violation, "type": type, "date_from": date_from, "date_to": date_to},
        "types": catalog_types(),
    }  # fmt: skip
    return render(request, "cases/list.html", context, nav="cases", crumbs=[("案件", None)])


@lru_cache(maxsize=1)
def _keywords() -> dict[str, tuple[str, ...]]:
    from zhifa.rules.loader import load_catalog

    return {e.id: tuple(k for k in (*e.keywords, e.name) if k) for e in load_catalog().entries.values()}


def type_keywords(type_id: str) -> list[str]:
    """The catalog keywords of a violation type (a case matches when its 案由 names one of them)."""
    if not type_id:
        return []
    if type_id not in _keywords():
        raise ValidationFailed(f"未知的违法行为类型“{type_id}”", code="bad_violation_type")
    return list(_keywords()[type_id])


def _party_rows(party: dict[str, Any] | None) -> list[tuple[str, str]]:
    if not party:
        return []
    rows = []
    for key, value in party.items():
        if value in (None, "", [], {}):
            continue
        text = str(value)
        if key == "kind":
            text = {
                "person": "自然人",
                "individual_business": "个体工商户",
                "organization": "法人或其他组织",
            }.get(text, text)
        elif key == "id_kind":
            text = ENUM_LABELS["IdKind"].get(text, text)
        rows.append((PARTY_LABELS.get(key, key), text))
    return rows


def filing_prefill(party: dict[str, Any] | None, case: dict[str, Any]) -> dict[str, Any]:
    """批准立案 starts from what the clue recorded: its party (kind, name, codes, address) and 案由."""
    values = {
        f"party.{k}": str(v) for k, v in (party or {}).items() if k in PARTY_LABELS and v not in (None, "")
    }
    if case.get("violation"):
        values["violation"] = str(case["violation"])
    return values


async def detail_page(
    request: Request, actor: Actor, case_id: str, *, error: dict[str, Any] | None = None,
    values: dict[str, Any] | None = None, status: int = 200,
) -> Response:  # fmt: skip
    """Render the case detail (also after a refused action, with the message and the values entered)."""
    state = app_state(request)
    today = china_today()
    detail = await run_in_threadpool(case_detail, state.uow(), actor, case_id, today)
    actions = []
    for allowed in detail["allowed_actions"]:
        spec = ACTIONS.get(allowed["action"])
        if spec is not None:
            actions.append(
                {**allowed, "fields": fields_of(spec.model), "upload": spec.slug == "add-evidence"}
            )
    decorate(actions, detail.get("consistency"))
    officers = await run_in_threadpool(officers_for, state.uow, actor, detail)
    people = {
        **{t["by_user_id"]: t["by_name"] for t in detail["timeline"] if t["by_user_id"] is not None},
        **{h["user_id"]: h["name"] for h in detail["state"]["handlers"]},
        **{o["id"]: o["name"] for o in officers},
    }
    for a in actions:
        if a["action"] == "file":
            a["prefill"] = filing_prefill(detail["party"], detail["case"])
        if a["action"] == "correct":
            a["targets"] = corrections.targets(detail["timeline"], people)
            a["fields"] = [f for f in a["fields"] if f.name not in corrections.TYPED_FIELDS]
        if a["action"] == "inspect-site":  # the position comes from the phone, never typed
            a["fields"] = [f for f in a["fields"] if f.name != "location"]
    for item in detail["timeline"]:
        if item["type"] == "InvestigationReported":
            item["adherence"] = adherence_of(item["payload"])
    case = detail["case"]
    context = {
        "corrections": corrections.history(detail["timeline"]),
        **detail,
        "actions": actions,
        "officers": officers,
        "party_rows": _party_rows(detail["party"]),
        "today": today.isoformat(),
        "error": error,
        "values": values or {},
        "evidence_kinds": ENUM_LABELS["EvidenceKind"],
        "can_onsite": any(a["action"] == "add-evidence" for a in actions),
        "can_assist": may_assist(actor),
        "field_label": field_label,
        "people": people,
    }
    title = case["title"] or "（未命名案件）"
    return render(
        request,
        "cases/detail.html",
        context,
        status=status,
        nav="cases",
        crumbs=[("案件", "/cases"), (title, None)],
    )


@router.get("/cases/{case_id}", response_class=HTMLResponse)
async def case_page(request: Request, case_id: str, actor: PageActor) -> Response:
    """One case: stage, timeline from the ledger, party, evidence, deadlines and the forms allowed now."""
    return await detail_page(request, actor, case_id)


@router.get("/cases/{case_id}/files/{digest}")
async def case_file(request: Request, case_id: str, digest: str, actor: PageActor) -> Response:
    """An evidence file (SM3 re-checked): inline only when its bytes are a verified PNG/JPEG/WebP/PDF."""
    state = app_state(request)
    filename, data = await run_in_threadpool(
        evidence_file, state.uow(), actor, case_id, digest, state.settings.var_dir
    )
    media_type, headers = file_headers(filename, digest, data)
    return Response(data, media_type=media_type, headers=headers)


def today_iso() -> str:
    """Today's date in China as YYYY-MM-DD (form defaults)."""
    return date.isoformat(china_today())
