"""MANIFEST.json of a filled data directory: origin, per-file size and SHA-256, and content counts."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MANIFEST_NAME = "MANIFEST.json"
MANIFEST_VERSION = 1
CHUNK = 1024 * 1024
NOT_LAW_FILES = frozenset({"README.md", "SOURCES.md", "_index.md", "法律法规模版.md"})


@dataclass
class FileEntry:
    """One file of the data directory."""

    size: int
    sha256: str
    source_mtime_ns: int | None = None


@dataclass
class Manifest:
    """What `zhifa data fetch` put into the data directory, and from where."""

    origin: dict[str, Any]
    method: str
    files: dict[str, FileEntry] = field(default_factory=dict)
    downloads: list[dict[str, Any]] = field(default_factory=list)
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    version: int = MANIFEST_VERSION

    def to_json(self) -> str:
        """Serialise (sorted file list, readable Chinese)."""
        body = asdict(self)
        body["files"] = {k: asdict(v) for k, v in sorted(self.files.items())}
        return json.dumps(body, ensure_ascii=False, indent=1)

    @property
    def unverified(self) -> list[str]:
        """URLs whose digest was recorded on first use, not checked against a pinned one."""
        return [d["url"] for d in self.downloads if d.get("verified") != "pinned"]


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def load_manifest(data_dir: Path) -> Manifest | None:
    """The manifest of a data directory, or None when absent or unreadable."""
    path = data_dir / MANIFEST_NAME
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        files = {k: FileEntry(**v) for k, v in raw["files"].items()}
        return Manifest(
            origin=raw["origin"],
            method=raw["method"],
            files=files,
            downloads=raw.get("downloads", []),
            created_at=raw["created_at"],
            version=raw["version"],
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_manifest(data_dir: Path, manifest: Manifest) -> None:
    """Write MANIFEST.json (last step of a fill, so its presence means the fill completed)."""
    tmp = data_dir / (MANIFEST_NAME + ".part")
    tmp.write_text(manifest.to_json() + "\n", encoding="utf-8")
    os.replace(tmp, data_dir / MANIFEST_NAME)


def quick_problems(data_dir: Path, manifest: Manifest) -> list[str]:
    """Files missing or with a different size than recorded (cheap: stat only)."""
    problems = []
    for rel, entry in manifest.files.items():
        try:
            size = (data_dir / rel).stat().st_size
        except OSError:
            problems.append(f"缺少 {rel}")
            continue
        if size != entry.size:
            problems.append(f"大小不符 {rel}")
    return problems


def digest_problems(data_dir: Path, manifest: Manifest) -> list[str]:
    """Files whose SHA-256 differs from the manifest (reads everything)."""
    problems = quick_problems(data_dir, manifest)
    bad = {p.split(" ", 1)[1] for p in problems}
    for rel, entry in manifest.files.items():
        if rel not in bad and sha256_file(data_dir / rel) != entry.sha256:
            problems.append(f"摘要不符 {rel}")
    return problems


def count_law_files(data_dir: Path) -> int:
    """Markdown law texts under laws/ (README, SOURCES, index and template files excluded)."""
    laws = data_dir / "laws"
    if not laws.is_dir():
        return 0
    return sum(1 for p in laws.rglob("*.md") if p.name not in NOT_LAW_FILES and p.is_file())


def count_decisions(data_dir: Path) -> int:
    """Decisions listed in decisions/index.jsonl whose file exists (distinct files)."""
    index = data_dir / "decisions" / "index.jsonl"
    if not index.is_file():
        return 0
    files = set()
    for line in index.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rel = json.loads(line).get("file")
            if rel and (index.parent / rel).is_file():
                files.add(rel)
    return len(files)


def looks_filled(data_dir: Path) -> bool:
    """True when the directory holds law texts (laws/ with Markdown files)."""
    laws = data_dir / "laws"
    return laws.is_dir() and any(p.name not in NOT_LAW_FILES for p in laws.rglob("*.md"))
