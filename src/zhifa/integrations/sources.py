"""Source systems (业务监管系统): the shipped twelve, registration, API keys (SM3-hashed), revocation;
their callback URL is set, changed or cleared in source_callbacks (re-exported here)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select

from zhifa.errors import Conflict, Unauthenticated, ValidationFailed
from zhifa.identity.auth import as_utc, token_hash, utcnow
from zhifa.identity.scope import missing
from zhifa.integrations.callback_catchup import CatchUp
from zhifa.integrations.callbacks import callback_secret
from zhifa.integrations.source_callbacks import CallbackCleared as CallbackCleared  # re-exported
from zhifa.integrations.source_callbacks import CallbackSet as CallbackSet
from zhifa.integrations.source_callbacks import bring_up_to_date, check_callback, drop_callback, locked, log
from zhifa.integrations.source_callbacks import clear_callback as clear_callback
from zhifa.integrations.source_callbacks import set_callback as set_callback
from zhifa.rules.yamlio import read_yaml
from zhifa.store.models.identity import Agency, User
from zhifa.store.models.intake import IntakeSource
from zhifa.store.uow import UnitOfWork

SHIPPED_YAML = Path(__file__).resolve().parent / "sources.yaml"
KEY_PREFIX = "zfsrc_"
CODE_RE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
BAD_KEY = "来源系统 API 密钥无效或已撤销"


class ShippedSource(BaseModel):
    """One source system as the province ships it (sources.yaml)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=CODE_RE.pattern)
    name: str = Field(min_length=2, max_length=64)
    area: str = Field(min_length=1, max_length=16)
    routing: Literal["place_of_conduct", "domicile", "publisher"]


@cache
def shipped_sources() -> dict[str, ShippedSource]:
    """The shipped source systems by code (the file is checked strictly: a bad entry is an error)."""
    data, problem = read_yaml(SHIPPED_YAML, SHIPPED_YAML.name)
    if problem is not None or not isinstance(data, list):
        raise ValidationFailed(f"来源系统配置无法读取：{problem}", code="sources_config_invalid")
    try:
        items = [ShippedSource.model_validate(item) for item in data]
    except ValidationError as exc:
        raise ValidationFailed(
            f"来源系统配置有误：{exc.errors()[0]['msg']}", code="sources_config_invalid"
        ) from exc
    by_code = {s.code: s for s in items}
    if len(by_code) != len(items):
        raise ValidationFailed("来源系统配置中有重复的代码", code="sources_config_invalid")
    return by_code


@dataclass(frozen=True)
class SourceKey:
    """A source system authenticated by its API key: what the intake service needs of it."""

    id: int
    code: str
    name: str
    user_id: int
    routing: str
    callback_url: str | None = None


@dataclass(frozen=True)
class IssuedKey:
    """A newly enabled source and its API key (shown once, never stored)."""

    code: str
    name: str
    key: str
    callback_url: str | None = None
    callback_secret: str | None = None  # HMAC-SM3 key of its callbacks (derived; shown with the key)
    catch_up: CatchUp | None = None  # callbacks queued for its earlier clues (re-enabled with a URL)


def _check_code(code: str) -> str:
    if not CODE_RE.match(code):
        raise ValidationFailed(
            "来源系统代码须为 2～32 位小写字母、数字或下划线，以字母开头", code="bad_source_code"
        )
    return code


def _province(uow: UnitOfWork) -> Agency:
    agency = uow.session.scalars(select(Agency).where(Agency.parent_id.is_(None)).order_by(Agency.id)).first()
    if agency is None:
        raise ValidationFailed(
            "尚无机构数据，请先导入机构（zhifa demo load 或 users 初始化）", code="no_agencies"
        )
    return agency


def add_source(
    uow: UnitOfWork,
    code: str,
    name: str | None = None,
    callback: str | None = None,
    actor: str = "?",
    no_callback: bool = False,
) -> IssuedKey:
    """Register (or re-enable after revocation) a source system; returns its new API key once.
    Re-enabled without a callback URL it keeps the one it had (unless `no_callback`: the URL is cleared);
    with one, its clues are brought up to date. Logged with who did it (never the key)."""
    code = _check_code(code.strip())
    shipped = shipped_sources().get(code)
    callback = check_callback(callback)
    if callback is not None and no_callback:
        raise ValidationFailed("不能同时设置和清除回调地址", code="bad_callback_url")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    with uow:
        row = locked(uow, code)
        if row is not None and row.active:
            raise Conflict(
                f"来源系统 {code} 已启用；如需更换密钥请先撤销；设置或更换回调地址请加 --callback 网址",
                code="source_exists",
            )
        name = (name or "").strip() or (row.name if row else "") or (shipped.name if shipped else "")
        if not 2 <= len(name) <= 64:
            raise ValidationFailed("来源系统名称须为 2～64 个字符", code="bad_source_name")
        if row is None:
            user = User(
                username=f"intake:{code}", display_name=name, agency_id=_province(uow).id,
                password_hash="!", active=False, created_at=now,
            )  # fmt: skip
            uow.session.add(user)
            uow.session.flush()
            row = IntakeSource(code=code, user_id=user.id, created_at=now)
            uow.session.add(row)
        elif no_callback:
            drop_callback(uow, row, actor, now)
        row.name, row.key_hash = name, token_hash(key)
        row.callback_url = callback if callback is not None else row.callback_url
        row.active, row.revoked_at, row.enabled_at = True, None, now
        log(
            uow,
            "enable_source",
            actor,
            f"来源系统 {code}（{name}）已启用，签发新的 API 密钥（只显示一次，不保存原文）",
            now,
        )
        done = bring_up_to_date(uow, row, True, actor, now)
        callback = row.callback_url
        uow.commit()
    secret = callback_secret(code, token_hash(key)) if callback else None
    caught = done if callback else None
    return IssuedKey(
        code=code, name=name, key=key, callback_url=callback, callback_secret=secret, catch_up=caught
    )


def enable_source(
    uow: UnitOfWork, code: str, callback: str | None = None, actor: str = "?", no_callback: bool = False
) -> IssuedKey:
    """Enable one of the shipped source systems under its shipped name."""
    if code not in shipped_sources():
        raise missing("随系统配置的来源系统", "source_not_found")
    return add_source(uow, code, None, callback, actor, no_callback)


def source_enabled(uow: UnitOfWork, code: str) -> bool:
    """True when the source is registered and its key is active."""
    with uow:
        return bool(uow.session.scalar(select(IntakeSource.active).where(IntakeSource.code == code)))


def revoke_source(uow: UnitOfWork, code: str, actor: str = "?") -> None:
    """Revoke a source's key: its pushes are refused (401) from now on; its clues stay, and its callbacks
    wait (not configured) until it is enabled again. Logged with who did it."""
    now = utcnow()
    with uow:
        row = locked(uow, code)
        if row is None:
            raise missing("来源系统", "source_not_found")
        if row.active:
            log(uow, "revoke_source", actor, f"来源系统 {code}（{row.name}）的 API 密钥已撤销", now)
        row.active, row.key_hash, row.revoked_at = False, None, row.revoked_at if not row.active else now
        uow.commit()


def source_callback_secret(uow: UnitOfWork, code: str) -> str:
    """The callback signing secret of an active source (derived again; for a source enabled earlier)."""
    with uow:
        row = uow.session.scalar(select(IntakeSource).where(IntakeSource.code == code))
        if row is None or not row.active or not row.key_hash:
            raise missing("已启用的来源系统", "source_not_found")
        return callback_secret(row.code, row.key_hash)


def list_sources(uow: UnitOfWork) -> list[dict[str, Any]]:
    """Registered sources and the shipped ones not yet enabled (never a key)."""
    with uow:
        rows = {r.code: r for r in uow.session.scalars(select(IntakeSource).order_by(IntakeSource.code))}
        out = []
        for code in sorted({*rows, *shipped_sources()}):
            row, shipped = rows.get(code), shipped_sources().get(code)
            status = "enabled" if row and row.active else ("revoked" if row else "not_enabled")
            out.append({
                "code": code, "name": row.name if row else shipped.name if shipped else "",
                "shipped": shipped is not None, "status": status,
                "callback_url": row.callback_url if row else None,
                "created_at": as_utc(row.created_at).isoformat() if row else None,
                "enabled_at": as_utc(row.enabled_at).isoformat() if row and row.enabled_at else None,
                "revoked_at": as_utc(row.revoked_at).isoformat() if row and row.revoked_at else None,
            })  # fmt: skip
    return out


def authenticate_source(uow: UnitOfWork, key: str | None) -> SourceKey:
    """The active source system holding this API key; one 401 for missing, unknown and revoked keys."""
    if not key or not key.startswith(KEY_PREFIX) or len(key) > 200:
        raise Unauthenticated(BAD_KEY, code="invalid_source_key")
    with uow:
        row = uow.session.scalar(select(IntakeSource).where(IntakeSource.key_hash == token_hash(key)))
        if row is None or not row.active:
            raise Unauthenticated(BAD_KEY, code="invalid_source_key")
        shipped = shipped_sources().get(row.code)
        routing = shipped.routing if shipped else "place_of_conduct"
        return SourceKey(row.id, row.code, row.name, row.user_id, routing, row.callback_url)
