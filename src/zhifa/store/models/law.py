"""Law library tables: laws, aliases, versions (one per source file), chapters, articles, 款, 项."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from zhifa.store.db import Base

_CASCADE = "CASCADE"


class Law(Base):
    """A law across its versions, identified by its normalised title (key)."""

    __tablename__ = "laws"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)  # 价格法, 民法典·合同编
    title: Mapped[str] = mapped_column(String(255))  # full title of the newest version
    short_name: Mapped[str] = mapped_column(String(255))
    level: Mapped[str] = mapped_column(
        String(20), index=True
    )  # 法律/行政法规/部门规章/司法解释/地方性法规...
    category: Mapped[str] = mapped_column(String(100))


class LawAlias(Base):
    """A name a law is cited by: full title, short name, abbreviations (normalised)."""

    __tablename__ = "law_aliases"

    alias: Mapped[str] = mapped_column(String(255), primary_key=True)
    law_id: Mapped[int] = mapped_column(
        ForeignKey("laws.id", ondelete=_CASCADE), primary_key=True, index=True
    )


class LawVersion(Base):
    """One version of a law = one source file, with its dates and validity."""

    __tablename__ = "law_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    law_id: Mapped[int] = mapped_column(ForeignKey("laws.id", ondelete=_CASCADE), index=True)
    path: Mapped[str] = mapped_column(String(500), unique=True)  # relative to the laws directory
    source: Mapped[str] = mapped_column(String(20))  # lawrefbook / extra
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(255))
    subtitle: Mapped[str | None] = mapped_column(String(100), nullable=True)
    level: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(100))
    version_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    effective_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    effective_to: Mapped[date | None] = mapped_column(Date, nullable=True)  # the next version's start
    status: Mapped[str] = mapped_column(String(10))  # 现行有效/已修改/已废止/尚未生效/重复
    expired: Mapped[bool] = mapped_column(Boolean)
    is_current: Mapped[bool] = mapped_column(Boolean)  # the default version of its law
    article_count: Mapped[int] = mapped_column(Integer)
    header: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LawChapter(Base):
    """A heading of a version (编/章/节), in file order."""

    __tablename__ = "law_chapters"

    version_id: Mapped[int] = mapped_column(
        ForeignKey("law_versions.id", ondelete=_CASCADE), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    depth: Mapped[int] = mapped_column(SmallInteger)
    title: Mapped[str] = mapped_column(String(255))


class LawArticle(Base):
    """An article (条) of a version; number 0 is the text before the first article."""

    __tablename__ = "law_articles"
    __table_args__ = (Index("ix_law_articles_version_number", "version_id", "number"),)

    version_id: Mapped[int] = mapped_column(
        ForeignKey("law_versions.id", ondelete=_CASCADE), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    suffix: Mapped[int] = mapped_column(SmallInteger)  # 之一 → 1
    label: Mapped[str] = mapped_column(String(40))
    chapter_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    text: Mapped[str] = mapped_column(Text)


class LawParagraph(Base):
    """A paragraph (款) of an article: its own text; items are in law_items."""

    __tablename__ = "law_paragraphs"

    version_id: Mapped[int] = mapped_column(
        ForeignKey("law_versions.id", ondelete=_CASCADE), primary_key=True
    )
    article_seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class LawItem(Base):
    """An item (项) of a paragraph."""

    __tablename__ = "law_items"

    version_id: Mapped[int] = mapped_column(
        ForeignKey("law_versions.id", ondelete=_CASCADE), primary_key=True
    )
    article_seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    paragraph_no: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    number: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
