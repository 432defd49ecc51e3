"""Load the violation catalog (one YAML file per violation type) strictly into Entry objects."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from zhifa.errors import ValidationFailed
from zhifa.rules.clauses import parse_cite, parse_cites, parse_conditions, parse_fine_rule
from zhifa.rules.models import (
    AMOUNT_FIELDS,
    KIND_MODES,
    CriminalThreshold,
    Entry,
    EntryVersion,
    FineRule,
    PenaltyClause,
    PenaltyKind,
)
from zhifa.rules.yamlio import CatalogInvalid, Problem, Reader, read_yaml

CATALOG_DIR = Path(__file__).parent / "catalog"
_ID = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+$")
_ENTRY_KEYS = {
    "id",
    "name",
    "area",
    "description",
    "keywords",
    "patterns",
    "circumstances",
    "versions",
    "tags",
}
_VERSION_KEYS = {
    "valid_from",
    "valid_from_cite",
    "valid_to",
    "valid_to_cite",
    "violated",
    "basis",
    "clause",
    "criminal",
}
_CLAUSE_KEYS = {"cite", "kinds", "fine", "no_basis_rule"}


def parse_clause(r: Reader, value: Any, key: str) -> PenaltyClause | None:
    """The structured penalty clause."""
    data = r.mapping(value, key, _CLAUSE_KEYS, {"cite", "kinds"})
    if data is None:
        return None
    cite = parse_cite(r, data.get("cite"), f"{key}.cite")
    kinds: list[PenaltyKind] = []
    raw_kinds = data.get("kinds")
    if not isinstance(raw_kinds, list) or not raw_kinds:
        r.fail(f"{key}.kinds", "应为非空的处罚种类列表")
        raw_kinds = []
    for i, raw in enumerate(raw_kinds):
        k = f"{key}.kinds[{i}]"
        spec = r.mapping(raw, k, {"name", "mode", "when", "note"}, {"name", "mode"})
        if spec is not None:
            kinds.append(
                PenaltyKind(
                    r.text(spec.get("name"), f"{k}.name"),
                    r.choice(spec.get("mode"), f"{k}.mode", KIND_MODES),
                    parse_conditions(r, spec.get("when"), f"{k}.when"),
                    r.text(spec.get("note"), f"{k}.note", optional=True),
                )
            )
    fine: list[FineRule] = []
    for i, raw in enumerate(data.get("fine") or []):
        rule = parse_fine_rule(r, raw, f"{key}.fine[{i}]", cite)
        if rule is not None:
            fine.append(rule)
    has_fine_kind = any(k.name == "罚款" for k in kinds)
    if has_fine_kind and not fine:
        r.fail(f"{key}.fine", "处罚种类含罚款，但未写罚款公式")
    if fine and not has_fine_kind:
        r.fail(f"{key}.kinds", "写了罚款公式，但处罚种类中没有“罚款”")
    if cite is None:
        return None
    return PenaltyClause(
        cite,
        tuple(kinds),
        tuple(fine),
        r.text(data.get("no_basis_rule"), f"{key}.no_basis_rule", optional=True),
    )


def parse_version(r: Reader, value: Any, key: str) -> EntryVersion | None:
    """One period of the entry."""
    data = r.mapping(value, key, _VERSION_KEYS, {"valid_from", "violated", "basis", "clause"})
    if data is None:
        return None
    start = r.day(data.get("valid_from"), f"{key}.valid_from")
    end = r.day(data.get("valid_to"), f"{key}.valid_to", optional=True)
    if start and end and end < start:
        r.fail(f"{key}.valid_to", f"失效日期 {end} 早于生效日期 {start}")
    from_cite = (
        parse_cite(r, data["valid_from_cite"], f"{key}.valid_from_cite")
        if data.get("valid_from_cite")
        else None
    )
    to_cite = (
        parse_cite(r, data["valid_to_cite"], f"{key}.valid_to_cite") if data.get("valid_to_cite") else None
    )
    if end is not None and to_cite is None:
        r.fail(f"{key}.valid_to_cite", "写了失效日期，须引用废止或修改的依据")
    violated = parse_cites(r, data.get("violated"), f"{key}.violated")
    basis = parse_cites(r, data.get("basis"), f"{key}.basis")
    clause = parse_clause(r, data.get("clause"), f"{key}.clause")
    criminal = _criminal(r, data.get("criminal"), f"{key}.criminal")
    if start is None or clause is None or not violated or not basis:
        return None
    if clause.cite not in basis and not any(
        b.law == clause.cite.law and b.article == clause.cite.article for b in basis
    ):
        r.fail(f"{key}.clause.cite", "处罚条款须列在 basis 中")
    return EntryVersion(start, from_cite, end, to_cite, violated, basis, clause, criminal)


def _criminal(r: Reader, value: Any, key: str) -> CriminalThreshold | None:
    if value is None:
        return None
    data = r.mapping(value, key, {"cite", "field", "amount", "note"}, {"cite", "note"})
    if data is None:
        return None
    cite = parse_cite(r, data.get("cite"), f"{key}.cite")
    field = r.choice(data["field"], f"{key}.field", AMOUNT_FIELDS) if "field" in data else None
    amount = r.number(data.get("amount"), f"{key}.amount", optional=True)
    if (field is None) != (amount is None):
        r.fail(key, "field 与 amount 须同时给出或同时省略")
    if cite is None:
        return None
    return CriminalThreshold(cite, field, amount, r.text(data.get("note"), f"{key}.note"))


def parse_entry(r: Reader, data: Any, stem: str, area_dir: str) -> Entry | None:
    """A whole entry file."""
    top = r.mapping(data, "", _ENTRY_KEYS, {"id", "name", "area", "versions", "keywords"})
    if top is None:
        return None
    entry_id = r.text(top.get("id"), "id")
    if entry_id and not _ID.match(entry_id):
        r.fail("id", f"编号 {entry_id!r} 格式应为 area.name（小写字母、数字、下划线）")
    if entry_id and entry_id != stem:
        r.fail("id", f"编号 {entry_id!r} 须与文件名 {stem!r} 一致")
    area = r.text(top.get("area"), "area")
    if area and area != area_dir:
        r.fail("area", f"领域 {area!r} 须与所在目录 {area_dir!r} 一致")
    for i, pattern in enumerate(r.texts(top.get("patterns"), "patterns")):
        try:
            re.compile(pattern)
        except re.error as exc:
            r.fail(f"patterns[{i}]", f"正则表达式无效：{exc}")
    raw_versions = top.get("versions")
    if not isinstance(raw_versions, list) or not raw_versions:
        r.fail("versions", "应为非空列表")
        raw_versions = []
    versions = [v for i, raw in enumerate(raw_versions) if (v := parse_version(r, raw, f"versions[{i}]"))]
    for i in range(1, len(versions)):
        prev_end = versions[i - 1].valid_to
        if prev_end is None or prev_end >= versions[i].valid_from:
            r.fail(f"versions[{i}].valid_from", "各版本须按时间先后排列且不重叠")
    keywords = r.texts(top.get("keywords"), "keywords")
    if not keywords:
        r.fail("keywords", "至少写一个识别关键词")
    return Entry(
        entry_id,
        r.text(top.get("name"), "name"),
        area,
        r.text(top.get("description"), "description", optional=True),
        keywords,
        r.texts(top.get("patterns"), "patterns"),
        r.texts(top.get("circumstances"), "circumstances"),
        tuple(versions),
        "",
        r.texts(top.get("tags"), "tags"),
    )


@dataclass(frozen=True)
class Catalog:
    """All entries by id."""

    entries: Mapping[str, Entry]

    def get(self, entry_id: str) -> Entry:
        """The entry, or ValidationFailed(unknown_violation_type)."""
        entry = self.entries.get(entry_id)
        if entry is None:
            raise ValidationFailed(
                f"未知的违法行为类型：{entry_id}", code="unknown_violation_type", details={"field": "type"}
            )
        return entry

    def __len__(self) -> int:
        return len(self.entries)


def load_catalog(root: Path = CATALOG_DIR) -> Catalog:
    """Load every <area>/<id>.yaml under root; raise CatalogInvalid listing every problem."""
    problems: list[Problem] = []
    entries: dict[str, Entry] = {}
    files = sorted(root.glob("*/*.yaml"))
    if not files:
        raise CatalogInvalid([Problem(str(root), "(目录)", "没有任何条目文件")])
    for path in files:
        label = str(path.relative_to(root.parent)) if root.parent in path.parents else str(path)
        data, problem = read_yaml(path, label)
        if problem:
            problems.append(problem)
            continue
        reader = Reader(label, problems)
        before = len(problems)
        entry = parse_entry(reader, data, path.stem, path.parent.name)
        if entry is None or len(problems) > before:
            continue
        if entry.id in entries:
            reader.fail("id", f"编号 {entry.id} 重复（另见 {entries[entry.id].source_file}）")
            continue
        entries[entry.id] = replace(entry, source_file=label)
    if problems:
        raise CatalogInvalid(problems)
    return Catalog(entries)
