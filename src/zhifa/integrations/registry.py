"""The registry port (市场主体登记信息) and its adapters: the embedded table, the province's HTTP service.

The HTTP adapter's contract (docs/integrations/registry.md): `GET <base>/entities/<uscc>` answers the entry
as JSON (the fields of `zhifa.domain.registry.FIELDS`) or 404; `GET <base>/entities?name=<q>&limit=<n>`
answers `{"items": [...]}`. What it answers is checked like an imported row; an answer that fails the check,
a timeout or a 5xx is `registry_unavailable` (503), never a guessed entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import quote, urlsplit

import httpx
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from zhifa.domain.registry import RegistryEntry, parse_entry
from zhifa.errors import ConfigurationError, StorageUnavailable, ValidationFailed
from zhifa.store.models.registry import RegistryEntity

BATCH = 5000
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


class Registry(Protocol):
    """Look an entity up by USCC, or search by name."""

    def lookup(self, uscc: str) -> dict[str, Any] | None:
        """The entry (with `demo`), or None."""
        ...

    def search(self, name: str, limit: int) -> list[dict[str, Any]]:
        """Entries whose name starts with, then contains, `name`."""
        ...


def _row_dict(row: RegistryEntity) -> dict[str, Any]:
    entry = RegistryEntry(
        uscc=row.uscc, name=row.name, entity_type=row.entity_type,
        legal_representative=row.legal_representative, domicile=row.domicile,
        division_code=row.division_code, authority=row.authority, status=row.status,
        established_on=row.established_on, scope=row.scope,
    )  # fmt: skip
    return {**entry.to_dict(), "demo": row.demo, "registry": "embedded"}


class TableRegistry:
    """The embedded default: the `registry_entities` table."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def lookup(self, uscc: str) -> dict[str, Any] | None:
        """By primary key."""
        row = self.session.get(RegistryEntity, uscc)
        return _row_dict(row) if row is not None else None

    def search(self, name: str, limit: int) -> list[dict[str, Any]]:
        """Prefix match on the name index first (byte order: C collation / SQLite BINARY), then contains."""
        col = RegistryEntity.name
        found = list(
            self.session.scalars(
                select(RegistryEntity)
                .where(col >= name, col < name + "\U0010ffff")
                .order_by(col)
                .limit(limit)
            )
        )
        if len(found) < limit:
            have = {r.uscc for r in found}
            more = self.session.scalars(
                select(RegistryEntity)
                .where(col.contains(name, autoescape=True))
                .order_by(col)
                .limit(limit + len(have))
            )
            found += [r for r in more if r.uscc not in have][: limit - len(found)]
        return [_row_dict(r) for r in found]


def _checked_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.hostname and (
        parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK)
    ):
        return url.rstrip("/")
    raise ConfigurationError(
        f"登记信息服务地址须为 https://（本机测试可用 http://127.0.0.1）：{url}", code="registry_url_invalid"
    )


class HttpRegistry:
    """The province's registry service over HTTP(S)."""

    def __init__(self, url: str, client: httpx.Client | None = None, timeout: float = 5.0) -> None:
        self.base = _checked_url(url)
        self.client = client or httpx.Client(timeout=timeout)

    def _get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        try:
            answer = self.client.get(self.base + path, params=params)
        except httpx.HTTPError as exc:
            raise StorageUnavailable(
                f"登记信息服务无法访问：{type(exc).__name__}", code="registry_unavailable"
            ) from None
        if answer.status_code == 404:
            return None
        if answer.status_code != 200:
            raise StorageUnavailable(
                f"登记信息服务答复 HTTP {answer.status_code}", code="registry_unavailable"
            )
        try:
            return answer.json()
        except ValueError:
            raise StorageUnavailable("登记信息服务的答复不是 JSON", code="registry_unavailable") from None

    @staticmethod
    def _entry(doc: Any) -> dict[str, Any]:
        if not isinstance(doc, dict):
            raise StorageUnavailable("登记信息服务的答复不符合接口规范", code="registry_unavailable")
        try:
            entry = parse_entry({k: v for k, v in doc.items() if k not in ("demo",)})
        except ValidationFailed as exc:
            raise StorageUnavailable(
                f"登记信息服务的答复未通过校验：{exc.message}", code="registry_unavailable"
            ) from None
        return {**entry.to_dict(), "demo": bool(doc.get("demo", False)), "registry": "http"}

    def lookup(self, uscc: str) -> dict[str, Any] | None:
        """GET /entities/<uscc>."""
        doc = self._get("/entities/" + quote(uscc, safe=""))
        return None if doc is None else self._entry(doc)

    def search(self, name: str, limit: int) -> list[dict[str, Any]]:
        """GET /entities?name=…&limit=…."""
        doc = self._get("/entities", {"name": name, "limit": limit})
        items = doc.get("items") if isinstance(doc, dict) else None
        if not isinstance(items, list):
            raise StorageUnavailable("登记信息服务的答复不符合接口规范", code="registry_unavailable")
        return [self._entry(item) for item in items[:limit]]


def write_entries(
    session: Session, entries: Sequence[RegistryEntry], *, demo: bool, source: str, now: datetime
) -> None:
    """Insert or replace the entries (by USCC); the caller commits once, so all or nothing.

    One executemany of `INSERT … ON CONFLICT (uscc) DO UPDATE` (SQLAlchemy batches it into multi-row
    statements: "insertmanyvalues"), in slices of BATCH rows to bound memory.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = RegistryEntity.__table__
    stmt = insert(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=["uscc"],
        set_={c.name: stmt.excluded[c.name] for c in table.columns if c.name != "uscc"},
    )
    for start in range(0, len(entries), BATCH):
        rows = [
            {**e.to_dict(), "established_on": e.established_on, "demo": demo, "source": source,
             "imported_at": now}
            for e in entries[start : start + BATCH]
        ]  # fmt: skip
        session.execute(stmt, rows)
