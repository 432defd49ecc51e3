"""The JSON schema of an assistant answer (documented in docs/assistant-schema.md) and a shape check."""

from __future__ import annotations

from typing import Any

from zhifa.assistant.classify import TypeScores

SCHEMA_VERSION = "1"

_STR = {"type": ["string", "null"]}
_INT = {"type": ["integer", "null"]}
PROVISION = {
    "type": "object",
    "required": ["role", "law_title", "article", "article_label", "paragraph", "item", "label"],
    "properties": {
        "role": {"enum": ["violated", "penalty"]},
        "law_title": {"type": "string"},
        "article": {"type": "integer"},
        "article_label": {"type": "string"},
        "paragraph": _INT,
        "item": _INT,
        "label": {"type": "string"},
        "text": {"type": ["string", "null"], "description": "article text: only with detail=full"},
        "version_date": _STR,
        "effective_from": _STR,
    },
}
LIKELY: dict[str, Any] = {
    "type": "object",
    "required": ["law", "article", "label", "chance"],
    "properties": {
        "law": {"type": "string"},
        "article": {"type": "integer"},
        "label": {"type": "string"},
        "chance": {"type": "number"},
    },
}
TYPE = {
    "type": "object",
    "required": ["id", "name", "score"],
    "properties": {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "score": {"type": "number", "minimum": 0, "maximum": 1},
    },
}
PENALTY = {
    "type": "object",
    "required": [
        "suggested_fine",
        "statutory_range",
        "tier",
        "suggested_range",
        "kinds",
        "amounts",
        "factors",
        "possible_exemptions",
        "expected_fine",
        "expected_fine_method",
    ],
}
PRECEDENT = {
    "type": "object",
    "required": [
        "docid",
        "docno",
        "bureau",
        "date",
        "violation_type",
        "similarity",
        "violated",
        "basis",
        "penalties",
        "fine",
        "statutory_range",
        "position_in_range",
        "why_similar",
    ],
}
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "zhifa assist answer",
    "type": "object",
    "required": [
        "schema_version",
        "input",
        "confidence",
        "extraction",
        "violation_types",
        "provisions",
        "penalty",
        "precedents",
        "consistency",
        "notes",
        "trail",
    ],
    "properties": {
        "confidence": {"type": "object", "required": ["uncertain", "signal", "reasons"]},
        "extraction": {
            "type": "object",
            "required": [
                "amounts",
                "dates",
                "party_type",
                "quantities",
                "cues",
                "factors",
                "possible_exemptions",
            ],
        },
        "violation_types": {"type": "array", "items": TYPE},
        "provisions": {
            "type": "object",
            "required": ["violated", "penalty"],
            "properties": {
                "violated": {"type": "array", "items": PROVISION},
                "penalty": {"type": "array", "items": PROVISION},
                "likely": {
                    "type": "object",
                    "description": "provisions by the chance a decision on these facts cites them",
                    "properties": {
                        "violated": {"type": "array", "items": LIKELY},
                        "penalty": {"type": "array", "items": LIKELY},
                    },
                },
            },
        },
        "penalty": PENALTY,
        "precedents": {"type": "array", "items": PRECEDENT},
        "consistency": {
            "type": ["object", "null"],
            "required": ["proposed_fine", "position_in_range", "ok", "flags", "reasons"],
        },
        "trail": {"type": "array"},
    },
}


def _missing(obj: Any, schema: dict[str, Any], path: str) -> list[str]:
    out: list[str] = []
    if isinstance(obj, dict):
        out += [f"{path}.{k}" for k in schema.get("required", []) if k not in obj]
        for key, sub in schema.get("properties", {}).items():
            if key in obj and isinstance(sub, dict):
                out += _missing(obj[key], sub, f"{path}.{key}")
    elif isinstance(obj, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(obj):
            out += _missing(item, schema["items"], f"{path}[{i}]")
    return out


def missing_keys(answer: dict[str, Any]) -> list[str]:
    """Required keys absent from an answer (empty when it has the documented shape)."""
    return _missing(answer, SCHEMA, "$")


def summary(answer: dict[str, Any]) -> dict[str, Any]:
    """The answer without article texts (provisions' `text`, the discretion trail's `articles`): the API's
    default `detail=summary`; the rest is shared with the full answer, not copied."""
    out = dict(answer)
    provisions = dict(answer["provisions"])
    for role in ("violated", "penalty"):
        provisions[role] = [{k: v for k, v in p.items() if k != "text"} for p in provisions[role]]
    out["provisions"] = provisions
    trail = []
    for step in answer["trail"]:
        inner = step.get("trail")
        if isinstance(inner, dict) and "articles" in inner:
            step = {**step, "trail": {k: v for k, v in inner.items() if k != "articles"}}
        trail.append(step)
    out["trail"] = trail
    out["detail"] = "summary"
    return out


def trail_steps(
    types: TypeScores,
    resolved: int,
    total: int,
    model: dict[str, Any],
    engine_trail: Any,
    error: dict[str, str] | None,
    precedents: int,
    method: str,
) -> list[dict[str, Any]]:
    """The answer's `trail`: each step and what it rested on (model: profile code, decisions trained on)."""
    type_id = types.ranked[0][0]
    named = "（目录中指明该行为的模式优先于同一条款的其他类型）" if types.named_by_pattern else ""
    return [
        {"step": "extraction", "note": "从事实中提取金额、日期、当事人类型、数量和情节"},
        {
            "step": "classification",
            "note": f"目录关键词与判例模型合并，校准后最可能为 {type_id}{named}",
            "top": [[t, round(p, 4)] for t, p in types.top(3)],
            "named_by_pattern": types.named_by_pattern,
            "trained_on": model["trained_on"],
        },
        {
            "step": "provisions",
            "note": "违法行为类型的违反条款与处罚依据，按违法行为发生时有效的文本",
            "resolved": resolved,
            "total": total,
        },
        {
            "step": "discretion",
            "note": f"裁量基准引擎（{model.get('profile_name') or model['profile']}裁量基准）",
            "trail": engine_trail,
            "error": error,
        },
        {
            "step": "precedents",
            "note": "按预期相关度（与本案违反条款、处罚依据相同的可能性）和文本相似度排序",
            "count": precedents,
        },
        {"step": "expected_fine", "method": method},
    ]
