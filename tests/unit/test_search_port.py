"""Contract of the search port, run against every backend (in-memory and SQLite FTS5)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from zhifa.errors import ValidationFailed
from zhifa.search.memory import MemoryIndex
from zhifa.search.port import Filter, IndexSchema, SearchDoc, SearchIndex
from zhifa.search.sqlite_fts import SqliteFtsIndex
from zhifa.search.tokenize import index_tokens, query_terms

SCHEMA = IndexSchema(
    "t", {"law": "text", "level": "text", "valid_from": "text", "valid_to": "text", "n": "int"}
)
DOCS = [
    SearchDoc(
        "a",
        "经营者违反明码标价规定的，责令改正，没收违法所得，可以并处五千元以下的罚款。",
        {"law": "价格法", "level": "法律", "valid_from": "1998-05-01", "valid_to": None, "n": 42},
    ),
    SearchDoc(
        "b",
        "生产经营不符合食品安全标准的食品，没收违法所得，并处货值金额五倍以上十倍以下罚款。",
        {
            "law": "食品安全法",
            "level": "法律",
            "valid_from": "2015-10-01",
            "valid_to": "2021-04-29",
            "n": 124,
        },
    ),
    SearchDoc(
        "c",
        "违法所得的认定，以当事人的全部收入扣除合理支出计算。",
        {"law": "认定办法", "level": "部门规章", "valid_from": "2021-06-01", "valid_to": None, "n": 2},
    ),
    SearchDoc(
        "d",
        "经营者应当按照规定明码标价，注明商品的品名、产地、规格。",
        {"law": "价格法", "level": "法律", "valid_from": "1998-05-01", "valid_to": None, "n": 13},
    ),
]


@pytest.fixture(params=["memory", "sqlite"])
def index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchIndex]:
    idx: SearchIndex = (
        MemoryIndex(SCHEMA) if request.param == "memory" else SqliteFtsIndex(tmp_path / "t.db", SCHEMA)
    )
    idx.index(DOCS)
    yield idx


def ids(hits: list) -> list[str]:  # type: ignore[type-arg]
    return [h.id for h in hits]


def test_legal_terms_stay_whole() -> None:
    assert query_terms("没收违法所得") == ["没收违法所得"]
    assert query_terms("货值金额") == ["货值金额"]
    assert "明码标价" in index_tokens("未明码标价的")
    assert {"没收违法所得", "违法所得"} <= set(index_tokens("没收违法所得"))


def test_whole_term_and_subterm(index: SearchIndex) -> None:
    assert set(ids(index.search("没收违法所得"))) == {"a", "b"}
    assert set(ids(index.search("违法所得"))) == {"a", "b", "c"}
    assert ids(index.search("货值金额")) == ["b"]


def test_all_terms_then_any(index: SearchIndex) -> None:
    assert ids(index.search("明码标价 罚款")) == ["a"]
    assert set(ids(index.search("明码标价 超市", limit=5))) == {"a", "d"}


def test_filters(index: SearchIndex) -> None:
    assert ids(index.search("明码标价", [Filter("law", "eq", "价格法"), Filter("n", "ge", 40)])) == ["a"]
    assert ids(index.search("违法所得", [Filter("level", "in", ("部门规章",))])) == ["c"]
    as_of = [Filter("valid_from", "le", "2022-01-01"), Filter("valid_to", "gt", "2022-01-01", or_null=True)]
    assert set(ids(index.search("违法所得", as_of))) == {"a", "c"}
    with pytest.raises(ValidationFailed):
        index.search("违法所得", [Filter("nope", "eq", 1)])


def test_snippets_mark_terms(index: SearchIndex) -> None:
    (hit,) = index.search("货值金额")
    assert "【货值金额】" in hit.snippet and "【" not in hit.snippet.replace("【货值金额】", "")
    assert hit.fields["law"] == "食品安全法" and hit.score > 0


def test_replace_and_delete(index: SearchIndex) -> None:
    assert index.count() == 4
    index.index([SearchDoc("c", "价格欺诈的认定。", {"law": "认定办法", "level": "部门规章", "n": 2})])
    assert "c" not in ids(index.search("违法所得"))
    assert ids(index.search("价格欺诈")) == ["c"]
    assert (
        index.index([SearchDoc("c", "价格欺诈的认定。", {"law": "新名", "level": "部门规章", "n": 3})]) == 0
    )
    assert index.search("价格欺诈")[0].fields["law"] == "新名"
    assert index.delete(["c", "zzz"]) == 1
    assert index.search("价格欺诈") == [] and index.count() == 3


def test_empty_and_huge_queries(index: SearchIndex) -> None:
    assert index.search("") == [] and index.search("   ，。") == []
    assert isinstance(index.search("明码标价" * 2500), list)


def test_sqlite_index_persists(tmp_path: Path) -> None:
    first = SqliteFtsIndex(tmp_path / "p.db", SCHEMA)
    first.index(DOCS)
    first.close()
    again = SqliteFtsIndex(tmp_path / "p.db", SCHEMA)
    assert again.count() == 4 and ids(again.search("货值金额")) == ["b"]
