"""The law library as officers use it (issue #22 §2): a citation typed in the search box opens that article,
a text kept in two sources is one version, and a law without a recorded level never shows "None"."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.e2e.clients import login
from zhifa.config import Settings
from zhifa.identity.agencies import load_hubei_agencies
from zhifa.identity.passwords import DEMO_PASSWORD
from zhifa.identity.users import add_user
from zhifa.law.importer import import_laws
from zhifa.law.library import LawLibrary
from zhifa.store.db import make_session_factory
from zhifa.store.uow import UnitOfWork
from zhifa.web.app import create_app
from zhifa.web.state import AppState

# Test texts in the shape of the law files (价格法 1997: 第十三条 and 第四十二条 as published).
PRICE_LAW = """# 中华人民共和国价格法

1997年12月29日第八届全国人民代表大会常务委员会第二十九次会议通过

<!-- INFO END -->

## 第一章 总则

第十三条 经营者销售、收购商品和提供服务，应当按照政府价格主管部门的规定明码标价。

经营者不得在标价之外加价出售商品，不得收取任何未予标明的费用。

第四十二条 经营者违反明码标价规定的，责令改正，没收违法所得，可以并处五千元以下的罚款。
"""


@pytest.fixture
def client(engine: Engine, tmp_path: Path) -> TestClient:
    """A signed-in handler on a library holding 价格法 twice (lawrefbook and extra, same version)."""
    for source in ("lawrefbook", "extra"):
        folder = tmp_path / "laws" / source / "经济法"
        folder.mkdir(parents=True)
        (folder / "价格法(1997-12-29).md").write_text(PRICE_LAW, encoding="utf-8")
    import_laws(engine, tmp_path / "laws")
    LawLibrary.invalidate()
    uow = UnitOfWork(engine)
    with uow:
        load_hubei_agencies(uow.session)
        add_user(uow.session, None, username="jiangan_zhang", agency_code="420102", roles=["handler"],
                 password=DEMO_PASSWORD, display_name="张伟", credential_no="42010220260001",
                 demo=True)  # fmt: skip
        uow.commit()
    settings = Settings(
        var_dir=tmp_path / "var", data_dir=tmp_path, secret_key="law-words-test-secret-0123456789abcdef",
        env="test",
    )  # fmt: skip
    app = create_app(settings)  # on the test's database (PostgreSQL: its private schema)
    app.state.zhifa = AppState(settings=settings, engine=engine, session_factory=make_session_factory(engine))
    c = TestClient(app)
    login(c, "jiangan_zhang", DEMO_PASSWORD)
    return c


@pytest.mark.parametrize("typed", ["价格法第十三条", "《中华人民共和国价格法》第十三条", "价格法 第十三条"])
def test_a_citation_in_the_search_box_opens_the_article(client: TestClient, typed: str) -> None:
    resp = client.get("/law", params={"q": typed}, follow_redirects=False)
    assert resp.status_code == 303
    assert resp.headers["location"].endswith("/articles/13")
    article = client.get(resp.headers["location"])
    assert "应当按照政府价格主管部门的规定明码标价" in article.text


@pytest.mark.parametrize("typed", ["明码标价 罚款", "价格法第九十九条"])
def test_other_words_are_searched(client: TestClient, typed: str) -> None:
    assert client.get("/law", params={"q": typed}, follow_redirects=False).status_code == 200


def test_a_version_is_shown_once_and_nothing_reads_none(client: TestClient) -> None:
    catalogue = client.get("/law/laws").text
    assert "None" not in catalogue and "中华人民共和国价格法" in catalogue
    assert '<td data-label="版本数" class="num">1</td>' in catalogue
    law_id = catalogue.split('href="/law/laws/', 1)[1].split('"', 1)[0]
    law = client.get(f"/law/laws/{law_id}").text
    assert law.count('data-label="版本日期"') == 1 and "None" not in law and "重复" not in law
    article = client.get(f"/law/laws/{law_id}/articles/13").text
    assert article.count("1997-12-29 版本") <= 2 and "重复" not in article and "None" not in article
