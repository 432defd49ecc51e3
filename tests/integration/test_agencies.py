"""Loading the Hubei agency tree, tree queries, and the scoped agencies API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from zhifa.config import Settings
from zhifa.domain.actors import Actor, Role
from zhifa.errors import Conflict, NotFound, ValidationFailed
from zhifa.identity import agencies as svc
from zhifa.store.db import make_session_factory
from zhifa.store.models.identity import Agency
from zhifa.store.uow import UnitOfWork
from zhifa.web.app import create_app
from zhifa.web.deps import current_actor
from zhifa.web.state import AppState

TOTAL = 1 + 17 + 99 + 248
WUHAN_STATIONS = 13 * 3 - 1  # 汉南区 has two


def _snapshot(engine: Engine) -> list[tuple[object, ...]]:
    with UnitOfWork(engine) as uow:
        rows = uow.session.scalars(select(Agency).order_by(Agency.id))
        return [
            (
                a.id,
                a.code,
                a.name,
                a.short_name,
                a.level,
                a.division_code,
                a.docno_prefix,
                a.parent_id,
                a.path,
            )
            for a in rows
        ]


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    uow = UnitOfWork(engine)
    with uow:
        assert svc.load_hubei_agencies(uow.session) == TOTAL
        uow.commit()
    return engine


def actor_at(engine: Engine, code: str) -> Actor:
    with UnitOfWork(engine) as uow:
        agency = svc.get_by_code(uow.session, code)
        return Actor(1, "tester", "测试员", agency.id, agency.code, agency.path, frozenset({Role.HANDLER}))


def test_loading_twice_changes_nothing(loaded: Engine) -> None:
    before = _snapshot(loaded)
    assert len(before) == TOTAL
    uow = UnitOfWork(loaded)
    with uow:
        assert svc.load_hubei_agencies(uow.session) == 0
        uow.commit()
    assert _snapshot(loaded) == before
    by_code = {row[1]: row for row in before}
    assert by_code["420102"][7] == by_code["420100"][0]  # parent_id of 江岸 is 武汉
    assert by_code["420102-01"][8] == "/420000/420100/420102/420102-01/"


def test_loader_refuses_an_existing_agency_in_another_place(engine: Engine) -> None:
    uow = UnitOfWork(engine)
    with uow:
        uow.session.add(
            Agency(
                code="420100",
                name="武汉",
                short_name="",
                level="city",
                division_code="420100",
                docno_prefix="汉市监",
                path="/420100/",
                active=True,
            )
        )
        uow.commit()
    with uow:
        with pytest.raises(Conflict) as err:
            svc.load_hubei_agencies(uow.session)
        assert err.value.code == "agency_tree_conflict"
    assert len(_snapshot(engine)) == 1  # nothing written


def test_tree_queries(loaded: Engine) -> None:
    with UnitOfWork(loaded) as uow:
        s = uow.session
        wuhan = svc.get_by_code(s, "420100")
        kids = svc.children(s, wuhan)
        assert [k.code for k in kids][:2] == ["420102", "420103"] and len(kids) == 13
        sub = svc.subtree(s, wuhan)
        assert sub[0].code == "420100" and len(sub) == 1 + 13 + WUHAN_STATIONS
        assert len(svc.subtree(s, wuhan, include_self=False)) == 13 + WUHAN_STATIONS
        station = svc.get_by_code(s, "420102-01")
        assert [a.code for a in svc.ancestors(s, station)] == ["420000", "420100", "420102"]
        assert svc.is_within(wuhan, station) and not svc.is_within(station, wuhan)
        xiantao = svc.get_by_code(s, "429004")
        assert [a.code for a in svc.children(s, xiantao)] == ["429004-01", "429004-02", "429004-03"]
        assert not svc.is_within(wuhan, xiantao)
        with pytest.raises(NotFound):
            svc.get_by_code(s, "420199")


def test_services_are_scoped_to_the_actor_subtree(loaded: Engine) -> None:
    jiangan = actor_at(loaded, "420102")
    items = svc.list_agencies(UnitOfWork(loaded), jiangan)
    assert [a.code for a in items] == ["420102", "420102-01", "420102-02", "420102-03"]
    assert items[0].parent_code is None  # 武汉市局 lies above the actor: not shown
    assert items[1].parent_code == "420102"
    for code in ("420100", "420000", "421281", "999999"):
        with pytest.raises(NotFound) as err:
            svc.get_agency(UnitOfWork(loaded), jiangan, code)
        assert (err.value.code, err.value.message) == ("agency_not_found", "机构不存在或无权查看")
    with pytest.raises(ValidationFailed):
        svc.list_agencies(UnitOfWork(loaded), jiangan, level="bureau")
    province = actor_at(loaded, "420000")
    assert len(svc.list_agencies(UnitOfWork(loaded), province)) == TOTAL
    assert len(svc.list_agencies(UnitOfWork(loaded), province, level="city")) == 17
    enshi = svc.list_agencies(UnitOfWork(loaded), province, parent_code="422800")
    assert [a.code for a in enshi][:2] == ["422801", "422802"] and len(enshi) == 8


@pytest.fixture
def api(loaded: Engine) -> Iterator[tuple[TestClient, dict[str, Actor]]]:
    app = create_app(Settings(database_url="sqlite:///:memory:"))
    app.state.zhifa = AppState(app.state.zhifa.settings, loaded, make_session_factory(loaded))
    who: dict[str, Actor] = {}
    app.dependency_overrides[current_actor] = lambda: who["actor"]
    yield TestClient(app), who
    app.dependency_overrides.clear()


def test_api_lists_only_own_agency_and_below(
    api: tuple[TestClient, dict[str, Actor]], loaded: Engine
) -> None:
    client, who = api
    who["actor"] = actor_at(loaded, "421200")  # 咸宁市局
    body = client.get("/api/v1/agencies").json()
    codes = [i["code"] for i in body["items"]]
    assert codes[0] == "421200" and "421281" in codes and "421281-01" in codes
    assert "420000" not in codes and "420100" not in codes and body["count"] == len(codes) == 1 + 6 + 14
    counties = client.get("/api/v1/agencies", params={"level": "county"}).json()["items"]
    assert [i["code"] for i in counties] == ["421202", "421221", "421222", "421223", "421224", "421281"]
    chibi = client.get("/api/v1/agencies/421281").json()
    assert (chibi["name"], chibi["docno_prefix"], chibi["level_label"]) == (
        "赤壁市市场监督管理局",
        "赤壁市监",
        "县局",
    )
    assert chibi["parent_code"] == "421200" and len(chibi["children"]) == 3
    tree = client.get("/api/v1/agencies", params={"view": "tree", "level": "county"}).json()["tree"]
    assert tree["code"] == "421200" and len(tree["children"]) == 6
    assert all(c["children"] == [] for c in tree["children"])


def test_api_outside_scope_is_the_same_404_as_missing(
    api: tuple[TestClient, dict[str, Actor]], loaded: Engine
) -> None:
    client, who = api
    who["actor"] = actor_at(loaded, "421281")
    above = client.get("/api/v1/agencies/421200")
    elsewhere = client.get("/api/v1/agencies/420102")
    missing = client.get("/api/v1/agencies/421299")
    assert above.status_code == elsewhere.status_code == missing.status_code == 404
    assert above.json() == elsewhere.json() == missing.json()
    assert missing.json()["code"] == "agency_not_found"
    assert client.get("/api/v1/agencies", params={"parent": "421200"}).status_code == 404
    assert client.get("/api/v1/agencies", params={"level": "bureau"}).status_code == 422


def test_api_requires_login(loaded: Engine) -> None:
    app = create_app(Settings(database_url="sqlite:///:memory:"))
    app.state.zhifa = AppState(app.state.zhifa.settings, loaded, make_session_factory(loaded))
    resp = TestClient(app).get("/api/v1/agencies")
    assert resp.status_code == 401 and resp.json()["code"] == "unauthenticated"
