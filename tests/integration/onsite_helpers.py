"""当场处罚 and phone-sync test data and fixtures: what the officer records on site, the API client."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.integration.case_helpers import World, api_client, make_world
from zhifa.domain.actors import Actor
from zhifa.identity.auth import create_token
from zhifa.store.uow import UnitOfWork

# 行政处罚法 第四十四条、第五十二条: credentials shown, facts, the party heard; the party refused to sign
HEARD_NO_SIGNATURE = {
    "facts": "现场检查发现当事人销售的12种水果未标示价格",
    "credentials_shown": True,
    "statement": "当事人表示认可检查结果，放弃陈述申辩",
    "party_refused_to_sign": True,
    "refusal_note": "当事人拒绝签收，已在决定书上注明",
}


@pytest.fixture
def w(engine: Engine) -> World:
    """The test world (江岸 and 赤壁 users)."""
    return make_world(engine)


@pytest.fixture
def client(w: World, tmp_path: Any) -> TestClient:
    """The whole app on the world's database."""
    return api_client(w, tmp_path)


def auth(w: World, actor: Actor, **extra: str) -> dict[str, str]:
    """Bearer token headers of the actor, plus `extra` headers (Idempotency-Key, If-Match)."""
    token = create_token(UnitOfWork(w.engine), actor.user_id, label="test").token
    return {"Authorization": f"Bearer {token}", **extra}
