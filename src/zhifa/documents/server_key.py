"""The server's SM2 key that signs dossier manifests: made at first use under <var>/keys (mode 0600), the
private half sealed with the key-encryption secret like the users' keys (DESIGN §1: no fixed secret)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from zhifa.ledger import sm

SERVER_USER = 0  # the binding of the sealed key: not a user


def key_file(var_dir: Path) -> Path:
    """Where the server key lives."""
    return var_dir / "keys" / "dossier-sm2.json"


def server_key(var_dir: Path, secret: str) -> tuple[Any, str]:
    """(private key, public PEM), created and stored on first use."""
    path = key_file(var_dir)
    if not path.exists():
        private = sm.generate_private_key()
        public = sm.public_pem(private)
        key_id = sm.key_fingerprint(public)
        body = {
            "key_id": key_id,
            "public_key_pem": public,
            "sealed": sm.seal_private_key(private, secret, key_id, SERVER_USER),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key-")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(body, out)
        os.chmod(tmp, 0o600)
        if not path.exists():  # another process may have made it meanwhile: keep the first
            os.replace(tmp, path)
        else:
            os.unlink(tmp)
    body = json.loads(path.read_text(encoding="utf-8"))
    return sm.open_private_key(body["sealed"], secret, body["key_id"], SERVER_USER), body["public_key_pem"]
