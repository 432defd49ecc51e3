"""Run the catalog check and suggestions against the law library in the database (ZHIFA_DATABASE_URL)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError

from zhifa.config import Settings
from zhifa.errors import ConfigurationError
from zhifa.law.library import LawLibrary
from zhifa.rules.check import check_catalog
from zhifa.rules.factors import load_factors
from zhifa.rules.loader import load_catalog
from zhifa.rules.profiles import load_profiles
from zhifa.rules.yamlio import Problem
from zhifa.rules_check.library_resolver import LibraryResolver
from zhifa.store.db import check_connection, make_engine

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


def resolver_for(settings: Settings) -> LibraryResolver:
    """The resolver over the law library of settings.database_url (StorageUnavailable when unreachable)."""
    engine = make_engine(settings.database_url)
    check_connection(engine)
    return library_resolver(engine)


def run_check(settings: Settings, today: date | None = None) -> tuple[int, list[Problem]]:
    """Load catalog, factors and profiles strictly and check them against the law library."""
    resolver = resolver_for(settings)
    catalog = load_catalog()
    factors = load_factors()
    profiles = load_profiles()
    problems = check_catalog(catalog, factors, profiles, resolver, today or date.today())
    return len(catalog), problems
