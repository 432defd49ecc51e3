"""Fill the data directory from a local folder (../shared/data): hard links, or copies across filesystems."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from zhifa.datafetch.manifest import FileEntry, sha256_file
from zhifa.datafetch.progress import Reporter
from zhifa.errors import ConfigurationError

_LINK_FALLBACK = {errno.EXDEV, errno.EPERM, errno.EACCES, errno.EMLINK, errno.ENOTSUP}


def project_root(start: Path) -> Path | None:
    """The zhifa project root at or above `start` (holds pyproject.toml and src/zhifa)."""
    for candidate in (start, *start.parents):
        if (candidate / "pyproject.toml").is_file() and (candidate / "src" / "zhifa").is_dir():
            return candidate
    return None


def find_shared_dir(cwd: Path | None = None) -> Path | None:
    """../shared/data next to the project root (found from cwd, then from the package location)."""
    starts = [(cwd or Path.cwd()).resolve(), Path(__file__).resolve().parent]
    for start in starts:
        root = project_root(start)
        if root is not None:
            shared = root.parent / "shared" / "data"
            if (shared / "laws").is_dir():
                return shared
    return None


def check_source(path: Path) -> Path:
    """An explicit source folder must exist and hold laws/."""
    path = path.expanduser().resolve()
    if not (path / "laws").is_dir():
        raise ConfigurationError(
            f"数据来源目录 {path} 不存在或其中没有 laws/ 目录：请让 ZHIFA_DATA_SOURCE（或 --source）"
            "指向含 laws/ 的数据目录，或取消该设置后运行 zhifa data fetch 下载公开数据源",
            code="source_invalid",
        )
    return path


def snapshot(source: Path) -> dict[str, tuple[int, int]]:
    """Relative path → (size, mtime_ns) of every regular file under source (symlinks inside it followed)."""
    result: dict[str, tuple[int, int]] = {}
    root = source.resolve()
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = Path(dirpath) / name
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                continue  # never follow a link out of the source folder
            st = path.stat()
            result[path.relative_to(root).as_posix()] = (st.st_size, st.st_mtime_ns)
    return result


def is_fresh(snap: dict[str, tuple[int, int]], files: dict[str, FileEntry]) -> bool:
    """True when the manifest's files match the source snapshot (same names, sizes and mtimes)."""
    if snap.keys() != files.keys():
        return False
    return all(snap[k] == (v.size, v.source_mtime_ns) for k, v in files.items())


def _place(src: Path, dst: Path, use_links: bool) -> bool:
    """Hard-link src to dst, or copy it; returns whether links still work."""
    if use_links:
        try:
            os.link(src, dst, follow_symlinks=True)
            return True
        except OSError as exc:
            if exc.errno not in _LINK_FALLBACK:
                raise
    shutil.copy2(src, dst)
    return False


def fill_from_local(
    source: Path, staging: Path, snap: dict[str, tuple[int, int]], reporter: Reporter
) -> tuple[dict[str, FileEntry], str]:
    """Link (or copy) every file of the snapshot into staging; returns the entries and the method used."""
    bar = reporter.bar("链接数据文件", len(snap))
    use_links = True
    linked = copied = 0
    entries: dict[str, FileEntry] = {}
    for rel, (size, mtime_ns) in sorted(snap.items()):
        src = source / rel
        dst = staging / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        use_links = _place(src, dst, use_links)
        if use_links:
            linked += 1
        else:
            copied += 1
        entries[rel] = FileEntry(size=size, sha256=sha256_file(dst), source_mtime_ns=mtime_ns)
        bar.advance(1)
    method = "hardlink" if copied == 0 else ("copy" if linked == 0 else "hardlink+copy")
    return entries, method
