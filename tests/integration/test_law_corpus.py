"""The law library on the real corpus: counts, texts, versions, citations, search, API, bad input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine, func, select

from tests.integration.law_corpus_support import Corpus
from zhifa.errors import NotFound
from zhifa.law.cite import cite, find_citations
from zhifa.law.names import normalize
from zhifa.law.search import LawFilters
from zhifa.law.service import cite_text, search
from zhifa.store.models.law import LawArticle, LawVersion

DATA = Path(__file__).parent / "data"
pytestmark = [pytest.mark.corpus, pytest.mark.slow]


def test_import_report(corpus: Corpus) -> None:
    report = corpus.report
    assert report.failed == [] and report.imported == report.files > 3000
    assert report.articles > 140_000 and report.indexed >= report.articles


@pytest.mark.parametrize(
    ("law", "day", "count"),
    [
        ("食品安全法", date(2022, 1, 1), 154),
        ("价格法", None, 48),
        ("产品质量法", None, 74),
        ("行政处罚法", date(2022, 1, 1), 86),
        ("广告法", date(2022, 1, 1), 74),
        ("市场监督管理行政处罚程序规定", None, 87),
        ("价格违法行为行政处罚规定", None, 25),
        ("反不正当竞争法", date(2020, 1, 1), 33),
        ("反不正当竞争法", None, 41),
    ],
)
def test_article_counts_match_official_totals(corpus: Corpus, law: str, day: date | None, count: int) -> None:
    (info,) = corpus.library.find_laws(law)
    version = info.version_on(day)
    assert version is not None and len(version.articles) == count


def test_spot_checks_of_article_paragraph_and_item_text(corpus: Corpus) -> None:
    lib = corpus.library
    price42 = lib.text(lib.resolve("价格法", 42))
    assert (
        price42 == "第四十二条　经营者违反明码标价规定的，责令改正，没收违法所得，可以并处五千元以下的罚款。"
    )
    item = lib.resolve("价格违法行为行政处罚规定", 13, item=3)
    assert item.paragraph == 1 and lib.text(item) == "在标价之外加价出售商品或者收取未标明的费用的；"
    para = lib.resolve("中华人民共和国价格法", 13, 2)
    assert lib.text(para).startswith("经营者不得在标价之外加价出售商品")
    food = lib.resolve("食品安全法", 124, 1, 1, as_of=date(2022, 1, 1))
    assert lib.text(food).startswith("生产经营致病性微生物，农药残留")


def test_version_selection_by_date(corpus: Corpus) -> None:
    lib = corpus.library
    old = lib.resolve("未成年人保护法", 1, as_of=date(2023, 1, 1))
    new = lib.resolve("未成年人保护法", 1, as_of=date(2024, 6, 1))
    assert (old.version_date, new.version_date) == (date(2020, 10, 17), date(2024, 4, 26))
    assert lib.resolve("未成年人保护法", 1).version_date == date(2024, 4, 26)  # default: newest in force
    with pytest.raises(NotFound) as err:
        lib.resolve("未成年人保护法", 1, as_of=date(2021, 1, 1))  # 2020 text took effect 2021-06-01
    assert err.value.code == "version_not_found"
    trademark = {v.version_date: v for v in lib.versions_of("商标法")}
    assert trademark[date(2026, 6, 26)].status == "尚未生效"
    assert lib.resolve("商标法", 1).version_date == date(2019, 4, 23)
    assert lib.resolve("商标法", 87, as_of=date(2027, 2, 1)).version_date == date(2026, 6, 26)


def test_reimport_is_idempotent(corpus: Corpus) -> None:
    from zhifa.law.service import run_import

    with corpus.engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(LawArticle)).scalar_one()
    again = run_import(corpus.engine, corpus.settings, corpus.settings.data_dir / "laws")
    assert (again.imported, again.unchanged, again.indexed) == (0, corpus.report.files, 0)
    with corpus.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(LawArticle)).scalar_one() == before
        assert conn.execute(select(func.count()).select_from(LawVersion)).scalar_one() == corpus.report.files


CITATIONS = yaml.safe_load((DATA / "citations.yaml").read_text(encoding="utf-8"))


def test_citation_table_has_enough_real_strings() -> None:
    assert len(CITATIONS) >= 60 and len({(c["text"], c.get("context")) for c in CITATIONS}) == len(CITATIONS)


@pytest.mark.parametrize("case", CITATIONS, ids=[c["text"][:40] for c in CITATIONS])
def test_real_citations_resolve(corpus: Corpus, case: dict) -> None:  # type: ignore[type-arg]
    results = cite(case["text"], corpus.library, context_law=case.get("context"))
    got = []
    for r in results:
        if r.ok:
            p = r.provision
            got.append([normalize(p.law_title), p.article, r.ref.paragraph, r.ref.item])  # type: ignore[union-attr]
        else:
            got.append([normalize(r.ref.law or ""), r.ref.article, r.ref.paragraph, r.ref.item, r.code])
    expected = [[normalize(e[0]), *e[1:]] for e in case["expect"]]
    assert got == expected


def test_not_found_answers_with_candidates(corpus: Corpus) -> None:
    (res,) = cite_text(corpus.library, "《价格法》第四十九条")
    assert res["status"] == "article_not_found" and res["candidates"] == [
        "第四十六条",
        "第四十七条",
        "第四十八条",
    ]
    (res,) = cite_text(corpus.library, "《价格发》第十三条")
    assert res["status"] == "law_not_found" and "中华人民共和国价格法" in res["candidates"]
    (res,) = cite_text(corpus.library, "《价格违法行为行政处罚规定》第十三条第（九）项")
    assert res["status"] == "item_not_found" and res["candidates"][-1] == "第（四）项"


def test_cite_json_carries_text(corpus: Corpus) -> None:
    (res,) = cite_text(corpus.library, "依据《中华人民共和国价格法》第十三条第一款")
    assert res["resolved"]["label"] == "《中华人民共和国价格法》第十三条第一款"
    assert res["resolved"]["text"].startswith(
        "经营者销售、收购商品和提供服务，应当按照政府价格主管部门的规定明码标价"
    )
    assert find_citations("") == []


JUDGED = yaml.safe_load((DATA / "law_search_judged.yaml").read_text(encoding="utf-8"))


def test_judged_set_size() -> None:
    assert len(JUDGED) >= 15


@pytest.mark.parametrize("case", JUDGED, ids=[c["query"] for c in JUDGED])
def test_search_relevance(corpus: Corpus, case: dict) -> None:  # type: ignore[type-arg]
    hits = search(corpus.engine, corpus.settings, case["query"], LawFilters(), 5)
    top = [(normalize(h["law"]), h["article"]) for h in hits]
    for law, number in case["top5"]:
        assert (normalize(law), number) in top, f"{case['query']}: {top}"


def test_search_filters_and_snippets(corpus: Corpus) -> None:
    s, e = corpus.settings, corpus.engine
    hits = search(e, s, "明码标价", LawFilters(law="价格法"), 5)
    assert (
        hits and {h["law"] for h in hits} == {"中华人民共和国价格法"} and "【明码标价】" in hits[0]["snippet"]
    )
    assert {h["article"] for h in search(e, s, "明码标价", LawFilters(level="部门规章"), 10)} and all(
        h["law"] != "中华人民共和国价格法" for h in search(e, s, "明码标价", LawFilters(level="部门规章"), 10)
    )
    old = search(e, s, "网络游戏", LawFilters(law="未成年人保护法", as_of=date(2023, 1, 1)), 3)
    assert old and all(h["valid_to"] == "2024-04-26" for h in old)
    assert search(e, s, "明码标价", LawFilters(law="没有这部法"), 5) == []
    assert search(e, s, "", LawFilters(), 5) == []
    assert isinstance(search(e, s, "价格" * 5000, LawFilters(), 5), list)


def _bad_tree(root: Path) -> Path:
    laws = root / "laws" / "extra" / "行政法规"
    laws.mkdir(parents=True)
    (laws / "好的条例(2020-01-01).md").write_text(
        "# 好的条例\n<!-- INFO END -->\n第一条 甲。\n\n第二条 乙。\n", encoding="utf-8"
    )
    (laws / "坏编码条例(2020-01-01).md").write_bytes(
        "# 坏编码条例\n\n第一条 ".encode() + "甲".encode("gbk") + b"\n"
    )
    (laws / "无标题(2020-01-01).md").write_text("第一条 没有标题行。\n", encoding="utf-8")
    return root / "laws"


def test_bad_files_are_reported_and_the_rest_imported(engine: Engine, tmp_path: Path) -> None:
    from zhifa.config import Settings
    from zhifa.law.service import run_import

    settings = Settings(database_url=str(engine.url), var_dir=tmp_path / "var")
    report = run_import(engine, settings, _bad_tree(tmp_path))
    assert report.imported == 1 and report.files == 3
    failed = {(f.path.split("/")[-1], f.line) for f in report.failed}
    assert failed == {("坏编码条例(2020-01-01).md", 3), ("无标题(2020-01-01).md", 1)}
    assert "UTF-8" in next(f.message for f in report.failed if "坏编码" in f.path)
    assert "失败 2" in report.summary()


def test_api(corpus: Corpus) -> None:
    from fastapi.testclient import TestClient

    from zhifa.domain.actors import Actor, Role
    from zhifa.web.app import create_app
    from zhifa.web.deps import current_actor

    app = create_app(corpus.settings)
    app.state.zhifa.engine = corpus.engine
    app.dependency_overrides[current_actor] = lambda: Actor(
        1, "tester", "测试员", 1, "420000", "/1/", frozenset({Role.HANDLER})
    )
    client = TestClient(app)
    laws = client.get("/api/v1/laws", params={"q": "未成年人保护法", "level": "法律"}).json()
    law_id = next(row["id"] for row in laws if row["key"] == "未成年人保护法")
    versions = client.get(f"/api/v1/laws/{law_id}/versions").json()
    assert [v["version_date"] for v in versions] == ["2020-10-17", "2024-04-26"]
    art = client.get(f"/api/v1/laws/{law_id}/articles/1", params={"as_of": "2023-01-01"}).json()
    assert art["version_date"] == "2020-10-17" and art["text"].startswith("第一条")
    missing = client.get(f"/api/v1/laws/{law_id}/articles/999")
    assert missing.status_code == 404 and missing.json()["code"] == "article_not_found"
    hits = client.get("/api/v1/law/search", params={"q": "明码标价", "law": "价格法", "limit": 3}).json()
    assert hits and hits[0]["law"] == "中华人民共和国价格法"
    cited = client.post("/api/v1/law/cite", json={"text": "《价格法》第十三条第一款"}).json()
    assert cited[0]["resolved"]["article"] == 13 and cited[0]["resolved"]["paragraph"] == 1
    assert client.post("/api/v1/law/cite", json={"text": "x" * 10_001}).status_code == 422
    app.dependency_overrides.clear()
    assert client.get("/api/v1/laws").status_code == 401
