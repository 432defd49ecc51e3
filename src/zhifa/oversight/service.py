"""Oversight use cases with their scope and role checks (the faces call these; the CLI passes no actor
and runs as an operator over all agencies or one subtree).

Who sees what: consistency analytics — 负责人, 纪检监察 and 系统管理员 (the 统计 roles), each over their
own subtree; the supervision view — 纪检监察 only, read-only, over their subtree. An agency code outside
the caller's subtree gets the same answer as one that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from zhifa.domain.actors import Actor, Role
from zhifa.errors import ValidationFailed
from zhifa.identity.agencies import find_by_code
from zhifa.identity.scope import missing, require_role
from zhifa.oversight import consistency as cons
from zhifa.oversight import store
from zhifa.oversight import supervision as sup
from zhifa.oversight.query import Filter
from zhifa.store.models.identity import Agency
from zhifa.store.uow import UnitOfWork

CONSISTENCY_ROLES = (Role.HEAD, Role.INSPECTOR, Role.ADMIN)
SUPERVISION_ROLES = (Role.INSPECTOR,)
MAX_SPAN_DAYS = 3660


def scope_filter(
    uow: UnitOfWork, actor: Actor | None, agency: str | None, start: date | None, end: date | None
) -> Filter:
    """The filter for an agency code (default: the actor's agency; for an operator, the whole province)."""
    if start is not None and end is not None and (end < start or (end - start).days > MAX_SPAN_DAYS):
        raise ValidationFailed("统计期间无效：结束日期须不早于开始日期，且跨度不超过十年", code="bad_period")
    session = uow.session
    row: Agency | None
    if agency:
        row = find_by_code(session, agency.strip())
        if row is None or (actor is not None and not actor.covers(row.path)):
            raise missing("机构", "agency_not_found")
    elif actor is not None:
        row = find_by_code(session, actor.agency_code)
    else:
        row = None
    if row is None:
        return Filter("/", "全部机构", start, end)
    return Filter(row.path, row.name, start, end)


def _run(
    uow: UnitOfWork,
    actor: Actor | None,
    roles: tuple[Role, ...],
    agency: str | None,
    start: date | None,
    end: date | None,
    body: Callable[[UnitOfWork, Filter], dict[str, Any]],
) -> dict[str, Any]:
    if actor is not None:
        require_role(actor, *roles)
    with uow:
        f = scope_filter(uow, actor, agency, start, end)
        return body(uow, f)


def consistency_report(
    uow: UnitOfWork,
    actor: Actor | None,
    *,
    agency: str | None = None,
    start: date | None = None,
    end: date | None = None,
    violation_type: str | None = None,
) -> dict[str, Any]:
    """类案同罚: spread of position-in-range by type and tier, regions, officers, outliers, overrides."""
    vtype = (violation_type or "").strip()[:80] or None
    return _run(
        uow, actor, CONSISTENCY_ROLES, agency, start, end,
        lambda u, f: cons.analyse(u.session, f, vtype),
    )  # fmt: skip


def _read_events(session: Any, stream_ids: Sequence[str]) -> dict[str, list[Any]]:
    from zhifa.services.case_store import events_of
    from zhifa.services.deadlines import _read_streams

    return {sid: events_of(records) for sid, records in _read_streams(session, stream_ids).items()}


def rebuild_facts(uow: UnitOfWork, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Replace the oversight facts by what the ledger says (operator only: `zhifa oversight rebuild`)."""
    with uow:
        cases, penalties, events = store.rebuild(uow.session, _read_events, progress=progress)
        uow.commit()
    return {"cases": cases, "penalty_facts": penalties, "event_facts": events}


def case_count(uow: UnitOfWork) -> int:
    """Number of case rows (the rebuild's progress total)."""
    with uow:
        return store.case_count(uow.session)


def supervision_report(
    uow: UnitOfWork,
    actor: Actor | None,
    today: date,
    *,
    agency: str | None = None,
    start: date | None = None,
    end: date | None = None,
    stall_days: int = sup.DEFAULT_STALL_DAYS,
    pair_minimum: int = 2,
) -> dict[str, Any]:
    """纪检 view: overdue deadlines, stalled cases, closures with reasons, lowered penalties, repeated
    officer–party pairs, corrections by whom (the ledger status is `ledger_status`)."""
    if not 1 <= stall_days <= 250:
        raise ValidationFailed("停滞天数须在 1 至 250 个工作日之间", code="bad_stall_days")
    if not 2 <= pair_minimum <= 100:
        raise ValidationFailed("重复次数须在 2 至 100 之间", code="bad_pair_minimum")
    if actor is not None:
        require_role(actor, *SUPERVISION_ROLES)
    from zhifa.services.calendar import load_calendar
    from zhifa.services.deadlines import deadline_list

    with uow:
        f = scope_filter(uow, actor, agency, start, end)
    overdue = deadline_list(uow, actor, today, overdue_only=True, agency=agency)
    with uow:
        calendar = load_calendar(uow)
        body = sup.supervise(uow.session, f, calendar, today, stall_days, pair_minimum)
    return {
        "filter": f.as_dict(),
        "today": today.isoformat(),
        "overdue": {"total": len(overdue), "items": overdue[: sup.LIMIT]},
        **body,
    }


def ledger_report(uow: UnitOfWork, actor: Actor | None) -> dict[str, Any]:
    """The ledger's checkpoint and verification status (whole ledger: counts and hashes, no case data)."""
    if actor is not None:
        require_role(actor, *SUPERVISION_ROLES)
    from zhifa.oversight.ledger_status import status

    return status(uow)
