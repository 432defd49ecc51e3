"""Find law files under a laws directory and their metadata (lawrefbook db.sqlite3, extra/ comments)."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

SKIP_NAMES = frozenset({"_index.md", "README.md", "SOURCES.md", "法律法规模版.md"})
DATE_IN_NAME = re.compile(r"\((\d{4}-\d{2}-\d{2})\)\.md$")
EXTRA_LEVELS = {
    "行政法规": "行政法规",
    "部门规章": "部门规章",
    "司法解释": "司法解释",
    "地方性法规": "地方性法规",
}


@dataclass(frozen=True)
class FileMeta:
    """What the source says about a file besides its text."""

    level: str | None = None
    category: str | None = None
    publish: date | None = None
    valid_from: date | None = None
    expired: bool = False


@dataclass(frozen=True)
class LawFile:
    """A law file to import: absolute path, path relative to the laws dir, source and metadata."""

    path: Path
    rel: str
    source: str
    meta: FileMeta

    @property
    def name_date(self) -> date | None:
        """The version date in the file name `价格法(1997-12-29).md`."""
        m = DATE_IN_NAME.search(self.path.name)
        return _to_date(m.group(1)) if m else None


def _to_date(value: object) -> date | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _db_meta(db: Path) -> dict[str, FileMeta]:
    """Map `folder/file.md` (relative to the db's directory) to its row of the LawRefBook database."""
    out: dict[str, FileMeta] = {}
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    except sqlite3.Error:
        return out
    try:
        cats = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT id, name, folder FROM category")}
        rows = conn.execute(
            "SELECT level, name, filename, publish, valid_from, expired, category_id FROM law"
        )
        for level, name, filename, publish, valid_from, expired, cat_id in rows:
            cat_name, folder = cats.get(cat_id, ("", ""))
            base = filename or name
            file = f"{base}({publish}).md" if publish and not filename else f"{base}.md"
            meta = FileMeta(level, cat_name, _to_date(publish), _to_date(valid_from), bool(expired))
            out[f"{folder}/{file}"] = meta
    except sqlite3.Error:
        pass
    finally:
        conn.close()
    return out


def _extra_meta(rel_parts: tuple[str, ...]) -> FileMeta:
    top = rel_parts[0] if rel_parts else ""
    level = EXTRA_LEVELS.get(top, "法律")
    category = rel_parts[1] if top == "部门规章" and len(rel_parts) > 1 else top
    return FileMeta(level=level, category=category)


FOLDER_LEVELS = {
    "行政法规": "行政法规",
    "司法解释": "司法解释",
    "部门规章": "部门规章",
    "案例": "案例",
    "其他": "其他",
    "DLC": "地方性法规",
    "宪法": "宪法",
}


def _folder_meta(parts: tuple[str, ...]) -> FileMeta:
    """Metadata guessed from the folder when the database has no row for the file."""
    top = parts[1] if len(parts) > 2 else ""
    return FileMeta(level=FOLDER_LEVELS.get(top, "法律"), category=parts[-2] if len(parts) > 1 else "")


def discover(root: Path) -> list[LawFile]:
    """Every law Markdown file under root (a laws dir, a subfolder or one file), sorted by path."""
    root = root.resolve()
    if root.is_file():
        files = [root]
        base = _laws_base(root.parent)
    else:
        files = sorted(p for p in root.rglob("*.md") if p.name not in SKIP_NAMES)
        base = _laws_base(root)
    metas: dict[Path, dict[str, FileMeta]] = {}
    out: list[LawFile] = []
    for path in files:
        rel = path.relative_to(base).as_posix() if path.is_relative_to(base) else path.name
        db_dir = _db_dir(path, base)
        if db_dir is not None:
            if db_dir not in metas:
                metas[db_dir] = _db_meta(db_dir / "db.sqlite3")
            key = path.relative_to(db_dir).as_posix()
            meta = metas[db_dir].get(key) or _folder_meta(Path(rel).parts)
            out.append(LawFile(path, rel, "lawrefbook", meta))
        else:
            parts = Path(rel).parts
            inner = parts[1:-1] if parts and parts[0] == "extra" else parts[:-1]
            out.append(LawFile(path, rel, "extra" if "extra" in parts[:1] else "other", _extra_meta(inner)))
    return out


def _laws_base(start: Path) -> Path:
    """The laws directory containing start (the parent of lawrefbook/ and extra/), else start."""
    for candidate in (start, *start.parents):
        if candidate.name in ("lawrefbook", "extra"):
            return candidate.parent
        if (candidate / "lawrefbook").is_dir() or (candidate / "extra").is_dir():
            return candidate
    return start


def _db_dir(path: Path, base: Path) -> Path | None:
    """The nearest ancestor (within base) holding a LawRefBook db.sqlite3."""
    for parent in path.parents:
        if (parent / "db.sqlite3").is_file():
            return parent
        if parent == base:
            break
    return None
