"""Listing the oversight events of a scope and period (overrides, closures, corrections), newest first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zhifa.oversight.facts import KIND_LABELS
from zhifa.oversight.query import Filter, agency_names, case_titles, user_names
from zhifa.store.models.oversight import OversightEvent

E = OversightEvent


def _money(value: Any) -> str | None:
    return None if value is None else str(value)


def event_counts(session: Session, f: Filter, kinds: Sequence[str]) -> dict[str, int]:
    """Number of events of each kind in scope and period (every kind named, 0 when none)."""
    rows = session.execute(
        select(E.kind, func.count())
        .where(E.kind.in_(kinds), *f.where(E.agency_path, E.happened_on))
        .group_by(E.kind)
    )
    counts = dict(rows.all())
    return {k: int(counts.get(k, 0)) for k in kinds}


def event_items(
    session: Session, f: Filter, kinds: Sequence[str], *, limit: int = 200, lowered_only: bool = False
) -> list[dict[str, Any]]:
    """The newest events of these kinds, with case title, agency and actor names, ready for a table."""
    stmt = select(
        E.case_id, E.seq, E.kind, E.agency_path, E.actor_id, E.happened_on, E.ground, E.reason,
        E.before, E.after, E.fine_before, E.fine_after, E.lowered,
    ).where(E.kind.in_(kinds), *f.where(E.agency_path, E.happened_on))  # fmt: skip
    if lowered_only:
        stmt = stmt.where(E.lowered.is_(True))
    rows = session.execute(stmt.order_by(E.happened_on.desc(), E.id.desc()).limit(limit)).all()
    titles = case_titles(session, (r.case_id for r in rows))
    agencies = agency_names(session, (r.agency_path for r in rows))
    users = user_names(session, (r.actor_id for r in rows))
    return [
        {
            "case_id": r.case_id,
            "case_title": titles.get(r.case_id, ""),
            "url": f"/cases/{r.case_id}",
            "seq": r.seq,
            "kind": r.kind,
            "kind_label": KIND_LABELS.get(r.kind, r.kind),
            "agency": agencies.get(r.agency_path, r.agency_path),
            "actor_id": r.actor_id,
            "actor": users.get(r.actor_id, str(r.actor_id)),
            "on": r.happened_on.isoformat(),
            "ground": r.ground,
            "reason": r.reason,
            "before": r.before,
            "after": r.after,
            "fine_before": _money(r.fine_before),
            "fine_after": _money(r.fine_after),
            "lowered": bool(r.lowered),
        }
        for r in rows
    ]
