"""Prior violations of a party, found by its identifier (统一社会信用代码 or 身份证号).

Scope choice (docs/decisions/0007): earlier penalties matter for the 从重 factor wherever they were
imposed, so the search crosses agency scope — but outside the actor's subtree it returns only what the
law already makes public: ordinary-procedure penalty decisions other than warning-only ones (行政处罚信息
公示规定 第二条), with 文号, date, violation, penalty and agency, and no case id. Inside the subtree every
decided penalty (summary procedure included) is returned with its case id.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from zhifa.domain.actors import Actor
from zhifa.domain.grounds import Outcome
from zhifa.errors import ValidationFailed
from zhifa.store.models.cases import CaseRow, PartyRow
from zhifa.store.models.identity import Agency
from zhifa.store.uow import UnitOfWork


def normalize_code(code: str) -> str:
    """Upper-case, no spaces; refuse an empty or absurd identifier."""
    text = code.strip().replace(" ", "").upper()
    if not 6 <= len(text) <= 32:
        raise ValidationFailed("当事人代码应为统一社会信用代码或身份证件号码", code="bad_party_code")
    return text


def _public(row: CaseRow) -> bool:
    kinds = {k for k in row.penalty_kinds.split(",") if k}
    return row.procedure == "ordinary" and bool(kinds) and kinds != {"warning"}


def find_prior_violations(
    session: Any, actor: Actor, code: str, *, exclude_case: str | None = None
) -> list[dict[str, Any]]:
    """Earlier penalty decisions against the party (see the module docstring for the scope rule)."""
    rows = session.execute(
        select(CaseRow, Agency.name)
        .join(Agency, Agency.id == CaseRow.agency_id)
        .where(
            CaseRow.party_code == code,
            CaseRow.outcome == Outcome.PENALTY.value,
            CaseRow.decided_on.is_not(None),
        )
        .order_by(CaseRow.decided_on.desc())
    ).all()
    out = []
    for row, agency_name in rows:
        if row.id == exclude_case:
            continue
        inside = actor.covers(row.agency_path)
        if not inside and not _public(row):
            continue
        item: dict[str, Any] = {
            "decision_docno": row.decision_docno,
            "decided_on": row.decided_on.isoformat() if row.decided_on else None,
            "violation": row.violation,
            "fine": str(row.fine) if row.fine is not None else None,
            "penalty_kinds": [k for k in row.penalty_kinds.split(",") if k],
            "agency": agency_name,
            "procedure": row.procedure,
            "in_scope": inside,
        }
        if inside:
            item["case_id"] = row.id
        out.append(item)
    return out


def prior_violations(uow: UnitOfWork, actor: Actor, code: str) -> dict[str, Any]:
    """The party (from the register) and its earlier penalties."""
    key = normalize_code(code)
    with uow:
        found = find_prior_violations(uow.session, actor, key)
        seen_here = uow.session.scalar(
            select(CaseRow.id)
            .where(
                CaseRow.party_code == key, CaseRow.agency_path.startswith(actor.agency_path, autoescape=True)
            )
            .limit(1)
        )
        party = (
            uow.session.scalar(select(PartyRow).where(PartyRow.code == key)) if found or seen_here else None
        )
        return {
            "code": key,
            "party": {"kind": party.kind, "name": party.name} if party else None,
            "prior_violations": found,
        }
