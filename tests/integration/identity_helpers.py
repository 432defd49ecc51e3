"""A small agency tree and users for identity tests (no dependency on the agency loader)."""

from __future__ import annotations

import itertools

from sqlalchemy import Engine

from zhifa.domain.actors import Actor
from zhifa.identity.auth import actor_for_user_id
from zhifa.identity.users import create_user
from zhifa.store.models.identity import Agency
from zhifa.store.uow import UnitOfWork

PASSWORD = "Secret2026pw"
_SEQ = itertools.count(1)

# code, name, parent code, level, docno prefix
TREE = (
    ("420000", "湖北省市场监督管理局", None, "province", "鄂市监"),
    ("420100", "武汉市市场监督管理局", "420000", "city", "武市监"),
    ("420102", "武汉市江岸区市场监督管理局", "420100", "county", "岸市监"),
    ("421200", "咸宁市市场监督管理局", "420000", "city", "咸市监"),
    ("421281", "赤壁市市场监督管理局", "421200", "county", "赤市监"),
)


def make_agencies(engine: Engine) -> None:
    """Insert the test tree: province → 武汉 → 江岸; province → 咸宁 → 赤壁."""
    uow = UnitOfWork(engine)
    with uow:
        by_code: dict[str, Agency] = {}
        for code, name, parent, level, prefix in TREE:
            up = by_code.get(parent) if parent else None
            path = (up.path if up else "/") + code + "/"
            agency = Agency(
                code=code,
                name=name,
                short_name=name,
                level=level,
                division_code=code,
                docno_prefix=prefix,
                parent=up,
                path=path,
                active=True,
            )
            uow.session.add(agency)
            by_code[code] = agency
        uow.commit()


def make_user(engine: Engine, username: str, agency: str, *roles: str, **extra: object) -> Actor:
    """Create a user through the service (command-line bootstrap) and return its Actor."""
    if "handler" in roles:
        extra.setdefault("credential_no", f"{agency}{next(_SEQ):06d}")
    info = create_user(
        UnitOfWork(engine),
        None,
        username=username,
        agency_code=agency,
        roles=list(roles),
        password=PASSWORD,
        **extra,
    )
    actor = actor_for_user_id(UnitOfWork(engine), info.id)
    assert actor is not None
    return actor
