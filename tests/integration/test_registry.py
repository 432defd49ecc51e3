"""The registry port: file import (all or nothing), the embedded table, the HTTP adapter, CLI and API."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from tests.integration.case_helpers import World, api_client, make_world
from tests.integration.test_cases_api import auth
from tests.integration.test_cli_users import Cli, bare_cli, cli  # noqa: F401  (fixtures)
from zhifa.config import Settings
from zhifa.errors import NotFound, StorageUnavailable, ValidationFailed
from zhifa.integrations.registry import HttpRegistry
from zhifa.integrations.registry_service import (
    import_demo_registry,
    import_registry,
    lookup_entity,
    search_entities,
)
from zhifa.store.models import RegistryEntity
from zhifa.store.uow import UnitOfWork

CSV = (
    "uscc,name,entity_type,legal_representative,domicile,division_code,authority,status,established_on,scope\n"
    "91350100M000100Y43,武汉江岸某某商贸有限公司,有限责任公司,张某,湖北省武汉市江岸区台北路88号,420102,"
    "江岸区市场监督管理局,存续,2015-03-02,预包装食品销售\n"
    "91110000600037341L,武汉某某食品有限公司,有限责任公司,李某,湖北省武汉市武昌区中南路1号,420106,"
    "武昌区市场监督管理局,存续,2010-06-01,食品生产\n"
)


def count(engine: Engine) -> int:
    with UnitOfWork(engine) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(RegistryEntity)) or 0)


@pytest.fixture
def loaded(engine: Engine, tmp_path: Path) -> Engine:
    path = tmp_path / "registry.csv"
    path.write_text(CSV, encoding="utf-8")
    assert import_registry(UnitOfWork(engine), path) == {"imported": 2, "file": "registry.csv", "demo": False}
    return engine


def test_an_imported_csv_is_looked_up_by_uscc_and_searched_by_name(loaded: Engine) -> None:
    found = lookup_entity(UnitOfWork(loaded), "91350100m000100y43")
    assert found["name"] == "武汉江岸某某商贸有限公司" and found["division_code"] == "420102"
    assert found["established_on"] == "2015-03-02" and found["demo"] is False and found["label"] is None
    by_prefix = search_entities(UnitOfWork(loaded), "武汉江岸")
    assert [e["uscc"] for e in by_prefix] == ["91350100M000100Y43"]
    contains = search_entities(UnitOfWork(loaded), "某某食品")
    assert [e["name"] for e in contains] == ["武汉某某食品有限公司"]
    both = search_entities(UnitOfWork(loaded), "武汉")
    assert len(both) == 2
    with pytest.raises(NotFound) as nf:
        lookup_entity(UnitOfWork(loaded), "91420100PATQMKG954")
    assert nf.value.code == "registry_entity_not_found"


def test_a_name_differing_from_the_register_is_flagged(loaded: Engine) -> None:
    same = lookup_entity(UnitOfWork(loaded), "91350100M000100Y43", "武汉江岸某某商贸有限公司")
    assert same["name_check"]["differs"] is False
    other = lookup_entity(UnitOfWork(loaded), "91350100M000100Y43", "武汉江岸某某贸易有限公司")
    assert other["name_check"]["differs"] is True and "与登记名称" in other["name_check"]["message"]


def test_a_file_with_one_bad_row_writes_nothing_and_names_the_line(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    rows = [
        {"uscc": "91350100M000100Y43", "name": "甲公司"},
        {"uscc": "91350100M000100Y44", "name": "乙公司"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    with pytest.raises(ValidationFailed) as bad:
        import_registry(UnitOfWork(engine), path)
    assert bad.value.code == "registry_rows_invalid" and "第 2 行" in bad.value.message
    assert bad.value.details == [{"line": 2, "message": bad.value.details[0]["message"]}]
    assert count(engine) == 0


def test_re_importing_replaces_an_entry_by_its_uscc(loaded: Engine, tmp_path: Path) -> None:
    path = tmp_path / "update.jsonl"
    path.write_text('{"uscc": "91350100M000100Y43", "name": "武汉江岸某某商贸有限公司", "status": "注销"}\n')
    import_registry(UnitOfWork(loaded), path)
    found = lookup_entity(UnitOfWork(loaded), "91350100M000100Y43")
    assert found["status"] == "注销" and found["domicile"] == "" and count(loaded) == 2


def test_the_shipped_demo_entities_are_fictitious_and_labelled(engine: Engine) -> None:
    done = import_demo_registry(UnitOfWork(engine))
    assert done["imported"] == 10 and done["demo"] is True
    items = search_entities(UnitOfWork(engine), "演示", limit=50)
    assert len(items) == 10
    assert all(e["demo"] and e["label"] == "演示（虚构）" and "虚构" in e["name"] for e in items)


class _Registry(BaseHTTPRequestHandler):
    entities: ClassVar[dict[str, dict[str, Any]]] = {}
    fail = False

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        status, body = 404, {"error": "not found"}
        if self.fail:
            status, body = 500, {"error": "boom"}
        elif parts.path.startswith("/api/entities/"):
            found = self.entities.get(parts.path.rsplit("/", 1)[1])
            status, body = (200, found) if found else (404, {"error": "not found"})
        elif parts.path == "/api/entities":
            q = parse_qs(parts.query)["name"][0]
            status, body = 200, {"items": [e for e in self.entities.values() if q in e["name"]]}
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def registry_service() -> Iterator[tuple[str, type[_Registry]]]:
    handler = type("Handler", (_Registry,), {"entities": {}, "fail": False})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api", handler
    finally:
        server.shutdown()
        server.server_close()


def test_the_http_adapter_asks_the_provincial_registry_service(
    engine: Engine, registry_service: tuple[str, type[_Registry]]
) -> None:
    url, handler = registry_service
    handler.entities["91110000600037341L"] = {
        "uscc": "91110000600037341L", "name": "省库某某有限公司", "domicile": "湖北省武汉市",
    }  # fmt: skip
    settings = Settings(registry_url=url)
    found = lookup_entity(UnitOfWork(engine), "91110000600037341L", settings=settings)
    assert found["name"] == "省库某某有限公司" and found["registry"] == "http" and count(engine) == 0
    assert [e["uscc"] for e in search_entities(UnitOfWork(engine), "省库", settings=settings)] == [
        "91110000600037341L"
    ]
    with pytest.raises(NotFound):
        lookup_entity(UnitOfWork(engine), "91350100M000100Y43", settings=settings)
    handler.entities["91350100M000100Y43"] = {"uscc": "91350100M000100Y44", "name": "校验码错"}
    with pytest.raises(StorageUnavailable) as invalid:
        lookup_entity(UnitOfWork(engine), "91350100M000100Y43", settings=settings)
    assert invalid.value.code == "registry_unavailable" and "未通过校验" in invalid.value.message
    handler.fail = True
    with pytest.raises(StorageUnavailable) as down:
        lookup_entity(UnitOfWork(engine), "91110000600037341L", settings=settings)
    assert down.value.http_status == 503 and "HTTP 500" in down.value.message


def test_the_http_adapter_refuses_plain_http_to_another_host() -> None:
    from zhifa.errors import ConfigurationError

    with pytest.raises(ConfigurationError):
        HttpRegistry("http://registry.example.cn/api")


def test_registry_api_lookup_search_name_check_and_person(loaded: Engine, tmp_path: Path) -> None:
    w: World = make_world(loaded)
    client: TestClient = api_client(w, tmp_path)
    h = auth(w, w.h1)
    got = client.get("/api/v1/registry/91350100M000100Y43", params={"name": "武汉江岸某某公司"}, headers=h)
    assert got.status_code == 200 and got.json()["name_check"]["differs"] is True
    assert client.get("/api/v1/registry/91350100M000100Y44", headers=h).json()["code"] == "invalid_uscc"
    missing = client.get("/api/v1/registry/91420100PATQMKG954", headers=h)
    assert missing.status_code == 404 and missing.json()["code"] == "registry_entity_not_found"
    # the form helper answers 200 either way: the officer reads why under the field, no failed request
    check = client.get(
        "/api/v1/registry/check/91350100M000100Y43", params={"name": "武汉江岸某某公司"}, headers=h
    )
    assert check.status_code == 200 and check.json()["found"] is True
    assert check.json()["entity"]["name_check"]["differs"] is True
    for code, why in (
        ("91420100PATQMKG954", "registry_entity_not_found"),
        ("91350100M000100Y44", "invalid_uscc"),
    ):
        unknown = client.get(f"/api/v1/registry/check/{code}", headers=h)
        assert unknown.status_code == 200 and unknown.json()["found"] is False
        assert unknown.json()["code"] == why and unknown.json()["message"]
    found = client.get("/api/v1/registry", params={"name": "某某食品"}, headers=h).json()
    assert found["count"] == 1 and found["items"][0]["uscc"] == "91110000600037341L"
    minor = client.get(
        "/api/v1/registry/persons/110105201301010012", params={"act_on": "2028-06-01"}, headers=h
    ).json()
    assert minor["age"] == 15 and minor["factors"] == ["minor_14_to_18"] and minor["gender_label"] == "男"
    bad = client.get("/api/v1/registry/persons/110105201301010013", headers=h)
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_resident_id"
    assert client.get("/api/v1/registry/91350100M000100Y43").status_code == 401


def test_registry_from_the_command_line(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    good = tmp_path / "registry.csv"
    good.write_text(CSV, encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV + "91350100M000100Y44,校验码错公司,,,,,,,,\n", encoding="utf-8")
    refused = cli("registry", "import", str(bad))
    assert refused.returncode == 1 and "第 4 行" in refused.stderr and "未导入任何数据" in refused.stderr
    assert count(cli.engine) == 0
    done = cli("registry", "import", str(good))
    assert done.returncode == 0 and "已导入 2 条" in done.stdout, done.stderr
    shown = cli("registry", "show", "91350100M000100Y43", "--name", "别的名字")
    assert "武汉江岸某某商贸有限公司" in shown.stdout and "不一致" in shown.stdout
    assert "武汉某某食品有限公司" in cli("registry", "search", "某某食品").stdout
    assert cli("registry", "demo").returncode == 0
    assert "【演示（虚构）】" in cli("registry", "search", "演示江岸").stdout
    person = json.loads(cli("registry", "person", "11010519491231002X", "--act-on", "2026-01-01").stdout)
    assert person["birth_date"] == "1949-12-31" and person["gender"] == "female"
