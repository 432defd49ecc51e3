"""The publicity payload of a real decision flow masks the gaps of review (公示规定 第六条): the party's home
address in the facts, landlines, bank accounts in groups, a minor named in the facts, business secrets."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.integration.case_helpers import World, fine, make_world
from tests.integration.outbox_helpers import LI, decided, outbox_settings, rows

FACTS = (
    "经查，当事人李建国在其住所湖北省武汉市江岸区解放大道1号3栋的家中存放过期食品12件，"
    "联系电话027-85986209，收款账号6222 0212 3456 7890 123。"
    "当事人于2026年3月1日向未成年人王小明（男，15周岁，武汉市第二中学初二（3）班学生）销售该食品。"
    "进货来源：【商业秘密】湖北某某贸易公司，进价3.2元/件【/商业秘密】。"
)


@pytest.fixture
def w(engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[World]:
    with outbox_settings(monkeypatch, tmp_path):
        yield make_world(engine)


def test_publicity_masks_address_landline_account_minor_and_secret_internal_pushes_do_not(w: World) -> None:
    decided(w, LI, fine("3000"), facts=FACTS)
    public = json.loads(rows(w.engine, "credit_publicity")[0].payload)["data"]["facts"]
    hidden = ("李建国", "解放大道1号", "85986209", "0212 3456", "王小明", "15周岁", "第二中学", "进价3.2元")
    for secret in hidden:
        assert secret not in public, secret
    assert "湖北省武汉市江岸区****" in public and "027-********" in public and "王某" in public
    assert "（涉及商业秘密，不予公示）" in public and "过期食品12件" in public
    internal = json.loads(rows(w.engine, "credit_office")[0].payload)["data"]["facts"]
    assert internal == FACTS  # the provincial credit office gets the decision as served
