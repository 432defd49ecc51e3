"""The search port: documents with filterable fields in, ranked hits with highlighted snippets out.

Backends (SQLite FTS5 on disk, in-memory for tests, a cluster engine later) implement `SearchIndex`.
Snippets mark matched terms with 【 and 】 (plain text: callers escape them for HTML).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

FieldValue = str | int | float | None
FieldType = Literal["text", "int", "real"]
FilterOp = Literal["eq", "ne", "in", "lt", "le", "gt", "ge"]
MARK_OPEN = "【"
MARK_CLOSE = "】"
MAX_QUERY_CHARS = 200  # longer queries are cut: officers type words, not pages


@dataclass(frozen=True)
class SearchDoc:
    """One document: a stable id, its text and the field values filters can use."""

    id: str
    text: str
    fields: Mapping[str, FieldValue] = field(default_factory=dict)


@dataclass(frozen=True)
class Filter:
    """A condition on a field; `or_null` lets documents without a value pass (open-ended dates)."""

    field: str
    op: FilterOp
    value: FieldValue | Sequence[FieldValue]
    or_null: bool = False


@dataclass(frozen=True)
class Hit:
    """A ranked result: id, score (higher is better), snippet with 【】 marks, the stored fields."""

    id: str
    score: float
    snippet: str
    fields: Mapping[str, FieldValue]


@dataclass(frozen=True)
class IndexSchema:
    """The filterable fields of an index and their types (backends create columns from it)."""

    name: str
    fields: Mapping[str, FieldType]


class SearchIndex(Protocol):
    """Port of a full-text index; every backend passes tests/unit/test_search_port.py."""

    schema: IndexSchema

    def index(self, docs: Iterable[SearchDoc]) -> int:
        """Add or replace documents by id; return how many were (re)tokenized."""
        ...

    def delete(self, ids: Iterable[str]) -> int:
        """Remove documents by id; return how many existed."""
        ...

    def search(self, query: str, filters: Sequence[Filter] = (), limit: int = 10) -> list[Hit]:
        """Rank documents matching every query term (after tokenization) and all filters."""
        ...

    def count(self) -> int:
        """Number of indexed documents."""
        ...


def check_filters(schema: IndexSchema, filters: Sequence[Filter]) -> None:
    """Raise ValidationFailed for a filter on an unknown field or with a bad operator."""
    from zhifa.errors import ValidationFailed

    for flt in filters:
        if flt.field not in schema.fields:
            raise ValidationFailed(f"未知的检索筛选字段：{flt.field}", code="bad_search_filter")
        if flt.op not in ("eq", "ne", "in", "lt", "le", "gt", "ge"):
            raise ValidationFailed(f"未知的筛选运算：{flt.op}", code="bad_search_filter")


def passes(fields: Mapping[str, FieldValue], flt: Filter) -> bool:
    """Evaluate one filter against field values (the reference semantics every backend follows)."""
    value = fields.get(flt.field)
    if value is None:
        return flt.or_null
    target = flt.value
    if flt.op == "in":
        return isinstance(target, (list, tuple, set, frozenset)) and value in target
    if isinstance(target, (list, tuple)) or target is None:
        return False
    try:
        return {
            "eq": value == target,
            "ne": value != target,
            "lt": value < target,  # type: ignore[operator]
            "le": value <= target,  # type: ignore[operator]
            "gt": value > target,  # type: ignore[operator]
            "ge": value >= target,  # type: ignore[operator]
        }[flt.op]
    except TypeError:
        return False
