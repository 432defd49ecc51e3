"""What a 更正记录 changes: the record it corrects, read as corrected (DESIGN §2: nothing is rewritten).

A correction names the record (`corrects_seq`) and one of its fields by payload path (`path`, e.g.
`party.name`, `facts`; records made before `path` existed name it in `field` when they name it by path).
When that field is text the officers wrote — not a date, an amount, a choice, a person, or a value the
system allocated (文号, agency, hashes) — and it still reads `old`, the record reads `new` from then on.
The case state, the `cases` row, documents and the oversight and statistics facts all read the records
as corrected; the ledger keeps the original and the correction (who, when, why). A correction that does
not fit its record stays a note beside it.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any

from zhifa.domain import events as ev
from zhifa.domain.values import Officer
from zhifa.errors import ZhifaError

# values the system allocates or computes: never changed by a correction (a 文号 is corrected by a new one)
SYSTEM_FIELDS = frozenset(
    {"docno", "agency_path", "agency_code", "sm3", "pdf_sm3", "file_sm3", "party_signature_sm3",
     "violation_type", "rule", "archive_no", "key_id"}
)  # fmt: skip


def path_of(correction: ev.CorrectionRecorded) -> str:
    """The payload path a correction names (`path`, else `field` as recorded before paths had a field)."""
    return (correction.path or correction.field).strip()


def text_at(record: ev.Event, path: str) -> str | None:
    """The text of the field at a dotted path of a record, when a correction may change it; else None."""
    names = path.strip().split(".")
    if not path.strip() or isinstance(record, ev.CorrectionRecorded) or names[-1] in SYSTEM_FIELDS:
        return None
    node: Any = record
    for name in names:
        if not dataclasses.is_dataclass(node) or isinstance(node, type | Officer):
            return None  # an officer is named from the user account, not typed
        if name not in {f.name for f in dataclasses.fields(node)}:
            return None
        node = getattr(node, name)
    return node if isinstance(node, str) and not isinstance(node, Enum) else None


def _set(payload: dict[str, Any], names: list[str], new: str) -> None:
    node = payload
    for name in names[:-1]:
        node = node[name]
    node[names[-1]] = new


def corrected(record: ev.Event, correction: ev.CorrectionRecorded) -> ev.Event | None:
    """The record as the correction makes it; None when the correction does not fit (a note only): the
    path names no correctable text, the text no longer reads `old`, or `new` is not valid there (an
    identifier with a bad check character …)."""
    path = path_of(correction)
    if text_at(record, path) != correction.old:
        return None
    payload = record.to_payload()
    _set(payload, path.split("."), correction.new)
    try:
        return type(record).from_payload(payload)
    except (ZhifaError, ValueError, TypeError, KeyError):
        return None
