"""`zhifa law import`: read, hash and parse law files, write them in batches, settle versions, index."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine, select

from zhifa.errors import NotFound
from zhifa.law import writer
from zhifa.law.parse import parse_law
from zhifa.law.pending import Pending
from zhifa.law.search import index_versions
from zhifa.law.sources import LawFile, discover
from zhifa.law.versions import effective_from, version_date
from zhifa.search.port import SearchIndex
from zhifa.store.models.law import LawVersion
from zhifa.timefmt import beijing_today

Progress = Callable[[str, int, int], None]
BATCH_FILES = 250


@dataclass
class FileIssue:
    """A problem with one file: path relative to the laws dir, 1-based line, Chinese message."""

    path: str
    line: int
    message: str


@dataclass
class ImportReport:
    """What an import did; `failed` files were skipped, `warnings` were imported anyway."""

    files: int = 0
    imported: int = 0
    unchanged: int = 0
    failed: list[FileIssue] = field(default_factory=list)
    warnings: list[FileIssue] = field(default_factory=list)
    articles: int = 0
    indexed: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        """One Chinese line for people."""
        return (
            f"共 {self.files} 个文件：导入 {self.imported}，未变化跳过 {self.unchanged}，"
            f"失败 {len(self.failed)}；条文 {self.articles} 条，索引 {self.indexed} 条，"
            f"警告 {len(self.warnings)}，用时 {self.seconds:.1f} 秒"
        )


def read_file(file: LawFile) -> tuple[str | None, str, FileIssue | None]:
    """Bytes → (text, sha256, issue); a non-UTF-8 file gives an issue with the line of the bad byte."""
    data = file.path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    try:
        return data.decode("utf-8"), digest, None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        issue = FileIssue(
            file.rel, line, f"不是 UTF-8 编码（第 {exc.start} 字节：{data[exc.start : exc.start + 1]!r}）"
        )
        return None, digest, issue


def scan(
    files: list[LawFile], known: dict[str, str], report: ImportReport, progress: Progress
) -> list[Pending]:
    """Hash every file, skip unchanged ones, parse the rest; failures go to the report."""
    pending: list[Pending] = []
    for n, file in enumerate(files, 1):
        try:
            text, digest, issue = read_file(file)
        except OSError as exc:
            report.failed.append(FileIssue(file.rel, 0, f"无法读取：{exc.strerror or exc}"))
            continue
        if known.get(file.rel) == digest:
            report.unchanged += 1
        elif issue is not None or text is None:
            report.failed.append(issue or FileIssue(file.rel, 0, "无法读取"))
        else:
            parsed = parse_law(text)
            fatal = [p for p in parsed.problems if p.fatal]
            if fatal:
                report.failed.extend(FileIssue(file.rel, p.line, p.message) for p in fatal)
            else:
                report.warnings.extend(FileIssue(file.rel, p.line, p.message) for p in parsed.problems)
                vdate = version_date(file, parsed)
                pending.append(Pending(file, parsed, digest, vdate, effective_from(file, parsed, vdate)))
        if n % 50 == 0 or n == len(files):
            progress("解析", n, len(files))
    return pending


def import_laws(
    engine: Engine,
    root: Path,
    *,
    index: SearchIndex | None = None,
    progress: Progress | None = None,
    today: date | None = None,
) -> ImportReport:
    """Import every law file under root (idempotent: unchanged files are skipped) and update the index."""
    started = time.perf_counter()
    if not root.exists():
        raise NotFound(f"法律文本目录不存在：{root}", code="laws_dir_missing", details={"path": str(root)})
    tick: Progress = progress or (lambda _stage, _done, _total: None)
    report = ImportReport()
    files = discover(root)
    report.files = len(files)
    with engine.connect() as conn:
        known = {
            r.path: r.content_hash for r in conn.execute(select(LawVersion.path, LawVersion.content_hash))
        }
    pending = scan(files, known, report, tick)
    stamp = datetime.now(UTC)
    changed: dict[int, Pending] = {}
    stale_docs: list[str] = []
    for start in range(0, len(pending), BATCH_FILES):
        batch = pending[start : start + BATCH_FILES]
        with engine.begin() as conn:
            ids, stale = writer.write_batch(conn, batch, stamp)
        changed.update(zip(ids, batch, strict=True))
        stale_docs.extend(stale)
        tick("写入", min(start + BATCH_FILES, len(pending)), len(pending))
    report.imported = len(pending)
    report.articles = sum(p.parsed.article_count for p in pending)
    with engine.begin() as conn:
        refields = writer.settle_all(conn, {p.file.rel for p in pending}, today or beijing_today())
    if index is not None:
        if stale_docs:
            index.delete(stale_docs)
        full = index.count() == 0
        report.indexed = index_versions(engine, index, changed, refields, full=full, progress=tick)
    report.seconds = time.perf_counter() - started
    return report
