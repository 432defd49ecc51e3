"""Agencies (机构): the demo loader, tree queries and the scoped read services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from zhifa.domain.actors import Actor
from zhifa.errors import Conflict, ValidationFailed
from zhifa.identity.divisions import LEVEL_LABELS, LEVELS, AgencySpec, hubei_agency_specs
from zhifa.identity.scope import missing
from zhifa.store.hot import Hot
from zhifa.store.models.identity import Agency
from zhifa.store.uow import UnitOfWork

NOT_FOUND = "agency_not_found"


def load_agencies(session: Session, specs: tuple[AgencySpec, ...] | list[AgencySpec]) -> int:
    """Insert the agencies that are missing (parents first); returns how many were created."""
    existing = {a.code: a for a in session.scalars(select(Agency))}
    created = 0
    for spec in specs:
        row = existing.get(spec.code)
        if row is not None:
            if row.path != spec.path:
                raise Conflict(
                    f"机构 {spec.code} 已存在，但其上级路径“{row.path}”与数据“{spec.path}”不同",
                    code="agency_tree_conflict",
                )
            continue
        parent = existing.get(spec.parent_code) if spec.parent_code else None
        if spec.parent_code and parent is None:
            raise Conflict(f"机构 {spec.code} 的上级 {spec.parent_code} 不存在", code="agency_tree_conflict")
        row = Agency(
            code=spec.code,
            name=spec.name,
            short_name=spec.short_name,
            level=spec.level,
            division_code=spec.division_code,
            docno_prefix=spec.docno_prefix,
            parent=parent,
            path=spec.path,
            active=True,
        )
        session.add(row)
        existing[spec.code] = row
        created += 1
    session.flush()
    return created


def load_hubei_agencies(session: Session) -> int:
    """Insert the Hubei demo tree where missing (idempotent; the caller commits); returns rows created."""
    return load_agencies(session, hubei_agency_specs())


# --- repository -----------------------------------------------------------------------------------


_BY_CODE = select(Agency).where(Agency.code == bindparam("b_code"))  # built once: a hot-path lookup


class AgencyKey(NamedTuple):
    """What the case services need of an agency: its id, code, subtree path and 文号 prefix."""

    id: int
    code: str
    path: str
    docno_prefix: str


_A = cast(Table, Agency.__table__).c
_KEY_BY_CODE = Hot(select(_A.id, _A.code, _A.path, _A.docno_prefix).where(_A.code == bindparam("b_code")))


def agency_key(session: Session, code: str) -> AgencyKey | None:
    """The agency with this code as an `AgencyKey` (one hot statement, no ORM object), or None."""
    row = _KEY_BY_CODE.first(session, {"b_code": code})
    return AgencyKey(*row) if row else None


def find_by_code(session: Session, code: str) -> Agency | None:
    """The agency with this code, or None."""
    return session.scalars(_BY_CODE, {"b_code": code}).one_or_none()


def get_by_code(session: Session, code: str) -> Agency:
    """The agency with this code; NotFound otherwise."""
    agency = find_by_code(session, code)
    if agency is None:
        raise missing("机构", NOT_FOUND)
    return agency


def _by_path(rows: Any) -> list[Agency]:
    # sorted in Python: PostgreSQL locale collations ignore "/" and would not give tree order
    return sorted(rows, key=lambda a: a.path)


def children(session: Session, agency: Agency) -> list[Agency]:
    """Direct subordinates of an agency, in tree order."""
    return _by_path(session.scalars(select(Agency).where(Agency.parent_id == agency.id)))


def subtree(session: Session, agency: Agency, include_self: bool = True) -> list[Agency]:
    """The agency and everything below it (by path prefix), in tree order."""
    rows = session.scalars(select(Agency).where(Agency.path.startswith(agency.path, autoescape=True)))
    return [a for a in _by_path(rows) if include_self or a.id != agency.id]


def ancestors(session: Session, agency: Agency) -> list[Agency]:
    """The agencies above this one, root first (the agency itself excluded)."""
    codes = [c for c in agency.path.strip("/").split("/")[:-1] if c]
    if not codes:
        return []
    rows = {a.code: a for a in session.scalars(select(Agency).where(Agency.code.in_(codes)))}
    return [rows[c] for c in codes if c in rows]


def _path_of(agency: Agency | str) -> str:
    return agency if isinstance(agency, str) else agency.path


def is_within(ancestor: Agency | str, descendant: Agency | str) -> bool:
    """True when `descendant` (agency or path) is `ancestor` itself or lies below it."""
    top, low = _path_of(ancestor), _path_of(descendant)
    return bool(top) and top.endswith("/") and low.startswith(top)


# --- scoped services ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyInfo:
    """An agency as services hand it out."""

    code: str
    name: str
    short_name: str
    level: str
    division_code: str
    docno_prefix: str
    parent_code: str | None  # None at the root and when the parent lies outside the caller's scope
    path: str
    active: bool

    @classmethod
    def of(cls, agency: Agency, scope_path: str | None = None) -> AgencyInfo:
        """Build from a row; the parent is shown only when it lies in `scope_path`."""
        parent = agency.parent
        shown = parent is not None and (scope_path is None or is_within(scope_path, parent.path))
        return cls(
            code=agency.code,
            name=agency.name,
            short_name=agency.short_name,
            level=agency.level,
            division_code=agency.division_code,
            docno_prefix=agency.docno_prefix,
            parent_code=parent.code if shown and parent is not None else None,
            path=agency.path,
            active=agency.active,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (with the Chinese level label)."""
        return {
            "code": self.code,
            "name": self.name,
            "short_name": self.short_name,
            "level": self.level,
            "level_label": LEVEL_LABELS.get(self.level, self.level),
            "division_code": self.division_code,
            "docno_prefix": self.docno_prefix,
            "parent_code": self.parent_code,
            "path": self.path,
            "active": self.active,
        }


def _check_level(level: str | None) -> None:
    if level is not None and level not in LEVELS:
        known = "、".join(f"{k}（{v}）" for k, v in LEVEL_LABELS.items())
        raise ValidationFailed(f"未知机构层级“{level}”，可选：{known}", code="unknown_agency_level")


def _visible(session: Session, actor: Actor, code: str) -> Agency:
    """The agency if it lies in the actor's subtree; the same NotFound when absent or outside."""
    agency = find_by_code(session, code)
    if agency is None or not is_within(actor.agency_path, agency.path):
        raise missing("机构", NOT_FOUND)
    return agency


def list_agencies(
    uow: UnitOfWork, actor: Actor, parent_code: str | None = None, level: str | None = None
) -> list[AgencyInfo]:
    """Agencies in the actor's subtree (own agency included); `parent_code` = its direct children only."""
    _check_level(level)
    with uow:
        session = uow.session
        stmt = select(Agency).where(Agency.path.startswith(actor.agency_path, autoescape=True))
        if parent_code is not None:
            stmt = stmt.where(Agency.parent_id == _visible(session, actor, parent_code).id)
        if level is not None:
            stmt = stmt.where(Agency.level == level)
        return [AgencyInfo.of(a, actor.agency_path) for a in _by_path(session.scalars(stmt))]


def agency_tree(
    uow: UnitOfWork, actor: Actor, root_code: str | None = None, down_to: str | None = None
) -> dict[str, Any]:
    """The nested tree below `root_code` (default: the actor's agency), down to level `down_to`."""
    _check_level(down_to)
    depth = LEVELS.index(down_to) if down_to else len(LEVELS) - 1
    with uow:
        session = uow.session
        root = _visible(session, actor, root_code or actor.agency_code)
        nodes: dict[str, dict[str, Any]] = {}
        top: dict[str, Any] = {}
        for a in subtree(session, root):
            if LEVELS.index(a.level) > depth:
                continue
            node = {**AgencyInfo.of(a, actor.agency_path).to_dict(), "children": []}
            nodes[a.path] = node
            if a.id == root.id:
                top = node
            else:
                parent_path = a.path[: a.path.rstrip("/").rfind("/") + 1]
                if parent_path in nodes:
                    nodes[parent_path]["children"].append(node)
        return top


def get_agency(uow: UnitOfWork, actor: Actor, code: str) -> dict[str, Any]:
    """One agency in the actor's subtree, with its direct children; NotFound when absent or outside."""
    with uow:
        session = uow.session
        agency = _visible(session, actor, code)
        info = AgencyInfo.of(agency, actor.agency_path).to_dict()
        info["children"] = [AgencyInfo.of(c, actor.agency_path).to_dict() for c in children(session, agency)]
        return info
