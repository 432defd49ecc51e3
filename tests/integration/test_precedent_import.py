"""Import of small files made here: idempotent by hash, failures listed, nothing partial written."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from pypdf import PdfWriter
from sqlalchemy import Engine, func, select

from zhifa.precedents.search_index import SimilarityIndex
from zhifa.precedents.service import get_precedent, import_folder
from zhifa.search.memory import MemoryIndex
from zhifa.store.models.precedents import Precedent, PrecedentImportFailure

DECISION = """测试市市场监督管理局
行政处罚决定书
测市监处罚〔2025〕12号
当事人：张三丰
身份证号码：110101199003071234
经查，2025年3月1日，当事人在其经营的水果摊销售苹果、香蕉等商品，未按规定明码标价，违法所得120元。
上述事实，有现场笔录、询问笔录等证据证明。
本局认为，当事人的上述行为违反了《中华人民共和国价格法》第十三条第一款的规定。鉴于当事人系初次违法，
依据《中华人民共和国价格法》第四十二条、《价格违法行为行政处罚规定》第十三条第一项的规定，本局决定处罚如下：
1.没收违法所得120元；2.罚款500元。
当事人应当自收到本决定书之日起十五日内缴纳罚款。
测试市市场监督管理局
2025年4月2日
"""


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "decisions"
    folder.mkdir()
    (folder / "good.txt").write_text(DECISION, encoding="utf-8")
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj<<>>endobj\nthis is not a pdf")
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)  # a page with no text layer, like a scan
    buf = io.BytesIO()
    writer.write(buf)
    (folder / "scanned.pdf").write_bytes(buf.getvalue())
    empty = docx.Document()
    empty.save(str(folder / "empty.docx"))
    (folder / "english.txt").write_text("Administrative penalty decision. " * 20, encoding="utf-8")
    (folder / "blank.txt").write_bytes(b"")
    (folder / "huge.txt").write_text(
        "经查当事人销售商品未明码标价。" * 70_000, encoding="utf-8"
    )  # about 3 MB
    return folder


def test_import_lists_failures_and_is_idempotent(engine: Engine, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    index = _memory_index()
    first = import_folder(engine, folder, index=index)
    assert first.files == 7 and first.added == 1 and first.complete == 1
    codes = {docid: code for docid, code, _ in first.failed}
    assert codes == {
        "corrupt": "corrupt_file",
        "scanned": "no_text_layer",
        "empty": "empty_document",
        "english": "no_chinese_text",
        "blank": "empty_document",
        "huge": "too_large",
    }
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Precedent)) == 1  # no partial record written
        assert conn.scalar(select(func.count()).select_from(PrecedentImportFailure)) == 6
    record = get_precedent(engine, "good")
    assert record["party_name"] == "张某"  # natural person masked
    assert "张三丰" not in record["facts"] + record["analysis"]
    assert record["fine"] == "500.00" and record["confiscated"] == "120.00"
    assert record["violation_type"] == "price.marking_improper"  # 价格法 §13 ¶1: the catalog's 明码标价 entry
    assert [v["label"] for v in record["violated"]] == ["《价格法》第13条第1款"]
    assert {b["label"] for b in record["basis"]} == {
        "《价格法》第42条",
        "《价格违法行为行政处罚规定》第13条第1项",
    }
    assert index.count() == 1

    second = import_folder(engine, folder, index=index)
    assert second.unchanged == 1 and second.added == 0 and second.updated == 0 and second.complete == 1
    assert len(second.failed) == 6  # unreadable files are tried again and listed again

    (folder / "good.txt").write_text(DECISION.replace("罚款500元", "罚款800元"), encoding="utf-8")
    third = import_folder(engine, folder, index=index)
    assert third.updated == 1 and get_precedent(engine, "good")["fine"] == "800.00"


def test_similarity_over_stored_facts(engine: Engine, tmp_path: Path) -> None:
    import_folder(engine, _folder(tmp_path))
    hits = SimilarityIndex.from_db(engine).similar("水果摊销售商品未明码标价", 3)
    assert [h.docid for h in hits] == ["good"] and hits[0].similarity > 0.1


def _memory_index() -> MemoryIndex:
    from zhifa.precedents.search_index import PRECEDENT_SCHEMA

    return MemoryIndex(PRECEDENT_SCHEMA)


def test_precedent_api_requires_login_and_answers(engine: Engine, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from tests.integration.identity_helpers import make_agencies, make_user
    from zhifa.config import Settings
    from zhifa.identity.auth import create_token
    from zhifa.precedents.search_index import open_precedent_index
    from zhifa.store.db import make_session_factory
    from zhifa.store.uow import UnitOfWork
    from zhifa.web.app import create_app
    from zhifa.web.state import AppState

    settings = Settings(secret_key="test-secret-key", var_dir=tmp_path / "var")
    import_folder(engine, _folder(tmp_path), index=open_precedent_index(settings))
    app = create_app(settings)
    app.state.zhifa = AppState(settings=settings, engine=engine, session_factory=make_session_factory(engine))
    client = TestClient(app)
    assert client.get("/api/v1/precedents/good").status_code == 401
    make_agencies(engine)
    actor = make_user(engine, "precedent_reader", "420102", "handler")
    token = create_token(UnitOfWork(engine), actor.user_id, label="test").token
    headers = {"Authorization": f"Bearer {token}"}
    shown = client.get("/api/v1/precedents/good", headers=headers)
    assert shown.status_code == 200 and shown.json()["party_name"] == "张某"
    assert client.get("/api/v1/precedents/nope", headers=headers).json()["code"] == "precedent_not_found"
    found = client.get("/api/v1/precedents/search", params={"q": "明码标价"}, headers=headers).json()
    assert [h["docid"] for h in found] == ["good"] and "【" in found[0]["snippet"]
    similar = client.post("/api/v1/precedents/similar", json={"facts": "水果摊未明码标价"}, headers=headers)
    assert similar.status_code == 200 and similar.json()[0]["docid"] == "good"
    bad = client.post("/api/v1/precedents/similar", json={"facts": "   "}, headers=headers)
    assert bad.status_code == 422 and bad.json()["code"] == "empty_document"


PRICE_LAW = """# 中华人民共和国价格法

1997年12月29日第八届全国人民代表大会常务委员会第二十九次会议通过

<!-- INFO END -->

## 第一章 总则

第十三条 经营者销售、收购商品和提供服务，应当按照政府价格主管部门的规定明码标价。

经营者不得在标价之外加价出售商品，不得收取任何未予标明的费用。

第四十二条 经营者违反明码标价规定的，责令改正，没收违法所得，可以并处五千元以下的罚款。
"""


def test_provisions_resolved_through_the_law_library(engine: Engine, tmp_path: Path) -> None:
    from zhifa.law.importer import import_laws
    from zhifa.law.library import LawLibrary

    laws = tmp_path / "laws" / "lawrefbook" / "经济法"
    laws.mkdir(parents=True)
    (laws / "价格法(1997-12-29).md").write_text(PRICE_LAW, encoding="utf-8")
    import_laws(engine, tmp_path / "laws")
    library = LawLibrary(engine)
    import_folder(engine, _folder(tmp_path), library=library)
    record = get_precedent(engine, "good")
    violated = record["violated"][0]  # 价格法 §13 ¶1 exists in the imported text
    assert (violated["law_title"], violated["version"]) == ("中华人民共和国价格法", "1997-12-29")
    by_law = {b["law"]: b for b in record["basis"]}
    assert by_law["价格法"]["law_title"] == "中华人民共和国价格法"
    assert by_law["价格违法行为行政处罚规定"]["law_title"] is None  # not in this library: kept as parsed
