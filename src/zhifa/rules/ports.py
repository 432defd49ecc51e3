"""Ports of the rules package: the article resolver the law library implements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol


@dataclass(frozen=True)
class ResolvedArticle:
    """The text of one article (or paragraph / item of it) in the law version in force on a date."""

    law_title: str
    version_date: date
    effective_from: date | None
    article_label: str
    text: str


class ArticleResolver(Protocol):
    """Resolve a citation to the article text in force on `as_of` (None when it does not exist)."""

    def resolve(
        self,
        law_title_or_alias: str,
        article: int,
        paragraph: int | None,
        item: int | None,
        as_of: date,
    ) -> ResolvedArticle | None:
        """Return the cited text of the version in force on as_of, or None."""
        ...
