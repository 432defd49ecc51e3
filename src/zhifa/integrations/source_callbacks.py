"""The callback URL of a source system: set or changed — its clues brought up to date (callback_catchup) —
or cleared: no callback rows are queued for it any more (it polls `GET /api/v1/intake/clues/{id}`) and the
ones still waiting become dead letters with the reason, kept for the administrator (decision 0030)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import select

from zhifa.errors import Conflict, ValidationFailed
from zhifa.identity.auth import utcnow
from zhifa.identity.scope import missing
from zhifa.integrations.callback_catchup import CatchUp, catch_up, dead_letter_waiting, requeue_dead
from zhifa.integrations.callbacks import TARGET
from zhifa.integrations.transport import LOOPBACK
from zhifa.store.models.intake import IntakeSource
from zhifa.store.models.outbox import OutboxAction
from zhifa.store.uow import UnitOfWork

CLEARED = "回调地址已清除"


@dataclass(frozen=True)
class CallbackSet:
    """The callback URL of an enabled source set or changed (its key unchanged), and the catch-up."""

    code: str
    name: str
    callback_url: str
    previous_url: str | None
    catch_up: CatchUp


@dataclass(frozen=True)
class CallbackCleared:
    """The callback URL of an enabled source cleared (its key unchanged)."""

    code: str
    name: str
    previous_url: str | None
    dead: int  # callbacks still waiting that went to dead letters (回调地址已清除)


def check_callback(url: str | None) -> str | None:
    """The URL when the push transport would accept it (None for none); else bad_callback_url."""
    if url is None or url == "":
        return None
    parts = urlsplit(url)
    plain_ok = parts.scheme == "http" and parts.hostname in LOOPBACK  # the push transport's rule
    if not (parts.scheme == "https" or plain_ok) or not parts.hostname or len(url) > 500:
        raise ValidationFailed(
            "回调地址须为 https:// 网址（本机测试可用 http://127.0.0.1），且不超过 500 个字符",
            code="bad_callback_url",
        )
    return url


def locked(uow: UnitOfWork, code: str) -> IntakeSource | None:
    """The source row, locked until commit (a concurrent clue's receipt and case writes wait for it)."""
    return uow.session.scalar(select(IntakeSource).where(IntakeSource.code == code).with_for_update())


def log(uow: UnitOfWork, action: str, actor: str, note: str, now: datetime) -> None:
    """One line of the log of actions (outbox_actions, target intake_callback): who did what to a source."""
    uow.session.add(
        OutboxAction(outbox_id=None, target=TARGET, action=action, actor=actor, note=note, at=now)
    )


def bring_up_to_date(uow: UnitOfWork, row: IntakeSource, changed: bool, actor: str, now: datetime) -> CatchUp:
    """After the URL or key of a source changed: its dead callback letters back in their queues (the old
    endpoint refused them, or its URL had been cleared), then the callbacks its clues have not had; logged
    with who did it."""
    if not row.callback_url:
        return CatchUp()
    uow.session.flush()
    requeued = 0
    if changed:
        note = f"来源系统 {row.code} 的回调地址或密钥已变更，死信重新投递"
        requeued = requeue_dead(uow.session, row.id, actor, note, now)
    done = catch_up(uow.session, row.id, now)
    if changed or done.queued:
        note = (
            f"来源系统 {row.code} 回调地址 {row.callback_url}：补发回调 {done.queued} 条"
            f"（线索 {done.clues} 条），死信重新投递 {requeued} 条"
        )
        log(uow, "set_callback", actor, note, now)
    return CatchUp(queued=done.queued, clues=done.clues, requeued=requeued)


def drop_callback(uow: UnitOfWork, row: IntakeSource, actor: str, now: datetime) -> int:
    """Clear the row's URL; its waiting callbacks to dead letters; logged when anything changed."""
    previous, row.callback_url = row.callback_url, None
    uow.session.flush()
    dead = dead_letter_waiting(uow.session, row.id, f"{CLEARED}（{actor}）", now)
    if previous or dead:
        note = (
            f"来源系统 {row.code} 回调地址 {previous or '未设置'} 已清除：未投递的回调 {dead} 条转入死信"
            "（重新设置回调地址时重新排队）"
        )
        log(uow, "clear_callback", actor, note, now)
    return dead


def _enabled(uow: UnitOfWork, code: str) -> IntakeSource:
    row = locked(uow, code)
    if row is None:
        raise missing("来源系统", "source_not_found")
    if not row.active:
        raise Conflict(
            f"来源系统 {code} 未启用（密钥已撤销），请以 zhifa sources enable/add 重新启用",
            code="source_revoked",
        )
    return row


def set_callback(
    uow: UnitOfWork, code: str, callback: str, actor: str = "?", name: str | None = None
) -> CallbackSet:
    """Set or change the callback URL of an enabled source (its key stays) and bring its clues up to date:
    every callback they have not had is queued in order; run again, it queues nothing."""
    checked = check_callback(callback)
    if checked is None:
        raise ValidationFailed("请提供回调地址", code="bad_callback_url")
    name = (name or "").strip() or None
    if name is not None and not 2 <= len(name) <= 64:
        raise ValidationFailed("来源系统名称须为 2～64 个字符", code="bad_source_name")
    now = utcnow()
    with uow:
        row = _enabled(uow, code)
        previous = row.callback_url
        row.callback_url, row.name = checked, name or row.name
        done = bring_up_to_date(uow, row, previous != checked, actor, now)
        result = CallbackSet(code=row.code, name=row.name, callback_url=checked, previous_url=previous,
                             catch_up=done)  # fmt: skip
        uow.commit()
    return result


def clear_callback(uow: UnitOfWork, code: str, actor: str = "?") -> CallbackCleared:
    """Clear the callback URL of an enabled source (its key stays): no callbacks are queued for it from now
    on, the waiting ones become dead letters (回调地址已清除); a URL set again brings it up to date."""
    now = utcnow()
    with uow:
        row = _enabled(uow, code)
        previous = row.callback_url
        dead = drop_callback(uow, row, actor, now)
        result = CallbackCleared(code=row.code, name=row.name, previous_url=previous, dead=dead)
        uow.commit()
    return result
