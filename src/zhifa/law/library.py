"""In-memory index of the law library (titles, aliases, versions, article numbers) loaded once from the DB.

Resolution (law name, article, 款, 项, as-of date) → a `Provision` runs in memory; the exact text is
read from the database by primary key (cached). This is the API the violation catalog uses.
"""

from __future__ import annotations

import difflib
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlalchemy import Engine, func, select

from zhifa.errors import NotFound
from zhifa.law.names import lookup_keys, normalize
from zhifa.law.numbers import article_label, item_label, paragraph_label
from zhifa.law.versions import valid_on
from zhifa.store.models.law import Law, LawAlias, LawArticle, LawItem, LawParagraph, LawVersion


@dataclass(frozen=True)
class VersionInfo:
    """A version with its dates; `articles` maps (number, suffix) to (seq, items per paragraph)."""

    id: int
    law_id: int
    title: str
    version_date: date | None
    effective_from: date | None
    effective_to: date | None
    status: str
    is_current: bool
    articles: dict[tuple[int, int], tuple[int, tuple[int, ...]]] = field(default_factory=dict, repr=False)


@dataclass
class LawInfo:
    """A law and its versions (oldest first)."""

    id: int
    key: str
    title: str
    level: str
    versions: list[VersionInfo] = field(default_factory=list)

    def version_on(self, day: date | None) -> VersionInfo | None:
        """The version in force on day; without a day, the current (newest in force) version."""
        if day is None:
            return next(
                (v for v in self.versions if v.is_current), self.versions[-1] if self.versions else None
            )
        live = [v for v in self.versions if valid_on(v.effective_from, v.effective_to, v.status, day)]
        return live[-1] if live else None


@dataclass(frozen=True)
class Provision:
    """A resolved reference: law, version, article (number, suffix), optional 款 and 项, and its label."""

    law_id: int
    law_title: str
    version_id: int
    version_date: date | None
    article_seq: int
    article: int
    suffix: int
    paragraph: int | None
    item: int | None

    @property
    def label(self) -> str:
        """《title》第十三条第一款第（二）项."""
        out = f"《{self.law_title}》{article_label(self.article, self.suffix)}"
        if self.paragraph:
            out += paragraph_label(self.paragraph)
        if self.item:
            out += item_label(self.item)
        return out


def _nearest(numbers: list[int], wanted: int, k: int = 3) -> list[int]:
    return sorted(sorted(set(numbers), key=lambda n: (abs(n - wanted), n))[:k])


class LawLibrary:
    """Titles, aliases and article structure of every imported version, for fast resolution."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.laws: dict[int, LawInfo] = {}
        self.aliases: dict[str, tuple[int, ...]] = {}
        self._load()
        self._text = lru_cache(maxsize=8192)(self._fetch_text)

    def _load(self) -> None:
        with self.engine.connect() as conn:
            for r in conn.execute(select(Law.id, Law.key, Law.title, Law.level)):
                self.laws[r.id] = LawInfo(r.id, r.key, r.title, r.level)
            alias_map: dict[str, list[int]] = defaultdict(list)
            for alias, law_id in conn.execute(select(LawAlias.alias, LawAlias.law_id)):
                alias_map[alias].append(law_id)
            self.aliases = {a: tuple(sorted(ids)) for a, ids in alias_map.items()}
            versions: dict[int, VersionInfo] = {}
            q = select(LawVersion).order_by(LawVersion.version_date, LawVersion.id)
            for v in conn.execute(q).mappings():
                info = VersionInfo(
                    v["id"],
                    v["law_id"],
                    v["title"],
                    v["version_date"],
                    v["effective_from"],
                    v["effective_to"],
                    v["status"],
                    v["is_current"],
                )
                versions[info.id] = info
            items: dict[tuple[int, int, int], int] = {}
            q_items = select(
                LawItem.version_id, LawItem.article_seq, LawItem.paragraph_no, func.max(LawItem.number)
            )
            for vid, seq, pno, top in conn.execute(
                q_items.group_by(LawItem.version_id, LawItem.article_seq, LawItem.paragraph_no)
            ):
                items[(vid, seq, pno)] = top
            paras: dict[tuple[int, int], list[int]] = defaultdict(list)
            q_paras = select(LawParagraph.version_id, LawParagraph.article_seq, LawParagraph.number)
            for vid, seq, pno in conn.execute(
                q_paras.order_by(LawParagraph.version_id, LawParagraph.article_seq, LawParagraph.number)
            ):
                paras[(vid, seq)].append(items.get((vid, seq, pno), 0))
            q_art = select(LawArticle.version_id, LawArticle.seq, LawArticle.number, LawArticle.suffix)
            for vid, seq, number, suffix in conn.execute(q_art):
                if number > 0:
                    versions[vid].articles.setdefault(
                        (number, suffix), (seq, tuple(paras.get((vid, seq), ())))
                    )
        for info in versions.values():
            self.laws[info.law_id].versions.append(info)
        self._keys = sorted(self.aliases)

    @classmethod
    def cached(cls, engine: Engine) -> LawLibrary:
        """One library per engine URL for the process (load once; call `invalidate` after an import)."""
        key = engine.url.render_as_string(hide_password=False)
        with _LOCK:
            lib = _CACHE.get(key)
            if lib is None:
                lib = _CACHE[key] = cls(engine)
            return lib

    @staticmethod
    def invalidate() -> None:
        """Forget loaded libraries (after an import)."""
        with _LOCK:
            _CACHE.clear()

    def find_laws(self, name: str) -> list[LawInfo]:
        """Laws a name denotes (several for the parts of 民法典); empty when unknown."""
        for key in lookup_keys(name):
            ids = self.aliases.get(key)
            if ids:
                return [self.laws[i] for i in ids]
        return []

    def similar_titles(self, name: str, k: int = 5) -> list[str]:
        """Known titles close to name (for 'not found' answers)."""
        key = normalize(name)
        near = difflib.get_close_matches(key, self._keys, n=k * 3, cutoff=0.5)
        titles = list(dict.fromkeys(self.laws[i].title for a in near for i in self.aliases[a]))
        if len(titles) < k:
            titles += [self.laws[i].title for a in self._keys if key and key in a for i in self.aliases[a]][
                :k
            ]
        return list(dict.fromkeys(titles))[:k]

    def resolve(
        self,
        law: str | int,
        article: int,
        paragraph: int | None = None,
        item: int | None = None,
        *,
        suffix: int = 0,
        as_of: date | None = None,
    ) -> Provision:
        """Resolve a reference; raise NotFound (code law_not_found/article_not_found/...) with candidates."""
        laws = [self.laws[law]] if isinstance(law, int) and law in self.laws else self.find_laws(str(law))
        if not laws:
            raise NotFound(
                f"未找到法律：{law}",
                code="law_not_found",
                details={"law": str(law), "candidates": self.similar_titles(str(law))},
            )
        numbers: list[int] = []
        for info in laws:
            version = info.version_on(as_of)
            if version is None:
                continue
            hit = version.articles.get((article, suffix))
            if hit is None:
                numbers.extend(n for n, _ in version.articles)
                continue
            seq, paras = hit
            prov = Provision(
                info.id, info.title, version.id, version.version_date, seq, article, suffix, paragraph, item
            )
            self._check_parts(prov, paras, paragraph, item)
            if item is not None and paragraph is None:
                first = next((i + 1 for i, n in enumerate(paras) if n >= item), None)
                prov = Provision(
                    info.id, info.title, version.id, version.version_date, seq, article, suffix, first, item
                )
            return prov
        label = article_label(article, suffix)
        when = f"（{as_of.isoformat()} 时有效的版本）" if as_of else ""
        if not numbers:
            raise NotFound(
                f"《{laws[0].title}》在该日期没有有效版本{when}",
                code="version_not_found",
                details={"law": laws[0].title, "as_of": as_of.isoformat() if as_of else None},
            )
        near = [article_label(n) for n in _nearest(numbers, article)]
        raise NotFound(
            f"《{laws[0].title}》没有{label}{when}",
            code="article_not_found",
            details={"law": laws[0].title, "article": article, "candidates": near},
        )

    @staticmethod
    def _check_parts(
        prov: Provision, paras: tuple[int, ...], paragraph: int | None, item: int | None
    ) -> None:
        label = article_label(prov.article, prov.suffix)
        if paragraph is not None and not 1 <= paragraph <= len(paras):
            near = [paragraph_label(i + 1) for i in range(len(paras))][:5]
            raise NotFound(
                f"《{prov.law_title}》{label}没有{paragraph_label(paragraph)}（共 {len(paras)} 款）",
                code="paragraph_not_found",
                details={"law": prov.law_title, "candidates": near},
            )
        if item is not None:
            count = paras[paragraph - 1] if paragraph else max(paras, default=0)
            if not 1 <= item <= count:
                near = [item_label(i + 1) for i in range(count)][:10]
                raise NotFound(
                    f"《{prov.law_title}》{label}没有{item_label(item)}（共 {count} 项）",
                    code="item_not_found",
                    details={"law": prov.law_title, "candidates": near},
                )

    def text(self, prov: Provision) -> str:
        """The exact text of the provision (whole article, one 款, or one 项)."""
        return self._text(prov.version_id, prov.article_seq, prov.paragraph, prov.item)

    def _fetch_text(self, version_id: int, seq: int, paragraph: int | None, item: int | None) -> str:
        with self.engine.connect() as conn:
            if item is not None and paragraph is not None:
                q = select(LawItem.text).where(
                    LawItem.version_id == version_id,
                    LawItem.article_seq == seq,
                    LawItem.paragraph_no == paragraph,
                    LawItem.number == item,
                )
            elif paragraph is not None:
                q = select(LawParagraph.text).where(
                    LawParagraph.version_id == version_id,
                    LawParagraph.article_seq == seq,
                    LawParagraph.number == paragraph,
                )
            else:
                q = select(LawArticle.text).where(LawArticle.version_id == version_id, LawArticle.seq == seq)
            return conn.execute(q).scalar_one_or_none() or ""

    def versions_of(self, law: str | int) -> list[VersionInfo]:
        """Every version of a law (oldest first), duplicates included."""
        laws = [self.laws[law]] if isinstance(law, int) and law in self.laws else self.find_laws(str(law))
        return [v for info in laws for v in info.versions]

    def current_numbers(self, law_id: int) -> list[int]:
        """Article numbers of the current version of a law, sorted."""
        version = self.laws[law_id].version_on(None)
        return sorted({n for n, _ in version.articles}) if version else []


_LOCK = threading.Lock()
_CACHE: dict[str, LawLibrary] = {}
