"""INTERIM ADAPTER — an ArticleResolver reading the law Markdown files directly.

To be replaced by the law library's resolver (zhifa.law) once it exists: it implements the same port
(zhifa.rules.ports.ArticleResolver). Kept minimal on purpose: parse `# title`, the version date from the file
name, the effective date (HTML comment / db.sqlite3 valid_from / 施行 clause; never before the version
date),
articles (`第X条 ` with an ASCII or full-width space), paragraphs (blank-line blocks), items (（一）/(一)).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from zhifa.rules.numerals import article_label
from zhifa.rules.ports import ResolvedArticle
from zhifa.textnum import parse_chinese_int

_FILE = re.compile(r"^(?P<short>.+?)\((?P<date>\d{4}-\d{2}-\d{2})\)\.md$")
_ARTICLE = re.compile(
    r"^第(?P<num>[零〇一二两三四五六七八九十百千]+)条(?P<sub>之[一二三四五六七八九十]+)?[ \u3000]+"
)
_ITEM = re.compile(r"^[（(](?P<num>[一二三四五六七八九十]+)[）)]")
_EFFECTIVE_COMMENT = re.compile(r"<!--\s*EFFECTIVE_FROM:\s*(\d{4}-\d{2}-\d{2})\s*-->")
_ENFORCE = re.compile(r"自(\d{4})年(\d{1,2})月(\d{1,2})日起施行")
_SKIP_DIRS = {"DLC", "案例"}
UNDATED = (
    "1900-01-01"  # files without a date in their name (e.g. 刑法.md): the current text, in force throughout
)


def law_key(title: str) -> str:
    """Normalised law name: no 中华人民共和国, brackets, quotes or spaces."""
    key = re.sub(r"[《》“”\"\s\u3000]", "", title)
    key = re.sub(r"[（(][^（）()]*[）)]", "", key)
    return key.removeprefix("中华人民共和国")


@dataclass
class LawVersion:
    """One version (file) of a law, parsed lazily."""

    title: str
    path: Path
    version_date: date
    effective_from: date
    _articles: dict[int, list[list[str]]] | None = field(default=None, repr=False)

    @property
    def articles(self) -> dict[int, list[list[str]]]:
        """article number → paragraphs → lines (first line of a paragraph = its text, the rest = items)."""
        if self._articles is None:
            self._articles = parse_articles(self.path.read_text(encoding="utf-8"))
        return self._articles


def parse_articles(text: str) -> dict[int, list[list[str]]]:
    """Parse article blocks: each article is a list of paragraphs, each paragraph a list of lines."""
    body = text.split("<!-- INFO END -->", 1)[-1]
    articles: dict[int, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for block in re.split(r"\n\s*\n", body):
        lines = [
            ln.strip()
            for ln in block.strip().splitlines()
            if ln.strip() and not ln.strip().startswith("<!--")
        ]
        if not lines or lines[0].startswith("#"):
            if lines and lines[0].startswith("#"):
                current = None
            continue
        m = _ARTICLE.match(lines[0])
        if m and not m.group("sub"):
            num = parse_chinese_int(m.group("num"))
            current = articles.setdefault(num, []) if num not in articles else None
            if current is not None:
                current.append(lines)
            continue
        if m:  # 第X条之一: not addressable by an int article number
            current = None
            continue
        if current is None:
            continue
        if _ITEM.match(lines[0]) and current:
            current[-1].extend(lines)
        else:
            current.append(lines)
    return articles


class MarkdownLawResolver:
    """ArticleResolver over <data_dir>/laws/{lawrefbook,extra}/**.md (interim, see module docstring)."""

    def __init__(self, laws_dir: Path) -> None:
        self.laws_dir = laws_dir

    @cached_property
    def _db_valid_from(self) -> dict[tuple[str, str], date]:
        out: dict[tuple[str, str], date] = {}
        db = self.laws_dir / "lawrefbook" / "db.sqlite3"
        if not db.exists():
            return out
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            for name, publish, valid_from in conn.execute("SELECT name, publish, valid_from FROM law"):
                if publish and valid_from:
                    out[(law_key(name), str(publish))] = date.fromisoformat(str(valid_from)[:10])
        return out

    @cached_property
    def versions(self) -> dict[str, list[LawVersion]]:
        """law key / alias → versions sorted by effective date."""
        by_key: dict[str, dict[date, LawVersion]] = {}
        aliases: dict[str, str] = {}
        for base in ("lawrefbook", "extra"):  # extra second: it wins for the same version date
            root = self.laws_dir / base
            for path in sorted(root.rglob("*.md")) if root.exists() else []:
                if _SKIP_DIRS & set(path.relative_to(root).parts):
                    continue
                m = _FILE.match(path.name)
                short, day = (m.group("short"), m.group("date")) if m else (path.stem, UNDATED)
                if path.stem.startswith("_"):
                    continue
                head = path.read_text(encoding="utf-8")[:3000]
                if not head.startswith("# "):
                    continue
                title = head.splitlines()[0][2:].strip()
                version_date = date.fromisoformat(day)
                key = law_key(title)
                effective = self._effective(head, path, key, version_date)
                by_key.setdefault(key, {})[version_date] = LawVersion(title, path, version_date, effective)
                aliases.setdefault(law_key(short), key)
        for versions in by_key.values():  # an undated file only counts when no dated version exists
            if len(versions) > 1:
                versions.pop(date.fromisoformat(UNDATED), None)
        out = {
            k: sorted(v.values(), key=lambda lv: (lv.effective_from, lv.version_date))
            for k, v in by_key.items()
        }
        for alias, key in aliases.items():
            out.setdefault(alias, out[key])
        return out

    def _effective(self, head: str, path: Path, key: str, version_date: date) -> date:
        declared: date | None = None
        if m := _EFFECTIVE_COMMENT.search(head):
            declared = date.fromisoformat(m.group(1))
        elif (key, version_date.isoformat()) in self._db_valid_from:
            declared = self._db_valid_from[(key, version_date.isoformat())]
        else:
            tail = path.read_text(encoding="utf-8")[-600:]
            if m2 := _ENFORCE.search(tail):
                declared = date(int(m2.group(1)), int(m2.group(2)), int(m2.group(3)))
        return max(version_date, declared) if declared else version_date

    def version_at(self, law: str, as_of: date) -> LawVersion | None:
        """The version of the law in force on as_of (latest effective_from ≤ as_of)."""
        candidates = [v for v in self.versions.get(law_key(law), []) if v.effective_from <= as_of]
        return candidates[-1] if candidates else None

    def resolve(
        self, law_title_or_alias: str, article: int, paragraph: int | None, item: int | None, as_of: date
    ) -> ResolvedArticle | None:
        """Text of 第article条[第paragraph款][第（item）项] in the version in force on as_of."""
        version = self.version_at(law_title_or_alias, as_of)
        if version is None:
            return None
        paras = version.articles.get(article)
        if not paras:
            return None
        if paragraph is None and item is None:
            text = "\n".join("\n".join(p) for p in paras)
        else:
            index = (paragraph or 1) - 1
            if index >= len(paras):
                return None
            lines = paras[index]
            if item is None:
                text = "\n".join(lines)
            else:
                items = [ln for ln in lines[1:] if _ITEM.match(ln)]
                if item > len(items):
                    return None
                text = items[item - 1]
        label = article_label(article, paragraph, item)
        return ResolvedArticle(version.title, version.version_date, version.effective_from, label, text)
