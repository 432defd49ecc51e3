"""Target endpoints set by an administrator (`zhifa outbox set-target`, /admin/outbox), the alternative to
ZHIFA_PUSH_URL_<CODE> / ZHIFA_PUSH_SECRET_<CODE>. The HMAC-SM3 secret is stored sealed with SM4-GCM under a
key derived from the key-encryption secret (PBKDF2-HMAC-SM3, a label of its own), bound to the target code
so that a sealed secret copied to another target does not open. The environment, when set, wins: a
deployment that configures targets by environment is not changed from a web page.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from datetime import UTC, datetime
from functools import lru_cache

from sqlalchemy import Engine, select
from tongsuopy.crypto.ciphers.aead import SM4GCM
from tongsuopy.crypto.exceptions import InvalidTag

from zhifa.config import PushEndpoint, get_settings, push_endpoint
from zhifa.errors import ConfigurationError, ValidationFailed
from zhifa.integrations.obligations import obligation_map
from zhifa.integrations.transport import check_url
from zhifa.store.models.outbox import OutboxAction, OutboxTarget
from zhifa.store.uow import UnitOfWork

PREFIX = "sm4gcm-v1:"
_LABEL = b"zhifa/push-target-secret/v1"
MIN_SECRET = 16


@lru_cache(maxsize=4)
def _kek(secret: str) -> bytes:
    if not secret:
        raise ConfigurationError("未设置密钥加密口令 ZHIFA_KEY_ENCRYPTION_SECRET", code="no_key_secret")
    return hashlib.pbkdf2_hmac("sm3", secret.encode(), _LABEL, 100_000, 32)


def _aad(code: str) -> bytes:
    return f"zhifa-push-target|{code}".encode()


def seal_secret(value: str, code: str, kek_secret: str | None = None) -> str:
    """SM4-GCM of the secret (random salt and nonce), bound to the target code."""
    salt, nonce = os.urandom(16), os.urandom(12)
    dek = hmac.new(_kek(kek_secret or get_settings().key_encryption_secret), salt, "sm3").digest()[:16]
    body = SM4GCM(dek).encrypt(nonce, value.encode(), _aad(code))
    return PREFIX + base64.b64encode(salt + nonce + bytes(body)).decode("ascii")


def open_secret(sealed: str, code: str, kek_secret: str | None = None) -> str:
    """The secret back; ConfigurationError when the key-encryption secret or the binding is wrong."""
    if not sealed.startswith(PREFIX):
        raise ConfigurationError(f"推送目标 {code} 的密钥格式无法识别", code="bad_sealed_secret")
    raw = base64.b64decode(sealed[len(PREFIX) :])
    dek = hmac.new(_kek(kek_secret or get_settings().key_encryption_secret), raw[:16], "sm3").digest()[:16]
    try:
        return bytes(SM4GCM(dek).decrypt(raw[16:28], raw[28:], _aad(code))).decode()
    except InvalidTag as exc:
        raise ConfigurationError(
            f"无法解密推送目标 {code} 的密钥：密钥加密口令不符或记录被改动", code="push_secret_decrypt_failed"
        ) from exc


def stored_endpoints(engine: Engine) -> dict[str, PushEndpoint]:
    """The endpoints administrators set, secrets opened."""
    with UnitOfWork(engine, read_only=True) as uow:
        found = list(
            uow.session.execute(select(OutboxTarget.code, OutboxTarget.url, OutboxTarget.secret_enc))
        )
    return {code: PushEndpoint(url, open_secret(sealed, code)) for code, url, sealed in found}


def resolve(code: str, stored: dict[str, PushEndpoint]) -> tuple[PushEndpoint, str]:
    """The endpoint of a target and where it comes from: "env", "admin" or "" (not configured)."""
    env = push_endpoint(code)
    if env.configured:
        return env, "env"
    if code in stored:
        return stored[code], "admin"
    return PushEndpoint("", ""), ""


def set_target(
    engine: Engine, code: str, url: str, secret: str, actor: str, now: datetime | None = None
) -> dict[str, str]:
    """Store a target's URL and sealed secret, and who set them (the secret itself is never logged)."""
    if code not in obligation_map().targets:
        known = "、".join(obligation_map().targets)
        raise ValidationFailed(f"未知的推送目标：{code}（可选 {known}）", code="unknown_push_target")
    try:
        check_url(url.strip())
    except ConfigurationError as exc:
        raise ValidationFailed(exc.message, code="push_url_invalid") from exc
    if len(secret.encode()) < MIN_SECRET or secret != secret.strip():
        raise ValidationFailed(
            f"签名密钥至少 {MIN_SECRET} 字节（UTF-8），且首尾不能有空白", code="push_secret_too_short"
        )
    now, url = now or datetime.now(UTC), url.strip()
    with UnitOfWork(engine) as uow:
        row = uow.session.get(OutboxTarget, code)
        if row is None:
            row = OutboxTarget(code=code)
            uow.session.add(row)
        row.url, row.secret_enc, row.updated_at, row.updated_by = (
            url.strip(),
            seal_secret(secret, code),
            now,
            actor,
        )
        uow.session.add(
            OutboxAction(
                outbox_id=None, target=code, action="set_target", actor=actor, note=url.strip(), at=now
            )
        )
        uow.commit()
    overridden = push_endpoint(code).configured
    return {"code": code, "url": url, "source": "env" if overridden else "admin"}
