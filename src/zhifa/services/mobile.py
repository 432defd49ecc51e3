"""What the phone pages need from the server while online (cached by the service worker for offline use)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from zhifa.domain.actors import Actor
from zhifa.domain.profile import DEFAULT_PROFILE
from zhifa.services.case_actions import ACTIONS
from zhifa.services.case_views import list_cases
from zhifa.store.models.identity import Agency, User, UserRole
from zhifa.store.uow import UnitOfWork

# stages in which evidence (records, photos) is still taken: add-evidence's stages
RECORD_STAGES = frozenset(s.value for s in ACTIONS["add-evidence"].stages)


def partners(uow: UnitOfWork, actor: Actor) -> list[dict[str, Any]]:
    """The other active 办案人员 of the actor's own agency who hold an 执法证 (the second officer on site)."""
    with uow:
        rows = uow.session.execute(
            select(User.id, User.display_name, User.credential_no)
            .join(Agency, Agency.id == User.agency_id)
            .join(UserRole, UserRole.user_id == User.id)
            .where(Agency.path == actor.agency_path, UserRole.role == "handler", User.active.is_(True))
            .where(User.id != actor.user_id, User.credential_no.is_not(None))
            .order_by(User.display_name)
        ).all()
    return [{"user_id": r.id, "name": r.display_name, "credential_no": r.credential_no} for r in rows]


def record_cases(uow: UnitOfWork, actor: Actor) -> list[dict[str, Any]]:
    """The actor's own cases still under investigation, with the version a draft is written against."""
    page = list_cases(uow, actor, handler=actor.user_id, per_page=200)
    return [
        {"id": c["id"], "title": c["title"], "stage_label": c["stage_label"], "version": c["last_seq"]}
        for c in page["items"]
        if c["stage"] in RECORD_STAGES
    ]


def summary_limits() -> dict[str, str]:
    """The on-the-spot limits the form checks as the officer types (the server checks again)."""
    p = DEFAULT_PROFILE
    return {
        "person": str(p.summary_fine_person),
        "organization": str(p.summary_fine_organization),
        "individual_business": str(
            p.summary_fine_person if p.individual_business_as_person else p.summary_fine_organization
        ),
        "collection": str(p.onsite_collection_limit),
    }
