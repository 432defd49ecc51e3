"""Case use cases: register a clue, issue a summary penalty, run any action on a case.

Every write follows one path (`_execute`): replay the case from the ledger, `decide`, allocate the 文号
the document needs (inside the same transaction, so a refusal or a rollback gives the number back), append
the events to the ledger with `expected_seq` (a concurrent writer gets Conflict → HTTP 409), update the
projection rows, commit. Sign-offs (events with `signed = True`) are SM2-signed with the actor's key.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from zhifa.domain import commands as cmd
from zhifa.domain import records as rc
from zhifa.domain import remedies as rm
from zhifa.domain.actors import Actor
from zhifa.domain.case import decide
from zhifa.domain.flow_execution import archive_retention, archive_year
from zhifa.domain.grounds import Outcome
from zhifa.domain.state import Case
from zhifa.domain.values import sm3_hex
from zhifa.errors import Conflict, ValidationFailed
from zhifa.identity.agencies import AgencyKey, agency_key
from zhifa.identity.scope import ensure_can_write, missing
from zhifa.integrations.callbacks import enqueue_case_callbacks
from zhifa.ledger import NewEvent
from zhifa.services import case_inputs as inp
from zhifa.services.calendar import load_calendar
from zhifa.services.case_actions import build_command, officer_resolver, parse_input, to_command
from zhifa.services.case_store import ledger, load_case, new_case_id, project, stream_of, visible_row
from zhifa.services.case_views import CaseView
from zhifa.services.docnos import allocate_archive_no, allocate_docno
from zhifa.services.evidence import Upload, attach_and_check, ensure_case_handler, store_uploads
from zhifa.services.outbox import enqueue_case_events
from zhifa.services.signature_png import check_signature_png, decode_data
from zhifa.services.signoff import with_flags
from zhifa.stats.projection import record_case
from zhifa.store.case_repo import CaseRecord
from zhifa.store.uow import UnitOfWork
from zhifa.timefmt import BEIJING, beijing_today

CHINA = BEIJING  # the one zone of the pages, documents and CLI (zhifa.timefmt)
InputT = TypeVar("InputT", bound=inp.Input)


def china_today() -> date:
    """Today's date in China (the date every legal period counts from)."""
    return beijing_today()


# Commands whose document takes a 文号 of a fixed type code (domain.docno.DOCUMENT_TYPES).
NUMBERED_COMMANDS: dict[type[cmd.Command], str] = {
    cmd.PreserveEvidence: "先保",
    rm.ImposeSeizure: "强制",
    rm.ExtendSeizure: "延强",
    rm.LiftSeizure: "解强",
    rc.OrderCorrection: "责改",
    rc.ScheduleHearing: "听通",
    rc.RemindPayment: "催告",
}


def doc_type_for(command: cmd.Command) -> str | None:
    """The 文号 type code the command's document takes, or None (程序规定 文书格式范本)."""
    if isinstance(command, cmd.FileCase):
        return "立"
    if isinstance(command, cmd.IssueNotice):
        return "罚告"
    if isinstance(command, cmd.IssueSummaryPenalty):
        return "当罚"
    if type(command) in NUMBERED_COMMANDS:
        return NUMBERED_COMMANDS[type(command)]
    if isinstance(command, cmd.IssueDecision):
        return {
            Outcome.PENALTY: "处罚",
            Outcome.NO_PENALTY: "不罚",
            Outcome.NOT_ESTABLISHED: "不罚",
            Outcome.TRANSFER_AGENCY: "移",
            Outcome.TRANSFER_JUDICIARY: "刑移",
        }[command.outcome]
    return None


def _execute(
    uow: UnitOfWork,
    actor: Actor,
    row: CaseRecord,
    case: Case,
    command: cmd.Command,
    today: date,
    before_commit: Callable[[], None] | None = None,
    then: Sequence[cmd.Command] = (),
) -> CaseView:
    """decide → 文号 → ledger append → projection → outbox rows → `before_commit` → one commit.
    `then`: commands without a 文号 decided after `command`, on the state it leaves, in the same append."""
    session = uow.session
    calendar = load_calendar(uow)
    if getattr(command, "docno", "") != "":
        raise ValidationFailed(
            "文号由系统按机构、文书类型和年度统一编号，不能自行填写", code="docno_not_allowed"
        )
    events = decide(case, command, actor, today, calendar=calendar)
    doc_type = doc_type_for(command)
    allocated = None
    store = ledger(session)
    handlers_before = frozenset(case.handler_ids)
    new_case = not row.stored  # the case's first write: no fact or handler rows to read back
    numbered = doc_type is not None or isinstance(command, cmd.ArchiveCase)
    if numbered:
        # The 文号 counter row stays locked until commit (that is what makes numbers gapless), so
        # everything that does not depend on the number is written first: projection rows, signing key.
        preview = copy.deepcopy(case)
        for event in events:
            preview.apply(event)
        project(session, row, preview, events, handlers_before=handlers_before)
        if any(e.signed for e in events) and store.signer is not None:
            store.signer.ensure_user_key(actor.user_id)
        agency_code = case.agency_code or getattr(command, "agency_code", "")
        if isinstance(command, cmd.ArchiveCase):
            retention = archive_retention(case, command.retention)
            number = allocate_archive_no(
                uow, agency_code, archive_year(case, today), retention, subject=row.stream_id
            )
            command = dataclasses.replace(command, retention=retention, archive_no=str(number))
        else:
            assert doc_type is not None
            allocated = allocate_docno(uow, agency_code, doc_type, today.year, subject=row.stream_id)
            command = dataclasses.replace(command, docno=str(allocated))  # type: ignore[call-arg]
        events = decide(case, command, actor, today, calendar=calendar)
    if then:
        if numbered or any(doc_type_for(c) is not None for c in then):
            raise TypeError("commands with a 文号 are run one at a time")
        after = copy.deepcopy(case)
        for event in events:
            after.apply(event)
        for step in then:
            more = decide(after, with_flags(session, after, step), actor, today, calendar=calendar)
            for event in more:
                after.apply(event)
            events = [*events, *more]
    new = [NewEvent.by_user(actor.user_id, e.type, e.to_payload(), sign=e.signed) for e in events]
    with session.no_autoflush:  # the row's changes go out in one statement, at the end of `project`
        records = store.append(row.stream_id, new, expected_seq=case.version)
        for event in events:
            case.apply(event)
        project(session, row, case, events, sync_handlers=not numbered, handlers_before=handlers_before)
        enqueue_case_events(session, row, case, events, records, today, calendar)
        enqueue_case_callbacks(session, row, events, records, today)
    if before_commit is not None:
        before_commit()
    record_case(session, row.id, case, events, calendar, new=new_case)  # statistics facts (zhifa.stats)
    uow.commit()
    return CaseView.of(row, appended=records, docno=str(allocated) if allocated else None)


def _parse(model: type[InputT], data: Mapping[str, Any]) -> InputT:
    parsed = parse_input(model, data)
    assert isinstance(parsed, model)
    return parsed


def _new_row(actor: Actor, agency: AgencyKey, case_id: str | None) -> CaseRecord:
    """The row of a new case (inserted by its first write)."""
    now = datetime.now(UTC)
    case_id = case_id or new_case_id()
    return CaseRecord(
        id=case_id, stream_id=stream_of(case_id), agency_id=agency.id, agency_path=agency.path, stage="clue",
        procedure="ordinary", title="", summary="", violation="", party_kind="", party_name="", party_code="",
        act_date=None, discovered_on=None, filed_on=None, decided_on=None, outcome="", fine=None,
        penalty_kinds="", filing_docno="", notice_docno="", decision_docno="", last_seq=0, last_on=None,
        created_by=actor.user_id, created_at=now, updated_at=now, stored=False,
    )  # fmt: skip


def _target_agency(uow: UnitOfWork, actor: Actor, code: str | None) -> AgencyKey:
    agency = agency_key(uow.session, code or actor.agency_code)
    if agency is None or not actor.covers(agency.path):
        raise missing("机构", "agency_not_found")
    return agency


def register_clue(
    uow: UnitOfWork,
    actor: Actor,
    data: Mapping[str, Any] | inp.RegisterClueIn,
    today: date | None = None,
    *,
    case_id: str | None = None,
    before_commit: Callable[[], None] | None = None,
) -> CaseView:
    """登记案件线索: a new case stream in the actor's agency (or a subordinate one).

    `before_commit` writes what belongs with the clue (an intake record) in the same transaction.
    """
    body = data if isinstance(data, inp.RegisterClueIn) else _parse(inp.RegisterClueIn, data)
    ensure_can_write(actor)
    with uow:
        agency = _target_agency(uow, actor, body.agency_code)
        command = to_command(
            cmd.RegisterClue, body, officer_resolver(uow.session, actor),
            agency_path=agency.path, agency_code=agency.code,
        )  # fmt: skip
        row = _new_row(actor, agency, case_id)
        return _execute(uow, actor, row, Case(), command, today or china_today(), before_commit)


def issue_summary_penalty(
    uow: UnitOfWork,
    actor: Actor,
    data: Mapping[str, Any] | inp.SummaryPenaltyIn,
    today: date | None = None,
    *,
    case_id: str | None = None,
    var_dir: Path | None = None,
) -> CaseView:
    """当场行政处罚 (简易程序): a new case that starts with the on-the-spot decision.

    The party's signature (a canvas PNG) is checked, kept as an evidence file of the new case and its SM3
    goes into the decision event, which the officer signs (SM2) — all in the decision's transaction.
    """
    body = data if isinstance(data, inp.SummaryPenaltyIn) else _parse(inp.SummaryPenaltyIn, data)
    ensure_can_write(actor)
    signature = decode_data(body.party_signature_png) if body.party_signature_png else b""
    if signature:
        check_signature_png(signature)
    with uow:
        agency = _target_agency(uow, actor, body.agency_code)
        command = to_command(
            cmd.IssueSummaryPenalty, body, officer_resolver(uow.session, actor),
            agency_path=agency.path, agency_code=agency.code,
            party_signature_sm3=sm3_hex(signature) if signature else "",
        )  # fmt: skip
        row = _new_row(actor, agency, case_id)

        def keep_signature() -> None:
            upload = Upload("当事人签名.png", "image/png", signature)
            store_uploads(uow.session, actor, row, [upload], var_dir)

        hook = keep_signature if signature else None
        return _execute(uow, actor, row, Case(), command, today or china_today(), hook)


def run_command(
    uow: UnitOfWork,
    actor: Actor,
    case_id: str,
    command: cmd.Command,
    today: date | None = None,
    before_commit: Callable[[], None] | None = None,
) -> CaseView:
    """Run one domain command on an existing case (scope first: outsiders get the same 404 as for no case);
    `before_commit` writes what belongs with it in the same transaction."""
    with uow:
        row = visible_row(uow.session, actor, case_id)
        ensure_can_write(actor)
        case, _ = load_case(uow.session, row)
        command = with_flags(uow.session, case, command)
        return _execute(uow, actor, row, case, command, today or china_today(), before_commit)


def run_action(
    uow: UnitOfWork,
    actor: Actor,
    case_id: str,
    action: str,
    data: Mapping[str, Any] | BaseModel | None,
    today: date | None = None,
    *,
    uploads: Sequence[Upload] = (),
    var_dir: Path | None = None,
    computed_suggestion: bool = False,
    expected_version: int | None = None,
) -> CaseView:
    """Validate the JSON body of `action` and run it; `uploads` (add-evidence only) are attached files.
    An assistant suggestion is recorded only when the caller computed it on the server
    (`computed_suggestion`): a snapshot typed in by a client would be recorded as the system's advice."""
    with uow:
        row = visible_row(uow.session, actor, case_id)
        ensure_can_write(actor)
        check_version(row, expected_version)
        command = _command(uow, actor, row, action, data, uploads, var_dir, computed_suggestion)
        case, _ = load_case(uow.session, row)
        command = with_flags(uow.session, case, command)  # the guard's flags, computed here (M10)
        return _execute(uow, actor, row, case, command, today or china_today())


Step = tuple[str, Mapping[str, Any] | BaseModel, Sequence[Upload]]  # action, body, files (add-evidence)


def run_actions(
    uow: UnitOfWork,
    actor: Actor,
    case_id: str,
    steps: Sequence[Step],
    today: date | None = None,
    *,
    var_dir: Path | None = None,
    expected_version: int | None = None,
) -> CaseView:
    """Several actions without a 文号 as one write: each decided on the state the previous ones leave,
    all appended together or none (a record made on site with its photos)."""
    with uow:
        row = visible_row(uow.session, actor, case_id)
        ensure_can_write(actor)
        check_version(row, expected_version)
        commands = [_command(uow, actor, row, a, data, files, var_dir, False) for a, data, files in steps]
        case, _ = load_case(uow.session, row)
        first = with_flags(uow.session, case, commands[0])
        return _execute(uow, actor, row, case, first, today or china_today(), then=commands[1:])


def _command(
    uow: UnitOfWork,
    actor: Actor,
    row: CaseRecord,
    action: str,
    data: Mapping[str, Any] | BaseModel | None,
    uploads: Sequence[Upload],
    var_dir: Path | None,
    computed_suggestion: bool,
) -> cmd.Command:
    """The command of an action's body; the files of add-evidence stored (SM3) and attached."""
    command = build_command(uow.session, actor, action, data)
    if isinstance(command, cmd.SubmitReport) and command.suggestion is not None and not computed_suggestion:
        raise ValidationFailed(
            "智能助手的裁量建议只能由系统计算后记录：请在案件页的智能助手面板提交，或提交时不带 suggestion",
            code="suggestion_not_computed",
        )
    if uploads and not isinstance(command, cmd.AddEvidence):
        raise ValidationFailed("只有“收集证据”可以附带上传文件", code="upload_not_allowed")
    if isinstance(command, cmd.AddEvidence):  # (`decide` checks the handler too; files go first)
        if uploads:
            ensure_case_handler(uow.session, actor, row)
        digests = store_uploads(uow.session, actor, row, uploads, var_dir) if uploads else []
        command = attach_and_check(uow.session, row, command, digests)
    return command


def check_version(row: CaseRecord, expected: int | None) -> None:
    """409 `case_changed` when the case moved past the version a draft was written against (If-Match)."""
    if expected is not None and row.last_seq != expected:
        raise Conflict(
            f"案件在您填写之后已有新的办理记录（草稿依据第 {expected} 条记录，现为第 {row.last_seq} 条）："
            "请先查看案件的最新情况，再决定按最新情况重新提交或放弃草稿",
            code="case_changed",
            details={"expected_version": expected, "current_version": row.last_seq, "stage": row.stage},
        )


def check_visible(uow: UnitOfWork, actor: Actor, case_id: str) -> None:
    """Scope alone (404 outside the subtree), before a read's body is validated."""
    with uow:
        visible_row(uow.session, actor, case_id)


def check_upload(uow: UnitOfWork, actor: Actor, case_id: str, *, handler: bool = True) -> None:
    """Scope, role (and with `handler` the case relation) for an upload, before its body is read."""
    with uow:
        row = visible_row(uow.session, actor, case_id)
        ensure_can_write(actor)
        if handler:
            ensure_case_handler(uow.session, actor, row)


def upload_files(
    uow: UnitOfWork, actor: Actor, case_id: str, uploads: Sequence[Upload], var_dir: Path | None = None
) -> list[dict[str, Any]]:
    """Upload evidence files to a case before registering the evidence (本案办案人员)."""
    if not uploads:
        raise ValidationFailed("没有上传任何文件", code="no_files")
    with uow:
        row = visible_row(uow.session, actor, case_id)
        ensure_can_write(actor)
        ensure_case_handler(uow.session, actor, row)
        digests = store_uploads(uow.session, actor, row, uploads, var_dir)
        uow.commit()
    return [
        {"sm3": d, "filename": u.filename, "size": len(u.data)} for d, u in zip(digests, uploads, strict=True)
    ]


def events_added(view: CaseView) -> list[str]:
    """Types of the events a write appended (for messages)."""
    return [a["type"] for a in view.appended]


__all__ = [
    "CaseView",
    "check_upload",
    "china_today",
    "doc_type_for",
    "events_added",
    "issue_summary_penalty",
    "register_clue",
    "run_action",
    "run_actions",
    "run_command",
]
