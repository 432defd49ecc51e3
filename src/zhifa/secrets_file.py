"""Generated secrets kept in `<var_dir>/secrets.json` (mode 0600): made once at first start, then reused."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import stat
from datetime import UTC, datetime
from pathlib import Path

from zhifa.errors import ConfigurationError

SECRETS_FILE = "secrets.json"
SECRET_NAMES = ("secret_key", "key_encryption_secret")
MIN_SECRET_LENGTH = 32


def _refuse(path: Path, problem: str, code: str) -> ConfigurationError:
    return ConfigurationError(
        f"密钥文件 {path} {problem}；系统拒绝启动。请从备份恢复该文件（或修正其权限为 0600），"
        "切勿删除后重新生成：加密密钥丢失将使全部用户的签名私钥无法解密",
        code=code,
    )


def read_secrets(path: Path) -> dict[str, str]:
    """The secrets of an existing file; refuse a file that is unreadable, corrupt or open to others."""
    try:
        info = path.stat()
    except OSError as exc:
        raise _refuse(path, f"无法访问（{exc.strerror}）", "secrets_unreadable") from exc
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(path, "不是普通文件", "secrets_unreadable")
    if os.name == "posix" and info.st_mode & 0o077:
        mode = f"{stat.S_IMODE(info.st_mode):04o}"
        raise _refuse(path, f"权限过宽（{mode}，只允许 0600）", "secrets_permissions")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise _refuse(path, f"无法读取（{exc.strerror}）", "secrets_unreadable") from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise _refuse(path, "内容已损坏（不是有效的 JSON）", "secrets_corrupt") from exc
    if not isinstance(data, dict):
        raise _refuse(path, "内容已损坏（应为 JSON 对象）", "secrets_corrupt")
    for name in SECRET_NAMES:
        value = data.get(name)
        if not isinstance(value, str) or len(value) < MIN_SECRET_LENGTH:
            raise _refuse(path, f"内容已损坏（缺少或过短：{name}）", "secrets_corrupt")
    return {name: data[name] for name in SECRET_NAMES}


def _create(path: Path) -> None:
    """Write fresh secrets atomically: a private temporary file, then a hard link that fails if one exists."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    body = {name: secrets.token_urlsafe(48) for name in SECRET_NAMES}
    body["created_at"] = datetime.now(UTC).isoformat()
    body["note"] = "zhifa 生成的密钥：与数据库一同备份；丢失 key_encryption_secret 将无法解密用户签名私钥"
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(body, handle, ensure_ascii=False, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another process made it first: theirs is used
            os.link(temp, path)  # atomic, and never replaces an existing file
    finally:
        temp.unlink(missing_ok=True)


def load_or_create_secrets(path: Path) -> dict[str, str]:
    """The secrets in `path`, generated there first when the file does not exist yet."""
    if not path.exists() and not path.is_symlink():
        try:
            _create(path)
        except OSError as exc:
            raise ConfigurationError(
                f"无法在 {path.parent} 生成密钥文件（{exc.strerror}）：请检查 ZHIFA_VAR_DIR 是否可写",
                code="secrets_not_writable",
            ) from exc
    return read_secrets(path)
