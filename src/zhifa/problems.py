"""Validation problems in Chinese: what pydantic reports, worded for people (the `type` stays for machines).

Pydantic's own messages are English ("List should have at least 1 item after validation"); they never reach
an officer. Our validators raise ValueError with a Chinese message, which is kept as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

VALUE_ERROR_PREFIXES = ("Value error, ", "Assertion failed, ")
# pydantic error type → Chinese wording (with the error's ctx values).
WORDING: dict[str, str] = {
    "missing": "必须填写",
    "too_short": "至少需要 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "string_too_short": "至少 {min_length} 个字",
    "string_too_long": "不能超过 {max_length} 个字",
    "string_type": "须为文字",
    "string_pattern_mismatch": "格式不正确",
    "int_parsing": "须为整数",
    "int_type": "须为整数",
    "int_from_float": "须为整数",
    "float_parsing": "须为数字",
    "decimal_parsing": "须为数字（金额用阿拉伯数字，如 1200.50）",
    "decimal_type": "须为数字",
    "decimal_max_places": "小数不能超过 {decimal_places} 位",
    "decimal_max_digits": "数字位数过多",
    "date_parsing": "须为日期（年-月-日，如 2026-12-05）",
    "date_from_datetime_parsing": "须为日期（年-月-日，如 2026-12-05）",
    "date_type": "须为日期（年-月-日）",
    "datetime_parsing": "须为时间（年-月-日 时:分）",
    "datetime_from_date_parsing": "须为时间（年-月-日 时:分）",
    "bool_parsing": "须为“是”或“否”",
    "bool_type": "须为“是”或“否”",
    "enum": "不是可选的值",
    "literal_error": "不是可选的值",
    "greater_than": "须大于 {gt}",
    "greater_than_equal": "不能小于 {ge}",
    "less_than": "须小于 {lt}",
    "less_than_equal": "不能大于 {le}",
    "extra_forbidden": "不接受这一项",
    "list_type": "须为多项列表",
    "dict_type": "格式不正确",
    "model_type": "格式不正确",
    "json_invalid": "不是有效的 JSON",
    "uuid_parsing": "格式不正确",
    "url_parsing": "不是有效的网址",
}
FALLBACK = "内容不符合要求"


def problem_text(error: Mapping[str, Any]) -> str:
    """The Chinese wording of one pydantic error."""
    kind = str(error.get("type", ""))
    if kind in ("value_error", "assertion_error"):
        message = str(error.get("msg", ""))
        for prefix in VALUE_ERROR_PREFIXES:
            message = message.removeprefix(prefix)
        return message if _is_chinese(message) else FALLBACK
    template = WORDING.get(kind)
    if template is None:
        return FALLBACK
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError, ValueError):
        return FALLBACK


def problems_of(errors: Iterable[Mapping[str, Any]], skip: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """[{field: dotted path, problem: Chinese, type: pydantic's code}] for an API answer or a page."""
    return [
        {
            "field": ".".join(str(p) for p in e.get("loc", ()) if p not in skip),
            "problem": problem_text(e),
            "type": str(e.get("type", "")),
        }
        for e in errors
    ]


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
