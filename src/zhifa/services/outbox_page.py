"""The outbox administration page (/admin/outbox) for the province's administrator: per-target status,
dead letters with the target's reason, deadline breaches, the log of actions; retry and target settings
recorded with who did them. The outbox serves the whole province, so county and city administrators
(whose scope is a subtree) do not manage it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, select

from zhifa.domain.actors import Actor, Role
from zhifa.errors import PermissionDenied
from zhifa.identity.scope import require_role
from zhifa.integrations.obligations import obligation_map
from zhifa.services import outbox_admin, outbox_targets
from zhifa.store.models.outbox import OutboxRow
from zhifa.store.uow import UnitOfWork
from zhifa.timefmt import beijing

BREACH_LIMIT = 200


def is_province_admin(actor: Actor) -> bool:
    """系统管理员 of the province's own agency (a path of one level, e.g. /420000/)."""
    return actor.has(Role.ADMIN) and actor.agency_path.strip("/").count("/") == 0


def require_province_admin(actor: Actor, page: str = "推送管理") -> None:
    """Raise PermissionDenied unless the actor is the province's 系统管理员 (`page` names what is refused)."""
    require_role(actor, Role.ADMIN)
    if not is_province_admin(actor):
        raise PermissionDenied(f"{page}仅限省局系统管理员", code="province_admin_required")


def who(actor: Actor) -> str:
    """How an administrator is named in the log of actions."""
    return f"{actor.display_name}（{actor.username}）"


def breaches(engine: Engine, today: date, limit: int = BREACH_LIMIT) -> list[dict[str, Any]]:
    """Pushes past their legal period: undelivered after the due day, or delivered late (oldest first)."""
    names = obligation_map().targets
    query = select(OutboxRow).where(OutboxRow.due_on.is_not(None)).order_by(OutboxRow.due_on, OutboxRow.id)
    out = []
    with UnitOfWork(engine, read_only=True) as uow:
        for r in uow.session.scalars(query):
            done_on = beijing(r.delivered_at).date() if r.delivered_at is not None else None  # Beijing day
            assert r.due_on is not None
            late = (done_on is None and r.due_on < today) or (done_on is not None and done_on > r.due_on)
            if not late:
                continue
            out.append(
                {"id": r.id, "target": r.target, "target_name": names[r.target].name if r.target in names
                 else r.target, "obligation": r.obligation, "case_id": r.case_id, "due_on": r.due_on,
                 "status": r.status, "delivered_on": done_on,
                 "days_late": ((done_on or today) - r.due_on).days, "legal_basis": r.legal_basis}
            )  # fmt: skip
            if len(out) >= limit:
                break
    return out


def overview(engine: Engine, actor: Actor, today: date, now: datetime | None = None) -> dict[str, Any]:
    """Everything the page shows."""
    require_province_admin(actor)
    now = now or datetime.now(UTC)
    info = {t["code"]: t for t in outbox_admin.targets(engine)}
    status = [{**s, **info.get(s["target"], {})} for s in outbox_admin.status(engine, today, now)]
    return {
        "targets": status,
        "dead": outbox_admin.list_rows(engine, "dead", limit=100),
        "breaches": breaches(engine, today),
        "actions": outbox_admin.actions(engine, 30),
    }


def retry_dead(engine: Engine, actor: Actor, row_id: int) -> dict[str, Any]:
    """Put a dead letter back in its queue; who did it is logged."""
    require_province_admin(actor)
    return outbox_admin.retry(engine, row_id, actor=who(actor))


def set_target(engine: Engine, actor: Actor, code: str, url: str, secret: str) -> dict[str, str]:
    """Set a target's URL and secret from the page; who did it is logged."""
    require_province_admin(actor)
    return outbox_targets.set_target(engine, code, url, secret, who(actor))
