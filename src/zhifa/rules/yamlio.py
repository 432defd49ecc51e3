"""Strict YAML reading: duplicate keys refused, dates kept as text, problems named by file and key."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from zhifa.errors import ValidationFailed


@dataclass(frozen=True)
class Problem:
    """One problem in a catalog file: which file, which key (dotted path), what is wrong."""

    file: str
    key: str
    problem: str

    def to_dict(self) -> dict[str, str]:
        """Plain data for error details."""
        return {"file": self.file, "key": self.key, "problem": self.problem}

    def __str__(self) -> str:
        return f"{self.file}: {self.key}: {self.problem}"


class CatalogInvalid(ValidationFailed):
    """The catalog (or a factor / profile file) is broken; details list every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        more = f"（另有 {len(problems) - 1} 处问题）" if len(problems) > 1 else ""
        super().__init__(
            f"裁量基准目录有误：文件 {first.file}，字段 {first.key}：{first.problem}{more}",
            code="catalog_invalid",
            details={"problems": [p.to_dict() for p in problems]},
        )
        self.problems = problems


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys and leaves dates as strings."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"重复的键 {key!r}（第 {seen[key] + 1} 行已出现）", key_node.start_mark
            )
        seen[key] = key_node.start_mark.line
    return dict(yaml.SafeLoader.construct_mapping(loader, node, deep=deep))


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path, label: str) -> tuple[Any, Problem | None]:
    """Parse one YAML file strictly; on failure return a Problem naming the file and the line."""
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_StrictLoader), None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else "(文件)"
        problem = getattr(exc, "problem", None) or str(exc)
        return None, Problem(label, where, f"YAML 无法解析：{problem}")
    except OSError as exc:
        return None, Problem(label, "(文件)", f"无法读取：{exc}")


class Reader:
    """Typed access to a parsed mapping that records problems instead of raising."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems

    def fail(self, key: str, problem: str) -> None:
        """Record a problem."""
        self.problems.append(Problem(self.file, key, problem))

    def mapping(
        self, value: Any, key: str, allowed: set[str], required: set[str]
    ) -> Mapping[str, Any] | None:
        """Check value is a mapping with only allowed keys and all required ones."""
        if not isinstance(value, Mapping):
            self.fail(key, f"应为映射（键: 值），实际为 {type(value).__name__}")
            return None
        for unknown in sorted(set(value) - allowed, key=str):
            self.fail(f"{key}.{unknown}" if key else str(unknown), "未知字段")
        for missing in sorted(required - set(value)):
            self.fail(f"{key}.{missing}" if key else missing, "缺少必填字段")
        return value

    def text(self, value: Any, key: str, *, optional: bool = False) -> str:
        """A non-empty string."""
        if value is None and optional:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "应为非空文本")
            return ""
        return value.strip()

    def texts(self, value: Any, key: str) -> tuple[str, ...]:
        """A list of non-empty strings (absent = empty)."""
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(key, "应为文本列表")
            return ()
        return tuple(self.text(v, f"{key}[{i}]") for i, v in enumerate(value))

    def day(self, value: Any, key: str, *, optional: bool = False) -> date | None:
        """An ISO date YYYY-MM-DD."""
        if value is None and optional:
            return None
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(key, f"日期无效：{value!r}（应为 YYYY-MM-DD）")
            return None

    def number(self, value: Any, key: str, *, optional: bool = False) -> Decimal | None:
        """A non-negative number (int, decimal text, or float written in YAML) as Decimal."""
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.fail(key, f"应为数字，实际为 {value!r}")
            return None
        try:
            number = Decimal(str(value).replace(",", ""))
        except InvalidOperation:
            self.fail(key, f"不是有效数字：{value!r}")
            return None
        if not number.is_finite() or number < 0:
            self.fail(key, f"应为非负数：{value!r}")
            return None
        return number

    def integer(self, value: Any, key: str, *, optional: bool = False) -> int | None:
        """A positive integer (article / paragraph / item numbers)."""
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self.fail(key, f"应为正整数，实际为 {value!r}")
            return None
        return value

    def choice(self, value: Any, key: str, allowed: tuple[str, ...]) -> str:
        """One of the allowed strings."""
        if value not in allowed:
            self.fail(key, f"取值 {value!r} 无效，应为 {'、'.join(allowed)} 之一")
            return allowed[0]
        return str(value)
