"""The whole catalog against the real law texts (interim Markdown resolver), and the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zhifa.cli import app
from zhifa.config import reset_settings
from zhifa.rules.check import check_catalog
from zhifa.rules.factors import load_factors
from zhifa.rules.loader import load_catalog
from zhifa.rules.profiles import load_profiles
from zhifa.rules_check.markdown_resolver import MarkdownLawResolver


@pytest.fixture
def resolver(data_dir: Path) -> MarkdownLawResolver:
    return MarkdownLawResolver(data_dir / "laws")


def test_full_catalog_resolves_against_law_texts(resolver: MarkdownLawResolver) -> None:
    problems = check_catalog(load_catalog(), load_factors(), load_profiles(), resolver, date(2026, 11, 25))
    assert problems == [], "\n".join(map(str, problems[:20]))


def test_resolver_picks_version_by_effective_date(resolver: MarkdownLawResolver) -> None:
    old = resolver.resolve("反不正当竞争法", 20, 1, None, date(2025, 10, 14))
    new = resolver.resolve("中华人民共和国反不正当竞争法", 25, 1, None, date(2025, 10, 15))
    assert (
        old is not None and "二十万元以上一百万元以下" in old.text and old.version_date == date(2019, 4, 23)
    )
    assert new is not None and "一百万元以下" in new.text and new.effective_from == date(2025, 10, 15)
    assert resolver.resolve("明码标价和禁止价格欺诈规定", 19, None, 3, date(2022, 6, 30)) is None
    item = resolver.resolve("中华人民共和国食品安全法", 124, 1, 5, date(2024, 1, 1))
    assert item is not None and item.text.startswith("（五）")


@pytest.fixture
def cli_env(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("ZHIFA_DATA_DIR", str(data_dir))
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
    assert any(a["role"] == "basis" and "货值金额" in (a["text"] or "") for a in out["trail"]["articles"])
