"""From a ledger event to push payloads: the obligation conditions and each target's payload mapping."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zhifa.domain import events as ev
from zhifa.domain.remedies import AppealConcluded
from zhifa.domain.state import Case
from zhifa.domain.values import Penalty
from zhifa.integrations import publicity as pub
from zhifa.integrations.obligations import Push, Rule, TargetInfo

SCHEMA = "zhifa.push/1"


@dataclass(frozen=True)
class Source:
    """The event being written and what the payloads need of its case (state after the event)."""

    event: Any  # a domain event, or the checkpoint statement for LedgerCheckpoint
    event_type: str
    stream_id: str
    on: date
    seq: int | None = None
    case_id: str | None = None
    case: Case | None = None
    violation: str = ""
    docno: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _decision_penalty(s: Source) -> Penalty | None:
    if isinstance(s.event, ev.DecisionIssued | ev.SummaryPenaltyIssued):
        return s.event.penalty
    return None


def _legal_basis(s: Source) -> str:
    report = s.case.report if s.case is not None else None
    return "；".join(report.legal_basis) if report is not None else getattr(s.event, "basis", "")


def rule_applies(rule: Rule, s: Source) -> bool:
    """All conditions of the rule hold for this event."""
    e, when = s.event, rule.when
    if "outcome" in when and getattr(getattr(e, "outcome", None), "value", None) not in when["outcome"]:
        return False
    if when.get("publishable"):
        party = s.case.party if s.case is not None else None
        if not pub.publishable(party, _decision_penalty(s), s.on):
            return False
    if when.get("guard_flagged") and not (getattr(e, "guard", None) and e.guard.flags):
        return False
    if "keywords" in when:
        text = s.violation + _legal_basis(s)
        if not any(k in text for k in when["keywords"]):
            return False
    target = getattr(getattr(e, "target", None), "value", None)
    if "transfer_target" in when and target not in when["transfer_target"]:
        return False
    return not (
        "appeal_result" in when
        and not (isinstance(e, AppealConcluded) and e.result.value in when["appeal_result"])
    )


def _penalty(p: Penalty | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "kinds": sorted(k.value for k in p.kinds), "fine": f"{p.fine:.2f}",
        "confiscated_income": f"{p.confiscated_income:.2f}",
        "confiscated_property_value": f"{p.confiscated_property_value:.2f}",
    }  # fmt: skip


def _decision(s: Source, masked: bool) -> dict[str, Any]:
    """The decision summary (公示规定 第四条): 文号, party, violation, penalty, agency, date, basis."""
    case, e = s.case, s.event
    party = case.party if case is not None else None
    text = pub.text_masker(party) if masked else (lambda t: t)
    out: dict[str, Any] = {
        "docno": s.docno, "decided_on": s.on.isoformat(), "violation": text(s.violation),
        "legal_basis": _legal_basis(s), "penalty": _penalty(_decision_penalty(s)),
        "outcome": getattr(getattr(e, "outcome", None), "value", "penalty"),
        "reasons": text(getattr(e, "reasons", "")),
        "party": pub.public_party(party) if masked else (party.to_payload() if party else {}),
    }  # fmt: skip
    if case is not None and case.report is not None:
        out["facts"] = text(case.report.facts)
    return out


def _event_data(s: Source, target: TargetInfo, push: Push) -> dict[str, Any]:
    e = s.event
    if push.obligation in {"publish", "report_decision", "share_penalty", "notify_case", "transfer"}:
        data = _decision(s, masked=target.publicity)
        if isinstance(e, ev.CaseTransferred):
            data.update(recipient=e.recipient, reason=e.reason, transfer_target=e.target.value)
        elif isinstance(e, ev.DecisionIssued) and e.transfer_to:
            data["recipient"] = e.transfer_to
        return data
    if push.obligation == "report_flagged_decision":
        guard = e.guard
        return {
            "docno": s.docno, "decided_on": s.on.isoformat(), "flags": list(guard.flags),
            "flag_reasons": list(guard.flag_reasons), "signer_reason": guard.reason,
            "penalty": _penalty(e.penalty), "proposed": _penalty(guard.proposed),
        }  # fmt: skip
    if push.obligation == "withdraw":
        return {"docno": s.docno, "result": e.result.value, "concluded_on": e.concluded_on.isoformat()}
    if push.obligation == "correct":
        fix = pub.text_masker(s.case.party if s.case else None) if target.publicity else (lambda t: t)
        return {
            "docno": s.docno, "corrects_seq": e.corrects_seq, "field": e.field,
            "old": fix(e.old), "new": fix(e.new), "reason": fix(e.reason),
        }  # fmt: skip
    if push.obligation == "report_closed":
        return {"docno": s.docno, "ground": e.ground.value, "closed_on": s.on.isoformat()}
    return dict(s.extra)  # witness_checkpoint: the signed statement as stored


def build_payload(
    s: Source, target: TargetInfo, push: Push, delivery_id: str, due_on: date | None
) -> dict[str, Any]:
    """The JSON document sent to `target` (docs/integrations/payloads.md)."""
    return {
        "schema": SCHEMA, "delivery_id": delivery_id, "target": target.code, "obligation": push.obligation,
        "event": s.event_type, "case_id": s.case_id, "seq": s.seq, "occurred_on": s.on.isoformat(),
        "agency_path": s.case.agency_path if s.case is not None else None,
        "legal_basis": push.basis, "due_on": due_on.isoformat() if due_on else None,
        "data": _event_data(s, target, push),
    }  # fmt: skip
