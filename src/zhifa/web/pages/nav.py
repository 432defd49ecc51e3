"""The left navigation: which entries each role sees."""

from __future__ import annotations

from dataclasses import dataclass

from zhifa.domain.actors import Actor, Role
from zhifa.services.outbox_page import is_province_admin

ALL = frozenset(Role)


@dataclass(frozen=True)
class NavItem:
    """One entry of the left navigation; `url` None = not built yet (shown greyed, no link)."""

    key: str
    label: str
    url: str | None
    roles: frozenset[Role] = ALL
    group: str = ""
    province: bool = False  # the province's own 系统管理员 only (a county or city one is refused there)


NAV: tuple[NavItem, ...] = (
    NavItem("home", "工作台", "/"),
    NavItem("cases", "案件", "/cases", group="办案"),
    NavItem("approvals", "审批", "/approvals", frozenset({Role.REVIEWER, Role.HEAD}), group="办案"),
    NavItem("clues", "线索登记", "/clues/new", frozenset({Role.HANDLER}), group="办案"),
    NavItem(
        "intake", "线索接收", "/intake", frozenset({Role.HANDLER, Role.HEAD, Role.INSPECTOR}), group="办案"
    ),
    NavItem("mobile", "现场执法（手机）", "/m", frozenset({Role.HANDLER}), group="办案"),
    NavItem("law", "法律库", "/law", group="知识库"),
    NavItem("precedents", "案例库", "/precedents", group="知识库"),
    NavItem("stats", "统计", "/stats", frozenset({Role.HEAD, Role.INSPECTOR, Role.ADMIN}), group="知识库"),
    NavItem(
        "stats_consistency",
        "类案同罚",
        "/stats/consistency",
        frozenset({Role.HEAD, Role.INSPECTOR, Role.ADMIN}),
        group="知识库",
    ),
    NavItem(
        "stats_supervision", "纪检监督", "/stats/supervision", frozenset({Role.INSPECTOR}), group="知识库"
    ),
    NavItem("admin_users", "用户与角色", "/admin/users", frozenset({Role.ADMIN}), group="系统管理"),
    NavItem("admin_agencies", "机构", "/admin/agencies", frozenset({Role.ADMIN}), group="系统管理"),
    NavItem("admin_holidays", "节假日", "/admin/holidays", frozenset({Role.ADMIN}), group="系统管理"),
    NavItem("admin_outbox", "推送管理", "/admin/outbox", frozenset({Role.ADMIN}), "系统管理", province=True),
    NavItem(
        "admin_sources", "来源系统管理", "/admin/sources", frozenset({Role.ADMIN}), "系统管理", province=True
    ),
)

_DISABLED: set[str] = set()


def disable(key: str) -> None:
    """Hide an entry whose pages are not installed (e.g. case pages before the case services exist)."""
    _DISABLED.add(key)


def nav_for(actor: Actor) -> list[tuple[str, list[NavItem]]]:
    """The entries the actor may see, grouped in display order."""
    groups: dict[str, list[NavItem]] = {}
    for item in NAV:
        if item.key in _DISABLED or not (item.roles & actor.roles):
            continue
        if item.province and not is_province_admin(actor):
            continue
        groups.setdefault(item.group, []).append(item)
    return list(groups.items())
