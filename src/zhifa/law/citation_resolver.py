"""The rules port `ArticleResolver` implemented over the law library: what `zhifa rules check`, the rules
suggestions and the assistant resolve catalog citations with (was `zhifa.rules_check`, issue #22)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError

from zhifa.errors import ConfigurationError, NotFound
from zhifa.law.library import LawLibrary, Provision, VersionInfo
from zhifa.rules.numerals import article_label
from zhifa.rules.ports import ResolvedArticle


class LibraryResolver:
    """Resolve catalog citations to the text of the law version in force on a date."""

    def __init__(self, library: LawLibrary) -> None:
        self.library = library

    def provision(
        self, law: str, article: int, paragraph: int | None, item: int | None, as_of: date | None
    ) -> Provision | None:
        """The library's Provision for a citation (None when the law, article, 款 or 项 does not exist)."""
        try:
            return self.library.resolve(law, article, paragraph, item, as_of=as_of)
        except NotFound:
            return None

    def version(self, prov: Provision) -> VersionInfo | None:
        """The version record (dates, status) a provision was resolved in."""
        info = self.library.laws.get(prov.law_id)
        if info is None:
            return None
        return next((v for v in info.versions if v.id == prov.version_id), None)

    def resolve(
        self,
        law_title_or_alias: str,
        article: int,
        paragraph: int | None,
        item: int | None,
        as_of: date,
    ) -> ResolvedArticle | None:
        """Text of 第article条[第paragraph款][第（item）项] in the version in force on as_of, or None."""
        prov = self.provision(law_title_or_alias, article, paragraph, item, as_of)
        if prov is None:
            return None
        text = self.library.text(prov)
        if not text:
            return None
        version = self.version(prov)
        version_date = prov.version_date or (version.effective_from if version else None) or as_of
        effective = version.effective_from if version else None
        label = article_label(article, paragraph, item)
        return ResolvedArticle(prov.law_title, version_date, effective, label, text)


EMPTY_MESSAGE = "法规库为空：请先运行 zhifa law import 导入法律文本（再运行本命令）"


def library_resolver(engine: Engine) -> LibraryResolver:
    """The resolver over the engine's law library; ConfigurationError(law_library_empty) when it is empty."""
    try:
        library = LawLibrary.cached(engine)
    except (OperationalError, ProgrammingError) as exc:
        raise ConfigurationError(
            EMPTY_MESSAGE + f"（数据库中没有法规库数据表：{exc.orig}；如未迁移请先运行 zhifa db upgrade）",
            code="law_library_empty",
        ) from exc
    if not library.laws:
        LawLibrary.invalidate()
        raise ConfigurationError(EMPTY_MESSAGE, code="law_library_empty")
    return LibraryResolver(library)
