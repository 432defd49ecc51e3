"""`zhifa backup create DIR` and `zhifa backup restore DIR` (issue 15 item 6).

A backup directory holds:
- `checkpoint.json`: a signed ledger checkpoint taken first (the snapshot can only extend it);
- `database.sqlite3` (SQLite online backup API) or `database.pgdump` (pg_dump, custom format);
- `var/files/…` (evidence files, content-addressed by SM3), `var/keys/…` (the server checkpoint key,
  sealed), and `var/secrets.json` only with --include-secrets;
- `manifest.json`: SM3 and size of every other file, the checkpoint's root and time.
Restore checks every SM3 first, refuses a non-empty database or var directory, loads the snapshot and the
files, then runs a full `ledger verify` and `verify --against` the backup's checkpoint.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from zhifa.config import get_settings, reset_settings
from zhifa.errors import ValidationFailed
from zhifa.ledger.canonical import utc_now
from zhifa.ledger.checkpoint import ExtensionProblem
from zhifa.ledger.verify import LedgerReport
from zhifa.services.ledger_audit import check_against, take_checkpoint, verify_ledger
from zhifa.store.snapshot import dump_database, dump_file, restore_database

FORMAT = "zhifa-backup/v1"
MANIFEST = "manifest.json"
CHECKPOINT = "checkpoint.json"
DATA_DIRS = ("files", "keys")  # under the var directory: evidence files, server keys
SECRET_FILES = ("secrets.json",)  # under the var directory; only with --include-secrets


def _sm3_file(path: Path) -> str:
    digest = hashlib.new("sm3")
    with path.open("rb") as src:
        for block in iter(lambda: src.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _var_files(var_dir: Path, include_secrets: bool) -> Iterator[Path]:
    """The var-directory files a backup carries (relative paths)."""
    for name in DATA_DIRS:
        root = var_dir / name
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and not path.name.startswith("."):  # .upload-* are unfinished writes
                    yield path.relative_to(var_dir)
    if include_secrets:
        for name in SECRET_FILES:
            if (var_dir / name).is_file():
                yield Path(name)


def _empty_dir(path: Path) -> bool:
    return not path.exists() or (path.is_dir() and not any(path.iterdir()))


@dataclass(frozen=True)
class BackupMade:
    """What `create_backup` wrote."""

    directory: Path
    files: int
    bytes: int
    checkpoint_root: str
    records: int
    secrets_included: bool


def create_backup(engine: Engine, directory: Path, include_secrets: bool = False) -> BackupMade:
    """Checkpoint, database snapshot, var files and an SM3 manifest into an empty directory."""
    if not _empty_dir(directory):
        raise ValidationFailed(
            f"备份目录 {directory} 已存在且不为空：请指定新的空目录", code="backup_dir_not_empty"
        )
    var_dir = get_settings().var_dir
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    cp = take_checkpoint(engine).checkpoint
    (directory / CHECKPOINT).write_text(cp.to_json(), encoding="utf-8")
    dump_database(engine, directory)
    for rel in _var_files(var_dir, include_secrets):
        target = directory / "var" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(var_dir / rel, target)
    entries = []
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        rel = path.relative_to(directory).as_posix()
        entries.append({"path": rel, "size": path.stat().st_size, "sm3": _sm3_file(path)})
    manifest = {
        "format": FORMAT, "created_at": utc_now(), "database": dump_file(engine.dialect.name),
        "dialect": engine.dialect.name, "checkpoint": {"file": CHECKPOINT, "created_at": cp.created_at,
        "root": cp.root, "streams": len(cp.streams), "records": cp.record_count},
        "secrets_included": include_secrets and any((var_dir / n).is_file() for n in SECRET_FILES),
        "files": entries,
    }  # fmt: skip
    (directory / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return BackupMade(
        directory, len(entries), sum(int(e["size"]) for e in entries), cp.root, cp.record_count,
        bool(manifest["secrets_included"]),
    )  # fmt: skip


def _tampered(message: str) -> ValidationFailed:
    return ValidationFailed(f"备份未通过完整性校验，拒绝恢复：{message}", code="backup_tampered")


def check_backup(directory: Path) -> dict[str, Any]:
    """Read the manifest and check every file's size and SM3; the manifest (ValidationFailed if not)."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidationFailed(
            f"{directory} 不是有效的备份目录（缺少或无法读取 {MANIFEST}）", code="backup_invalid"
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ValidationFailed(f"备份格式不是 {FORMAT}", code="backup_invalid")
    listed = {e["path"]: e for e in manifest["files"]}
    present = {p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file()} - {MANIFEST}
    if extra := sorted(present - set(listed)):
        raise _tampered(f"文件 {extra[0]} 不在清单中（被放入）")
    for rel, entry in sorted(listed.items()):
        path = directory / rel
        if ".." in Path(rel).parts or Path(rel).is_absolute():
            raise _tampered(f"清单中的路径 {rel} 不合法")
        if not path.is_file():
            raise _tampered(f"文件 {rel} 缺失")
        if path.stat().st_size != entry["size"] or _sm3_file(path) != entry["sm3"]:
            raise _tampered(f"文件 {rel} 的 SM3 与清单不符（被改动）")
    for required in (CHECKPOINT, manifest["database"]):
        if required not in listed:
            raise _tampered(f"缺少 {required}")
    return manifest


@dataclass(frozen=True)
class Restored:
    """Outcome of a restore: the full verification and the check against the backup's checkpoint."""

    report: LedgerReport
    against: ExtensionProblem | None
    files: int
    secrets_included: bool

    @property
    def ok(self) -> bool:
        """True when the restored ledger verifies and extends the backup's checkpoint."""
        return self.report.ok and self.against is None


def restore_backup(engine: Engine, directory: Path) -> Restored:
    """Restore a checked backup into the configured empty database and var directory, then verify."""
    manifest = check_backup(directory)
    if manifest["dialect"] != engine.dialect.name:
        raise ValidationFailed(
            f"备份来自 {manifest['dialect']} 数据库，不能恢复到 {engine.dialect.name}",
            code="backup_wrong_database",
        )
    var_dir = get_settings().var_dir
    occupied = [rel for rel in (*DATA_DIRS, *SECRET_FILES) if not _empty_dir(var_dir / rel)]
    if occupied:
        raise ValidationFailed(
            f"目标数据目录 {var_dir} 不是空的（已有 {occupied[0]}）：恢复只能写入新的空数据目录",
            code="restore_target_not_empty",
        )
    restore_database(engine, directory / manifest["database"])
    copied = 0
    for entry in manifest["files"]:
        rel = Path(entry["path"])
        if rel.parts[0] != "var":
            continue
        target = var_dir.joinpath(*rel.parts[1:])
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        shutil.copy2(directory / rel, target)
        if rel.parts[1] in ("keys", *SECRET_FILES):
            target.chmod(0o600)
        copied += 1
    reset_settings()  # restored secrets are read on the next settings load
    report = verify_ledger(engine)
    against = check_against(engine, (directory / CHECKPOINT).read_bytes()).problem
    return Restored(report, against, copied, bool(manifest["secrets_included"]))
