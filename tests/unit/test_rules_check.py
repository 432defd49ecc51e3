"""The catalog check against a law library (here an in-memory resolver implementing the port)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.unit.test_rules_loader import GOOD, write
from zhifa.rules.check import check_catalog
from zhifa.rules.factors import FactorSet
from zhifa.rules.loader import load_catalog
from zhifa.rules.ports import ResolvedArticle

TEXT_13 = (
    "第十三条 经营者违反明码标价规定，有下列行为之一的，责令改正，没收违法所得，可以并处5000元以下的罚款："
)


class FakeResolver:
    """Knows two provisions of the 2010 regulation and the price law."""

    def __init__(self, text_13: str = TEXT_13) -> None:
        self.texts = {
            ("价格违法行为行政处罚规定", 13): text_13,
            ("中华人民共和国价格法", 13): "第十三条 经营者……明码标价",
        }

    def resolve(
        self, law: str, article: int, paragraph: int | None, item: int | None, as_of: date
    ) -> ResolvedArticle | None:
        text = self.texts.get((law, article))
        if text is None or as_of < date(2010, 12, 4):
            return None
        return ResolvedArticle(law, date(2010, 12, 4), date(2010, 12, 4), f"第{article}条", text)


def test_consistent_entry_passes(tmp_path: Path) -> None:
    catalog = load_catalog(write(tmp_path, GOOD))
    assert check_catalog(catalog, FactorSet({}), {}, FakeResolver(), date(2026, 1, 1)) == []


def test_figure_missing_from_article_text(tmp_path: Path) -> None:
    catalog = load_catalog(write(tmp_path, GOOD.replace("max: 5000", "max: 6000")))
    problems = check_catalog(catalog, FactorSet({}), {}, FakeResolver(), date(2026, 1, 1))
    assert problems
    assert problems[0].file == "catalog/价格/price.sample.yaml"
    assert problems[0].key == "versions[0].clause.fine[0]"
    assert "6000" in problems[0].problem


def test_chinese_numerals_match_arabic_figures(tmp_path: Path) -> None:
    catalog = load_catalog(write(tmp_path, GOOD))
    resolver = FakeResolver(TEXT_13.replace("5000元", "五千元"))
    assert check_catalog(catalog, FactorSet({}), {}, resolver, date(2026, 1, 1)) == []


def test_unresolvable_citation(tmp_path: Path) -> None:
    catalog = load_catalog(write(tmp_path, GOOD.replace("article: 13, paragraph: 1", "article: 99")))
    problems = check_catalog(catalog, FactorSet({}), {}, FakeResolver(), date(2026, 1, 1))
    assert any(p.key == "versions[0].violated[0]" and "找不到" in p.problem for p in problems)
