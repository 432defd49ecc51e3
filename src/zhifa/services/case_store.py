"""Loading a case from the ledger and keeping its projection rows (cases, case_handlers, parties) current."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from zhifa.domain import events as ev
from zhifa.domain.actors import Actor
from zhifa.domain.refusals import CaseNotVisible
from zhifa.domain.state import Case
from zhifa.ledger import Record
from zhifa.ledger.store import conflict
from zhifa.oversight import store as oversight_facts
from zhifa.store import case_repo
from zhifa.store.case_repo import CaseRecord
from zhifa.store.hot import Hot
from zhifa.store.ledger_repo import SqlLedgerStore, settings_sealer
from zhifa.store.models.cases import CaseHandler, PartyRow

# Sign-offs must always carry a signature: verification gets the types from
# zhifa.domain.events.signed_event_types() (no global registration, so tests stay independent).

STREAM_PREFIX = "case-"
OPEN_STAGES = frozenset(
    {
        "clue", "investigation", "review", "approval", "notice", "statement", "hearing", "deliberation",
        "decided", "execution", "pending_close", "suspended", "terminated", "transferred",
    }
)  # fmt: skip


def new_case_id() -> str:
    """A fresh case id (uuid hex); its ledger stream is `case-<id>`."""
    return uuid.uuid4().hex


def stream_of(case_id: str) -> str:
    """The ledger stream id of a case."""
    return STREAM_PREFIX + case_id


def ledger(session: Session) -> SqlLedgerStore:
    """The SQL ledger in this session, signing with the local per-user keys."""
    from zhifa.services.case_signing import CachingSigner

    return SqlLedgerStore(session, CachingSigner(session), sealer=settings_sealer())


def visible_row(session: Session, actor: Actor | None, case_id: str) -> CaseRecord:
    """The case row; a missing case and one outside the actor's subtree give the same 404."""
    row = case_repo.load(session, case_id) if len(case_id) <= 32 else None
    if row is None or (actor is not None and not actor.covers(row.agency_path)):
        raise CaseNotVisible()
    return row


_DECODED: dict[tuple[str, str, int, str], ev.Event] = {}  # (hash, type, version, stored payload) → event
_DECODED_MAX = 100_000


def events_of(records: Sequence[Record]) -> list[ev.Event]:
    """Domain events of ledger records (decoding cached by the stored record: events are immutable)."""
    out = []
    for r in records:
        key = (r.hash, r.type, r.schema_version, r.payload_json)
        event = _DECODED.get(key)
        if event is None:
            event = ev.event_from_record(r.type, r.schema_version, r.payload)
            if len(_DECODED) >= _DECODED_MAX:
                _DECODED.clear()
            _DECODED[key] = event
        out.append(event)
    return out


def load_case(session: Session, row: CaseRecord) -> tuple[Case, list[Record]]:
    """Replay the case from its ledger stream."""
    records = ledger(session).read(row.stream_id)
    return Case.replay(events_of(records)), records


def _title(case: Case, summary: str) -> str:
    party = case.party.name if case.party else ""
    return (summary or party or "案件线索")[:200]


def project(
    session: Session,
    row: CaseRecord,
    case: Case,
    new_events: Sequence[ev.Event],
    *,
    now: datetime | None = None,
    sync_handlers: bool = True,
    handlers_before: frozenset[int] | None = None,
) -> None:
    """Fold the state and the just-appended events into the projection rows.
    `handlers_before`: the case's handlers before these events, when known (only the change is written)."""
    now = now or datetime.now(UTC)
    new_row = not row.stored  # not inserted yet: it has no handler rows
    v = {name: getattr(row, name) for name in _PROJECTED}
    known = (v["party_kind"], v["party_name"], v["party_code"])
    v = summary_values(v, case, new_events)
    party = case.party
    if party is not None and known != (v["party_kind"], v["party_name"], v["party_code"]):
        _register_party(session, party.key, party.kind.value, party.name, now)
    v["updated_at"] = now
    _write_row(session, row, v)
    oversight_facts.record(session, row.id, row.agency_path, case, new_events)
    handler_events = (ev.CaseFiled, ev.HandlersAssigned, ev.SummaryPenaltyIssued)
    handlers_change = sync_handlers and any(isinstance(e, handler_events) for e in new_events)
    code_before, code_after = known[2], v["party_code"]
    if (code_before or code_after) and (handlers_change or code_before != code_after):
        # the officer–party tallies of the 纪检 view follow the handler rows and the party (same transaction)
        if handlers_change and handlers_before is not None:
            now_rows = handlers_before
        elif new_row:
            now_rows = frozenset()
        else:
            now_rows = oversight_facts.handler_ids(session, row.id)
        after = frozenset(case.handler_ids) if handlers_change else now_rows
        oversight_facts.count_pairs(session, (now_rows, code_before), (after, code_after))
    if handlers_change:
        _sync_handlers(session, row, case, handlers_before)


def summary_values(before: dict[str, Any], case: Case, new_events: Sequence[ev.Event]) -> dict[str, Any]:
    """The projected `cases` columns (all but updated_at) after these events; `before`: the row's values.
    A correction (更正) among them changes an earlier record: the columns are then folded again from
    all the records as corrected, exactly as a rebuild from the ledger folds them."""
    if any(isinstance(e, ev.CorrectionRecorded) for e in new_events):
        before, new_events = BLANK_SUMMARY, case.corrected_events
    v = dict(before)
    for event in new_events:
        if isinstance(event, ev.ClueRegistered):
            v["summary"], v["discovered_on"] = event.summary, event.discovered_on
        elif isinstance(event, ev.CaseFiled):
            v["violation"], v["filing_docno"] = event.violation[:200], event.docno
        elif isinstance(event, ev.SummaryPenaltyIssued):
            v["violation"], v["decision_docno"] = event.violation[:200], event.docno
            v["procedure"] = "summary"
            v["summary"] = v["summary"] or f"{event.place}：{event.violation}"
        elif isinstance(event, ev.NoticeIssued):
            v["notice_docno"] = event.docno
        elif isinstance(event, ev.DecisionIssued):
            v["decision_docno"] = event.docno
    v["stage"] = case.stage.value if case.stage else "clue"
    v["agency_path"] = case.agency_path or v["agency_path"]
    party = case.party
    if party is not None:
        v["party_kind"], v["party_name"], v["party_code"] = party.kind.value, party.name[:200], party.key
    v["act_date"], v["filed_on"] = case.act_date, case.filed_on
    decision = case.decision
    v["decided_on"] = decision.on if decision else None
    v["outcome"] = decision.outcome.value if decision else ""
    penalty = decision.penalty if decision else (case.approved.penalty if case.approved else None)
    v["fine"] = penalty.fine if penalty else None
    v["penalty_kinds"] = ",".join(sorted(k.value for k in penalty.kinds)) if penalty else ""
    v["title"] = (
        f"{party.name}{v['violation']}案"[:200] if party and v["violation"] else _title(case, v["summary"])
    )
    v["last_seq"], v["last_on"] = case.version, case.last_on
    return v


# the values of a new case row before its first event (zhifa.services.cases)
BLANK_SUMMARY: dict[str, Any] = {
    "summary": "", "discovered_on": None, "violation": "", "filing_docno": "", "decision_docno": "",
    "notice_docno": "", "procedure": "ordinary", "stage": "clue", "agency_path": "", "party_kind": "",
    "party_name": "", "party_code": "", "act_date": None, "filed_on": None, "decided_on": None,
    "outcome": "", "fine": None, "penalty_kinds": "", "title": "", "last_seq": 0, "last_on": None,
}  # fmt: skip


_PROJECTED = (
    "summary", "discovered_on", "violation", "filing_docno", "decision_docno", "notice_docno", "procedure",
    "stage", "agency_path", "party_kind", "party_name", "party_code", "act_date", "filed_on", "decided_on",
    "outcome", "fine", "penalty_kinds", "title", "last_seq", "last_on", "updated_at",
)  # fmt: skip


def _write_row(session: Session, row: CaseRecord, values: dict[str, object]) -> None:
    """Write the changed columns; a row that moved on since it was read (another writer of this case
    committed first) is the ledger's Conflict here, before it writes anything else (the handler rows
    below, the 文号)."""
    loaded_seq = row.last_seq
    if not case_repo.write(session, row, values):
        raise conflict(row.stream_id, loaded_seq, loaded_seq + 1)


_HANDLERS = cast(Table, CaseHandler.__table__)
_ADD_HANDLER = Hot(insert(_HANDLERS), columns=["case_id", "user_id"])
_DROP_HANDLERS = Hot(delete(_HANDLERS).where(_HANDLERS.c.case_id == bindparam("b_case")))


def _sync_handlers(session: Session, row: CaseRecord, case: Case, before: frozenset[int] | None) -> None:
    """case_handlers = the case's handlers; only the change is written when the previous set is known."""
    now = frozenset(case.handler_ids)
    if before is None:
        _DROP_HANDLERS.rowcount(session, {"b_case": row.id})
        added = now
    else:
        if gone := before - now:
            session.execute(
                delete(_HANDLERS).where(_HANDLERS.c.case_id == row.id, _HANDLERS.c.user_id.in_(sorted(gone)))
            )
        added = now - before
    _ADD_HANDLER.many(session, [{"case_id": row.id, "user_id": user_id} for user_id in sorted(added)])


_PARTIES = cast(Table, PartyRow.__table__)


def _party_upsert(dialect: Any) -> Hot:
    stmt = dialect.insert(_PARTIES).values(
        code=bindparam("b_code"), kind=bindparam("b_kind"), name=bindparam("b_name"),
        first_seen=bindparam("b_now"), updated_at=bindparam("b_now2"),
    )  # fmt: skip
    new = stmt.excluded
    return Hot(
        stmt.on_conflict_do_update(
            index_elements=["code"],
            set_={"name": new.name, "kind": new.kind, "updated_at": new.updated_at},
            where=(_PARTIES.c.name != new.name) | (_PARTIES.c.kind != new.kind),
        )
    )


_UPSERT_PARTY = {"postgresql": _party_upsert(postgresql), "sqlite": _party_upsert(sqlite)}


def _register_party(session: Session, code: str, kind: str, name: str, now: datetime) -> None:
    """Insert the party, or update its name and kind when they changed (one upsert statement)."""
    if not code:
        return
    params = {"b_code": code, "b_kind": kind, "b_name": name[:200], "b_now": now, "b_now2": now}
    _UPSERT_PARTY[session.get_bind().dialect.name].rowcount(session, params)
