"""Reading a registry export: CSV with a header row, or JSONL (one JSON object a line), checked row by row.

Every row is checked before anything is written: a file with any bad row is refused as a whole, and the
report names each bad row by its line number (the header is line 1 of a CSV).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zhifa.domain.registry import FIELDS, RegistryEntry, parse_entry
from zhifa.errors import ValidationFailed

MAX_REPORTED = 200  # bad rows listed in full; the count is always exact


@dataclass
class ReadResult:
    """The checked entries, and the bad rows as (line, message)."""

    entries: list[RegistryEntry] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    bad_rows: int = 0

    def add_error(self, line: int, message: str) -> None:
        """Count a bad row; keep the first MAX_REPORTED messages."""
        self.bad_rows += 1
        if len(self.errors) < MAX_REPORTED:
            self.errors.append((line, message))


def _csv_rows(text: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except StopIteration:
        return
    unknown = [h for h in header if h not in FIELDS]
    if unknown or "uscc" not in header or "name" not in header or len(set(header)) != len(header):
        raise ValidationFailed(
            f"CSV 表头须含 uscc、name，且只能使用字段 {', '.join(FIELDS)}"
            f"（不识别：{', '.join(unknown) or '无'}）",
            code="bad_registry_header",
        )
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield line, f"列数 {len(row)} 与表头的 {len(header)} 列不符"
            continue
        yield line, dict(zip(header, row, strict=True))


def _jsonl_rows(text: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            doc = json.loads(raw)
        except ValueError:
            yield line, "不是有效的 JSON"
            continue
        yield line, doc if isinstance(doc, dict) else "每行应为一个 JSON 对象"


def read_registry_text(text: str, fmt: str) -> ReadResult:
    """Check every row of a CSV (`fmt="csv"`) or JSONL (`fmt="jsonl"`) export."""
    result = ReadResult()
    seen: dict[str, int] = {}
    rows = _csv_rows(text) if fmt == "csv" else _jsonl_rows(text)
    for line, row in rows:
        if isinstance(row, str):
            result.add_error(line, row)
            continue
        try:
            entry = parse_entry(row)
        except ValidationFailed as exc:
            result.add_error(line, exc.message)
            continue
        if entry.uscc in seen:
            result.add_error(line, f"统一社会信用代码 {entry.uscc} 与第 {seen[entry.uscc]} 行重复")
            continue
        seen[entry.uscc] = line
        result.entries.append(entry)
    return result


def file_format(path: Path) -> str:
    """csv or jsonl, by the file name's ending."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    raise ValidationFailed("登记信息文件须为 .csv（含表头）或 .jsonl", code="bad_registry_format")


def read_registry_file(path: Path) -> ReadResult:
    """Read and check a registry export file (UTF-8, a BOM allowed)."""
    fmt = file_format(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ValidationFailed(f"文件不存在：{path}", code="file_not_found") from None
    except UnicodeDecodeError:
        raise ValidationFailed("登记信息文件须为 UTF-8 编码", code="bad_registry_encoding") from None
    return read_registry_text(text, fmt)
