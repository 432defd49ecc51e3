"""The server's SM2 keys: generated on first use, private half sealed at rest in a 0600 file each.

One key per purpose under `<var_dir>/keys/`: the checkpoint key (`checkpoint-key.json`) here, the dossier
manifest key (zhifa.documents.server_key). A file holds the key id, the public PEM and the private key
sealed with SM4-GCM under the key-encryption secret exactly as user keys are (zhifa.ledger.sm), bound to
the key id and to user id 0 (the server). Back it up with the var directory (`zhifa backup create`).
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from zhifa.errors import ConfigurationError
from zhifa.ledger import sm

SERVER_USER_ID = 0
KEY_FILE = Path("keys") / "checkpoint-key.json"


def key_path(var_dir: Path) -> Path:
    """Where the checkpoint key of this var directory lives."""
    return var_dir / KEY_FILE


def _create(path: Path, secret: str, purpose: str) -> Any:
    private = sm.generate_private_key()
    pem = sm.public_pem(private)
    key_id = sm.key_fingerprint(pem)
    record = {
        "key_id": key_id,
        "public_key_pem": pem,
        "encrypted_private_key": sm.seal_private_key(private, secret, key_id, SERVER_USER_ID),
        "created_at": datetime.now(UTC).isoformat(),
        "purpose": purpose,
    }
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(record, out, ensure_ascii=False, indent=2)
    try:
        os.link(tmp, path)  # never replaces a key another process created meanwhile
    except FileExistsError:
        tmp.unlink()
        return None
    tmp.unlink()
    return private


def server_key(var_dir: Path, secret: str, file_name: str, purpose: str, label: str, code: str) -> Any:
    """The server private key of one purpose, created (and sealed into `keys/<file_name>`) on first use.

    `label` names the key in the Chinese error and `code` is its error code when the file is unreadable.
    """
    path = var_dir / "keys" / file_name
    if not path.exists():
        created = _create(path, secret, purpose)
        if created is not None:
            return created
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        key_id, sealed = record["key_id"], record["encrypted_private_key"]
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigurationError(f"{label}文件 {path} 无法读取或已损坏", code=code) from exc
    private = sm.open_private_key(sealed, secret, key_id, SERVER_USER_ID)
    if sm.key_fingerprint(sm.public_pem(private)) != key_id:
        raise ConfigurationError(f"{label}文件 {path} 的密钥编号不符", code=code)
    return private


def checkpoint_key(var_dir: Path, secret: str) -> Any:
    """The server checkpoint private key, created (and sealed into its file) on first use."""
    return server_key(
        var_dir, secret, KEY_FILE.name, "ledger-checkpoint", "检查点签名密钥", "checkpoint_key_unreadable"
    )
