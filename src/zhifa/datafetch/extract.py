"""Safe extraction of tar.gz and zip archives: no absolute paths, no `..`, no links out of the target."""

from __future__ import annotations

import re
import shutil
import stat
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from zhifa.datafetch.progress import Reporter
from zhifa.datafetch.sources import Item
from zhifa.errors import ZhifaError

MAX_TOTAL_BYTES = 4 * 1024**3  # refuse archives that unpack to more than 4 GiB

Opener = Callable[[], IO[bytes]]


def _unsafe(archive: str, name: str, why: str) -> ZhifaError:
    return ZhifaError(
        f"压缩包 {archive} 不安全，已拒绝：成员 {name!r} {why}；没有写入任何文件",
        code="unsafe_archive",
        details={"archive": archive, "member": name},
    )


def _check_name(archive: str, name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if not name or path.is_absolute() or name.startswith("\\") or ".." in name.replace("\\", "/").split("/"):
        raise _unsafe(archive, name, "的路径是绝对路径或含 ..")
    return path


def _check_link(archive: str, name: str, link: str, hard: bool) -> None:
    base = PurePosixPath() if hard else PurePosixPath(name).parent
    if PurePosixPath(link).is_absolute():
        raise _unsafe(archive, name, f"是指向绝对路径 {link!r} 的链接")
    depth = 0
    for part in (*base.parts, *PurePosixPath(link).parts):
        depth += -1 if part == ".." else (0 if part == "." else 1)
        if depth < 0:
            raise _unsafe(archive, name, f"是指向目标目录之外 {link!r} 的链接")


def _tar_members(archive: Path) -> Iterator[tuple[str, int, Opener | None]]:
    with tarfile.open(archive, "r:*") as tar:
        members = tar.getmembers()
        for m in members:
            _check_name(archive.name, m.name)
            if m.issym() or m.islnk():
                _check_link(archive.name, m.name, m.linkname, hard=m.islnk())
            elif not (m.isfile() or m.isdir()):
                raise _unsafe(archive.name, m.name, "是设备文件或管道")
        for m in members:
            if m.isfile():
                yield m.name, m.size, (lambda m=m: tar.extractfile(m))  # type: ignore[misc]


def _zip_members(archive: Path) -> Iterator[tuple[str, int, Opener | None]]:
    with zipfile.ZipFile(archive) as zf:
        infos = zf.infolist()
        for info in infos:
            _check_name(archive.name, info.filename)
            if stat.S_ISLNK(info.external_attr >> 16):
                _check_link(archive.name, info.filename, zf.read(info).decode("utf-8", "replace"), False)
        for info in infos:
            if not info.is_dir() and not stat.S_ISLNK(info.external_attr >> 16):
                yield info.filename, info.file_size, (lambda i=info: zf.open(i))  # type: ignore[misc]


def _target(item: Item, name: str) -> str | None:
    """Archive member name → path below item.dest, or None when not selected."""
    parts = PurePosixPath(name).parts[item.strip_components :]
    if not parts:
        return None
    rel = PurePosixPath(*parts).as_posix()
    if item.include and not any(rel.startswith(p) for p in item.include):
        return None
    if item.rename_pattern:
        match = re.match(item.rename_pattern, rel)
        if match is None:
            return None
        rel = (item.rename_to or "{0}").format(*match.groups(), **match.groupdict())
    return rel


def extract(archive: Path, item: Item, target: Path, reporter: Reporter) -> dict[str, str]:
    """Extract the selected regular files of archive below target/item.dest; returns new path → member."""
    members = _zip_members(archive) if item.format == "zip" else _tar_members(archive)
    base = (target / item.dest).resolve()
    bar = reporter.bar(f"解压 {archive.name}", None)
    written: dict[str, str] = {}
    total = 0
    for name, size, opener in members:
        rel = _target(item, name)
        if rel is None or opener is None or rel in written:
            continue
        dst = (base / rel).resolve()
        if not dst.is_relative_to(base):
            raise _unsafe(archive.name, name, "会写到目标目录之外")
        total += size
        if total > MAX_TOTAL_BYTES:
            raise _unsafe(archive.name, name, "使解压总量超过 4 GiB")
        dst.parent.mkdir(parents=True, exist_ok=True)
        src = opener()
        with src, dst.open("wb") as out:
            shutil.copyfileobj(src, out)
        written[rel] = name
        bar.advance(1)
    return written
