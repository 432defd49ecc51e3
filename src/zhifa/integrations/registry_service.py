"""Registry use cases: import an export file, look an entity up, search by name, check a typed name,
read a natural person's ID number. The port is the embedded table unless ZHIFA_REGISTRY_URL names the
province's registry service.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from zhifa.config import Settings, get_settings
from zhifa.domain.parties import validate_uscc
from zhifa.domain.registry import name_differs, person_facts
from zhifa.errors import NotFound, ValidationFailed
from zhifa.integrations.registry import HttpRegistry, Registry, TableRegistry, write_entries
from zhifa.integrations.registry_file import read_registry_file
from zhifa.store.uow import UnitOfWork

DEMO_FILE = Path(__file__).with_name("registry_demo.jsonl")
DEMO_LABEL = "演示（虚构）"
MAX_SEARCH = 50


def registry_port(uow: UnitOfWork, settings: Settings | None = None) -> Registry:
    """The configured adapter (the session of an open unit of work for the embedded table)."""
    settings = settings or get_settings()
    if settings.registry_url:
        return HttpRegistry(settings.registry_url, timeout=settings.registry_timeout_seconds)
    return TableRegistry(uow.session)


def _labelled(item: dict[str, Any]) -> dict[str, Any]:
    item["label"] = DEMO_LABEL if item.get("demo") else None
    return item


def import_registry(uow: UnitOfWork, path: Path, *, demo: bool = False) -> dict[str, Any]:
    """Check every row, then write all of them in one transaction; any bad row → nothing written (422)."""
    result = read_registry_file(path)
    if result.bad_rows:
        shown = "；".join(f"第 {line} 行：{msg}" for line, msg in result.errors[:5])
        raise ValidationFailed(
            f"登记信息文件有 {result.bad_rows} 行有误，未导入任何数据。{shown}",
            code="registry_rows_invalid",
            details=[{"line": line, "message": msg} for line, msg in result.errors],
        )
    with uow:
        write_entries(uow.session, result.entries, demo=demo, source=path.name[:200], now=datetime.now(UTC))
        uow.commit()
    return {"imported": len(result.entries), "file": path.name, "demo": demo}


def import_demo_registry(uow: UnitOfWork) -> dict[str, Any]:
    """The shipped fictitious entities (every name says 演示 and 虚构), marked as demo rows."""
    return import_registry(uow, DEMO_FILE, demo=True)


def lookup_entity(
    uow: UnitOfWork, code: str, name: str | None = None, settings: Settings | None = None
) -> dict[str, Any]:
    """The entity by USCC (check character verified first); with `name`, whether it differs (flagged)."""
    uscc = validate_uscc(code.strip().upper())
    with uow:
        found = registry_port(uow, settings).lookup(uscc)
    if found is None:
        raise NotFound(
            f"登记信息中没有统一社会信用代码为 {uscc} 的市场主体", code="registry_entity_not_found"
        )
    found = _labelled(found)
    if name is not None and name.strip():
        differs = name_differs(name, found["name"])
        found["name_check"] = {
            "given": name.strip(), "differs": differs,
            "message": f"填写的名称“{name.strip()}”与登记名称“{found['name']}”不一致，请核实"
            if differs else None,
        }  # fmt: skip
    return found


def check_entity(
    uow: UnitOfWork, code: str, name: str | None = None, settings: Settings | None = None
) -> dict[str, Any]:
    """For a form being filled: the entity (`found`) or why there is none (`code`, `message`), never an error.

    A code that is not registered, or whose check character is wrong, is an answer the officer reads under
    the field, not a failed request."""
    try:
        return {"found": True, "entity": lookup_entity(uow, code, name, settings)}
    except (NotFound, ValidationFailed) as exc:
        return {"found": False, "code": exc.code, "message": exc.message}


def search_entities(
    uow: UnitOfWork, name: str, limit: int = 10, settings: Settings | None = None
) -> list[dict[str, Any]]:
    """Entities whose registered name starts with, then contains, `name`."""
    text = name.strip()
    if not 2 <= len(text) <= 100:
        raise ValidationFailed("名称检索词须为 2～100 个字符", code="bad_registry_query")
    with uow:
        return [
            _labelled(e) for e in registry_port(uow, settings).search(text, max(1, min(limit, MAX_SEARCH)))
        ]


def person(id_number: str, act_on: date | None = None) -> dict[str, Any]:
    """Birth date, gender, age at the act's date and the minor factors, from a 居民身份证号码."""
    return person_facts(id_number, act_on).to_dict()
