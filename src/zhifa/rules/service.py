"""Use cases of the rules package for the faces: check the catalog against a law library."""

from __future__ import annotations

from datetime import date

from zhifa.rules.check import check_catalog
from zhifa.rules.factors import load_factors
from zhifa.rules.loader import load_catalog
from zhifa.rules.ports import ArticleResolver
from zhifa.rules.profiles import load_profiles
from zhifa.rules.yamlio import Problem


def check_rules(resolver: ArticleResolver, today: date) -> tuple[int, list[Problem]]:
    """Load catalog, factors and profiles strictly; check them against the law library (entries, problems)."""
    catalog = load_catalog()
    factors = load_factors()
    profiles = load_profiles()
    problems = check_catalog(catalog, factors, profiles, resolver, today)
    return len(catalog), problems
