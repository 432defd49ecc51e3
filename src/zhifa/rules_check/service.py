"""Run the catalog check and suggestions with the interim Markdown resolver (replace with zhifa.law later)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from zhifa.config import Settings
from zhifa.errors import ConfigurationError
from zhifa.rules.check import check_catalog
from zhifa.rules.factors import load_factors
from zhifa.rules.loader import load_catalog
from zhifa.rules.profiles import load_profiles
from zhifa.rules.yamlio import Problem
from zhifa.rules_check.markdown_resolver import MarkdownLawResolver


def resolver_for(settings: Settings) -> MarkdownLawResolver:
    """The interim resolver over <data_dir>/laws; ConfigurationError when the law texts are missing."""
    laws = Path(settings.data_dir) / "laws"
    if not laws.is_dir():
        raise ConfigurationError(
            f"找不到法律文本目录 {laws}（请运行 zhifa data fetch 或设置 ZHIFA_DATA_DIR）",
            code="law_library_missing",
        )
    return MarkdownLawResolver(laws)


def run_check(settings: Settings, today: date | None = None) -> tuple[int, list[Problem]]:
    """Load catalog, factors and profiles strictly and check them against the law texts."""
    catalog = load_catalog()
    factors = load_factors()
    profiles = load_profiles()
    problems = check_catalog(catalog, factors, profiles, resolver_for(settings), today or date.today())
    return len(catalog), problems
