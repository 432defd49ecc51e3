"""The full view of one case: state, party, evidence, deadlines, verified timeline, allowed next actions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from zhifa.config import get_settings
from zhifa.domain.actors import Actor
from zhifa.domain.calendar import UnknownCalendarYear
from zhifa.domain.deadlines import accrued_late_fee
from zhifa.domain.events import signed_event_types
from zhifa.domain.serde import EVENT_TYPES, encode
from zhifa.domain.state import Case
from zhifa.ledger import Record, actor_user_id, verify_stream
from zhifa.ledger.seal import Head
from zhifa.services.calendar import load_calendar
from zhifa.services.case_signing import CachingChecker
from zhifa.services.case_store import events_of, visible_row
from zhifa.services.case_views import allowed_actions, row_summary
from zhifa.services.deadlines import case_deadlines
from zhifa.services.evidence import evidence_list
from zhifa.services.parties import find_prior_violations, repeated_offer, window_start
from zhifa.services.signoff import consistency_of
from zhifa.store.hot import in_list
from zhifa.store.ledger_repo import SqlLedgerStore, settings_sealer
from zhifa.store.models.identity import User
from zhifa.store.uow import UnitOfWork

_U = cast(Table, User.__table__).c
_NAMES = in_list(select(_U.id, _U.display_name), _U.id, "b_ids")


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(_NAMES.all(session, {"b_ids": sorted(ids)}))


def read_with_head(session: Session, stream_id: str) -> tuple[list[Record], Head | None]:
    """The stream's records and its sealed head, consistent without a snapshot: the records are read
    first, so a head past the last record read means an append committed in between (read the records
    again) or a cut-off tail (still short after the second read: reported by verification)."""
    store = SqlLedgerStore(session)
    records = store.read(stream_id)
    head = store.sealed_head(stream_id)
    if head is not None and head.seq > (records[-1].seq if records else 0):
        records = store.read(stream_id)
    return records, head


def timeline(
    session: Session, records: Sequence[Record], stream_id: str, head: Head | None
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Ledger records with who/when/signed and whether chain and signature verify (first bad record named)."""
    report = verify_stream(
        records,
        CachingChecker(session),
        stream_id=stream_id,
        signed_types=signed_event_types(),
        sealer=settings_sealer(),
        head=head,
    )
    bad_from = report.problem.seq if report.problem else None
    names = _names(session, {uid for r in records if (uid := actor_user_id(r.actor)) is not None})
    items = []
    for r in records:
        uid = actor_user_id(r.actor)
        cls = EVENT_TYPES.get(r.type)
        items.append(
            {
                "seq": r.seq,
                "type": r.type,
                "label": cls.label if cls else r.type,
                "by_user_id": uid,
                "by_name": names.get(uid, r.actor) if uid is not None else r.actor,
                "on": r.payload.get("on"),
                "recorded_at": r.recorded_at,
                "signed": r.signed,
                "key_id": r.key_id,
                "hash": r.hash,
                "verified": bad_from is None or r.seq < bad_from,
                "payload": r.payload,
            }
        )
    summary = {
        "verified": report.ok,
        "records": report.records,
        "signatures": report.signatures,
        "problem": report.problem.describe() if report.problem else None,
    }
    return items, summary


def _late_fee(case: Case, calendar: Any, today: date) -> str | None:
    """The late fee accrued so far; None (not known) when an instalment fell due before today in a year
    whose holidays are not entered yet — the case is still shown, its deadlines say why."""
    try:
        return str(accrued_late_fee(case, calendar, today))
    except UnknownCalendarYear:
        return None


def _state(case: Case, calendar: Any, today: date) -> dict[str, Any]:
    decision = case.decision
    return {
        "stage": case.stage.value if case.stage else None,
        "stage_label": case.stage.label if case.stage else None,
        "summary_procedure": case.summary_procedure,
        "handlers": [
            {"user_id": o.user_id, "name": o.name, "credential_no": o.credential_no} for o in case.handlers
        ],
        "major_grounds": sorted(g.value for g in case.major_grounds),
        "is_major": case.is_major,
        "presider": {"user_id": case.presider.user_id, "name": case.presider.name} if case.presider else None,
        "hearing_right": case.notice.hearing_right if case.notice else None,
        "notice_served_on": case.notice_served_on.isoformat() if case.notice_served_on else None,
        "decision_served_on": case.decision_served_on.isoformat() if case.decision_served_on else None,
        "published_on": case.published_on.isoformat() if case.published_on else None,
        "money_due": str(case.money_due),
        "paid": str(case.paid),
        "late_fee_accrued": _late_fee(case, calendar, today) if decision else "0.00",
        "late_fee_paid": str(case.late_fee_paid),
        "schedule": [{"due": d.isoformat(), "amount": str(a)} for d, a in case.schedule],
        "pauses": [
            {
                "kind": p.kind.value,
                "label": p.kind.label,
                "start": p.start.isoformat(),
                "end": p.end.isoformat() if p.end else None,
            }
            for p in case.pauses
        ],
        "evidence_count": case.evidence_count,
        "report": _report(case),
    }


def _report(case: Case) -> dict[str, Any] | None:
    """The investigation report's proposal and how it relates to the assistant's suggestion."""
    report = case.report
    if report is None:
        return None
    verdict = report.adherence
    return {
        "facts": report.facts,
        "proposed_outcome": report.proposed_outcome.value,
        "proposed_outcome_label": report.proposed_outcome.label,
        "proposal": encode(report.proposal) if report.proposal else None,
        "suggestion": encode(report.suggestion) if report.suggestion else None,
        "adherence": verdict.value if verdict else None,
        "adherence_label": verdict.label if verdict else "未使用智能助手",
        "departure_reason": report.departure_reason,
    }


def case_detail(uow: UnitOfWork, actor: Actor, case_id: str, today: date) -> dict[str, Any]:
    """Everything about one case the actor may see (404 outside scope, exactly as for a missing case)."""
    with uow:
        session = uow.session
        row = visible_row(session, actor, case_id)
        records, head = read_with_head(session, row.stream_id)
        events = events_of(records)
        case = Case.replay(events)
        calendar = load_calendar(uow)
        numbered = list(zip((r.seq for r in records), case.corrected_events, strict=True))
        items, ledger_report = timeline(session, records, row.stream_id, head)
        years = get_settings().prior_violation_years
        since = window_start(today, years)
        priors = (
            find_prior_violations(session, actor, row.party_code, exclude_case=row.id, since=since)
            if row.party_code
            else []
        )
        return {
            "case": row_summary(row),
            "party": case.party.to_payload() if case.party else None,
            "state": _state(case, calendar, today),
            "deadlines": case_deadlines(case, calendar, today),
            "evidence": evidence_list(session, row, numbered),
            "prior_violations": priors,
            "prior_window_years": years,
            "repeated_offer": repeated_offer(priors),
            "allowed_actions": allowed_actions(case, actor, calendar, today),
            "consistency": consistency_of(session, case),
            "ledger": ledger_report,
            "timeline": items,
        }


def case_timeline(uow: UnitOfWork, actor: Actor, case_id: str) -> dict[str, Any]:
    """Only the verified timeline of one case."""
    with uow:
        row = visible_row(uow.session, actor, case_id)
        records, head = read_with_head(uow.session, row.stream_id)
        items, report = timeline(uow.session, records, row.stream_id, head)
        return {"case_id": row.id, "ledger": report, "timeline": items}
