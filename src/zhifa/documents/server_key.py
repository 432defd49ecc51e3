"""The server's SM2 key that signs dossier manifests: made at first use under <var>/keys (mode 0600), the
private half sealed with the key-encryption secret like the users' keys (DESIGN §1: no fixed secret)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zhifa.ledger import sm
from zhifa.ledger.server_key import server_key as sealed_server_key


def server_key(var_dir: Path, secret: str) -> tuple[Any, str]:
    """(private key, public PEM), created and stored on first use."""
    private = sealed_server_key(
        var_dir, secret, "dossier-sm2.json", "dossier-manifest", "卷宗签名密钥", "dossier_key_unreadable"
    )
    return private, sm.public_pem(private)
