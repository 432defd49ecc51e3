"""Cross-check of the `cases` projection rows against their replayed ledger streams (used by verify).

The rows are what lists and scope checks read (agency_path decides who may see a case), so a row edited
in the database — a lowered fine, a case moved to another agency's subtree — must not pass verification.
Fed the records of `verify_all` in (stream_id, seq) order; one stream's records are held at a time.
Codes: case_stream_missing (a row without a stream), case_row_missing (a case stream without a row),
case_replay_failed (the stream does not replay), case_field_mismatch (Problem.column names the field).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhifa.domain.serde import event_from_record
from zhifa.domain.state import Case
from zhifa.ledger import Record
from zhifa.ledger.verify import Problem
from zhifa.services.case_store import BLANK_SUMMARY, STREAM_PREFIX, summary_values
from zhifa.store.case_repo import COLUMNS, CaseRecord
from zhifa.store.models.cases import CaseHandler
from zhifa.store.models.identity import Agency

_CASE_STREAM = re.compile(re.escape(STREAM_PREFIX) + r"[0-9a-f]{32}")


def is_case_stream(stream_id: str) -> bool:
    """True for the stream of a case (`case-` + the case's uuid hex, zhifa.services.case_store)."""
    return _CASE_STREAM.fullmatch(stream_id) is not None


class ProjectionCheck:
    """Compares every `cases` row with the replay of its stream; collects Problems."""

    def __init__(self, session: Session, stream_id: str | None = None) -> None:
        query = select(*COLUMNS)
        if stream_id is not None:
            query = query.where(COLUMNS[1] == stream_id)
        self.rows = {r.stream_id: r for r in map(CaseRecord.of, session.execute(query))}
        self.agency_codes = {row[0]: row[1] for row in session.execute(select(Agency.id, Agency.code))}
        self.handlers: dict[str, set[int]] = defaultdict(set)
        for case_id, user_id in session.execute(select(CaseHandler.case_id, CaseHandler.user_id)):
            self.handlers[case_id].add(user_id)
        self.problems: list[Problem] = []
        self._seen: set[str] = set()
        self._stream: str | None = None
        self._records: list[Record] = []

    def feed(self, record: Record) -> None:
        """Take the next record (ordered by stream_id, seq)."""
        if record.stream_id != self._stream:
            self._close()
            self._stream, self._records = record.stream_id, []
        if is_case_stream(record.stream_id):
            self._records.append(record)

    def finish(self) -> list[Problem]:
        """Check the last stream and the rows whose stream never came; the problems found."""
        self._close()
        for stream_id in sorted(set(self.rows) - self._seen):
            self._bad(
                stream_id, 0, "case_stream_missing", "案件记录存在，但账本中没有它的账本流（账本流被删除）"
            )
        return self.problems

    def _bad(self, stream_id: str, seq: int, code: str, message: str, column: str = "") -> None:
        self.problems.append(Problem(stream_id, seq, code, message, column))

    def _close(self) -> None:
        stream, records = self._stream, self._records
        self._stream, self._records = None, []
        if stream is None or not records:
            return
        self._seen.add(stream)
        row = self.rows.get(stream)
        if row is None:
            self._bad(stream, 0, "case_row_missing", "账本中有此案件的账本流，但案件表中没有对应的案件记录")
            return
        try:
            events = [event_from_record(r.type, r.schema_version, r.payload) for r in records]
            case = Case.replay(events)
            expected = summary_values(BLANK_SUMMARY, case, case.corrected_events)
        except Exception as exc:  # a stream that no longer replays is itself the finding
            self._bad(stream, records[-1].seq, "case_replay_failed", f"账本流无法重放为案件：{exc}")
            return
        self._compare(row, case, expected)

    def _compare(self, row: CaseRecord, case: Case, expected: dict[str, Any]) -> None:
        for column, value in expected.items():
            actual = getattr(row, column)
            if actual != value and not (column == "agency_path" and not case.agency_path):
                self._mismatch(row.stream_id, column, actual, value)
                return
        if case.agency_code and self.agency_codes.get(row.agency_id) != case.agency_code:
            self._mismatch(row.stream_id, "agency_id", self.agency_codes.get(row.agency_id), case.agency_code)
            return
        handlers = self.handlers.get(row.id, set())
        if handlers != set(case.handler_ids):
            self._mismatch(row.stream_id, "handlers", sorted(handlers), sorted(case.handler_ids))

    def _mismatch(self, stream_id: str, column: str, actual: object, expected: object) -> None:
        self._bad(
            stream_id, 0, "case_field_mismatch",
            f"案件表字段 {column} 与账本重放结果不符（案件表为 {actual!r}，账本为 {expected!r}）", column,
        )  # fmt: skip
