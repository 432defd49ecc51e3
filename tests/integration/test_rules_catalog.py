"""The whole catalog against the law library (real corpus imported once per session), and the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from tests.integration.conftest import corpus_url
from tests.integration.law_corpus_support import Corpus
from zhifa.cli import app
from zhifa.config import reset_settings
from zhifa.errors import ConfigurationError
from zhifa.law.citation_resolver import LibraryResolver, library_resolver
from zhifa.rules.check import check_catalog
from zhifa.rules.factors import load_factors
from zhifa.rules.loader import load_catalog
from zhifa.rules.profiles import load_profiles

pytestmark = [pytest.mark.corpus, pytest.mark.slow]


@pytest.fixture
def resolver(corpus: Corpus) -> LibraryResolver:
    return LibraryResolver(corpus.library)


def test_full_catalog_resolves_against_the_law_library(resolver: LibraryResolver) -> None:
    problems = check_catalog(load_catalog(), load_factors(), load_profiles(), resolver, date(2026, 11, 25))
    assert problems == [], "\n".join(map(str, problems[:20]))


def test_resolver_picks_version_by_effective_date(resolver: LibraryResolver) -> None:
    # 反不正当竞争法 2019 §20 until 2025-10-14; the 2025 revision (§25) from 2025-10-15.
    old = resolver.resolve("反不正当竞争法", 20, 1, None, date(2025, 10, 14))
    new = resolver.resolve("中华人民共和国反不正当竞争法", 25, 1, None, date(2025, 10, 15))
    assert old is not None and "二十万元以上一百万元以下" in old.text
    assert old.version_date == date(2019, 4, 23) and old.article_label == "第二十条第一款"
    assert new is not None and "一百万元以下" in new.text and new.effective_from == date(2025, 10, 15)
    # 明码标价和禁止价格欺诈规定 takes effect 2022-07-01: nothing the day before.
    assert resolver.resolve("明码标价和禁止价格欺诈规定", 19, None, 3, date(2022, 6, 30)) is None
    item = resolver.resolve("中华人民共和国食品安全法", 124, 1, 5, date(2024, 1, 1))
    assert item is not None and item.text.startswith("生产经营标注虚假生产日期")
    assert item.law_title == "中华人民共和国食品安全法"
    assert item.article_label == "第一百二十四条第一款第（五）项"
    assert resolver.resolve("价格法", 99, None, None, date(2024, 1, 1)) is None
    assert resolver.resolve("没有这部法", 1, None, None, date(2024, 1, 1)) is None


def test_empty_library_is_a_clear_error(engine: Engine) -> None:
    with pytest.raises(ConfigurationError) as info:
        library_resolver(engine)
    assert info.value.code == "law_library_empty" and "zhifa law import" in info.value.message


@pytest.fixture
def cli_env(corpus: Corpus, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("ZHIFA_DATA_DIR", str(data_dir))
    monkeypatch.setenv("ZHIFA_DATABASE_URL", corpus_url(corpus))
    reset_settings()
    yield CliRunner()
    reset_settings()


def test_cli_check_list_suggest(cli_env: CliRunner) -> None:
    result = cli_env.invoke(app, ["rules", "check", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["ok"] is True
    listing = json.loads(cli_env.invoke(app, ["rules", "list", "--json"]).output)
    assert len(listing) >= 120 and {"id", "name", "area", "violated", "basis"} <= set(listing[0])
    args = [
        "rules",
        "suggest",
        "--type",
        "food.expired_food",
        "--act-date",
        "2024-06-01",
        "--party-type",
        "organization",
        "--goods-value",
        "20000",
        "--factor",
        "eliminated_harm",
        "--json",
    ]
    out = json.loads(cli_env.invoke(app, args).output)
    assert out["statutory_range"] == ["200000.00", "400000.00"]
    assert out["tier"] == "从轻"
    assert {"suggested_range", "suggested_fine", "kinds", "trail"} <= set(out)
    # 食品安全法 §124 (2021 text) from the law library: the 货值金额 formula is in the trail.
    basis = [a for a in out["trail"]["articles"] if a["role"] == "basis"]
    assert basis and "货值金额" in basis[0]["text"] and basis[0]["version_date"] == "2021-04-29"


def test_cli_check_on_an_empty_library(sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHIFA_DATABASE_URL", sqlite_engine.url.render_as_string(hide_password=False))
    reset_settings()
    try:
        result = CliRunner().invoke(app, ["rules", "check"])
    finally:
        reset_settings()
    assert result.exit_code != 0
    assert isinstance(result.exception, ConfigurationError)
    assert result.exception.code == "law_library_empty"


def test_cli_suggest_without_the_amount_the_fine_depends_on(cli_env: CliRunner) -> None:
    """产品质量法第五十条: 货值金额百分之五十以上三倍以下 — no 货值金额, no suggestion (never [0, 0])."""
    from zhifa.errors import ValidationFailed

    base = ["rules", "suggest", "--act-date", "2024-06-01", "--party-type", "organization"]
    result = cli_env.invoke(app, [*base, "--type", "quality.adulterated_fake"])
    assert result.exit_code != 0
    assert isinstance(result.exception, ValidationFailed) and result.exception.code == "missing_amount"
    assert "货值金额" in result.exception.message
    # 食品安全法第一百二十六条: 责令改正、警告; the fine only once 拒不改正 is established
    shown = cli_env.invoke(app, [*base, "--type", "food.no_purchase_inspection_records"])
    assert shown.exit_code == 0, shown.output
    assert "建议罚款：不处罚款" in shown.output and "附条件罚款" in shown.output
    assert "['5000.00', '50000.00']" in shown.output
