"""Read side of cases: the summary view, the scoped list with filters and paging, allowed next actions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from sqlalchemy import Date, Table, bindparam, func, or_, select

from zhifa.domain.actors import Actor, Role
from zhifa.domain.calendar import UnknownCalendarYear, WorkingCalendar
from zhifa.domain.case import Case
from zhifa.domain.deadlines import statement_window_end
from zhifa.domain.grounds import Outcome
from zhifa.domain.options import StatementKind
from zhifa.domain.policies import RULES
from zhifa.domain.serde import EVENT_TYPES
from zhifa.domain.stages import Stage
from zhifa.errors import ValidationFailed
from zhifa.identity.agencies import find_by_code
from zhifa.identity.scope import missing
from zhifa.ledger import Record
from zhifa.services.case_actions import ACTIONS
from zhifa.store.case_repo import CASES, COLUMNS, CaseRecord
from zhifa.store.hot import Hot
from zhifa.store.models.cases import CaseHandler
from zhifa.store.uow import UnitOfWork

MAX_PER_PAGE = 200


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def row_summary(row: CaseRecord) -> dict[str, Any]:
    """The list/summary form of a case row."""
    stage = Stage(row.stage)
    outcome = Outcome(row.outcome) if row.outcome else None
    return {
        "id": row.id,
        "stream_id": row.stream_id,
        "agency_path": row.agency_path,
        "stage": stage.value,
        "stage_label": stage.label,
        "procedure": row.procedure,
        "procedure_label": "简易程序" if row.procedure == "summary" else "普通程序",
        "title": row.title,
        "summary": row.summary,
        "violation": row.violation,
        "party": {"kind": row.party_kind, "name": row.party_name, "code": row.party_code}
        if row.party_name
        else None,
        "act_date": _iso(row.act_date),
        "discovered_on": _iso(row.discovered_on),
        "filed_on": _iso(row.filed_on),
        "decided_on": _iso(row.decided_on),
        "outcome": row.outcome or None,
        "outcome_label": outcome.label if outcome else None,
        "fine": str(row.fine) if row.fine is not None else None,
        "penalty_kinds": [k for k in row.penalty_kinds.split(",") if k],
        "docnos": {"filing": row.filing_docno, "notice": row.notice_docno, "decision": row.decision_docno},
        "last_seq": row.last_seq,
        "updated_at": row.updated_at.isoformat() if row.updated_at else None,
    }


@dataclass
class CaseView:
    """What a write returns: the case summary, the records appended and the 文号 allocated."""

    summary: dict[str, Any]
    appended: list[dict[str, Any]] = field(default_factory=list)
    docno: str | None = None

    @property
    def id(self) -> str:
        """The case id."""
        return str(self.summary["id"])

    @property
    def stage(self) -> str:
        """The stage value."""
        return str(self.summary["stage"])

    @classmethod
    def of(cls, row: CaseRecord, appended: Sequence[Record] = (), docno: str | None = None) -> CaseView:
        """Build from the projection row and the new ledger records."""
        done = [
            {
                "seq": r.seq,
                "type": r.type,
                "label": EVENT_TYPES[r.type].label,
                "signed": r.signed,
                "hash": r.hash,
            }
            for r in appended
        ]
        return cls(row_summary(row), done, docno)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"case": self.summary, "appended": self.appended, "docno": self.docno}


def decision_possible(case: Case, calendar: WorkingCalendar, today: date) -> bool:
    """Whether a penalty proposal may be decided today: the notice served and the statement period over
    or waived (行政处罚法第四十四条、第六十二条; 程序规定第五十七条第二款). Other outcomes need no notice."""
    if case.report is None or case.report.proposed_outcome is not Outcome.PENALTY:
        return True
    if case.notice_served_on is None:
        return False
    if case.stage is not Stage.STATEMENT or any(s.kind is StatementKind.WAIVER for s in case.statements):
        return True
    try:
        end = statement_window_end(case, calendar)
    except UnknownCalendarYear:
        return False  # the period cannot be counted until the holiday table knows the year
    return end is not None and today > end


def allowed_actions(
    case: Case, actor: Actor, calendar: WorkingCalendar | None = None, today: date | None = None
) -> list[dict[str, str]]:
    """Actions this actor may try now (a hint from stage, role and, given the calendar, the notice and the
    statement period; `decide` remains the authority)."""
    if actor.has(Role.INSPECTOR) or case.stage is None:
        return []
    decide_now = calendar is None or today is None or decision_possible(case, calendar, today)
    out = []
    for spec in ACTIONS.values():
        if spec.slug == "decide" and not decide_now:
            continue
        rule = RULES[spec.command]
        if case.stage not in spec.stages or not any(actor.has(r) for r in rule.roles):
            continue
        if rule.own_case and actor.user_id not in case.handler_ids:
            continue
        if spec.slug == "review" and actor.user_id in case.handler_ids:
            continue  # 程序规定第四十九条: handlers never review their own case
        if spec.slug == "hold-hearing" and (case.presider is None or case.presider.user_id != actor.user_id):
            continue
        if spec.slug == "file-summary-records" and not case.summary_procedure:
            continue
        out.append({"action": spec.slug, "label": spec.label, "basis": rule.basis})
    return out


def _like(text: str) -> str:
    """`text` for a LIKE pattern with "/" as the escape character."""
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


_LISTS: dict[tuple[object, ...], Hot] = {}


def _list_query(shape: tuple[bool, bool, bool, int, int, bool, bool]) -> Hot:
    """The page query of one combination of filters, with the total as its last column (prebuilt)."""
    hot = _LISTS.get(shape)
    if hot is not None:
        return hot
    stage, handler, party, n_words, n_any, date_from, date_to = shape
    c, handlers = CASES.c, cast(Table, CaseHandler.__table__).c
    query = select(*COLUMNS, func.count().over()).where(c.agency_path.like(bindparam("b_path"), escape="/"))
    if stage:
        query = query.where(c.stage == bindparam("b_stage"))
    if handler:
        mine = select(handlers.case_id).where(handlers.user_id == bindparam("b_handler"))
        query = query.where(c.id.in_(mine))
    if party:
        query = query.where(c.party_code == bindparam("b_party"))
    for i in range(n_words):
        query = query.where(c.violation.like(bindparam(f"b_w{i}"), escape="/"))
    if n_any:
        query = query.where(or_(*(c.violation.like(bindparam(f"b_a{i}"), escape="/") for i in range(n_any))))
    day = func.coalesce(c.filed_on, c.discovered_on, c.decided_on)
    if date_from:
        query = query.where(day >= bindparam("b_from", type_=Date))
    if date_to:
        query = query.where(day <= bindparam("b_to", type_=Date))
    query = (
        query.order_by(c.updated_at.desc(), c.id).offset(bindparam("b_offset")).limit(bindparam("b_limit"))
    )
    if len(_LISTS) > 512:
        _LISTS.clear()
    hot = _LISTS[shape] = Hot(query)
    return hot


def list_cases(
    uow: UnitOfWork,
    actor: Actor,
    *,
    stage: str | None = None,
    agency: str | None = None,
    handler: int | None = None,
    party_code: str | None = None,
    violation: str | None = None,
    violation_any: Sequence[str] = (),
    date_from: date | None = None,
    date_to: date | None = None,
    page: int = 1,
    per_page: int = 20,
) -> dict[str, Any]:
    """Cases in the actor's subtree, newest first, with filters and paging.

    `violation`: words the 案由 contains (all of them); `violation_any`: the 案由 contains one of these
    (a violation type's catalog keywords).
    """
    if stage is not None and stage not in {s.value for s in Stage}:
        raise ValidationFailed(f"未知的案件阶段“{stage}”", code="bad_stage")
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise ValidationFailed(f"页码须从1开始，每页1至{MAX_PER_PAGE}条", code="bad_paging")
    with uow:
        path = actor.agency_path
        if agency:
            found = find_by_code(uow.session, agency)
            if found is None or not actor.covers(found.path):
                raise missing("机构", "agency_not_found")
            path = found.path
        words = (violation or "").split()[:5]
        shape = (bool(stage), handler is not None, bool(party_code), len(words), len(violation_any),
                 date_from is not None, date_to is not None)  # fmt: skip
        given: dict[str, Any] = {
            "b_path": _like(path) + "%", "b_stage": stage, "b_handler": handler,
            "b_party": (party_code or "").strip().upper(), "b_from": date_from, "b_to": date_to,
            "b_offset": (page - 1) * per_page, "b_limit": per_page,
        }  # fmt: skip
        given.update({f"b_w{i}": f"%{_like(w)}%" for i, w in enumerate(words)})
        given.update({f"b_a{i}": f"%{_like(w)}%" for i, w in enumerate(violation_any)})
        params = {k: v for k, v in given.items() if v is not None}
        found_rows = _list_query(shape).all(uow.session, params)
        total = found_rows[0][-1] if found_rows else 0
        if not found_rows and page > 1:  # past the last page: the count still comes from page 1
            first = _list_query(shape).first(uow.session, {**params, "b_offset": 0, "b_limit": 1})
            total = first[-1] if first else 0
        rows = [CaseRecord.of(r[:-1]) for r in found_rows]
        return {"items": [row_summary(r) for r in rows], "total": total, "page": page, "per_page": per_page}
