"""The corpus of real decisions: index.jsonl rows, cached page texts, normalised texts."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from zhifa.errors import ValidationFailed, ZhifaError
from zhifa.precedents.extract import extract_pages, text_from_pages

CACHE_VERSION = "pypdf-pages-1"


@dataclass(frozen=True)
class IndexEntry:
    """One row of decisions/index.jsonl."""

    docid: str
    file: str
    docno: str
    party: str
    bureau: str
    date: str


def read_index(decisions_dir: Path) -> list[IndexEntry]:
    """Return every row of index.jsonl in file order (duplicates kept)."""
    rows: list[IndexEntry] = []
    with (decisions_dir / "index.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            raw = json.loads(line)
            rows.append(
                IndexEntry(
                    docid=raw["docid"],
                    file=raw["file"],
                    docno=raw.get("文书号", ""),
                    party=raw.get("当事人名称", ""),
                    bureau=raw.get("处罚机关", ""),
                    date=raw.get("处罚日期", ""),
                )
            )
    return rows


def cached_pages(path: Path, cache_dir: Path | None) -> list[str]:
    """Return the raw page texts of a file, caching them under cache_dir keyed by the file's hash."""
    data = path.read_bytes()
    if cache_dir is None:
        return extract_pages(data, filename=path.name)
    digest = hashlib.sha256(data).hexdigest()
    entry = cache_dir / f"{digest}.json"
    if entry.exists():
        cached = json.loads(entry.read_text(encoding="utf-8"))
        if cached.get("version") == CACHE_VERSION:
            if "error" in cached:
                err = cached["error"]
                raise ValidationFailed(err["message"], code=err["code"])
            return list(cached["pages"])
    cache_dir.mkdir(parents=True, exist_ok=True)
    try:
        pages = extract_pages(data, filename=path.name)
    except ZhifaError as exc:
        body = {"version": CACHE_VERSION, "error": {"code": exc.code, "message": exc.message}}
        entry.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
        raise
    body = {"version": CACHE_VERSION, "pages": pages}
    tmp = entry.with_suffix(".tmp")
    tmp.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    tmp.replace(entry)
    return pages


def load_text(path: Path, cache_dir: Path | None = None) -> str:
    """Return the normalised text of one decision file (cached page extraction)."""
    return text_from_pages(cached_pages(path, cache_dir))


def iter_texts(
    decisions_dir: Path, cache_dir: Path | None = None
) -> Iterator[tuple[IndexEntry, str | ZhifaError]]:
    """Yield (index row, text or the error) for each distinct document of the index."""
    seen: set[str] = set()
    for entry in read_index(decisions_dir):
        if entry.docid in seen:
            continue
        seen.add(entry.docid)
        try:
            yield entry, load_text(decisions_dir / entry.file, cache_dir)
        except ZhifaError as exc:
            yield entry, exc
