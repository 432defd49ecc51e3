"""Build a complete data tree in a staging folder, then swap it into place (the old tree stays on failure)."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from zhifa.datafetch.download import download
from zhifa.datafetch.extract import extract
from zhifa.datafetch.manifest import MANIFEST_NAME, FileEntry, sha256_file
from zhifa.datafetch.progress import QuietReporter, Reporter
from zhifa.datafetch.sources import Item, Source, resolve_url

PARTIAL = ".partial"


@contextmanager
def locked_staging(target: Path) -> Iterator[Path]:
    """Hold a lock on the data directory, give a fresh staging folder next to it, remove it afterwards."""
    target.parent.mkdir(parents=True, exist_ok=True)
    lock_path = target.parent / f".{target.name}.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for stale in target.parent.glob(f".{target.name}.staging-*"):
            shutil.rmtree(stale, ignore_errors=True)
        staging = target.parent / f".{target.name}.staging-{uuid.uuid4().hex[:8]}"
        staging.mkdir()
        try:
            yield staging
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def install(staging: Path, target: Path) -> None:
    """Replace target by the complete staging tree; on failure the previous tree is put back."""
    old = None
    if target.exists() or target.is_symlink():
        old = target.parent / f".{target.name}.old-{uuid.uuid4().hex[:8]}"
        os.replace(target, old)
    try:
        os.replace(staging, target)
    except OSError:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def source_fingerprint(source: Source) -> str:
    """What identifies a source's content: its URLs, pinned digests and extraction rules."""
    return json.dumps([vars(i) for i in source.items], ensure_ascii=False, sort_keys=True, default=list)


def _write_index(base: Path, item: Item, written: dict[str, str]) -> None:
    assert item.index is not None
    lines = [
        json.dumps({"docid": PurePosixPath(rel).stem, "file": rel, "source": member}, ensure_ascii=False)
        for rel, member in sorted(written.items())
    ]
    (base / item.dest / item.index).write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")


def fill_from_download(
    sources: list[Source], mirror: str | None, staging: Path, reporter: Reporter
) -> list[dict[str, Any]]:
    """Download, verify and extract every item of the sources into staging; returns the download records."""
    records: list[dict[str, Any]] = []
    partial = staging / PARTIAL
    for source in sources:
        many_files = len(source.items) > 1 and all(i.format == "file" for i in source.items)
        group = reporter.bar(f"下载 {source.title}", len(source.items)) if many_files else None
        item_reporter: Reporter = QuietReporter() if many_files else reporter
        for n, item in enumerate(source.items):
            url = resolve_url(item.url, mirror)
            label = PurePosixPath(item.dest).name if item.format == "file" else source.title
            if item.format == "file":
                got = download(url, staging / item.dest, item.sha256, item_reporter, label)
            else:
                got = download(
                    url, partial / f"{source.name}-{n}.{item.format}", item.sha256, reporter, label
                )
                written = extract(got.path, item, staging, reporter)
                if item.index:
                    _write_index(staging, item, written)
                got.path.unlink()
            records.append(
                {
                    "source": source.name,
                    "url": item.url,
                    "fetched_from": url,
                    "size": got.size,
                    "sha256": got.sha256,
                    "verified": got.verified,
                }
            )
            if group is not None:
                group.advance(1)
    shutil.rmtree(partial, ignore_errors=True)
    return records


def hash_tree(staging: Path, reporter: Reporter) -> dict[str, FileEntry]:
    """Size and SHA-256 of every file in staging (the manifest itself excluded)."""
    paths = [p for p in staging.rglob("*") if p.is_file() and p.name != MANIFEST_NAME]
    bar = reporter.bar("计算校验值", len(paths))
    entries = {}
    for path in sorted(paths):
        entries[path.relative_to(staging).as_posix()] = FileEntry(path.stat().st_size, sha256_file(path))
        bar.advance(1)
    return entries
