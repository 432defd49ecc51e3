"""Running deadlines per case and the due-soon / overdue lists (压案不办 visible to 负责人 and 纪检).

Who sees what: a 办案人员 sees their own cases; 负责人, 纪检监察 and 系统管理员 see every open case of their
subtree; a 审核人员 sees the cases of the subtree waiting for review. The CLI runs as an operator over all
agencies (or one subtree).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhifa.domain.actors import Actor, Role
from zhifa.domain.calendar import WorkingCalendar
from zhifa.domain.deadlines import Deadline, running_deadlines
from zhifa.domain.state import Case
from zhifa.errors import ValidationFailed
from zhifa.identity.agencies import find_by_code
from zhifa.identity.scope import missing
from zhifa.ledger import Record
from zhifa.services.calendar import load_calendar
from zhifa.services.case_store import OPEN_STAGES, events_of
from zhifa.services.outbox import push_deadlines
from zhifa.store.models.cases import CaseHandler, CaseRow
from zhifa.store.models.ledger import LedgerRecord
from zhifa.store.uow import UnitOfWork

MAX_WITHIN = 366


def deadline_dict(d: Deadline) -> dict[str, Any]:
    """JSON-ready deadline."""
    return {
        "key": d.key,
        "name": d.name,
        "basis": d.basis,
        "start": d.start.isoformat(),
        "length": d.length,
        "unit": "工作日" if d.working_days else "日",
        "due": d.due.isoformat() if d.due else None,
        "days_left": d.days_left,
        "paused": d.paused,
        "overdue": d.overdue,
        "warning": d.warning or None,
    }


def case_deadlines(case: Case, calendar: WorkingCalendar, today: date) -> list[dict[str, Any]]:
    """Every running deadline of one case."""
    return [deadline_dict(d) for d in running_deadlines(case, calendar, today)]


def _read_streams(session: Session, stream_ids: Sequence[str]) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = {s: [] for s in stream_ids}
    t = LedgerRecord
    for start in range(0, len(stream_ids), 500):
        chunk = list(stream_ids[start : start + 500])
        rows = session.execute(
            select(t.stream_id, t.seq, t.type, t.schema_version, t.payload, t.recorded_at, t.actor,
                   t.prev_hash, t.hash, t.signature, t.key_id)
            .where(t.stream_id.in_(chunk))
            .order_by(t.stream_id, t.seq)
        )  # fmt: skip
        for row in rows:
            out[row[0]].append(Record(*row))
    return out


class _Replayed:
    """Replayed open cases by stream, each with the version of its `cases` row it was replayed at: a list
    replays only the cases that moved since the last list. The row's `last_seq` is the seq of the stream's
    last record and `updated_at` changes with every write (both set in the same transaction as the
    append), so a case rebuilt elsewhere under the same id (a demo database built again, another database
    in this process) does not match. Shared by the threads of one process; states are only read."""

    MAX = 10_000  # ~10 kB each with their decoded events: ≤ ~100 MB per worker (bench/deadlines.py)

    def __init__(self) -> None:
        self._states: OrderedDict[str, tuple[int, datetime, Case]] = OrderedDict()
        self._lock = threading.Lock()

    def cases(self, session: Session, rows: Sequence[_Row]) -> dict[str, Case]:
        out: dict[str, Case] = {}
        stale: dict[str, _Row] = {}
        with self._lock:
            for row in rows:
                hit = self._states.get(row.stream_id)
                if hit is not None and hit[:2] == (row.last_seq, row.updated_at):
                    self._states.move_to_end(row.stream_id)
                    out[row.stream_id] = hit[2]
                else:
                    stale[row.stream_id] = row
        streams = _read_streams(session, list(stale))
        fresh = {sid: Case.replay(events_of(records)) for sid, records in streams.items()}
        with self._lock:
            for sid, case in fresh.items():
                row = stale[sid]
                if case.version == row.last_seq:  # else a write came between the two reads: keep nothing
                    self._states[sid] = (row.last_seq, row.updated_at, case)
                    self._states.move_to_end(sid)
            while len(self._states) > self.MAX:
                self._states.popitem(last=False)
        out.update(fresh)
        return out

    def clear(self) -> None:
        with self._lock:
            self._states.clear()


_REPLAYED = _Replayed()


def clear_cache() -> None:
    """Forget the replayed cases (bench/deadlines.py times the first list of a fresh process)."""
    _REPLAYED.clear()


class _Row(NamedTuple):
    id: str
    stream_id: str
    title: str
    stage: str
    agency_path: str
    last_seq: int
    updated_at: datetime


def _scoped_rows(session: Session, actor: Actor | None, path: str | None) -> list[_Row]:
    c = CaseRow
    query = select(c.id, c.stream_id, c.title, c.stage, c.agency_path, c.last_seq, c.updated_at).where(
        c.stage.in_(sorted(OPEN_STAGES))
    )
    if path:
        query = query.where(CaseRow.agency_path.startswith(path, autoescape=True))
    if actor is not None:
        query = query.where(CaseRow.agency_path.startswith(actor.agency_path, autoescape=True))
        if not any(actor.has(r) for r in (Role.HEAD, Role.INSPECTOR, Role.ADMIN)):
            own = select(CaseHandler.case_id).where(CaseHandler.user_id == actor.user_id)
            if actor.has(Role.REVIEWER):
                query = query.where(CaseRow.id.in_(own) | CaseRow.stage.in_(("review", "deliberation")))
            else:
                query = query.where(CaseRow.id.in_(own))
    return [_Row(*r) for r in session.execute(query.order_by(CaseRow.id))]


def deadline_list(
    uow: UnitOfWork,
    actor: Actor | None,
    today: date,
    *,
    within_days: int | None = None,
    overdue_only: bool = False,
    agency: str | None = None,
) -> list[dict[str, Any]]:
    """Deadlines of open cases in scope: overdue ones, plus (with within_days) those due within N days.

    actor None = the CLI operator (every agency, or the `agency` subtree). Paused clocks are not listed
    as due soon (their due date moves), but an overdue one still is.
    """
    if within_days is not None and not 0 <= within_days <= MAX_WITHIN:
        raise ValidationFailed(f"天数须在0至{MAX_WITHIN}之间", code="bad_within_days")
    with uow:
        path = None
        if agency:
            found = find_by_code(uow.session, agency)
            if found is None or (actor is not None and not actor.covers(found.path)):
                raise missing("机构", "agency_not_found")
            path = found.path
        rows = _scoped_rows(uow.session, actor, path)
        calendar = load_calendar(uow)
        cases = _REPLAYED.cases(uow.session, rows)
        items = []
        for row in rows:
            case = cases[row.stream_id]
            for d in running_deadlines(case, calendar, today):
                due_soon = (
                    within_days is not None and not overdue_only and not d.paused
                    and d.days_left is not None and 0 <= d.days_left <= within_days
                )  # fmt: skip
                if d.overdue or due_soon or (d.due is None and not overdue_only):
                    items.append({"case_id": row.id, "title": row.title, "stage": row.stage,
                                  "agency_path": row.agency_path, **deadline_dict(d)})  # fmt: skip
        pushes = push_deadlines(uow.session, {r.id for r in rows}, today)  # 公示规定 第九条、第十一条 …
        for row in rows:
            for p in pushes.get(row.id, ()):
                soon = within_days is not None and not overdue_only and 0 <= p["days_left"] <= within_days
                if p["overdue"] or soon:
                    items.append({"case_id": row.id, "title": row.title, "stage": row.stage,
                                  "agency_path": row.agency_path, **p})  # fmt: skip
    items.sort(key=lambda i: (i["days_left"] is None, i["days_left"] or 0, i["case_id"]))
    return items


def due_soon(uow: UnitOfWork, actor: Actor, within_days: int, today: date) -> list[dict[str, Any]]:
    """Deadlines due within N days and those already overdue, for the actor's cases."""
    return deadline_list(uow, actor, today, within_days=within_days)


def overdue(uow: UnitOfWork, actor: Actor, today: date) -> list[dict[str, Any]]:
    """Overdue deadlines (压案不办) in the actor's scope."""
    return deadline_list(uow, actor, today, overdue_only=True)
