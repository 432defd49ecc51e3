"""Clue intake use cases: receive a pushed clue (graded, routed, registered on the ledger) and report on it.

A received clue becomes a case clue through the same registration as `POST /api/v1/cases`, recorded on
the ledger by the source's service account; the intake row (grade, fired rules, routing, first answer)
and any attachments are written in the same transaction. A retry with the same `Idempotency-Key`, or the
same source + `source_ref`, gets the first answer and never a second clue.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from zhifa.domain.actors import Actor, Role
from zhifa.domain.calendar import UnknownCalendarYear
from zhifa.domain.deadlines import compute_due
from zhifa.domain.grounds import ClueSource, DeclineGround, Outcome
from zhifa.domain.stages import Stage
from zhifa.errors import PayloadTooLarge, ValidationFailed
from zhifa.identity.agencies import AgencyKey, agency_key
from zhifa.identity.scope import missing
from zhifa.integrations.callbacks import add_callback, receipt_data
from zhifa.integrations.grading import grade
from zhifa.integrations.intake_inputs import ClueIn
from zhifa.integrations.routing import route
from zhifa.integrations.sources import SourceKey
from zhifa.services import case_inputs as inp
from zhifa.services.calendar import load_calendar
from zhifa.services.case_store import ledger, new_case_id, stream_of
from zhifa.services.cases import china_today, register_clue
from zhifa.services.evidence import files_dir, write_bytes
from zhifa.stats.projection import GRADE_WRITTEN
from zhifa.store.models.cases import CaseRow, EvidenceFile
from zhifa.store.models.identity import Agency
from zhifa.store.models.intake import IntakeClue, IntakeSource
from zhifa.store.uow import UnitOfWork

MAX_ATTACHMENT_BYTES = 1024 * 1024
KEY_PATTERN = re.compile(r"[\x21-\x7e]{1,255}")
CLUE_CHECK_WORKING_DAYS = 15  # 程序规定第十八条
OLDEST_YEARS = 5  # 行政处罚法第三十六条: the longest limitation period
STATUS_LABELS = {
    "accepted": "已受理，已登记为案件线索",
    "taken": "管辖机构已受理，正在核查",
    "routed": "已移送有管辖权的机构",
    "triage": "待省局分流（无法确定管辖）",
    "declined": "不予立案",
    "filed": "已立案",
    "decided": "已作出处理决定",
    "closed": "已结案",
    "transferred": "已移送",
}


def request_hash(body: ClueIn) -> str:
    """SHA-256 of the body's canonical JSON: the same clue sent again has the same hash."""
    text = json.dumps(body.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _first_answer(uow: UnitOfWork, source: SourceKey, key: str | None, ref: str, digest: str) -> Any:
    session = uow.session
    if key is not None:
        row = session.scalar(
            select(IntakeClue).where(IntakeClue.source_id == source.id, IntakeClue.idempotency_key == key)
        )
        if row is not None:
            if row.request_hash != digest:
                raise ValidationFailed(
                    "该 Idempotency-Key 已用于另一条不同的线索，请为新线索使用新的键",
                    code="idempotency_key_reused",
                )
            return json.loads(row.detail)
    row = session.scalar(
        select(IntakeClue).where(IntakeClue.source_id == source.id, IntakeClue.source_ref == ref)
    )
    return json.loads(row.detail) if row is not None else None


def _decoded(body: ClueIn) -> list[tuple[str, str, bytes]]:
    out = []
    for i, item in enumerate(body.attachments):
        try:
            data = base64.b64decode(item.data, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationFailed(
                f"附件“{item.name}”（attachments.{i}.data）不是有效的 base64 编码", code="bad_attachment"
            ) from None
        if not data:
            raise ValidationFailed(f"附件“{item.name}”为空", code="bad_attachment")
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise PayloadTooLarge(
                f"附件“{item.name}”超过 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB 上限",
                code="attachment_too_large",
            )
        out.append((item.name, item.content_type, data))
    return out


def _agency(uow: UnitOfWork, code: str, reasons: list[str]) -> AgencyKey:
    """The routed agency, or the nearest one above it that the system has."""
    county = code.split("-")[0]
    for candidate in dict.fromkeys((code, county, county[:4] + "00", county[:2] + "0000")):
        found = agency_key(uow.session, candidate)
        if found is not None:
            if candidate != code:
                reasons.append(f"机构 {code} 未在本系统设立，由上级机构 {candidate} 受理")
            return found
    raise ValidationFailed("本系统尚未设立受理线索的机构，请先导入机构", code="no_agencies")


def _source_actor(uow: UnitOfWork, source: SourceKey) -> Actor:
    """The source's service account acting on the ledger: registering a clue is all it may do."""
    province = uow.session.scalars(
        select(Agency).where(Agency.parent_id.is_(None)).order_by(Agency.id)
    ).first()
    if province is None:
        raise ValidationFailed("本系统尚未设立受理线索的机构，请先导入机构", code="no_agencies")
    return Actor(
        user_id=source.user_id, username=f"intake:{source.code}", display_name=source.name,
        agency_id=province.id, agency_code=province.code, agency_path=province.path,
        roles=frozenset({Role.HANDLER}),
    )  # fmt: skip


def _due(uow: UnitOfWork, found_on: date) -> tuple[date | None, str | None]:
    """The filing-decision deadline; None with the reason while the year's holidays are not yet known."""
    try:
        return compute_due(load_calendar(uow), found_on, CLUE_CHECK_WORKING_DAYS, working_days=True), None
    except UnknownCalendarYear as exc:  # a valid clue is still received; the case deadline says the same
        return None, exc.message


def _facts(body: ClueIn) -> dict[str, Any]:
    facts: dict[str, Any] = body.hints.model_dump()
    if body.amounts is not None:
        facts.update({k: v for k, v in body.amounts.model_dump().items() if v is not None})
    return facts


def _summary(source: SourceKey, body: ClueIn, grade_label: str) -> str:
    head = (
        f"【{source.name}推送，来源编号 {body.source_ref}，类别：{body.category}，自动分级：{grade_label}】"
    )
    return f"{head}{body.summary}\n地址：{body.address}"


def _party(body: ClueIn) -> inp.PartyIn:
    s = body.subject
    if s.id_number is not None:
        return inp.PartyIn(kind="person", name=s.name, id_number=s.id_number, address=body.address)
    kind = "individual_business" if (s.uscc or "").startswith("92") else "organization"  # GB 32100 机构类别
    return inp.PartyIn(kind=kind, name=s.name, uscc=s.uscc, address=body.address)


def receive_clue(
    uow: UnitOfWork,
    source: SourceKey,
    body: ClueIn,
    idempotency_key: str | None = None,
    today: date | None = None,
    var_dir: Path | None = None,
) -> tuple[dict[str, Any], bool]:
    """Grade, route and register a pushed clue; returns (answer, created) — a retry gets the first answer."""
    today = today or china_today()
    if idempotency_key is not None and not KEY_PATTERN.fullmatch(idempotency_key):
        raise ValidationFailed("Idempotency-Key 须为 1～255 个可见 ASCII 字符", code="bad_idempotency_key")
    digest = request_hash(body)
    # Every read before the write in one read-only session (no transaction of its own on PostgreSQL): the
    # first answer of a retry, then the service account, the routed agency and the deadline.
    with uow.reader() as reader:
        first = _first_answer(reader, source, idempotency_key, body.source_ref, digest)
        if first is not None:
            return first, False
        if not today - timedelta(days=366 * OLDEST_YEARS) <= body.found_on <= today:
            raise ValidationFailed(
                f"发现日期须在今天及以前、{OLDEST_YEARS} 年以内",
                code="bad_found_on",
                details=[{"field": "found_on"}],
            )
        files = _decoded(body)
        graded = grade(_facts(body))
        routed = route(body.address, body.division_code, graded.level, source.routing)
        reasons = list(routed.reasons)
        actor = _source_actor(reader, source)
        agency = _agency(reader, routed.code, reasons)
        name = reader.session.scalar(select(Agency.name).where(Agency.id == agency.id)) or agency.code
        due, warning = _due(reader, body.found_on)
    case_id = new_case_id()
    try:
        status = "triage" if routed.triage else "accepted"
        answer = {
            "id": case_id, "grade": graded.grade, "agency_code": agency.code, "agency_name": name,
            "due_on": due.isoformat() if due else None, "due_warning": warning,
            "status": status, "status_label": STATUS_LABELS[status],
            **{k: v for k, v in graded.to_dict().items() if k in ("rules", "flags", "suggestion")},
            "routing": reasons, "attachments": [],
        }  # fmt: skip
        now = datetime.now(UTC)

        def record() -> None:
            session = uow.session
            seen: set[str] = set()
            for filename, content_type, data in files:
                sm3 = write_bytes(files_dir(var_dir), data)
                answer["attachments"].append({"name": filename, "sm3": sm3, "size": len(data)})
                if sm3 not in seen:
                    seen.add(sm3)
                    session.add(EvidenceFile(
                        case_id=case_id, sm3=sm3, filename=filename, content_type=content_type,
                        size=len(data), uploaded_by=source.user_id, uploaded_at=now,
                    ))  # fmt: skip
            clue_row = IntakeClue(
                case_id=case_id, source_id=source.id, source_ref=body.source_ref,
                idempotency_key=idempotency_key, request_hash=digest, grade=graded.grade,
                agency_code=agency.code, status=status, due_on=due,
                detail=json.dumps(answer, ensure_ascii=False), received_at=now,
            )  # fmt: skip
            session.add(clue_row)
            session.info.setdefault(GRADE_WRITTEN, {})[case_id] = graded.grade  # read by the fact row
            # the URL as it stands now, not as the key check read it: share-locked on PostgreSQL, so a
            # concurrent change of the URL (and its catch-up) either waits for this clue or is seen here
            url = session.scalar(
                select(IntakeSource.callback_url)
                .where(IntakeSource.id == source.id)
                .with_for_update(read=True)
            )
            add_callback(
                session, clue_row, url, stream_of(case_id), "ClueRegistered", 1, status, today,
                receipt_data(answer),
            )  # fmt: skip

        clue = inp.RegisterClueIn(
            source=ClueSource.INSPECTION, discovered_on=body.found_on,
            summary=_summary(source, body, graded.grade), party=_party(body), agency_code=agency.code,
        )  # fmt: skip
        register_clue(uow, actor, clue, today, case_id=case_id, before_commit=record)
    except IntegrityError:  # the same clue sent twice at once: the other request's answer stands
        with uow:
            first = _first_answer(uow, source, idempotency_key, body.source_ref, digest)
        if first is None:
            raise
        return first, False
    return answer, True


def _status(stage: str, outcome: str, stored: str) -> str:
    if stage == Stage.CLUE:
        return stored
    if stage == Stage.NOT_FILED:
        return "declined"
    if stage == Stage.TRANSFERRED:
        return "transferred"
    if stage in (Stage.CLOSED, Stage.ARCHIVED, Stage.TERMINATED):
        return "closed"
    if stage in (Stage.DECIDED, Stage.EXECUTION, Stage.PENDING_CLOSE) or outcome:
        return "decided"
    return "filed"


def clue_status(uow: UnitOfWork, source: SourceKey, clue_id: str) -> dict[str, Any]:
    """What became of a clue, for the source that sent it (another source's clue is 'not found')."""
    with uow:
        found = uow.session.execute(
            select(IntakeClue, CaseRow)
            .join(CaseRow, CaseRow.id == IntakeClue.case_id)
            .where(IntakeClue.case_id == clue_id[:32], IntakeClue.source_id == source.id)
        ).first()
        if found is None:
            raise missing("线索", "intake_clue_not_found")
        clue, case = found
        answer = json.loads(clue.detail)
        status = _status(case.stage, case.outcome, clue.status)
        agency = uow.session.get(Agency, case.agency_id)
        answer.update({
            "status": status, "status_label": STATUS_LABELS[status], "stage": case.stage,
            "agency_code": agency.code if agency else answer["agency_code"],
            "agency_name": agency.name if agency else answer["agency_name"],
            "filing_docno": case.filing_docno or None, "filed_on": case.filed_on,
            "decision_docno": case.decision_docno or None, "decided_on": case.decided_on,
            "outcome": case.outcome or None,
            "outcome_label": Outcome(case.outcome).label if case.outcome else None,
            "fine": str(case.fine) if case.fine is not None and case.decided_on else None,
            "penalty_kinds": [k for k in case.penalty_kinds.split(",") if k] if case.decided_on else [],
            "declined": _declined(uow, case.stream_id) if status == "declined" else None,
        })  # fmt: skip
        return answer


def _declined(uow: UnitOfWork, stream_id: str) -> dict[str, str] | None:
    """The ground and reason of the 不予立案 decision, from the ledger."""
    last = None
    for record in ledger(uow.session).read(stream_id):
        if record.type == "FilingDeclined":
            last = record.payload
    if last is None:
        return None
    return {"ground": str(last["ground"]), "ground_label": DeclineGround(last["ground"]).label,
            "reason": str(last["reason"])}  # fmt: skip
