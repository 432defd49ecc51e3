"""The demonstration (演示) site: Hubei's agencies, the demo accounts with their published password, and the
demo cases. Refused in production (ZHIFA_ENV=production)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from zhifa.config import get_settings
from zhifa.errors import ConfigurationError
from zhifa.identity.passwords import DEMO_PASSWORD
from zhifa.store.uow import UnitOfWork

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "DemoLoaded", "DemoUser", "load_demo"]


@dataclass(frozen=True)
class DemoUser:
    """One demonstration account."""

    username: str
    name: str
    agency: str
    roles: tuple[str, ...]
    credential_no: str | None = None
    legal: bool = False


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("hubei_admin", "刘洋", "420000", ("admin",)),
    DemoUser("wuhan_jijian", "陈静", "420100", ("inspector",)),
    DemoUser("jiangan_zhang", "张伟", "420102", ("handler",), "42010220260001"),
    DemoUser("jiangan_li", "李娜", "420102", ("handler",), "42010220260002"),
    DemoUser("jiangan_wang", "王芳", "420102", ("reviewer",), "42010220260003", legal=True),
    DemoUser("jiangan_zhao", "赵强", "420102", ("head",), "42010220260004"),
    DemoUser("chibi_sun", "孙磊", "421281", ("handler",), "42128120260001"),
    DemoUser("chibi_zhou", "周敏", "421281", ("handler",), "42128120260002"),
    DemoUser("chibi_zheng", "郑丽", "421281", ("reviewer",)),
    DemoUser("chibi_wu", "吴刚", "421281", ("head",), "42128120260003"),
)


@dataclass(frozen=True)
class DemoLoaded:
    """What `load_demo` did: agencies created, account rows, demo cases (key, stage, status)."""

    agencies_created: int
    accounts: list[tuple[str, str, str, str, str]]
    cases: list[tuple[str, str, str]]


def load_demo(uow_factory: Callable[[], UnitOfWork]) -> DemoLoaded:
    """Create the agencies, demo users and demo cases that are missing; print nothing."""
    if get_settings().env == "production":
        raise ConfigurationError(
            "生产环境（ZHIFA_ENV=production）不能载入演示账号：其密码是公开的", code="demo_in_production"
        )
    from zhifa.demo.cases import load_demo_cases
    from zhifa.identity.agencies import load_hubei_agencies
    from zhifa.identity.users import add_user, find_user
    from zhifa.services.cases import china_today

    uow = uow_factory()
    rows: list[tuple[str, str, str, str, str]] = []
    with uow:
        agencies_created = load_hubei_agencies(uow.session)
        for demo in DEMO_USERS:
            user = find_user(uow.session, demo.username)
            status = "已存在"
            if user is None:
                status = "新建"
                user = add_user(
                    uow.session,
                    None,
                    username=demo.username,
                    display_name=demo.name,
                    agency_code=demo.agency,
                    roles=list(demo.roles),
                    password=DEMO_PASSWORD,
                    credential_no=demo.credential_no,
                    legal_qualification=demo.legal,
                    demo=True,
                )
            labels = "、".join(_label(r.role) for r in user.roles)
            rows.append(
                (user.username, f"{user.display_name}（{labels}）", user.agency.name, DEMO_PASSWORD, status)
            )
        uow.commit()
    cases = load_demo_cases(uow_factory, china_today())
    return DemoLoaded(agencies_created, rows, cases)


def _label(role: str) -> str:
    from zhifa.domain.actors import Role

    return Role(role).label
