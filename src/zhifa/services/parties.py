"""Prior violations of a party, found by its identifier (统一社会信用代码 or 身份证号).

Scope choice (docs/decisions/0007): earlier penalties matter for the 从重 factor wherever they were
imposed, so the search crosses agency scope — but outside the actor's subtree it returns only what the
law already makes public: ordinary-procedure penalty decisions other than warning-only ones (行政处罚信息
公示规定 第二条), with 文号, date, violation, penalty and agency, and no case id. Inside the subtree every
decided penalty (summary procedure included) is returned with its case id.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from sqlalchemy import Table, bindparam, select

from zhifa.domain.actors import Actor
from zhifa.domain.grounds import Outcome
from zhifa.errors import ValidationFailed
from zhifa.store.case_repo import CASES, COLUMNS, CaseRecord
from zhifa.store.hot import Hot
from zhifa.store.models.cases import CaseRow, PartyRow
from zhifa.store.models.identity import Agency
from zhifa.store.uow import UnitOfWork


def normalize_code(code: str) -> str:
    """Upper-case, no spaces; refuse an empty or absurd identifier."""
    text = code.strip().replace(" ", "").upper()
    if not 6 <= len(text) <= 32:
        raise ValidationFailed("当事人代码应为统一社会信用代码或身份证件号码", code="bad_party_code")
    return text


def _public(row: CaseRecord) -> bool:
    kinds = {k for k in row.penalty_kinds.split(",") if k}
    return row.procedure == "ordinary" and bool(kinds) and kinds != {"warning"}


_A = cast(Table, Agency.__table__).c
_PRIOR = Hot(
    select(*COLUMNS, _A.name)
    .join_from(CASES, Agency.__table__, _A.id == CASES.c.agency_id)
    .where(
        CASES.c.party_code == bindparam("b_code"),
        CASES.c.outcome == Outcome.PENALTY.value,
        CASES.c.decided_on.is_not(None),
    )
    .order_by(CASES.c.decided_on.desc())
)


def find_prior_violations(
    session: Any, actor: Actor, code: str, *, exclude_case: str | None = None, since: date | None = None
) -> list[dict[str, Any]]:
    """Earlier penalty decisions against the party (see the module docstring for the scope rule), decided
    on or after `since` when given."""
    out = []
    for found in _PRIOR.all(session, {"b_code": code}):
        row, agency_name = CaseRecord.of(found[:-1]), found[-1]
        if row.id == exclude_case or (since is not None and row.decided_on and row.decided_on < since):
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


def window_start(today: date, years: int) -> date:
    """The first day of a window of `years` years ending today (29 February falls back to the 28th)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def repeated_offer(priors: list[dict[str, Any]]) -> str:
    """The 屡查屡犯 circumstance as a sentence of facts citing the earlier decisions (文号 and dates);
    added to the facts, the assistant weighs it as the catalog factor `repeated_violation`."""
    cited = "；".join(
        f"{p['decided_on']}被{p['agency']}以{p['decision_docno'] or '处罚决定'}"
        f"{'就' + p['violation'] if p['violation'] else ''}给予行政处罚"
        for p in priors
    )
    return f"当事人曾因违法行为受过行政处罚：{cited}。" if priors else ""
