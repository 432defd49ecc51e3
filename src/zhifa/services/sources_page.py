"""The 来源系统管理 page (/admin/sources) for the province's administrator: every source system (the shipped
twelve and any added) with its status, callback URL, clues received and callbacks waiting or dead; enabling
(the key shown once, never stored or logged), setting, changing or clearing the callback URL, revoking —
each recorded with who did it. Source systems serve the whole province, like the outbox."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select

from zhifa.domain.actors import Actor
from zhifa.errors import Conflict, ValidationFailed
from zhifa.identity.scope import missing
from zhifa.integrations import sources
from zhifa.integrations.callbacks import TARGET, callback_counts
from zhifa.services.outbox_admin import actions
from zhifa.services.outbox_page import require_province_admin as require_province_admin
from zhifa.services.outbox_page import who
from zhifa.store.models.intake import IntakeClue, IntakeSource
from zhifa.store.uow import UnitOfWork

PAGE = "来源系统管理"


def _clues_by_source(engine: Engine) -> dict[str, int]:
    with UnitOfWork(engine, read_only=True) as uow:
        found = uow.session.execute(
            select(IntakeSource.code, func.count(IntakeClue.case_id))
            .join(IntakeClue, IntakeClue.source_id == IntakeSource.id)
            .group_by(IntakeSource.code)
        ).all()
    return {code: int(n) for code, n in found}


def overview(engine: Engine, actor: Actor) -> dict[str, Any]:
    """Everything the page shows: the sources with their counts, and the log of actions on them."""
    require_province_admin(actor, PAGE)
    clues, counts = _clues_by_source(engine), {c["source"]: c for c in callback_counts(engine)}
    items = []
    for s in sources.list_sources(UnitOfWork(engine)):
        c = counts.get(s["code"], {})
        waiting = int(c.get("pending", 0)) + int(c.get("retrying", 0))
        items.append(
            {**s, "clues": clues.get(s["code"], 0), "waiting": waiting, "dead": int(c.get("dead", 0)),
             "delivered": int(c.get("delivered", 0)),
             "stalled": waiting > 0 and (s["status"] != "enabled" or not s["callback_url"])}
        )  # fmt: skip
    return {"sources": items, "actions": actions(engine, 30, target=TARGET, per_row=False)}


def _known(engine: Engine, code: str) -> dict[str, Any]:
    found = next((s for s in sources.list_sources(UnitOfWork(engine)) if s["code"] == code), None)
    if found is None:
        raise missing("来源系统", "source_not_found")
    return found


def enable(engine: Engine, actor: Actor, code: str, callback: str = "") -> sources.IssuedKey:
    """Enable a shipped source, or re-enable a revoked one (its URL kept unless another is given); the
    key is returned once and only its SM3 hash is stored."""
    require_province_admin(actor, PAGE)
    found = _known(engine, code)
    if found["status"] == "enabled":
        raise Conflict(f"来源系统 {code} 已启用；如需更换密钥请先撤销再启用", code="source_exists")
    if found["shipped"] and found["status"] == "not_enabled":
        return sources.enable_source(UnitOfWork(engine), code, callback.strip() or None, who(actor))
    return sources.add_source(UnitOfWork(engine), code, None, callback.strip() or None, who(actor))


def add(engine: Engine, actor: Actor, code: str, name: str, callback: str = "") -> sources.IssuedKey:
    """Register a source system not shipped with zhifa (its own code and name; clues routed by place of
    conduct); the key is returned once. A code already listed is refused: it is enabled from its row."""
    require_province_admin(actor, PAGE)
    code = code.strip()
    listed = next((s for s in sources.list_sources(UnitOfWork(engine)) if s["code"] == code), None)
    if listed is not None:
        raise Conflict(
            f"来源系统代码 {code} 已被“{listed['name']}”使用；请在来源系统列表中启用或重新启用",
            code="source_exists",
        )
    if not name.strip():
        raise ValidationFailed("请填写来源系统名称（2～64 个字符）", code="bad_source_name")
    return sources.add_source(UnitOfWork(engine), code, name.strip(), callback.strip() or None, who(actor))


def set_callback(engine: Engine, actor: Actor, code: str, url: str) -> sources.CallbackSet:
    """Set or change the callback URL of an enabled source; its clues are brought up to date."""
    require_province_admin(actor, PAGE)
    if not url.strip():
        raise ValidationFailed("请填写回调地址；不再回调请用“清除回调地址”", code="bad_callback_url")
    return sources.set_callback(UnitOfWork(engine), code, url.strip(), who(actor))


def clear_callback(engine: Engine, actor: Actor, code: str) -> sources.CallbackCleared:
    """Clear the callback URL of an enabled source; its waiting callbacks go to dead letters."""
    require_province_admin(actor, PAGE)
    return sources.clear_callback(UnitOfWork(engine), code, who(actor))


def revoke(engine: Engine, actor: Actor, code: str, confirmed: bool) -> None:
    """Revoke a source's key (after the administrator confirmed it)."""
    require_province_admin(actor, PAGE)
    if not confirmed:
        raise ValidationFailed("请勾选确认后再撤销", code="confirmation_required")
    sources.revoke_source(UnitOfWork(engine), code, who(actor))
