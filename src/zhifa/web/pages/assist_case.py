"""The assistant on a case: which facts it reads, what it is given, and how its answer becomes the
suggestion snapshot and the pre-filled 调查终结报告 (accept or depart with a reason)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from zhifa.domain.actors import Actor, Role
from zhifa.domain.events import event_from_record
from zhifa.domain.registry import person_facts
from zhifa.errors import ZhifaError
from zhifa.services.evidence import readable_files

AMOUNT_FIELDS = {
    "goods_value": "货值金额",
    "illegal_income": "违法所得",
    "sales": "销售额",
    "ad_fee": "广告费用",
}
PARAM_KEYS = (*AMOUNT_FIELDS, "party_type", "act_date", "type")
ASSIST_ROLES = frozenset({Role.HANDLER, Role.REVIEWER, Role.HEAD})
MAX_RECORD_CHARS = 4000
RECORD_MARK = "笔录内容："
PARTY_TYPE_LABELS = {
    "person": "自然人",
    "individual_business": "个体工商户",
    "organization": "法人或其他组织",
}
# Catalog penalty kinds → the proposal's PenaltyKind values (责令改正 is not a penalty).
KIND_VALUES = {
    "警告": "warning", "通报批评": "criticism", "罚款": "fine", "没收违法所得": "confiscate_income",
    "没收非法财物": "confiscate_property",
}  # fmt: skip


# Chinese names of the assistant's trail steps and their keys (the JSON keeps the English ones).
TRAIL_LABELS = {
    "extraction": "事实提取", "classification": "违法行为类型判断", "provisions": "条款",
    "discretion": "裁量基准", "precedents": "相似判例", "expected_fine": "类案参考罚款", "top": "前三类型",
    "trained_on": "训练文书数",
    "resolved": "已解析条文", "total": "条文总数", "count": "判例数", "method": "方法",
    "act_date": "违法行为日", "decision_date": "决定日", "party_type": "当事人类型代码",
    "party_type_name": "当事人类型", "severity": "情节", "amounts": "金额", "reduce": "减轻处罚",
    "profile": "地区代码", "profile_name": "地区", "precedent_mode": "相似判例罚款众数", "engine": "裁量基准",
}  # fmt: skip


def may_assist(actor: Actor) -> bool:
    """Handlers, reviewers and heads use the assistant on the cases they may see."""
    return bool(actor.roles & ASSIST_ROLES)


@dataclass
class AssistParams:
    """What the handler gives beside the facts (all optional, as typed in the panel)."""

    values: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, source: Mapping[str, Any], prefix: str = "") -> AssistParams:
        """Read the known keys (strings, trimmed) from query or form data."""
        out = {}
        for key in PARAM_KEYS:
            value = source.get(prefix + key)
            if isinstance(value, str) and value.strip():
                out[key] = value.strip()[:80]
        return cls(out)

    def fields(self, case: Mapping[str, Any], party: Mapping[str, Any] | None) -> dict[str, Any]:
        """The assistant's structured input: typed values first, else what the case records."""
        out: dict[str, Any] = {k: v for k, v in self.values.items() if k in AMOUNT_FIELDS}
        act_date = self.values.get("act_date") or case.get("act_date")
        if act_date:
            out["act_date"] = act_date
        party_type = self.values.get("party_type") or (party or {}).get("kind")
        if party_type:
            out["party_type"] = party_type
        if self.values.get("type"):
            out["violation_type"] = self.values["type"]
        minor = age_factors_of(party, act_date)
        if minor:
            out["factors"] = minor
        return out


def age_factors_of(party: Mapping[str, Any] | None, act_date: Any) -> list[str]:
    """A natural person's age at the act, from the ID number, as the engine's factors (行政处罚法第三十条)."""
    number = (party or {}).get("id_number")
    if not number or (party or {}).get("id_kind") not in (None, "resident_id") or not act_date:
        return []
    try:
        return list(person_facts(str(number), date.fromisoformat(str(act_date))).factors)
    except (ValueError, ZhifaError):
        return []


def _record_text(data: bytes) -> str:
    text = data.decode("utf-8", errors="replace")
    if RECORD_MARK in text:
        text = text.split(RECORD_MARK, 1)[1]
    return text.strip()[:MAX_RECORD_CHARS]


def case_facts(uow: Any, actor: Actor, detail: Mapping[str, Any], var_dir: Path) -> tuple[str, list[str]]:
    """The facts the assistant reads and where they come from: the report's facts once reported, else the
    案由, the clue summary and the text of the on-site records (现场笔录) kept as evidence files."""
    case = detail["case"]
    report = detail["state"].get("report")
    if report and report.get("facts"):
        return str(report["facts"]), ["调查终结报告认定的事实"]
    parts, sources = [], []
    if case.get("violation"):
        parts.append(f"案由：{case['violation']}。")
        sources.append("案由")
    if case.get("summary"):
        parts.append(str(case["summary"]))
        sources.append("线索简要案情")
    records = [
        f["sm3"]
        for e in detail["evidence"]
        if e["kind"] == "record"
        for f in e["files"]
        if str(f.get("content_type", "")).startswith("text/")
    ]
    if records:
        parts += [_record_text(data) for data in readable_files(uow, actor, case["id"], records[:5], var_dir)]
        sources.append(f"现场笔录 {min(len(records), 5)} 份")
    return "\n".join(p for p in parts if p), sources


def adherence_of(payload: Mapping[str, Any]) -> dict[str, str] | None:
    """Adherence (value, label) of a recorded 调查终结报告 payload; None without a suggestion."""
    if not payload.get("suggestion"):
        return None
    try:
        event = event_from_record("InvestigationReported", 1, dict(payload))
    except (ZhifaError, KeyError, TypeError, ValueError):
        return None
    verdict = getattr(event, "adherence", None)
    return {"value": verdict.value, "label": verdict.label} if verdict is not None else None


def _trail_step(result: Mapping[str, Any], step: str) -> dict[str, Any]:
    return next((t for t in result.get("trail", []) if t.get("step") == step), {})


def rule_of(result: Mapping[str, Any]) -> tuple[str, str]:
    """(catalog rule “file@valid_from”, profile code) the discretion engine applied."""
    trail = _trail_step(result, "discretion").get("trail") or {}
    entry, version = trail.get("entry") or {}, trail.get("version") or {}
    rule = str(entry.get("file") or entry.get("id") or "")
    if rule and version.get("valid_from"):
        rule += f"@{version['valid_from']}"
    return rule, str((trail.get("parameters") or {}).get("profile") or "")


def _pair(values: Any) -> tuple[str | None, str | None]:
    if isinstance(values, list | tuple) and len(values) == 2:
        return values[0], values[1]
    return None, None


def snapshot(result: Mapping[str, Any]) -> dict[str, Any] | None:
    """The SuggestionIn body recorded with the report (None when the assistant named no type)."""
    types = result.get("violation_types") or []
    if not types:
        return None
    top, penalty = types[0], result.get("penalty") or {}
    low, high = _pair(penalty.get("suggested_range"))
    stat_low, stat_high = _pair(penalty.get("statutory_range"))
    rule, profile = rule_of(result)
    return {
        "violation_type": top["id"], "violation_name": top.get("name") or "",
        "type_score": f"{float(top.get('score') or 0):.2f}", "tier": penalty.get("tier") or "",
        "suggested_fine": penalty.get("suggested_fine"), "range_low": low, "range_high": high,
        "statutory_low": stat_low, "statutory_high": stat_high, "rule": rule, "profile": profile,
    }  # fmt: skip


def fingerprint(snap: Mapping[str, Any] | None) -> str:
    """A short digest of the suggestion shown, to notice when a resubmission would record another one."""
    if snap is None:
        return ""
    text = "|".join(str(snap.get(k) or "") for k in ("violation_type", "tier", "suggested_fine", "range_low",
                                                     "range_high", "rule"))  # fmt: skip
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _yuan(value: Any) -> str:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return f"{amount:,.2f}"


def discretion_text(result: Mapping[str, Any]) -> str:
    """A draft of the 自由裁量的理由 from the suggestion: benchmark, tier and range, circumstances."""
    penalty = result.get("penalty") or {}
    rule_doc = (_trail_step(result, "discretion").get("trail") or {}).get("tier_rule") or {}
    parts = []
    if penalty.get("tier"):
        low, high = _pair(penalty.get("suggested_range"))
        span = f"（{_yuan(low or 0)}元至{_yuan(high)}元）" if high else ""
        source = rule_doc.get("document") or "裁量基准"
        parts.append(f"依据{source}，本案适用“{penalty['tier']}”阶次{span}")
    factors = [f"{f['name']}（{f['effect']}）" for f in penalty.get("factors") or []]
    parts.append("考虑的情节：" + "、".join(factors) if factors else "未发现法定从轻、从重情节")
    return "；".join(parts) + "。"


def report_values(result: Mapping[str, Any], facts: str, amounts: Mapping[str, Any]) -> dict[str, Any]:
    """The report form filled with the suggestion (accepting it is submitting as filled)."""
    penalty = result.get("penalty") or {}
    provisions = result.get("provisions") or {}
    kinds = []
    for kind in penalty.get("kinds") or []:
        value = KIND_VALUES.get(kind.get("name", ""))
        if value == "confiscate_income" and not amounts.get("illegal_income"):
            continue  # no amount to confiscate is known
        if value and (kind.get("mode") == "必处" or value == "fine"):
            kinds.append(value)
    fine = penalty.get("suggested_fine")
    if not fine or Decimal(str(fine)) <= 0:
        kinds = [k for k in kinds if k != "fine"]
    values: dict[str, Any] = {
        "facts": facts,
        "proposed_outcome": "penalty",
        "discretion_reasons": discretion_text(result),
        "legal_basis": "\n".join(
            p["label"] for p in [*provisions.get("violated", [])[:3], *provisions.get("penalty", [])[:1]]
        ),
    }
    if kinds:
        values.update({"proposal.__use": "1", "proposal.kinds": kinds})
        if "fine" in kinds:
            values["proposal.fine"] = str(fine)
        if "confiscate_income" in kinds:
            values["proposal.confiscated_income"] = str(amounts["illegal_income"])
    return values
