"""The case timeline as officers read it: each ledger record's fields in Chinese, values as words.

The record is decoded into its event class, so enums become their Chinese names, booleans 是/否, amounts
yuan, officers their names; internal keys (user ids, agency paths, hashes, catalog files) stay out of the
readable list and remain in the raw record shown one click further for auditors.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import Any

from zhifa.domain.archive_no import Retention
from zhifa.domain.serde import EVENT_TYPES, Event
from zhifa.domain.values import Officer
from zhifa.web.pages.labels import ENUM_LABELS, FIELD_LABELS

# Shown elsewhere on the entry (who, business date) or internal (paths, ids, hashes, file names of rules).
HIDDEN = frozenset(
    {"by", "on", "agency_path", "agency_code", "sm3", "pdf_sm3", "size", "file_sm3", "violation_type", "rule",
     "kind@DocumentIssued"}
)  # fmt: skip
TIMELINE_LABELS: dict[str, str] = {
    "collectors": "收集人", "handlers": "办案人员", "officers": "执法人员", "team": "随案移交人员",
    "presider": "听证主持人", "docno": "文号", "stated_on": "陈述申辩日期", "hearing_right": "告知听证权利",
    "item": "证据", "item.kind": "证据种类", "item.source": "来源", "item.title": "名称",
    "kind": "类别", "version": "版本", "supersedes": "替代的记录", "item_seq": "卷内文件序号",
    "old_title": "原名称", "new_title": "新名称", "old_source": "原来源", "new_source": "新来源",
    "participants": "参加人员", "type_score": "类型得分", "court": "受理法院", "title": "名称",
    "applied_on": "申请日期", "guard.reason": "理由", "guard.mitigation": "法定减轻处罚情节",
    "guard.statutory_low": "法定最低罚款", "guard.statutory_high": "法定最高罚款",
    "principal": "尚欠罚没款", "pay_by": "催告履行期限", "source_seq": "所依据的记录序号",
    "archive_no": "归档号",
}  # fmt: skip
# (event type, field) → label where the same field name means something else.
EVENT_LABELS: dict[tuple[str, str], str] = {
    ("StatementRecorded", "summary"): "陈述申辩要点",
    ("StatementRecorded", "kind"): "类别",
    ("ReviewSigned", "kind"): "审核类型",
    ("ClockPaused", "kind"): "期间类型",
    ("ClockResumed", "kind"): "期间类型",
    ("DecisionIssued", "outcome"): "决定类型",
    ("HearingHeld", "outcome"): "听证意见",
    ("ClueRegistered", "source"): "线索来源",
    ("CorrectionRecorded", "field"): "更正项目",
    ("AddressConfirmed", "recipient"): "受送达人",
    ("AddressConfirmed", "address"): "送达地址",
    ("CorrectionOrdered", "deadline"): "改正期限",
    ("PaymentReminded", "late_fee"): "加处罚款",
    ("CaseArchived", "volume"): "档案盒号",
    ("CaseArchived", "retention"): "保管期限",
    ("HearingRecorded", "record"): "听证情况及各方意见",
    ("InquiryRecorded", "record"): "询问内容（问答）",
    ("InquiryRecorded", "id_number"): "被询问人身份证件号码",
    ("InquiryRecorded", "gender"): "被询问人性别",
    ("InquiryRecorded", "work_unit"): "被询问人工作单位及职务",
    ("InquiryRecorded", "address"): "被询问人住址",
    ("InquiryRecorded", "phone"): "被询问人联系电话",
}
YES_NO = ("是", "否")
RETENTION_LABELS = {r.value: r.label for r in Retention}


def label_of(event_type: str, path: str) -> str | None:
    """The Chinese label of a field (dotted path inside the record), None when it has none."""
    name = path.rpartition(".")[2]
    return (
        EVENT_LABELS.get((event_type, path))
        or TIMELINE_LABELS.get(path)
        or TIMELINE_LABELS.get(name)
        or FIELD_LABELS.get(name)
    )


def _enum_text(value: Enum) -> str:
    label = getattr(value, "label", None)
    if isinstance(label, str):
        return label
    return ENUM_LABELS.get(type(value).__name__, {}).get(str(value.value), str(value.value))


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f} 元"


@lru_cache(maxsize=16)
def profile_name(code: str) -> str:
    """湖北省 for the profile recorded as "42" or "hubei" (the code itself when no profile knows it)."""
    from zhifa.rules.profiles import load_profiles

    for key, profile in load_profiles().items():
        if code in (key, profile.code):
            return profile.name
    return code


def value_text(value: Any, people: Mapping[int, str]) -> str | None:
    """A value as words (None when there is nothing worth a row: empty, zero amounts)."""
    if value is None or value == "" or (isinstance(value, Decimal) and value == 0):
        return None
    if isinstance(value, bool):
        return YES_NO[0] if value else YES_NO[1]
    if isinstance(value, Enum):
        return _enum_text(value)
    if isinstance(value, Decimal):
        return _yuan(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Officer):
        return f"{value.name}（{value.credential_no}）" if value.credential_no else value.name
    if isinstance(value, tuple | frozenset | list):
        parts = [
            value_text(v, people) for v in (sorted(value, key=str) if isinstance(value, frozenset) else value)
        ]
        kept = [p for p in parts if p]
        return "、".join(kept) if kept else None
    return str(value)


def _rows(
    event_type: str, obj: Any, people: Mapping[int, str], prefix: str, lead: str
) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    for f in dataclasses.fields(obj):
        path = prefix + f.name
        if f.name in HIDDEN or f"{f.name}@{event_type}" in HIDDEN:
            continue
        value = getattr(obj, f.name)
        label = label_of(event_type, path)
        if label is None:
            continue  # no Chinese name: only in the raw record
        label = f"{lead}·{label}" if lead else label
        if dataclasses.is_dataclass(value) and not isinstance(value, Officer | type):
            rows += _rows(event_type, value, people, path + ".", label)
            continue
        if f.name == "collectors":
            text = "、".join(people.get(uid, "（已调离人员）") for uid in value) or None
        elif f.name == "supersedes":
            text = f"第 {value} 条" if value else None
        elif f.name == "retention" and value in RETENTION_LABELS:
            text = RETENTION_LABELS[value]
        elif f.name == "profile":
            text = profile_name(str(value)) if value else None
        elif f.name == "version":
            text = f"第 {value} 版"
        elif f.name == "schedule":
            text = "；".join(f"{d.isoformat()} {_yuan(a)}" for d, a in value) or None
        else:
            text = value_text(value, people)
        if text:
            rows.append((path, label.replace("（元）", ""), text))
    return rows


def decoded(event_type: str, payload: Mapping[str, Any]) -> Event | None:
    """The ledger record as its event; None when it cannot be read as one (an old or foreign record)."""
    cls = EVENT_TYPES.get(event_type)
    if cls is None:
        return None
    try:
        return cls.from_payload(dict(payload))
    except Exception:  # the raw view still shows it
        return None


def event_fields(
    event_type: str, payload: Mapping[str, Any], people: Mapping[int, str]
) -> list[tuple[str, str, str]]:
    """(payload path, Chinese label, words) rows of one ledger record; [] when it cannot be read."""
    event = decoded(event_type, payload)
    return [] if event is None else _rows(event_type, event, people, "", "")


def event_rows(
    event_type: str, payload: Mapping[str, Any], people: Mapping[int, str]
) -> list[tuple[str, str]]:
    """(Chinese label, words) rows of one ledger record; [] when the record cannot be read as its event."""
    return [(label, text) for _, label, text in event_fields(event_type, payload, people)]


def raw_json(payload: Mapping[str, Any]) -> str:
    """The record's payload as stored, for auditors."""
    return json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True, default=str)
