"""Parse a folder of decisions into precedent records (index.jsonl metadata when present)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from zhifa.errors import ZhifaError
from zhifa.precedents.corpus import IndexEntry, cached_pages, read_index
from zhifa.precedents.extract import text_from_pages
from zhifa.precedents.parse import parse_decision
from zhifa.precedents.record import PrecedentRecord, record_from_parsed

SUFFIXES = (".pdf", ".docx", ".txt")


@dataclass(frozen=True)
class SourceFile:
    """One file to import: its path, the docid it gets and its index row (when the folder has one)."""

    path: Path
    docid: str
    entry: IndexEntry | None


@dataclass
class Loaded:
    """The outcome for one file: the record, or the extraction error (code and Chinese message)."""

    source: SourceFile
    file_hash: str
    record: PrecedentRecord | None = None
    error_code: str | None = None
    error: str | None = None


@dataclass
class LoadedFolder:
    """Every file of a folder with its outcome (nothing dropped)."""

    items: list[Loaded] = field(default_factory=list)
    duplicate_rows: int = 0

    @property
    def records(self) -> list[PrecedentRecord]:
        """Records of the files whose text could be read."""
        return [i.record for i in self.items if i.record is not None]


def list_sources(folder: Path) -> tuple[list[SourceFile], int]:
    """Files to import: the rows of index.jsonl (distinct docids), else every PDF/DOCX/TXT file."""
    if folder.is_file():
        return [SourceFile(folder, folder.stem, None)], 0
    index = folder / "index.jsonl"
    if index.exists():
        rows = read_index(folder)
        seen: dict[str, SourceFile] = {}
        for entry in rows:
            if entry.docid not in seen:
                seen[entry.docid] = SourceFile(folder / entry.file, entry.docid, entry)
        return list(seen.values()), len(rows) - len(seen)
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    return [SourceFile(p, p.stem, None) for p in files], 0


def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes (the import is idempotent by it)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_one(source: SourceFile, cache_dir: Path | None = None) -> Loaded:
    """Extract, parse and build the record of one file; errors are kept with their reason."""
    try:
        digest = file_hash(source.path)
    except OSError as exc:
        return Loaded(source, "", error_code="unreadable_file", error=f"文件无法读取：{exc.strerror or exc}")
    try:
        text = text_from_pages(cached_pages(source.path, cache_dir))
    except ZhifaError as exc:
        return Loaded(source, digest, error_code=exc.code, error=exc.message)
    parsed = parse_decision(text, party_name=source.entry.party if source.entry else "")
    return Loaded(source, digest, record=record_from_parsed(source.docid, parsed, source.entry))


def iter_loaded(
    sources: list[SourceFile], cache_dir: Path | None = None, progress: Callable[[int], None] | None = None
) -> Iterator[Loaded]:
    """Load each source in order, calling progress(1) after each."""
    for source in sources:
        yield load_one(source, cache_dir)
        if progress:
            progress(1)


def load_folder(folder: Path, cache_dir: Path | None = None) -> LoadedFolder:
    """Load every decision of a folder (or one file)."""
    sources, dup = list_sources(folder)
    return LoadedFolder(list(iter_loaded(sources, cache_dir)), dup)
