"""Shared pieces of the oversight queries: the filter (scope, period), names of agencies and users."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from zhifa.store.models.cases import CaseRow
from zhifa.store.models.identity import Agency, User


@dataclass(frozen=True)
class Filter:
    """What a query covers: an agency subtree (by path) and a period of days (inclusive)."""

    scope_path: str
    scope_name: str = ""
    start: date | None = None
    end: date | None = None

    def where(self, path_col: Any, day_col: Any | None = None) -> list[ColumnElement[bool]]:
        """SQL conditions for a table's agency path and day columns."""
        out: list[ColumnElement[bool]] = [path_col.startswith(self.scope_path, autoescape=True)]
        if day_col is not None and self.start is not None:
            out.append(day_col >= self.start)
        if day_col is not None and self.end is not None:
            out.append(day_col <= self.end)
        return out

    def title(self) -> str:
        """“江岸区市场监督管理局 2026-01-01 至 2026-12-31” (for exports)."""
        start = self.start.isoformat() if self.start else "最早"
        end = self.end.isoformat() if self.end else "今日"
        return f"{self.scope_name or self.scope_path} {start} 至 {end}"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "scope": self.scope_path, "scope_name": self.scope_name,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
        }  # fmt: skip


def region_of(path: str, scope_path: str) -> str:
    """The path of the agency one level below the scope that contains `path` (the scope itself for its
    own cases)."""
    rest = path[len(scope_path) :].strip("/")
    return f"{scope_path}{rest.split('/')[0]}/" if rest else scope_path


def agency_names(session: Session, paths: Iterable[str]) -> dict[str, str]:
    """Agency path → short name (or name)."""
    wanted = sorted(set(paths))
    out: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        rows = session.execute(
            select(Agency.path, Agency.short_name, Agency.name).where(
                Agency.path.in_(wanted[start : start + 500])
            )
        )
        out.update({p: short or name for p, short, name in rows})
    return out


def user_names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    """User id → display name."""
    wanted = sorted({i for i in ids if i is not None})
    out: dict[int, str] = {}
    for start in range(0, len(wanted), 500):
        rows = session.execute(
            select(User.id, User.display_name).where(User.id.in_(wanted[start : start + 500]))
        )
        out.update(dict(rows.all()))
    return out


def case_titles(session: Session, ids: Iterable[str]) -> dict[str, str]:
    """Case id → title."""
    wanted = sorted(set(ids))
    out: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        rows = session.execute(
            select(CaseRow.id, CaseRow.title).where(CaseRow.id.in_(wanted[start : start + 500]))
        )
        out.update(dict(rows.all()))
    return out
